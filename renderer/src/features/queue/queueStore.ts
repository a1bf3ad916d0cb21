/**
 * Queue UI state (zustand). Remembered on this device (localStorage): the columns shown, the
 * sort, the last queue opened, whether the queue panel is open. Per visit only: the checked
 * rows and the keyboard cursor. Which rows a view lists lives in the URL, not here (see
 * engine/queues.ts), so links and the back button work.
 */
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { DEFAULT_QUEUE } from './engine/queues';
import { DEFAULT_SORT, SORT_COLUMNS, type SortSpec } from './engine/run';

/** Columns that can be shown; `select` (the checkboxes) is always there. */
export const COLUMN_IDS = SORT_COLUMNS;
export type ColumnId = (typeof COLUMN_IDS)[number];

export const DEFAULT_VISIBLE: Record<ColumnId, boolean> = {
  number: true,
  title: true,
  kind: false,
  status: true,
  priority: true,
  sla: true,
  due: false,
  assignee: true,
  group: false,
  site: false,
  requester: false,
  category: false,
  created: false,
  updated: true,
};

interface QueueState {
  columns: Record<ColumnId, boolean>;
  sorting: SortSpec[];
  lastQueue: string;
  panelOpen: boolean;
  /** Checked rows (ticket ids), for bulk actions. */
  checked: ReadonlySet<string>;
  /** The row the keyboard is on (j / k), or null. */
  cursorId: string | null;
  /** The last row checked or unchecked by hand: where a shift-click range starts. */
  anchorId: string | null;
  setColumns(columns: Record<ColumnId, boolean>): void;
  setSorting(sorting: SortSpec[]): void;
  setLastQueue(queue: string): void;
  setPanelOpen(open: boolean): void;
  setChecked(checked: ReadonlySet<string>, anchorId?: string | null): void;
  setCursor(id: string | null): void;
}

const isSortSpec = (s: unknown): s is SortSpec =>
  typeof s === 'object' && s !== null && (COLUMN_IDS as readonly string[]).includes((s as SortSpec).id) && typeof (s as SortSpec).desc === 'boolean';

export const useQueueStore = create<QueueState>()(
  persist(
    (set) => ({
      columns: DEFAULT_VISIBLE,
      sorting: DEFAULT_SORT,
      lastQueue: DEFAULT_QUEUE,
      panelOpen: true,
      checked: new Set<string>(),
      cursorId: null,
      anchorId: null,
      setColumns: (columns) => set({ columns }),
      setSorting: (sorting) => set({ sorting }),
      setLastQueue: (lastQueue) => set({ lastQueue }),
      setPanelOpen: (panelOpen) => set({ panelOpen }),
      setChecked: (checked, anchorId) => set(anchorId === undefined ? { checked } : { checked, anchorId }),
      setCursor: (cursorId) => set({ cursorId }),
    }),
    {
      name: 'fielddesk:queue',
      version: 2,
      storage: createJSONStorage(() => localStorage),
      partialize: (s) => ({ columns: s.columns, sorting: s.sorting, lastQueue: s.lastQueue, panelOpen: s.panelOpen }),
      // Whatever was stored by an older version, or damaged, falls back to the defaults field by field.
      migrate: () => ({}),
      merge: (persisted, current) => {
        const p = (persisted ?? {}) as Partial<Pick<QueueState, 'columns' | 'sorting' | 'lastQueue' | 'panelOpen'>>;
        const columns = { ...DEFAULT_VISIBLE };
        if (p.columns && typeof p.columns === 'object') {
          for (const id of COLUMN_IDS) if (typeof p.columns[id] === 'boolean') columns[id] = p.columns[id];
        }
        return {
          ...current,
          columns,
          sorting: Array.isArray(p.sorting) && p.sorting.every(isSortSpec) ? p.sorting : current.sorting,
          lastQueue: typeof p.lastQueue === 'string' && p.lastQueue ? p.lastQueue : current.lastQueue,
          panelOpen: typeof p.panelOpen === 'boolean' ? p.panelOpen : current.panelOpen,
        };
      },
    },
  ),
);
