/** Queue UI state (zustand): the chosen filter, the text filter and the selected row. */
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';

export type QueueFilter = 'mine-open' | 'my-groups' | 'all-open' | 'all';

export const QUEUE_FILTERS: { value: QueueFilter; label: string }[] = [
  { value: 'mine-open', label: 'My open' },
  { value: 'my-groups', label: 'My groups' },
  { value: 'all-open', label: 'All open' },
  { value: 'all', label: 'All' },
];

interface QueueState {
  filter: QueueFilter;
  text: string;
  selectedId: string | null;
  setFilter(filter: QueueFilter): void;
  setText(text: string): void;
  select(id: string | null): void;
}

export const useQueueStore = create<QueueState>()(
  persist(
    (set) => ({
      filter: 'all-open',
      text: '',
      selectedId: null,
      setFilter: (filter) => set({ filter }),
      setText: (text) => set({ text }),
      select: (selectedId) => set({ selectedId }),
    }),
    {
      name: 'fielddesk:queue',
      storage: createJSONStorage(() => localStorage),
      // Only the filter is remembered across reloads; the text and selection are per visit.
      partialize: (s) => ({ filter: s.filter }),
    },
  ),
);
