/**
 * The Assets list's columns: which exist, their labels, the width each wants, and which give
 * way first when the screen is narrow. A rugged tablet held upright (800 px) keeps the tag,
 * the name and the state and drops the rest in order; a laptop shows what was chosen.
 */
import type { AssetRow } from './rows';

export const COLUMN_IDS = ['tag', 'name', 'state', 'model', 'site', 'location', 'holder', 'warranty', 'serial', 'type'] as const;
export type ColumnId = (typeof COLUMN_IDS)[number];

export interface ColumnSpec {
  label: string;
  /** Width in px the column needs to read well; the name column takes what is left. */
  width: number;
  /** Smaller stays longer when the list is narrow. */
  keep: number;
  /** The row's value, as shown and as sorted. */
  value(row: AssetRow): string;
}

export const COLUMNS: Record<ColumnId, ColumnSpec> = {
  tag: { label: 'Tag', width: 120, keep: 0, value: (r) => r.tag },
  name: { label: 'Name', width: 200, keep: 1, value: (r) => r.name },
  state: { label: 'State', width: 170, keep: 2, value: (r) => r.stateText },
  holder: { label: 'Holder', width: 170, keep: 3, value: (r) => r.holder },
  location: { label: 'Location', width: 170, keep: 4, value: (r) => r.location },
  model: { label: 'Model', width: 190, keep: 5, value: (r) => r.model },
  warranty: { label: 'Warranty end', width: 120, keep: 6, value: (r) => r.warrantyEndsOn },
  site: { label: 'Site', width: 140, keep: 7, value: (r) => r.site },
  serial: { label: 'Serial', width: 150, keep: 8, value: (r) => r.serial },
  type: { label: 'Type', width: 120, keep: 9, value: (r) => r.type },
};

export const DEFAULT_COLUMNS: readonly ColumnId[] = ['tag', 'name', 'state', 'model', 'location', 'holder', 'warranty'];

/** The checkbox column's width. */
export const SELECT_WIDTH = 44;

/**
 * The chosen columns that fit in `width` px, in their order: columns are dropped by `keep`
 * (highest first) until the rest fit; the tag always stays.
 */
export function fitColumns(chosen: readonly ColumnId[], width: number): ColumnId[] {
  const kept = COLUMN_IDS.filter((id) => chosen.includes(id));
  const budget = width - SELECT_WIDTH;
  const total = (ids: readonly ColumnId[]) => ids.reduce((sum, id) => sum + COLUMNS[id].width, 0);
  const byDrop = [...kept].sort((a, b) => COLUMNS[b].keep - COLUMNS[a].keep);
  let shown = kept;
  for (const drop of byDrop) {
    if (total(shown) <= budget || shown.length <= 1) break;
    if (drop === 'tag') continue;
    shown = shown.filter((id) => id !== drop);
  }
  return shown;
}

/** The CSS grid template for the shown columns: fixed widths, the name column flexible. */
export function gridTemplate(shown: readonly ColumnId[]): string {
  return [`${SELECT_WIDTH}px`, ...shown.map((id) => (id === 'name' ? `minmax(${COLUMNS.name.width}px, 1fr)` : `minmax(${COLUMNS[id].width}px, ${COLUMNS[id].width * 1.3}px)`))].join(' ');
}
