/**
 * The Assets list's filter: plain data (saved in views, compared by value) and its compiled
 * predicate. Compiling turns each condition into a Set or a date bound once, and drops the
 * conditions that are empty, so a filter change over 50,000 rows runs only the checks asked for.
 */
import { z } from 'zod';
import { ASSET_STATES } from '@fielddesk/common/assets/lifecycle';
import type { AssetRow } from './rows';

export const WARRANTY_FILTERS = ['expired', 'within_7', 'within_30', 'within_90', 'none'] as const;
export type WarrantyFilter = (typeof WARRANTY_FILTERS)[number];
export const WARRANTY_LABELS: Record<WarrantyFilter, string> = {
  expired: 'Expired',
  within_7: 'Ends within 7 days (in service)',
  within_30: 'Ends within 30 days (in service)',
  within_90: 'Ends within 90 days (in service)',
  none: 'None recorded',
};

/** The model filter's prefix for an inventoried model text (an asset with no model chosen). */
export const MODEL_TEXT = 'text:';

/** "Not checked out", as the holder filter's value. */
export const NO_HOLDER = 'none';

const Ids = z.array(z.string().min(1).max(200)).max(500);

export const AssetFilterSchema = z
  .object({
    text: z.string().max(200),
    kinds: z.array(z.enum(['hardware', 'non_it'])).max(2),
    /** A state (`in_stock`) or a state and substate (`in_stock:available`). */
    states: z
      .array(z.string().max(140))
      .max(100)
      .refine((keys) => keys.every((k) => (ASSET_STATES as readonly string[]).includes(k.split(':')[0]!)), 'an unknown asset state'),
    siteIds: Ids,
    locationIds: Ids,
    /** Asset models by id, or an inventoried model text (of assets with no model chosen) as `text:<model>`. */
    modelIds: Ids,
    /** A person's id, NO_HOLDER, or null for anyone. */
    holder: z.string().min(1).max(200).nullable(),
    warranty: z.enum(WARRANTY_FILTERS).nullable(),
  })
  .strict();
export type AssetFilter = z.infer<typeof AssetFilterSchema>;

export const EMPTY_FILTER: AssetFilter = { text: '', kinds: [], states: [], siteIds: [], locationIds: [], modelIds: [], holder: null, warranty: null };

export type RowTest = (row: AssetRow) => boolean;

/** YYYY-MM-DD of `today` plus `days` (calendar days, UTC arithmetic on the date alone). */
export function addDays(today: string, days: number): string {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const OUT_OF_SERVICE = /^(retired|disposed)(:|$)/;

function warrantyTest(warranty: WarrantyFilter, today: string): RowTest {
  switch (warranty) {
    case 'none':
      return (r) => r.warrantyEndsOn === '';
    case 'expired':
      // The end date is the last covered day.
      return (r) => r.warrantyEndsOn !== '' && r.warrantyEndsOn < today;
    case 'within_7':
    case 'within_30':
    case 'within_90': {
      const until = addDays(today, warranty === 'within_7' ? 7 : warranty === 'within_30' ? 30 : 90);
      // An ending warranty matters while the asset is in service (the dashboard counts the same).
      return (r) => r.warrantyEndsOn >= today && r.warrantyEndsOn <= until && !OUT_OF_SERVICE.test(r.stateKey);
    }
  }
}

/** The filter as one predicate; `today` is YYYY-MM-DD (local date). */
export function compileFilter(filter: AssetFilter, today: string): RowTest {
  const tests: RowTest[] = [];
  const words = filter.text.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 1) {
    const w = words[0]!;
    tests.push((r) => r.search.includes(w));
  } else if (words.length > 1) tests.push((r) => words.every((w) => r.search.includes(w)));
  if (filter.kinds.length === 1) {
    const kind = filter.kinds[0];
    tests.push((r) => r.asset.kind === kind);
  }
  if (filter.states.length) {
    // A bare state matches every substate of it; "state:substate" only that one.
    const keys = new Set(filter.states);
    tests.push((r) => keys.has(r.stateKey) || keys.has(r.asset.state));
  }
  if (filter.siteIds.length) {
    const ids = new Set(filter.siteIds);
    tests.push((r) => r.asset.siteId !== null && ids.has(r.asset.siteId));
  }
  if (filter.locationIds.length) {
    const ids = new Set(filter.locationIds);
    tests.push((r) => r.asset.locationId !== null && ids.has(r.asset.locationId));
  }
  if (filter.modelIds.length) {
    const ids = new Set(filter.modelIds.filter((m) => !m.startsWith(MODEL_TEXT)));
    const texts = new Set(filter.modelIds.filter((m) => m.startsWith(MODEL_TEXT)).map((m) => m.slice(MODEL_TEXT.length)));
    tests.push((r) => (r.asset.modelId !== null ? ids.has(r.asset.modelId) : r.asset.model !== null && texts.has(r.asset.model)));
  }
  if (filter.holder === NO_HOLDER) tests.push((r) => r.asset.checkedOutTo === null);
  else if (filter.holder !== null) {
    const person = filter.holder;
    tests.push((r) => r.holderPersonId === person);
  }
  if (filter.warranty) tests.push(warrantyTest(filter.warranty, today));
  if (tests.length === 0) return () => true;
  if (tests.length === 1) return tests[0]!;
  return (r) => {
    for (const t of tests) if (!t(r)) return false;
    return true;
  };
}

/** The rows (already sorted) that pass, in the same order. */
export function filterRows(rows: readonly AssetRow[], test: RowTest): readonly AssetRow[] {
  const out: AssetRow[] = [];
  for (let i = 0; i < rows.length; i++) if (test(rows[i]!)) out.push(rows[i]!);
  return out;
}

/** True when no condition is set. */
export function isEmptyFilter(filter: AssetFilter): boolean {
  return (
    filter.text.trim() === '' &&
    filter.kinds.length === 0 &&
    filter.states.length === 0 &&
    filter.siteIds.length === 0 &&
    filter.locationIds.length === 0 &&
    filter.modelIds.length === 0 &&
    filter.holder === null &&
    filter.warranty === null
  );
}

/** The warranty filter named by the list's address (`/assets?warranty=within_30`, the dashboard's link), or null. */
export function warrantyFromSearch(search: URLSearchParams): WarrantyFilter | null {
  const value = search.get('warranty');
  return value && (WARRANTY_FILTERS as readonly string[]).includes(value) ? (value as WarrantyFilter) : null;
}
