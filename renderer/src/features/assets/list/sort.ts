/**
 * Sorting the Assets list by any column, up or down, ties broken by tag so the order is stable
 * between renders. Keys come from the rows (strings already joined), compared with one
 * Intl.Collator (numeric, so FD-2 comes before FD-10); empty values go last either way.
 */
import { z } from 'zod';
import { COLUMN_IDS, COLUMNS, type ColumnId } from './columns';
import type { AssetRow } from './rows';

export const AssetSortSchema = z.object({ column: z.enum(COLUMN_IDS), desc: z.boolean() }).strict();
export type AssetSort = z.infer<typeof AssetSortSchema>;

export const DEFAULT_SORT: AssetSort = { column: 'tag', desc: false };

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

export function sortRows(rows: readonly AssetRow[], sort: AssetSort): AssetRow[] {
  const value = COLUMNS[sort.column].value;
  const keyed = rows.map((row) => ({ row, key: value(row) }));
  const dir = sort.desc ? -1 : 1;
  keyed.sort((a, b) => {
    if (a.key !== b.key) {
      if (a.key === '') return 1;
      if (b.key === '') return -1;
      const c = collator.compare(a.key, b.key);
      if (c !== 0) return c * dir;
    }
    return collator.compare(a.row.tag, b.row.tag);
  });
  return keyed.map((k) => k.row);
}

/** A click on a column's header: that column ascending, or the other way when it already sorts. */
export function nextSort(current: AssetSort, column: ColumnId): AssetSort {
  return current.column === column ? { column, desc: !current.desc } : { column, desc: false };
}
