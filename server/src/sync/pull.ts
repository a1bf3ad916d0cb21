/**
 * GET /api/sync/pull?cursor=&limit=: the changes after `cursor` that the user may see,
 * ordered by rev, about `limit` per page (common/sync/protocol.ts PullResponse).
 *
 * Cursor: "<rev>.<scopeVersion>" (parseCursor/formatCursor). `rev` is a rev of the global
 * change sequence; the scope version (sync/scope.ts) says which scope the replica was built
 * for. A cursor made for another person scope (site, role or groups changed), or a plain
 * "<rev>" from an older client, is answered from cursor 0 with `reset: true`: the client
 * drops what it pulled and downloads afresh. A cursor made on another day only corrects
 * the change requests whose window moved in or out of the 90-day horizon: those arrive at
 * the front of the first page (deletes, and puts of changes the client never had).
 *
 * Consistency: each pull reads the committed high-water mark in its first statement (the
 * rev scans are bounded by it in that statement's snapshot) and only reads rows at or below
 * it, so a page never includes half of a concurrent write. The viewer's scope and scope
 * version come from the auth guard's one statement (session + person + groups).
 *
 * Round trips per page: the session lookup, the rev prefetch, the rows of the tables that
 * have any; the revs of records that follow their ticket (worklogs, attachments, links,
 * events) and scope moves only when the prefetch's index probes say some lie in the page's
 * range.
 *
 * Paging, per page and per synced table (every table has a rev index):
 *  1. read only the revs of the first limit+1 visible rows after the cursor (index range
 *     scans, all tables in one UNION ALL statement; worklogs, attachments, ticket links and
 *     ticket events, whose visibility is their ticket's, in a second one bounded by where
 *     the first ends);
 *  2. merge them: the page ends at the limit-th smallest rev (`upTo`);
 *  3. read the full rows (only the columns the record needs) with cursor < rev <= upTo,
 *     from the tables that have any.
 * So the page is exact, and rows are read once. When nothing more is waiting, the cursor
 * moves to the high-water mark, skipping changes the user may not see.
 *
 * Leaving scope: `scope_moves` (written by triggers, migrations 0002 and 0004) holds the old
 * scope values of every record whose scope columns changed, at the rev of that change. For a
 * technician, a move in the page's rev range whose old values they could see, of a record
 * they cannot see now, becomes a delete (for a ticket: also of its worklogs, attachments,
 * links and events; a task also leaves when it is reassigned away from them, since its
 * assignee is part of its scope). A ticket that enters their scope brings its older children
 * along; a task that enters arrives by the normal path (the write that moved it gave it a new
 * rev). These follow-on changes carry the rev of the move, so a page may run a little over
 * `limit`.
 *
 * Deletes of records (a removed ticket link) are tombstones, sent to everyone: they say only
 * which id is gone.
 *
 * `remaining` is an estimate: the share of visible changes in the revs this page covered,
 * applied to the revs still ahead. Cheap (no counting queries) and good enough for a bar.
 */
import type { FastifyInstance } from 'fastify';
import { sql, type Expression, type Kysely, type RawBuilder } from 'kysely';
import { API } from '@fielddesk/common/api/http';
import type { AnyRecord, EntityName } from '@fielddesk/common/domain/entities';
import {
  PullQuerySchema,
  describeZodError,
  formatCursor,
  parseCursor,
  type Change,
  type PullQuery,
  type PullResponse,
} from '@fielddesk/common/sync/protocol';
import type { AppContext } from '../context';
import { ApiError } from '../errors';
import { requireAuth } from '../auth/guard';
import {
  attachmentFromRow,
  changeFromRow,
  groupFromRow,
  groupIdsByPerson,
  itsmConfigFromRow,
  knowledgeArticleFromRow,
  locationFromRow,
  personFromRow,
  siteFromRow,
  ticketEventFromRow,
  ticketLinkFromRow,
  worklogFromRow,
} from '../db/records';
import type { StoreKind } from '../db/database';
import type { Database, ScopeMoveTable } from '../db/types';
import {
  articleScopeCondition,
  canSeeArticle,
  canSeeChange,
  canSeeSiteRecord,
  canSeeTask,
  canSeeTicket,
  changeScopeCondition,
  couldSeeBefore,
  dayOf,
  formatScopeVersion,
  parseScopeVersion,
  samePersonScope,
  seesEverything,
  siteScopeCondition,
  taskScopeCondition,
  ticketChildScopeCondition,
  ticketScopeCondition,
  type TicketChildTable,
  type Viewer,
} from './scope';

const PERSON_COLUMNS = ['id', 'username', 'display_name', 'email', 'role', 'site_id', 'rev'] as const;

/**
 * The bulk entities (tickets, tasks, ticket links and events, assets, configuration items)
 * leave the database as whole changes in JSON text, built by SQLite's json_object /
 * PostgreSQL's json_build_object (jsonPut), and are written into the answer as they are: no
 * row object, no record object, no JSON.stringify per record (most of a large pull's CPU
 * time otherwise). Record field -> column, and how the column becomes JSON: as it is (text,
 * integer, bigint), `bool` (0/1 -> false/true) or `json` (JSON text embedded as JSON), so the
 * JSON equals what records.ts (ticketFromRow, taskFromRow, …) makes. Keep these lists in step
 * with those mappers: pull.test.ts checks the records against the strict entity schemas and
 * against the mappers.
 */
type JsonField = readonly [key: string, column: string, as?: 'bool' | 'json'];

const TICKET_JSON: readonly JsonField[] = [
  ['id', 'id'],
  ['number', 'number'],
  ['kind', 'kind'],
  ['title', 'title'],
  ['description', 'description'],
  ['status', 'status'],
  ['priority', 'priority'],
  ['impact', 'impact'],
  ['urgency', 'urgency'],
  ['category', 'category'],
  ['subcategory', 'subcategory'],
  ['requesterId', 'requester_id'],
  ['assigneeId', 'assignee_id'],
  ['groupId', 'group_id'],
  ['siteId', 'site_id'],
  ['locationId', 'location_id'],
  ['onHoldReason', 'on_hold_reason'],
  ['resolutionCode', 'resolution_code'],
  ['resolutionNotes', 'resolution_notes'],
  ['createdAt', 'created_at'],
  ['updatedAt', 'updated_at'],
  ['resolvedAt', 'resolved_at'],
  ['closedAt', 'closed_at'],
  ['respondedAt', 'responded_at'],
  ['slaHolds', 'sla_holds', 'json'],
  ['catalogItemId', 'catalog_item_id'],
  ['problemId', 'problem_id'],
  ['rootCause', 'root_cause'],
  ['workaround', 'workaround'],
  ['knownError', 'known_error', 'bool'],
  ['rev', 'rev'],
];
const TASK_JSON: readonly JsonField[] = [
  ['id', 'id'],
  ['number', 'number'],
  ['ticketId', 'ticket_id'],
  ['title', 'title'],
  ['description', 'description'],
  ['status', 'status'],
  ['assigneeId', 'assignee_id'],
  ['groupId', 'group_id'],
  ['siteId', 'site_id'],
  ['dueAt', 'due_at'],
  ['createdById', 'created_by_id'],
  ['createdAt', 'created_at'],
  ['updatedAt', 'updated_at'],
  ['completedAt', 'completed_at'],
  ['rev', 'rev'],
];
const TICKET_LINK_JSON: readonly JsonField[] = [
  ['id', 'id'],
  ['ticketId', 'ticket_id'],
  ['targetEntity', 'target_entity'],
  ['targetId', 'target_id'],
  ['authorId', 'author_id'],
  ['createdAt', 'created_at'],
  ['rev', 'rev'],
];
const TICKET_EVENT_JSON: readonly JsonField[] = [
  ['id', 'id'],
  ['ticketId', 'ticket_id'],
  ['type', 'type'],
  ['from', 'from_value'],
  ['to', 'to_value'],
  ['actorId', 'actor_id'],
  ['at', 'at'],
  ['recordedAt', 'recorded_at'],
  ['rev', 'rev'],
];
const ASSET_JSON: readonly JsonField[] = [
  ['id', 'id'],
  ['tag', 'tag'],
  ['serial', 'serial'],
  ['name', 'name'],
  ['model', 'model'],
  ['manufacturer', 'manufacturer'],
  ['type', 'type'],
  ['status', 'status'],
  ['siteId', 'site_id'],
  ['locationId', 'location_id'],
  ['assignedToId', 'assigned_to_id'],
  ['uuid', 'uuid'],
  ['macs', 'macs', 'json'],
  ['inventoriedAt', 'inventoried_at'],
  ['rev', 'rev'],
];
/** asset_inventories.id is the asset's id (AssetInventory.id and .assetId alike). */
const ASSET_INVENTORY_JSON: readonly JsonField[] = [
  ['id', 'id'],
  ['assetId', 'id'],
  ['configurationItemId', 'configuration_item_id'],
  ['source', 'source'],
  ['deviceId', 'device_id'],
  ['scannedAt', 'scanned_at'],
  ['receivedAt', 'received_at'],
  ['summary', 'summary', 'json'],
  ['rev', 'rev'],
];
const CONFIGURATION_ITEM_JSON: readonly JsonField[] = [
  ['id', 'id'],
  ['name', 'name'],
  ['ciType', 'ci_type'],
  ['status', 'status'],
  ['assetId', 'asset_id'],
  ['siteId', 'site_id'],
  ['description', 'description'],
  ['rev', 'rev'],
];

/** A column as a JSON value (see JsonField). */
function jsonValue(kind: StoreKind, column: string, as: JsonField[2]): RawBuilder<unknown> {
  const ref = sql.ref(column);
  if (as === 'bool') return kind === 'postgres' ? sql`(${ref} = 1)` : sql`json(case when ${ref} = 1 then 'true' else 'false' end)`;
  if (as === 'json') return kind === 'postgres' ? sql`(${ref})::json` : sql`json(${ref})`;
  return sql`${ref}`;
}

/**
 * A put change of a bulk entity as JSON text, built by the database:
 * {"entity":…,"id":…,"rev":…,"op":"put","data":{…the record…}} (common/sync/protocol.ts Change).
 */
function jsonPut(kind: StoreKind, entity: EntityName, fields: readonly JsonField[]): RawBuilder<string> {
  const args = sql.join(fields.map(([key, column, as]) => sql`${sql.lit(key)}, ${jsonValue(kind, column, as)}`));
  return kind === 'postgres'
    ? sql<string>`json_build_object('entity', ${sql.lit(entity)}, 'id', id, 'rev', rev, 'op', 'put', 'data', json_build_object(${args}))::text`
    : sql<string>`json_object('entity', ${sql.lit(entity)}, 'id', id, 'rev', rev, 'op', 'put', 'data', json_object(${args}))`;
}

/** A put change that is already JSON text (see jsonPut), copied into the answer as is. */
interface RawPut {
  rev: number;
  json: string;
}
/** A change of a page: a Change, or a put change as JSON text. */
type PageChange = Change | RawPut;
/** A pull answer whose changes may be JSON text: write it with `pullResponseJson`. */
export type PullPage = Omit<PullResponse, 'changes'> & { changes: PageChange[] };

const rawPuts = (rows: { rev: number | string; json: string }[]): RawPut[] => rows.map((r) => ({ rev: Number(r.rev), json: r.json }));

/** The JSON text of a pull answer (PullResponse), raw put changes copied as they are. */
export function pullResponseJson(page: PullPage): string {
  const { changes, ...rest } = page;
  const parts = changes.map((c) => ('json' in c ? c.json : JSON.stringify(c)));
  return `{"changes":[${parts.join(',')}],${JSON.stringify(rest).slice(1)}`;
}

/** The upper rev bound of a rev scan: a number, or the high-water mark read in the same statement. */
type High = number | RawBuilder<number>;

/** The committed high-water mark as a scalar subquery (read in the statement's own snapshot). */
const HIGH_WATER: RawBuilder<number> = sql<number>`(select last_rev from change_sequence where id = 1)`;

/** One synced table as pull reads it. */
interface Source {
  /** A query for the revs of the first `take` visible rows with after < rev <= high, ascending. */
  revs(after: number, high: High, take: number): Expression<{ rev: number }>;
  /** The visible rows with after < rev <= upTo, as changes. */
  changes(after: number, upTo: number): Promise<PageChange[]>;
  /**
   * Records that follow their ticket (worklogs, attachments, links, events): their visibility
   * is checked row by row, so their revs are read second, only up to where the other tables'
   * page ends.
   */
  child?: true;
}

/** Assets, configuration items and asset inventories: rows of the viewer's site, sent as JSON built by the database. */
function siteScopedSource(
  db: Kysely<Database>,
  kind: StoreKind,
  viewer: Viewer,
  table: 'assets' | 'configuration_items' | 'asset_inventories',
  entity: EntityName,
  json: readonly JsonField[],
): Source {
  // Both tables have the same scope columns; one table's types stand for both.
  const from = () => db.selectFrom(table as 'assets');
  const scope = siteScopeCondition<'assets'>(viewer);
  return {
    revs: (a, h, n) => from().select('rev').where('rev', '>', a).where('rev', '<=', h).where(scope).orderBy('rev').limit(n),
    changes: async (a, u) =>
      rawPuts(
        await from()
          .select(['rev', jsonPut(kind, entity, json).as('json')])
          .where('rev', '>', a)
          .where('rev', '<=', u)
          .where(scope)
          .orderBy('rev')
          .execute(),
      ),
  };
}

/**
 * Tickets and tasks: the rows of the viewer's groups, site (and, for tasks, their own),
 * sent as JSON built by the database. A technician's revs are read with one ordered range
 * scan per group, site and assignee (on the (group_id, rev), (site_id, rev) and
 * (assignee_id, rev) indexes), joined by UNION: an OR of them would make the engine collect
 * and sort every remaining match for every page.
 */
function workSource(db: Kysely<Database>, kind: StoreKind, viewer: Viewer, table: 'tickets' | 'tasks'): Source {
  // Both tables have the scope columns used here; one table's types stand for both.
  const from = () => db.selectFrom(table as 'tasks');
  const scope = (table === 'tickets' ? ticketScopeCondition(viewer) : taskScopeCondition(viewer)) as ReturnType<typeof taskScopeCondition>;
  const technician = viewer.role === 'technician';
  const branches = [
    ...(technician ? viewer.groupIds.map((g) => ['group_id', g] as const) : []),
    ...(technician && viewer.siteId ? [['site_id', viewer.siteId] as const] : []),
    ...(technician && table === 'tasks' ? [['assignee_id', viewer.id] as const] : []),
  ];
  return {
    revs: (a, h, n) => {
      if (seesEverything(viewer) || branches.length === 0) return from().select('rev').where('rev', '>', a).where('rev', '<=', h).where(scope).orderBy('rev').limit(n);
      const scans = branches.map(([column, value], i) => {
        const scan = from().select('rev').where(column, '=', value).where('rev', '>', a).where('rev', '<=', h).orderBy('rev').limit(n);
        return sql`select rev from (${scan}) as ${sql.id(`t${i}`)}`;
      });
      return sql<{ rev: number }>`${sql.join(scans, sql` union `)}`;
    },
    changes: async (a, u) =>
      rawPuts(
        await from()
          .select(['rev', jsonPut(kind, table === 'tickets' ? 'ticket' : 'task', table === 'tickets' ? TICKET_JSON : TASK_JSON).as('json')])
          .where('rev', '>', a)
          .where('rev', '<=', u)
          .where(scope)
          .orderBy('rev')
          .execute(),
      ),
  };
}

/** Records that follow their ticket: a child source (see Source.child). */
function childSource(
  db: Kysely<Database>,
  viewer: Viewer,
  table: TicketChildTable,
  rows: (after: number, upTo: number) => Promise<PageChange[]>,
): Source {
  // Every child table has ticket_id and rev; one table's types stand for all.
  const scope = ticketChildScopeCondition(viewer, table) as unknown as ReturnType<typeof ticketChildScopeCondition<'ticket_links'>>;
  return {
    child: true,
    revs: (a, h, n) =>
      db
        .selectFrom(table as 'ticket_links')
        .select('rev')
        .where('rev', '>', a)
        .where('rev', '<=', h)
        .where(scope)
        .orderBy('rev')
        .limit(n),
    changes: rows,
  };
}

const put = (entity: EntityName, data: AnyRecord): Change => ({ entity, id: data.id, rev: data.rev, op: 'put', data });
const del = (entity: EntityName, id: string, rev: number): Change => ({ entity, id, rev, op: 'delete' });

function sources(kind: StoreKind, db: Kysely<Database>, viewer: Viewer, day: number): Source[] {
  return [
    {
      revs: (a, h, n) => db.selectFrom('sites').select('rev').where('rev', '>', a).where('rev', '<=', h).orderBy('rev').limit(n),
      changes: async (a, u) =>
        (await db.selectFrom('sites').selectAll().where('rev', '>', a).where('rev', '<=', u).orderBy('rev').execute()).map((r) => put('site', siteFromRow(r))),
    },
    {
      revs: (a, h, n) =>
        db.selectFrom('locations').select('rev').where('rev', '>', a).where('rev', '<=', h).orderBy('rev').limit(n),
      changes: async (a, u) =>
        (await db.selectFrom('locations').selectAll().where('rev', '>', a).where('rev', '<=', u).orderBy('rev').execute()).map((r) =>
          put('location', locationFromRow(r)),
        ),
    },
    {
      revs: (a, h, n) => db.selectFrom('groups').select('rev').where('rev', '>', a).where('rev', '<=', h).orderBy('rev').limit(n),
      changes: async (a, u) =>
        (await db.selectFrom('groups').selectAll().where('rev', '>', a).where('rev', '<=', u).orderBy('rev').execute()).map((r) => put('group', groupFromRow(r))),
    },
    {
      revs: (a, h, n) => db.selectFrom('persons').select('rev').where('rev', '>', a).where('rev', '<=', h).orderBy('rev').limit(n),
      changes: async (a, u) => {
        const rows = await db.selectFrom('persons').select(PERSON_COLUMNS).where('rev', '>', a).where('rev', '<=', u).orderBy('rev').execute();
        const groups = await groupIdsByPerson(
          db,
          rows.map((r) => r.id),
        );
        return rows.map((r) => put('person', personFromRow(r, groups.get(r.id) ?? [])));
      },
    },
    {
      revs: (a, h, n) => db.selectFrom('itsm_config').select('rev').where('rev', '>', a).where('rev', '<=', h).orderBy('rev').limit(n),
      changes: async (a, u) =>
        (await db.selectFrom('itsm_config').selectAll().where('rev', '>', a).where('rev', '<=', u).orderBy('rev').execute()).map((r) =>
          put('itsm_config', itsmConfigFromRow(r)),
        ),
    },
    workSource(db, kind, viewer, 'tickets'),
    workSource(db, kind, viewer, 'tasks'),
    childSource(db, viewer, 'worklogs', async (a, u) =>
      (
        await db
          .selectFrom('worklogs')
          .selectAll()
          .where('rev', '>', a)
          .where('rev', '<=', u)
          .where(ticketChildScopeCondition(viewer, 'worklogs'))
          .orderBy('rev')
          .execute()
      ).map((r) => put('worklog', worklogFromRow(r))),
    ),
    childSource(db, viewer, 'attachments', async (a, u) =>
      (
        await db
          .selectFrom('attachments')
          .selectAll()
          .where('rev', '>', a)
          .where('rev', '<=', u)
          .where(ticketChildScopeCondition(viewer, 'attachments'))
          .orderBy('rev')
          .execute()
      ).map((r) => put('attachment', attachmentFromRow(r))),
    ),
    childSource(db, viewer, 'ticket_links', async (a, u) =>
      rawPuts(
        await db
          .selectFrom('ticket_links')
          .select(['rev', jsonPut(kind, 'ticket_link', TICKET_LINK_JSON).as('json')])
          .where('rev', '>', a)
          .where('rev', '<=', u)
          .where(ticketChildScopeCondition(viewer, 'ticket_links'))
          .orderBy('rev')
          .execute(),
      ),
    ),
    childSource(db, viewer, 'ticket_events', async (a, u) =>
      rawPuts(
        await db
          .selectFrom('ticket_events')
          .select(['rev', jsonPut(kind, 'ticket_event', TICKET_EVENT_JSON).as('json')])
          .where('rev', '>', a)
          .where('rev', '<=', u)
          .where(ticketChildScopeCondition(viewer, 'ticket_events'))
          .orderBy('rev')
          .execute(),
      ),
    ),
    siteScopedSource(db, kind, viewer, 'assets', 'asset', ASSET_JSON),
    siteScopedSource(db, kind, viewer, 'configuration_items', 'configuration_item', CONFIGURATION_ITEM_JSON),
    siteScopedSource(db, kind, viewer, 'asset_inventories', 'asset_inventory', ASSET_INVENTORY_JSON),
    {
      revs: (a, h, n) =>
        db
          .selectFrom('knowledge_articles')
          .select('rev')
          .where('rev', '>', a)
          .where('rev', '<=', h)
          .where(articleScopeCondition(viewer))
          .orderBy('rev')
          .limit(n),
      changes: async (a, u) =>
        (
          await db
            .selectFrom('knowledge_articles')
            .selectAll()
            .where('rev', '>', a)
            .where('rev', '<=', u)
            .where(articleScopeCondition(viewer))
            .orderBy('rev')
            .execute()
        ).map((r) => put('knowledge_article', knowledgeArticleFromRow(r))),
    },
    {
      revs: (a, h, n) =>
        db
          .selectFrom('changes')
          .select('rev')
          .where('rev', '>', a)
          .where('rev', '<=', h)
          .where(changeScopeCondition(viewer, day))
          .orderBy('rev')
          .limit(n),
      changes: async (a, u) =>
        (
          await db.selectFrom('changes').selectAll().where('rev', '>', a).where('rev', '<=', u).where(changeScopeCondition(viewer, day)).orderBy('rev').execute()
        ).map((r) => put('change', changeFromRow(r))),
    },
    {
      revs: (a, h, n) =>
        db.selectFrom('tombstones').select('rev').where('rev', '>', a).where('rev', '<=', h).orderBy('rev').limit(n),
      changes: async (a, u) =>
        (await db.selectFrom('tombstones').select(['entity', 'id', 'rev']).where('rev', '>', a).where('rev', '<=', u).orderBy('rev').execute()).map((r) =>
          del(r.entity as EntityName, r.id, Number(r.rev)),
        ),
    },
  ];
}

/** Whether the viewer may see each of the given records now (missing records: no). */
async function visibleNow(db: Kysely<Database>, viewer: Viewer, entity: string, ids: string[], day: number): Promise<Set<string>> {
  const seen = new Set<string>();
  if (ids.length === 0) return seen;
  switch (entity) {
    case 'ticket':
      for (const r of await db.selectFrom('tickets').select(['id', 'group_id', 'site_id']).where('id', 'in', ids).execute())
        if (canSeeTicket(viewer, { groupId: r.group_id, siteId: r.site_id })) seen.add(r.id);
      break;
    case 'task':
      for (const r of await db.selectFrom('tasks').select(['id', 'group_id', 'site_id', 'assignee_id']).where('id', 'in', ids).execute())
        if (canSeeTask(viewer, { groupId: r.group_id, siteId: r.site_id, assigneeId: r.assignee_id })) seen.add(r.id);
      break;
    case 'asset':
      for (const r of await db.selectFrom('assets').select(['id', 'site_id']).where('id', 'in', ids).execute()) if (canSeeSiteRecord(viewer, r.site_id)) seen.add(r.id);
      break;
    case 'asset_inventory':
      for (const r of await db.selectFrom('asset_inventories').select(['id', 'site_id']).where('id', 'in', ids).execute())
        if (canSeeSiteRecord(viewer, r.site_id)) seen.add(r.id);
      break;
    case 'configuration_item':
      for (const r of await db.selectFrom('configuration_items').select(['id', 'site_id']).where('id', 'in', ids).execute())
        if (canSeeSiteRecord(viewer, r.site_id)) seen.add(r.id);
      break;
    case 'knowledge_article':
      for (const r of await db.selectFrom('knowledge_articles').select(['id', 'published', 'author_id']).where('id', 'in', ids).execute())
        if (canSeeArticle(viewer, { published: Number(r.published) === 1, authorId: r.author_id })) seen.add(r.id);
      break;
    case 'change':
      for (const r of await db.selectFrom('changes').select(['id', 'window_start', 'window_end']).where('id', 'in', ids).execute())
        if (canSeeChange(viewer, { windowStart: r.window_start, windowEnd: r.window_end }, day)) seen.add(r.id);
      break;
  }
  return seen;
}

interface MoveOutcome {
  move: ScopeMoveTable;
  leaving: boolean;
}

/**
 * The scope moves of a technician's page range that matter to them: leaving (they could see
 * the old values, not the record now) or, for tickets, entering (the other way round).
 * `horizon` is the rev up to which the moves are known (the last read when more may follow).
 */
async function relevantMoves(
  db: Kysely<Database>,
  viewer: Viewer,
  after: number,
  high: number,
  take: number,
  day: number,
  cursorDay: number,
): Promise<{ moves: MoveOutcome[]; horizon: number }> {
  const rows = await db.selectFrom('scope_moves').selectAll().where('rev', '>', after).where('rev', '<=', high).orderBy('rev').limit(take).execute();
  const horizon = rows.length === take ? Number(rows[rows.length - 1]?.rev) : Number.POSITIVE_INFINITY;
  const byEntity = new Map<string, string[]>();
  for (const r of rows) byEntity.set(r.entity, [...(byEntity.get(r.entity) ?? []), r.id]);
  const visible = new Map<string, Set<string>>();
  for (const [entity, ids] of byEntity) visible.set(entity, await visibleNow(db, viewer, entity, [...new Set(ids)], day));
  const moves: MoveOutcome[] = [];
  for (const move of rows) {
    const now = visible.get(move.entity)?.has(move.id) ?? false;
    const before = couldSeeBefore(viewer, move, cursorDay);
    if (before && !now) moves.push({ move: { ...move, rev: Number(move.rev) }, leaving: true });
    else if (!before && now && move.entity === 'ticket') moves.push({ move: { ...move, rev: Number(move.rev) }, leaving: false });
  }
  return { moves, horizon };
}

/** The records that follow their ticket, by table: they leave and enter a scope with it. */
const CHILDREN: readonly { table: TicketChildTable; entity: EntityName }[] = [
  { table: 'worklogs', entity: 'worklog' },
  { table: 'attachments', entity: 'attachment' },
  { table: 'ticket_links', entity: 'ticket_link' },
  { table: 'ticket_events', entity: 'ticket_event' },
];

/** Turns relevant moves into changes: deletes for leaving records, older children for entering tickets. */
async function moveChanges(db: Kysely<Database>, moves: MoveOutcome[], after: number): Promise<Change[]> {
  const out: Change[] = [];
  const leavingTickets = new Map<string, number>();
  const enteringTickets = new Map<string, number>();
  for (const { move, leaving } of moves) {
    if (leaving) {
      out.push(del(move.entity as EntityName, move.id, move.rev));
      if (move.entity === 'ticket') leavingTickets.set(move.id, move.rev);
    } else {
      enteringTickets.set(move.id, move.rev);
    }
  }
  if (leavingTickets.size > 0) {
    const ids = [...leavingTickets.keys()];
    const children = await Promise.all(CHILDREN.map(({ table }) => db.selectFrom(table as 'ticket_links').select(['id', 'ticket_id']).where('ticket_id', 'in', ids).execute()));
    CHILDREN.forEach(({ entity }, i) => {
      for (const c of children[i] ?? []) out.push(del(entity, c.id, leavingTickets.get(c.ticket_id) ?? 0));
    });
  }
  if (enteringTickets.size > 0) {
    // Children written after the cursor arrive by the normal path; send the older ones.
    const ids = [...enteringTickets.keys()];
    const [worklogs, attachments, links, events] = await Promise.all([
      db.selectFrom('worklogs').selectAll().where('ticket_id', 'in', ids).where('rev', '<=', after).execute(),
      db.selectFrom('attachments').selectAll().where('ticket_id', 'in', ids).where('rev', '<=', after).execute(),
      db.selectFrom('ticket_links').selectAll().where('ticket_id', 'in', ids).where('rev', '<=', after).execute(),
      db.selectFrom('ticket_events').selectAll().where('ticket_id', 'in', ids).where('rev', '<=', after).execute(),
    ]);
    const at = (ticketId: string) => enteringTickets.get(ticketId) ?? 0;
    for (const w of worklogs) out.push({ ...put('worklog', worklogFromRow(w)), rev: at(w.ticket_id) });
    for (const a of attachments) out.push({ ...put('attachment', attachmentFromRow(a)), rev: at(a.ticket_id) });
    for (const l of links) out.push({ ...put('ticket_link', ticketLinkFromRow(l)), rev: at(l.ticket_id) });
    for (const e of events) out.push({ ...put('ticket_event', ticketEventFromRow(e)), rev: at(e.ticket_id) });
  }
  return out;
}

/**
 * Changes whose window moved in or out of a technician's horizon between the cursor's day
 * and today, for records the cursor already covers (rev <= after).
 */
async function windowCorrections(db: Kysely<Database>, viewer: Viewer, after: number, cursorDay: number, day: number): Promise<Change[]> {
  const wasIn = changeScopeCondition(viewer, cursorDay);
  const isIn = changeScopeCondition(viewer, day);
  const [left, entered] = await Promise.all([
    db
      .selectFrom('changes')
      .select('id')
      .where(wasIn)
      .where((eb) => eb.not(isIn(eb)))
      .execute(),
    db
      .selectFrom('changes')
      .selectAll()
      .where('rev', '<=', after)
      .where(isIn)
      .where((eb) => eb.not(wasIn(eb)))
      .execute(),
  ]);
  return [...left.map((r) => del('change', r.id, after)), ...entered.map((r) => ({ ...put('change', changeFromRow(r)), rev: after }))];
}

/** Row tags of prefetchRevs' extra rows (sources are tagged 0, 1, …). */
const HIGH_ROW = -1;
const CHILD_MIN_ROW = -2;
const MOVES_MIN_ROW = -3;

/** What the first statement of a page returns besides the revs. */
interface Prefetched {
  lists: number[][];
  /** The committed high-water mark (with `probes`: read in the same statement as the revs). */
  high: number;
  /** The smallest rev after the cursor of a record that follows its ticket, visible or not (null: none). */
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

/** The answer to a cursor beyond the server's latest change. */
function cursorAhead(cursor: string, high: number): ApiError {
  return new ApiError(
    400,
    'invalid_cursor',
    `The cursor ${cursor} is ahead of this server, whose latest change is ${high}. The server's data may have been replaced: pull again from cursor 0.`,
  );
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
  const parsed = parseCursor(query.cursor);
  const { viewer: me, scopeVersion: personVersion } = resolved ?? (await resolveViewer(db, viewer.id));
  const day = dayOf(ctx.config.now());

  let after = parsed.rev;
  let reset = false;
  if (after > 0 && (parsed.scopeVersion === null || !samePersonScope(parsed.scopeVersion, personVersion))) {
    after = 0;
    reset = true;
  }
  const cursorDay = after > 0 && parsed.scopeVersion !== null ? parseScopeVersion(parsed.scopeVersion).day : day;
  const scoped = !seesEverything(me);

  // An incremental pull on SQLite whose rev range holds at most one page: every change in
  // it fits (each rev belongs to one record write), so the rows are read straight away, no
  // rev prefetch. Statements cost no round trip on SQLite; on PostgreSQL the prefetch's
  // single statement is cheaper than one per table.
  if (ctx.store.kind === 'sqlite' && after > 0) {
    const high = await ctx.store.currentRev();
    if (parsed.rev > high) throw cursorAhead(query.cursor, high);
    if (high - after <= query.limit) {
      const [pages, moved, corrections] = await Promise.all([
        Promise.all(sources(ctx.store.kind, db, me, day).map((s) => s.changes(after, high))),
        scoped ? relevantMoves(db, me, after, high, query.limit + 1, day, cursorDay) : Promise.resolve({ moves: [], horizon: Number.POSITIVE_INFINITY }),
        scoped && cursorDay !== day ? windowCorrections(db, me, after, cursorDay, day) : Promise.resolve([]),
      ]);
      const fromMoves = await moveChanges(db, moved.moves, after);
      const changes: PageChange[] = [...corrections, ...pages.flat(), ...fromMoves].sort((a, b) => a.rev - b.rev);
      return { changes, cursor: formatCursor(high, formatScopeVersion(personVersion, day)), hasMore: false, remaining: 0 };
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
  if (parsed.rev > high) throw cursorAhead(query.cursor, high);

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
      moved.moves.filter((m) => m.move.rev <= upTo),
      after,
    ),
  ]);
  const changes: PageChange[] = [...corrections, ...pages.flat(), ...fromMoves].sort((a, b) => a.rev - b.rev);

  const covered = upTo - after;
  const remaining = hasMore && covered > 0 ? Math.min(high - upTo, Math.ceil(((high - upTo) * changes.length) / covered)) : 0;
  const response: PullPage = { changes, cursor: formatCursor(upTo, formatScopeVersion(personVersion, day)), hasMore, remaining };
  if (reset) response.reset = true;
  return response;
}

export function registerPullRoute(app: FastifyInstance, ctx: AppContext): void {
  app.get(API.pull, async (request, reply) => {
    const auth = requireAuth(request);
    const parsed = PullQuerySchema.safeParse(request.query);
    if (!parsed.success) throw new ApiError(400, 'invalid_query', `The pull query is malformed: ${describeZodError(parsed.error)}`);
    const page = await pullChanges(ctx, auth.user, parsed.data, { viewer: auth.user, scopeVersion: auth.scopeVersion });
    return reply.header('cache-control', 'no-store').type('application/json; charset=utf-8').send(pullResponseJson(page));
  });
}
