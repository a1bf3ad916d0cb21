/**
 * The Assets list's UI state (zustand). Remembered on this device (localStorage): the columns
 * chosen and the sort. For the page's life (so coming back from an asset finds the list as it
 * was): the filter, the view it came from, the checked rows, the keyboard cursor and the anchor
 * of a shift-click range.
 */
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { COLUMN_IDS, DEFAULT_COLUMNS, type ColumnId } from './list/columns';
import { EMPTY_FILTER, type AssetFilter } from './list/filter';
import { AssetSortSchema, DEFAULT_SORT, type AssetSort } from './list/sort';

interface AssetsListState {
  columns: readonly ColumnId[];
  sort: AssetSort;
  filter: AssetFilter;
  /** The saved view last applied (its id), or null. */
  viewId: string | null;
  checked: ReadonlySet<string>;
  cursorId: string | null;
  anchorId: string | null;
  setColumns(columns: readonly ColumnId[]): void;
  setSort(sort: AssetSort): void;
  setFilter(filter: AssetFilter): void;
  setView(viewId: string | null): void;
  setChecked(checked: ReadonlySet<string>, anchorId?: string | null): void;
  setCursor(id: string | null): void;
}

export const useAssetsListStore = create<AssetsListState>()(
  persist(
    (set) => ({
      columns: DEFAULT_COLUMNS,
      sort: DEFAULT_SORT,
      filter: EMPTY_FILTER,
      viewId: null,
      checked: new Set(),
      cursorId: null,
      anchorId: null,
      setColumns: (columns) => set({ columns }),
      setSort: (sort) => set({ sort }),
      setFilter: (filter) => set({ filter }),
      setView: (viewId) => set({ viewId }),
      setChecked: (checked, anchorId) => set((s) => ({ checked, anchorId: anchorId === undefined ? s.anchorId : anchorId })),
      setCursor: (cursorId) => set({ cursorId }),
    }),
    {
      name: 'fielddesk.assets-list',
      storage: createJSONStorage(() => localStorage),
      partialize: (s) => ({ columns: s.columns, sort: s.sort }),
      merge: (persisted, current) => {
        const p = (persisted ?? {}) as { columns?: unknown; sort?: unknown };
        const columns = Array.isArray(p.columns) ? p.columns.filter((c): c is ColumnId => (COLUMN_IDS as readonly string[]).includes(c as string)) : [];
        const sort = AssetSortSchema.safeParse(p.sort);
        return { ...current, columns: columns.length ? columns : current.columns, sort: sort.success ? sort.data : current.sort };
      },
    },
  ),
);
