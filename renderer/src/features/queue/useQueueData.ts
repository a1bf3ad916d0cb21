/**
 * React hooks over the in-memory ticket index (engine/ticketIndex.ts): the index itself, the
 * names rows refer to, the minute clock SLA depends on, saved filters, one queue view, and the
 * side panel's counts (computed in slices, so counting 100,000 rows never blocks typing).
 */
import { useEffect, useLayoutEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import type { Group, Person, Site } from '@fielddesk/common/domain/entities';
import type { SlaConfig } from '@fielddesk/common/itsm/sla';
import { useWorkspace } from '../../app/workspaceContext';
import { useItsmConfig } from '../../data/config';
import { compileDefinition, type FilterContext, type RowPredicate } from './engine/compile';
import { parseDefinition, type FilterDefinition } from './engine/definition';
import type { QueueItem } from './engine/item';
import { predefinedPredicate, queueQuery, savedFilterIdOf, savedQueueId, PREDEFINED_QUEUES, type QueueQuery } from './engine/queues';
import { CLOCK_SORTS, filterItems, NAME_SORTS, refineItems, sortItems, type NameLookup, type RunResult, type SortSpec } from './engine/run';
import { levelOf, resolutionOf, warmSlaLevels } from './engine/sla';
import { ticketIndexFor, type IndexSnapshot, type TicketIndex } from './engine/ticketIndex';

const MINUTE_MS = 60_000;

/** The replica's ticket index, and a snapshot that changes whenever its rows do. */
export function useTicketIndex(): { index: TicketIndex; snapshot: IndexSnapshot; config: SlaConfig } {
  const { db } = useWorkspace();
  const config = useItsmConfig();
  const index = ticketIndexFor(db);
  useLayoutEffect(() => index.setSlaConfig(config), [index, config]);
  const snapshot = useSyncExternalStore(index.subscribe, index.getSnapshot, index.getSnapshot);
  return { index, snapshot, config };
}

/** Now, to the minute: SLA levels and "last 7 days" move with it, and nothing else needs finer. */
export function useMinuteClock(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), MINUTE_MS);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/**
 * Keeps SLA levels fresh in the background: a pass once the rows are loaded, then every minute,
 * each in small slices (see engine/sla.ts warmSlaLevels).
 */
export function useSlaWarmup(index: TicketIndex, snapshot: IndexSnapshot, config: SlaConfig, now: number): void {
  const loading = snapshot.loading;
  useEffect(() => {
    if (loading) return;
    return warmSlaLevels(
      () => index.values(),
      () => config,
      () => Date.now() + MINUTE_MS,
    );
  }, [index, loading, config, now]);
}

export interface Names extends NameLookup {
  persons: Person[];
  groups: Group[];
  sites: Site[];
}

/** People, groups and sites (small tables), live, with lookups by id. */
export function useNames(): Names {
  const { db } = useWorkspace();
  const persons = useLiveQuery(() => db.persons.toArray(), [db]);
  const groups = useLiveQuery(() => db.groups.toArray(), [db]);
  const sites = useLiveQuery(() => db.sites.toArray(), [db]);
  return useMemo(() => {
    const personById = new Map((persons ?? []).map((p) => [p.id, p.displayName]));
    const groupById = new Map((groups ?? []).map((g) => [g.id, g.name]));
    const siteById = new Map((sites ?? []).map((s) => [s.id, s.name]));
    return {
      persons: persons ?? [],
      groups: groups ?? [],
      sites: sites ?? [],
      person: (id) => (id ? (personById.get(id) ?? 'Unknown person') : 'Unassigned'),
      group: (id) => (id ? (groupById.get(id) ?? 'Unknown group') : ''),
      site: (id) => (id ? (siteById.get(id) ?? '') : ''),
    };
  }, [persons, groups, sites]);
}

/** A filter context for the signed-in user at `now`. */
export function useFilterContext(now: number, config: SlaConfig): FilterContext {
  const { user } = useWorkspace();
  return useMemo(
    () => ({
      userId: user.id,
      groupIds: new Set(user.groupIds),
      nowMs: now,
      slaLevel: (item: QueueItem) => levelOf(item, config, now),
      resolution: (item: QueueItem) => resolutionOf(item, config, now),
    }),
    [user, now, config],
  );
}

export interface SavedFilter {
  id: string;
  /** `saved:<id>`, the queue name used in URLs. */
  queue: string;
  name: string;
  createdAt: string;
  /** The definition, or why it cannot be used. */
  definition: FilterDefinition | null;
  error: string | null;
}

/** The signed-in user's saved filters on this device, by name. */
export function useSavedFilters(): SavedFilter[] | undefined {
  const { db, user } = useWorkspace();
  return useLiveQuery(
    async () => {
      const rows = await db.savedFilters.where('ownerId').equals(user.id).toArray();
      return rows
        .map((row): SavedFilter => {
          const parsed = parseDefinition(row.definition);
          return {
            id: row.id,
            queue: savedQueueId(row.id),
            name: row.name,
            createdAt: row.createdAt,
            definition: parsed.ok ? parsed.definition : null,
            error: parsed.ok ? null : parsed.reason,
          };
        })
        .sort((a, b) => a.name.localeCompare(b.name));
    },
    [db, user.id],
  );
}

/** The predicate of a saved-filter queue name, or null when it is not one (or is unusable). */
export function savedPredicates(saved: readonly SavedFilter[] | undefined, ctx: FilterContext): (queue: string) => RowPredicate | null {
  const compiled = new Map<string, RowPredicate>();
  for (const f of saved ?? []) if (f.definition) compiled.set(f.queue, compileDefinition(f.definition, ctx));
  return (queue) => (savedFilterIdOf(queue) ? (compiled.get(queue) ?? null) : null);
}

/**
 * One queue view: its rows in order. All rows are sorted once per sort (and per change of the
 * rows), and a view change only filters that sorted list, which keeps order: so changing the
 * queue, a refinement or the text is one linear pass over 100,000 rows, never a sort.
 */
export function useQueueView(
  index: TicketIndex,
  snapshot: IndexSnapshot,
  query: QueueQuery,
  sorting: readonly SortSpec[],
  ctx: FilterContext,
  names: NameLookup,
  saved: readonly SavedFilter[] | undefined,
): RunResult {
  const clockSort = sorting.some((s) => CLOCK_SORTS.has(s.id));
  const nameSort = sorting.some((s) => NAME_SORTS.has(s.id));
  // The context and names matter to the order only for the sorts that read them.
  const sortCtx = clockSort ? ctx : null;
  const sortNames = nameSort ? names : null;
  const sorted = useMemo(
    () => sortItems([...index.values()], sorting, sortCtx ?? ctx, sortNames ?? names),
    // snapshot.version stands for the rows (the index itself is mutable).
    [index, snapshot.version, sorting, sortCtx, sortNames],
  );
  const savedFor = useMemo(() => savedPredicates(saved, ctx), [saved, ctx]);
  // The base queue's rows are kept: typing in the text filter or changing a refinement then
  // scans only them (e.g. 11,000 open tickets), not all 100,000.
  const base = useMemo(() => filterItems(sorted, queueQuery(query.queue), ctx, names, savedFor), [sorted, query.queue, ctx, names, savedFor]);
  return useMemo(() => (base.known ? { rows: refineItems(base.rows, query, ctx, names), known: true } : base), [base, query, ctx, names]);
}

/**
 * How many rows each queue (predefined and saved) lists, counted in slices of a few
 * milliseconds; undefined until the first count is done.
 */
export function useQueueCounts(
  index: TicketIndex,
  snapshot: IndexSnapshot,
  ctx: FilterContext,
  saved: readonly SavedFilter[] | undefined,
): Map<string, number> | undefined {
  const queues = useMemo(() => {
    const savedFor = savedPredicates(saved, ctx);
    return [
      ...PREDEFINED_QUEUES.map((q) => ({ id: q.id, test: predefinedPredicate(q.id, ctx) })),
      ...(saved ?? []).flatMap((f) => {
        const test = savedFor(f.queue);
        return test ? [{ id: f.queue, test }] : [];
      }),
    ];
  }, [ctx, saved]);
  return useSlicedCounts(index, snapshot, queues).counts;
}

/**
 * Counts the rows each test accepts, over the whole index, in slices of at most ~6 ms of main
 * thread each (so counting 100,000 rows, SLA clocks included, never blocks typing or scrolling).
 * Recounts when the rows or the tests change; undefined until the first count is done.
 */
export function useSlicedCounts(
  index: TicketIndex,
  snapshot: IndexSnapshot,
  tests: ReadonlyArray<{ id: string; test: RowPredicate }>,
): { counts: Map<string, number> | undefined; current: boolean } {
  const [state, setState] = useState<{ counts: Map<string, number>; version: number; tests: unknown; loading: boolean }>();
  useEffect(() => {
    const version = snapshot.version;
    const loading = snapshot.loading;
    const totals = new Map<string, number>(tests.map((q) => [q.id, 0]));
    const iterator = index.values();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let cancelled = false;
    const slice = () => {
      if (cancelled) return;
      const started = performance.now();
      for (;;) {
        const next = iterator.next();
        if (next.done) {
          setState({ counts: totals, version, tests, loading });
          return;
        }
        for (const q of tests) if (q.test(next.value)) totals.set(q.id, totals.get(q.id)! + 1);
        if (performance.now() - started > 6) break;
      }
      timer = setTimeout(slice, 0);
    };
    // While the rows are still loading, wait a little: the next chunk would restart the count.
    timer = setTimeout(slice, snapshot.loading ? 250 : 0);
    return () => {
      cancelled = true;
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [index, snapshot.version, snapshot.loading, tests]);
  // `current`: the counts are of these tests over the rows as they are now (all loaded).
  const current = state !== undefined && state.version === snapshot.version && state.tests === tests && !state.loading;
  return { counts: state?.counts, current };
}
