/**
 * Reading a page of changes across the sources (sources.ts), with the scope moves (moves.ts).
 *
 * Consistency: each pull reads the committed high-water mark in its first statement (the
 * rev scans are bounded by it in that statement's snapshot) and only reads rows at or below
 * it, so a page never includes half of a concurrent write. The viewer's scope and scope
 * version come from the auth guard's one statement (session + person + groups).
 *
 * Round trips per page: the session lookup, the rev prefetch, the rows of the tables that
 * have any; the revs of records that follow a parent (a ticket's worklogs, attachments, links,
 * events: every entity with a child-of rule, sources.ts CHILDREN) and scope moves only when the
 * prefetch's index probes say some lie in the page's range.
 *
 * Paging, per page and per synced table (every table has a rev index):
 *  1. read only the revs of the first limit+1 visible rows after the cursor (index range
 *     scans, all tables in one UNION ALL statement; the records that follow a parent
 *     (worklogs, attachments, ticket links and ticket events, whose visibility is their
 *     ticket's), in a second one bounded by where the first ends);
 *  2. merge them: the page ends at the limit-th smallest rev (`upTo`);
 *  3. read the full rows (only the columns the record needs) with cursor < rev <= upTo,
 *     from the tables that have any.
 * So the page is exact, and rows are read once. When nothing more is waiting, the cursor
 * moves to the high-water mark, skipping changes the user may not see.
 *
 * `remaining` is an estimate: the share of visible changes in the revs this page covered,
 * applied to the revs still ahead. Cheap (no counting queries) and good enough for a bar.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { PullQuery, PullResponse } from '@fielddesk/common/sync/protocol';
import type { AppContext } from '../../context';
import { ApiError } from '../../errors';
import type { StoreKind } from '../../db/database';
import type { Database } from '../../db/types';
import { dayOf, seesEverything, type Viewer } from '../scope';
import { cursorAhead, nextCursor, readCursor } from './cursor';
import { moveChanges, relevantMoves, windowCorrections } from './moves';
import { CHILDREN, sources, type High, type PageChange, type Source } from './sources';

/** A pull answer whose changes may be JSON text: write it with `pullResponseJson` (route.ts). */
export type PullPage = Omit<PullResponse, 'changes'> & { changes: PageChange[] };

/** The committed high-water mark as a scalar subquery (read in the statement's own snapshot). */
const HIGH_WATER: RawBuilder<number> = sql<number>`(select last_rev from change_sequence where id = 1)`;

/** Row tags of prefetchRevs' extra rows (sources are tagged 0, 1, …). */
const HIGH_ROW = -1;
const CHILD_MIN_ROW = -2;
const MOVES_MIN_ROW = -3;

/** What the first statement of a page returns besides the revs. */
interface Prefetched {
  lists: number[][];
  /** The committed high-water mark (with `probes`: read in the same statement as the revs). */
  high: number;
  /** The smallest rev after the cursor of a record that follows a parent, visible or not (null: none). */
  childMin: number | null;
  /** The smallest scope_moves rev after the cursor (null: none). */
  movesMin: number | null;
}

/**
 * The revs of every source in one statement (a UNION ALL of index range scans), so a page
 * costs one round trip here however many tables there are. Returns one ascending list per source.
 * With `probes`, the same statement also reads the high-water mark (the scans are bounded by
 * it, in the statement's own snapshot) and the first child and scope-move revs after the
 * cursor (one index probe each), which tell the caller when it can skip those queries.
 */
async function prefetchRevs(kind: StoreKind, db: Kysely<Database>, all: Source[], after: number, high: High, take: number, probes = false): Promise<Prefetched> {
  // One row per table with its revs joined into a string: thousands of revs per page would
  // otherwise each become a row object in the driver.
  const joined = kind === 'postgres' ? sql`string_agg(rev::text, ',')` : sql`group_concat(rev, ',')`;
  const text = (e: RawBuilder<unknown>) => (kind === 'postgres' ? sql`(${e})::text` : sql`cast(${e} as text)`);
  const parts = all.map((s, i) => sql`select ${sql.lit(i)} as src, ${joined} as revs from (${s.revs(after, high, take)}) as ${sql.id(`s${i}`)}`);
  if (probes) {
    parts.unshift(
      sql`select ${sql.lit(HIGH_ROW)} as src, ${text(sql`last_rev`)} as revs from change_sequence where id = 1`,
      sql`select ${sql.lit(CHILD_MIN_ROW)} as src, ${text(sql`min(m)`)} as revs from (${sql.join(
        CHILDREN.map(({ table }) => sql`select min(rev) as m from ${sql.table(table)} where rev > ${after}`),
        sql` union all `,
      )}) as cm`,
      sql`select ${sql.lit(MOVES_MIN_ROW)} as src, ${text(sql`min(rev)`)} as revs from scope_moves where rev > ${after}`,
    );
  }
  const out: Prefetched = { lists: all.map((): number[] => []), high: typeof high === 'number' ? high : 0, childMin: null, movesMin: null };
  if (parts.length === 0) return out;
  const { rows } = await sql<{ src: number; revs: string | null }>`${sql.join(parts, sql` union all `)}`.execute(db);
  for (const row of rows) {
    const src = Number(row.src);
    if (src === HIGH_ROW) out.high = Number(row.revs);
    else if (src === CHILD_MIN_ROW) out.childMin = row.revs === null ? null : Number(row.revs);
    else if (src === MOVES_MIN_ROW) out.movesMin = row.revs === null ? null : Number(row.revs);
    else {
      const list = out.lists[src];
      if (list && row.revs) for (const rev of row.revs.split(',')) list.push(Number(rev));
    }
  }
  for (const list of out.lists) list.sort((x, y) => x - y);
  return out;
}

/** The k-th smallest value (1-based) of several ascending lists. */
function kthSmallest(lists: number[][], k: number): number {
  // A typed array sorts numbers natively (no comparator calls): pages hold thousands of revs.
  const all = new Float64Array(lists.reduce((n, l) => n + l.length, 0));
  let at = 0;
  for (const list of lists) {
    all.set(list, at);
    at += list.length;
  }
  all.sort();
  return all[Math.min(k, all.length) - 1] ?? 0;
}

/** The viewer's current scope and persons.scope_version, read in one statement. */
export interface ResolvedViewer {
  viewer: Viewer;
  scopeVersion: number;
}

/** Reads the person's scope and scope version (one statement: never a new version with an old scope). */
async function resolveViewer(db: Kysely<Database>, id: string): Promise<ResolvedViewer> {
  const memberships = await db
    .selectFrom('persons')
    .leftJoin('person_groups', 'person_groups.person_id', 'persons.id')
    .select(['persons.role', 'persons.site_id', 'persons.scope_version', 'person_groups.group_id'])
    .where('persons.id', '=', id)
    .orderBy('person_groups.group_id')
    .execute();
  const person = memberships[0];
  if (!person) throw new ApiError(401, 'unauthenticated', 'Your account no longer exists. Sign in again.');
  const groupIds = memberships.map((m) => m.group_id).filter((g): g is string => g !== null);
  return { viewer: { id, role: person.role, siteId: person.site_id, groupIds }, scopeVersion: Number(person.scope_version) };
}

/**
 * One page of changes for `viewer`. `resolved`: the viewer's scope and scope version as the
 * auth guard read them for this request (one statement, one snapshot); without it they are
 * read here.
 */
export async function pullChanges(ctx: AppContext, viewer: Viewer, query: PullQuery, resolved?: ResolvedViewer): Promise<PullPage> {
  const { db } = ctx.store;
  const { viewer: me, scopeVersion: personVersion } = resolved ?? (await resolveViewer(db, viewer.id));
  const day = dayOf(ctx.config.now());
  const { rev: cursorRev, after, reset, cursorDay } = readCursor(query.cursor, personVersion, day);
  const scoped = !seesEverything(me);

  // An incremental pull on SQLite whose rev range holds at most one page: every change in
  // it fits (each rev belongs to one record write), so the rows are read straight away, no
  // rev prefetch. Statements cost no round trip on SQLite; on PostgreSQL the prefetch's
  // single statement is cheaper than one per table.
  if (ctx.store.kind === 'sqlite' && after > 0) {
    const high = await ctx.store.currentRev();
    if (cursorRev > high) throw cursorAhead(query.cursor, high);
    if (high - after <= query.limit) {
      const [pages, moved, corrections] = await Promise.all([
        Promise.all(sources(ctx.store.kind, db, me, day).map((s) => s.changes(after, high))),
        scoped ? relevantMoves(db, me, after, high, query.limit + 1, day, cursorDay) : Promise.resolve({ moves: [], horizon: Number.POSITIVE_INFINITY }),
        scoped && cursorDay !== day ? windowCorrections(db, me, after, cursorDay, day) : Promise.resolve([]),
      ]);
      const fromMoves = await moveChanges(db, me, moved.moves, after, day);
      const changes: PageChange[] = [...corrections, ...pages.flat(), ...fromMoves].sort((a, b) => a.rev - b.rev);
      return { changes, cursor: nextCursor(high, personVersion, day), hasMore: false, remaining: 0 };
    }
  }

  // 1. Revs of the first limit+1 rows of each table with the high-water mark (one statement),
  //    then the moves that matter (only when scope_moves has any after the cursor).
  const take = query.limit + 1;
  const all = sources(ctx.store.kind, db, me, day);
  const mainSources = all.filter((src) => !src.child);
  const childSources = all.filter((src) => src.child);
  const [main, corrections] = await Promise.all([
    prefetchRevs(ctx.store.kind, db, mainSources, after, HIGH_WATER, take, true),
    scoped && after > 0 && cursorDay !== day ? windowCorrections(db, me, after, cursorDay, day) : Promise.resolve([]),
  ]);
  const { high, lists: mainLists } = main;
  if (cursorRev > high) throw cursorAhead(query.cursor, high);

  // Children only up to where the other tables alone would end the page (none to read when
  // the first child rev after the cursor lies beyond that).
  const mainTotal = mainLists.reduce((n, l) => n + l.length, 0);
  const childBound = mainTotal > query.limit ? kthSmallest(mainLists, query.limit) : high;
  const [childLists, moved] = await Promise.all([
    main.childMin !== null && main.childMin <= childBound
      ? prefetchRevs(ctx.store.kind, db, childSources, after, childBound, take).then((p) => p.lists)
      : Promise.resolve(childSources.map((): number[] => [])),
    scoped && after > 0 && main.movesMin !== null && main.movesMin <= high
      ? relevantMoves(db, me, after, high, take, day, cursorDay)
      : Promise.resolve({ moves: [], horizon: Number.POSITIVE_INFINITY }),
  ]);
  const revLists = all.map((src) => (src.child ? childLists[childSources.indexOf(src)] : mainLists[mainSources.indexOf(src)]) ?? []);

  // 2. Where the page ends.
  const lists = [...revLists, moved.moves.map((m) => m.move.rev)];
  const total = lists.reduce((n, l) => n + l.length, 0);
  let upTo = high;
  let hasMore = false;
  if (total > query.limit || moved.horizon < high) {
    upTo = Math.min(total > query.limit ? kthSmallest(lists, query.limit) : high, moved.horizon);
    hasMore = lists.some((l) => (l[l.length - 1] ?? -Infinity) > upTo) || moved.horizon <= upTo; // each list ascends
    if (!hasMore) upTo = high;
  }

  // 3. The rows of the page.
  const [pages, fromMoves] = await Promise.all([
    Promise.all(all.map((s, i) => ((revLists[i]?.[0] ?? Infinity) <= upTo ? s.changes(after, upTo) : Promise.resolve([])))),
    moveChanges(
      db,
      me,
      moved.moves.filter((m) => m.move.rev <= upTo),
      after,
      day,
    ),
  ]);
  const changes: PageChange[] = [...corrections, ...pages.flat(), ...fromMoves].sort((a, b) => a.rev - b.rev);

  const covered = upTo - after;
  const remaining = hasMore && covered > 0 ? Math.min(high - upTo, Math.ceil(((high - upTo) * changes.length) / covered)) : 0;
  const response: PullPage = { changes, cursor: nextCursor(upTo, personVersion, day), hasMore, remaining };
  if (reset) response.reset = true;
  return response;
}
