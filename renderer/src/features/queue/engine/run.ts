/**
 * One queue view over the in-memory rows: base queue, refinements, quick text filter, then the
 * sort. Sorting decorates first (one key per row and sort column, computed once) and then sorts
 * an index array with plain comparisons: no name lookups or date parsing inside the comparator,
 * which is what keeps a sort of 100,000 rows in the tens of milliseconds.
 */
import { STATUS_LABELS, TICKET_STATUSES } from '@fielddesk/common/itsm/lifecycle';
import { TICKET_KIND_LABELS } from '@fielddesk/common/domain/entities';
import { allOf, type FilterContext, type RowPredicate } from './compile';
import type { QueueItem } from './item';
import { isPredefinedQueue, predefinedPredicate, refinementPredicate, type QueueQuery } from './queues';

/** Display names of the people, groups and sites rows refer to. */
export interface NameLookup {
  person(id: string | null): string;
  group(id: string | null): string;
  site(id: string | null): string;
}

export const SORT_COLUMNS = [
  'number',
  'title',
  'kind',
  'status',
  'priority',
  'sla',
  'due',
  'assignee',
  'group',
  'site',
  'requester',
  'category',
  'created',
  'updated',
] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];
export interface SortSpec {
  id: SortColumn;
  desc: boolean;
}
export const DEFAULT_SORT: SortSpec[] = [{ id: 'updated', desc: true }];

const STATUS_ORDER = Object.fromEntries(TICKET_STATUSES.map((s, i) => [s, i])) as Record<string, number>;
const SLA_ORDER = { ok: 1, warning: 2, breached: 3 } as const;

type Key = number | string;

function sortKey(item: QueueItem, column: SortColumn, ctx: FilterContext, names: NameLookup): Key {
  const t = item.ticket;
  switch (column) {
    case 'number':
      return item.number;
    case 'title':
      return item.titleKey;
    case 'kind':
      return TICKET_KIND_LABELS[t.kind];
    case 'status':
      return STATUS_ORDER[t.status] ?? 0;
    case 'priority':
      return t.priority;
    case 'sla': {
      const level = ctx.slaLevel(item);
      return level ? SLA_ORDER[level] : 0;
    }
    case 'due':
      // No due date sorts after every due date, either way round (an open question, not "early").
      return ctx.resolution(item).dueMs ?? Number.MAX_SAFE_INTEGER;
    case 'assignee':
      return t.assigneeId ? names.person(t.assigneeId).toLowerCase() : '\uffff';
    case 'group':
      return t.groupId ? names.group(t.groupId).toLowerCase() : '\uffff';
    case 'site':
      return t.siteId ? names.site(t.siteId).toLowerCase() : '\uffff';
    case 'requester':
      return t.requesterId ? names.person(t.requesterId).toLowerCase() : '\uffff';
    case 'category':
      return `${t.category}\u0000${t.subcategory}`.toLowerCase();
    case 'created':
      return item.createdMs;
    case 'updated':
      return item.updatedMs;
  }
}

/** Sort columns whose keys move with the clock (the view re-sorts each minute for them). */
export const CLOCK_SORTS: ReadonlySet<SortColumn> = new Set<SortColumn>(['sla', 'due']);
/** Sort columns keyed by names (the view re-sorts when people, groups or sites change). */
export const NAME_SORTS: ReadonlySet<SortColumn> = new Set<SortColumn>(['assignee', 'group', 'site', 'requester']);

/**
 * Sorts rows by the given columns (first one first), newest update next, then the input order.
 * Numeric keys go into Float64Arrays and the comparator only reads arrays: this is the hot
 * loop of a 100,000-row sort (~1.7 million comparisons).
 */
export function sortItems(items: readonly QueueItem[], sorting: readonly SortSpec[], ctx: FilterContext, names: NameLookup): QueueItem[] {
  const specs = [...sorting, ...(sorting.some((s) => s.id === 'updated') ? [] : DEFAULT_SORT)];
  const n = items.length;
  const numeric: (Float64Array | null)[] = [];
  const text: (string[] | null)[] = [];
  for (const spec of specs) {
    const first = n > 0 ? sortKey(items[0]!, spec.id, ctx, names) : 0;
    if (typeof first === 'number') {
      const keys = new Float64Array(n);
      for (let i = 0; i < n; i++) keys[i] = sortKey(items[i]!, spec.id, ctx, names) as number;
      numeric.push(keys);
      text.push(null);
    } else {
      const keys = new Array<string>(n);
      for (let i = 0; i < n; i++) keys[i] = sortKey(items[i]!, spec.id, ctx, names) as string;
      numeric.push(null);
      text.push(keys);
    }
  }
  const dirs = specs.map((s) => (s.desc ? -1 : 1));
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => {
    for (let s = 0; s < dirs.length; s++) {
      const nk = numeric[s];
      if (nk) {
        const d = nk[a]! - nk[b]!;
        if (d !== 0) return d < 0 ? -dirs[s]! : dirs[s]!;
      } else {
        const tk = text[s]!;
        const ka = tk[a]!;
        const kb = tk[b]!;
        if (ka !== kb) return ka < kb ? -dirs[s]! : dirs[s]!;
      }
    }
    return a - b;
  });
  const out = new Array<QueueItem>(n);
  for (let i = 0; i < n; i++) out[i] = items[order[i]!]!;
  return out;
}

/** The quick text filter: number, title, assignee, site, status or category (or subcategory) contains the text. */
export function textPredicate(text: string, names: NameLookup): RowPredicate | null {
  const needle = text.trim().toLowerCase();
  if (!needle) return null;
  // Names are few (people, sites): lower-case each once, not once per row.
  const personCache = new Map<string | null, string>();
  const siteCache = new Map<string | null, string>();
  const lower = (cache: Map<string | null, string>, id: string | null, name: (id: string | null) => string) => {
    let v = cache.get(id);
    if (v === undefined) {
      v = name(id).toLowerCase();
      cache.set(id, v);
    }
    return v;
  };
  const statusMatches = new Set(TICKET_STATUSES.filter((s) => STATUS_LABELS[s].toLowerCase().includes(needle)));
  return (item) => {
    const t = item.ticket;
    return (
      item.titleKey.includes(needle) ||
      item.numberKey.includes(needle) ||
      statusMatches.has(t.status) ||
      lower(personCache, t.assigneeId, (id) => names.person(id)).includes(needle) ||
      lower(siteCache, t.siteId, (id) => names.site(id)).includes(needle) ||
      item.categoryKey.includes(needle)
    );
  };
}

/** The predicate of a view's base queue (a saved filter's compiled definition comes from `saved`). */
export function basePredicate(queue: string, ctx: FilterContext, saved: (queue: string) => RowPredicate | null): RowPredicate | null {
  if (isPredefinedQueue(queue)) return predefinedPredicate(queue, ctx);
  return saved(queue);
}

export interface RunResult {
  rows: QueueItem[];
  /** False when the base queue is unknown (e.g. a saved filter deleted since the link was made). */
  known: boolean;
}

/** Filters rows, keeping their order (give it rows already sorted: see the queue view). */
export function filterItems(
  items: Iterable<QueueItem>,
  query: QueueQuery,
  ctx: FilterContext,
  names: NameLookup,
  saved: (queue: string) => RowPredicate | null = () => null,
): RunResult {
  const base = basePredicate(query.queue, ctx, saved);
  if (!base) return { rows: [], known: false };
  const test = allOf([base, refinementPredicate(query, ctx), textPredicate(query.text, names)]);
  const matched: QueueItem[] = [];
  if (Array.isArray(items)) {
    // The hot loop of a view change: an indexed loop and one predicate call per row.
    const list = items as readonly QueueItem[];
    for (let i = 0; i < list.length; i++) if (test(list[i]!)) matched.push(list[i]!);
  } else for (const item of items) if (test(item)) matched.push(item);
  return { rows: matched, known: true };
}

/** Keeps the rows (in order) that pass a view's refinements and text filter, base queue aside. */
export function refineItems(rows: readonly QueueItem[], query: QueueQuery, ctx: FilterContext, names: NameLookup): QueueItem[] {
  const refine = refinementPredicate(query, ctx);
  const text = textPredicate(query.text, names);
  if (!refine && !text) return rows as QueueItem[];
  const test = allOf([refine, text]);
  const out: QueueItem[] = [];
  for (let i = 0; i < rows.length; i++) if (test(rows[i]!)) out.push(rows[i]!);
  return out;
}

/** Filters and sorts one view (the screen sorts once per sort change and filters the sorted rows). */
export function runQueue(
  items: Iterable<QueueItem>,
  query: QueueQuery,
  sorting: readonly SortSpec[],
  ctx: FilterContext,
  names: NameLookup,
  saved: (queue: string) => RowPredicate | null = () => null,
): RunResult {
  const result = filterItems(items, query, ctx, names, saved);
  return { ...result, rows: sortItems(result.rows, sorting, ctx, names) };
}

/** How many rows each queue lists (the side panel's counts), in one pass over the rows. */
export function countQueues(items: Iterable<QueueItem>, queues: ReadonlyArray<{ id: string; test: RowPredicate }>): Map<string, number> {
  const counts = new Map<string, number>(queues.map((q) => [q.id, 0]));
  for (const item of items) {
    for (const q of queues) if (q.test(item)) counts.set(q.id, counts.get(q.id)! + 1);
  }
  return counts;
}
