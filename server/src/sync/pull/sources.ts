/**
 * What a viewer pulls: one Source per synced table, saying which of its rows the viewer may
 * see (the conditions of sync/scope.ts) and how those rows become changes. Every table has a
 * rev index, which the sources' rev scans use.
 *
 * Deletes of records (a removed ticket link) are tombstones, sent to everyone: they say only
 * which id is gone.
 */
import { sql, type Expression, type Kysely, type RawBuilder } from 'kysely';
import type { AnyRecord, EntityName } from '@fielddesk/common/domain/entities';
import type { Change } from '@fielddesk/common/sync/protocol';
import { ENTITIES, entities, type EntityDeclaration } from '@fielddesk/common/entities/registry';
import {
  groupIdsByPerson,
  itsmConfigFromRow,
  personFromRow,
} from '../../db/records';
import type { StoreKind } from '../../db/database';
import type { Database } from '../../db/types';
import {
  followsParent,
  seesEverything,
  scopeCondition,
  taskScopeCondition,
  ticketScopeCondition,
  type Viewer,
} from '../scope';

const PERSON_COLUMNS = ['id', 'username', 'display_name', 'email', 'role', 'site_id', 'rev'] as const;

/**
 * The bulk entities (tickets, tasks, ticket links and events, assets, configuration items,
 * asset inventories) leave the database as whole changes in JSON text, built by SQLite's
 * json_object / PostgreSQL's json_build_object (jsonPut), and are written into the answer as
 * they are: no row object, no record object, no JSON.stringify per record (most of a large
 * pull's CPU time otherwise). Each record field comes from the column its declaration names
 * (common/entities/), as it is, or `bool` (0/1 -> false/true) or `json` (JSON text embedded as
 * JSON), so the JSON equals what the declaration maps from the row (db/records.ts).
 */
type JsonAs = 'bool' | 'json' | undefined;

/** A column as a JSON value. */
function jsonValue(kind: StoreKind, column: string, as: JsonAs): RawBuilder<unknown> {
  const ref = sql.ref(column);
  if (as === 'bool') return kind === 'postgres' ? sql`(${ref} = 1)` : sql`json(case when ${ref} = 1 then 'true' else 'false' end)`;
  if (as === 'json') return kind === 'postgres' ? sql`(${ref})::json` : sql`json(${ref})`;
  return sql`${ref}`;
}

/**
 * A put change of a bulk entity as JSON text, built by the database:
 * {"entity":…,"id":…,"rev":…,"op":"put","data":{…the record…}} (common/sync/protocol.ts Change).
 */
function jsonPut(kind: StoreKind, entity: EntityDeclaration): RawBuilder<string> {
  if (entity.derivedFields.length > 0) throw new Error(`${entity.name} has fields that are not columns (${entity.derivedFields.join(', ')}): the database cannot build its records`);
  const args = sql.join(entity.columns.map((c) => sql`${sql.lit(c.field)}, ${jsonValue(kind, c.column, c.codec === 'bool' || c.codec === 'json' ? c.codec : undefined)}`));
  const name = entity.name;
  return kind === 'postgres'
    ? sql<string>`json_build_object('entity', ${sql.lit(name)}, 'id', id, 'rev', rev, 'op', 'put', 'data', json_build_object(${args}))::text`
    : sql<string>`json_object('entity', ${sql.lit(name)}, 'id', id, 'rev', rev, 'op', 'put', 'data', json_object(${args}))`;
}
/** A put change that is already JSON text (see jsonPut), copied into the answer as is. */
interface RawPut {
  rev: number;
  json: string;
}
/** A change of a page: a Change, or a put change as JSON text. */
export type PageChange = Change | RawPut;

const rawPuts = (rows: { rev: number | string; json: string }[]): RawPut[] => rows.map((r) => ({ rev: Number(r.rev), json: r.json }));

/** The upper rev bound of a rev scan: a number, or the high-water mark read in the same statement. */
export type High = number | RawBuilder<number>;

/** One synced table as pull reads it. */
export interface Source {
  /** A query for the revs of the first `take` visible rows with after < rev <= high, ascending. */
  revs(after: number, high: High, take: number): Expression<{ rev: number }>;
  /** The visible rows with after < rev <= upTo, as changes. */
  changes(after: number, upTo: number): Promise<PageChange[]>;
  /**
   * Records that follow a parent (a ticket's worklogs, attachments, links, events; any entity
   * with a child-of rule, alone or in an anyOf): their visibility is checked row by row through
   * the parent, so their revs are read second, only up to where the other tables' page ends.
   */
  child?: true;
}

/**
 * An entity pulled as its declaration says (common/entities/): the rows its scope rule lets the
 * viewer see, sent as JSON built by the database. Records that follow a parent (a child-of rule,
 * alone or in an anyOf) are marked `child`: their revs are read second (see Source.child).
 */
export function declaredSource(db: Kysely<Database>, kind: StoreKind, viewer: Viewer, entity: EntityDeclaration, day = 0): Source {
  // Every synced table has rev; the queries name no other column but through the compiled
  // scope, so one table's types stand for all.
  const from = () => db.selectFrom(entity.table as 'assets');
  const scope = scopeCondition(entity, viewer, day);
  const isChild = followsParent(entity);
  return {
    ...(isChild && { child: true as const }),
    revs: (a, h, n) => from().select('rev').where('rev', '>', a).where('rev', '<=', h).where(scope).orderBy('rev').limit(n),
    changes: async (a, u) =>
      rawPuts(
        await from()
          .select(['rev', jsonPut(kind, entity).as('json')])
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
          .select(['rev', jsonPut(kind, table === 'tickets' ? entities.ticket : entities.task).as('json')])
          .where('rev', '>', a)
          .where('rev', '<=', u)
          .where(scope)
          .orderBy('rev')
          .execute(),
      ),
  };
}


export const put = (entity: EntityName, data: AnyRecord): Change => ({ entity, id: data.id, rev: data.rev, op: 'put', data });
export const del = (entity: EntityName, id: string, rev: number): Change => ({ entity, id, rev, op: 'delete' });

/**
 * The synced tables as `viewer` pulls them (on `day`, which decides the windowed records they
 * see): every declared entity as its declaration says (declaredSource), but for the few read
 * in a shape of their own — people with their groups, the ITSM configuration document, and
 * tickets and tasks, whose revs are read one scope branch at a time (workSource) — then the
 * tombstones of deleted records.
 */
export function sources(kind: StoreKind, db: Kysely<Database>, viewer: Viewer, day: number): Source[] {
  const own: Partial<Record<EntityName, () => Source>> = {
    person: () => ({
      revs: (a, h, n) => db.selectFrom('persons').select('rev').where('rev', '>', a).where('rev', '<=', h).orderBy('rev').limit(n),
      changes: async (a, u) => {
        const rows = await db.selectFrom('persons').select(PERSON_COLUMNS).where('rev', '>', a).where('rev', '<=', u).orderBy('rev').execute();
        const groups = await groupIdsByPerson(
          db,
          rows.map((r) => r.id),
        );
        return rows.map((r) => put('person', personFromRow(r, groups.get(r.id) ?? [])));
      },
    }),
    itsm_config: () => ({
      revs: (a, h, n) => db.selectFrom('itsm_config').select('rev').where('rev', '>', a).where('rev', '<=', h).orderBy('rev').limit(n),
      changes: async (a, u) =>
        (await db.selectFrom('itsm_config').selectAll().where('rev', '>', a).where('rev', '<=', u).orderBy('rev').execute()).map((r) =>
          put('itsm_config', itsmConfigFromRow(r)),
        ),
    }),
    ticket: () => workSource(db, kind, viewer, 'tickets'),
    task: () => workSource(db, kind, viewer, 'tasks'),
  };
  const tombstones: Source = {
    revs: (a, h, n) => db.selectFrom('tombstones').select('rev').where('rev', '>', a).where('rev', '<=', h).orderBy('rev').limit(n),
    changes: async (a, u) =>
      (await db.selectFrom('tombstones').select(['entity', 'id', 'rev']).where('rev', '>', a).where('rev', '<=', u).orderBy('rev').execute()).map((r) =>
        del(r.entity as EntityName, r.id, Number(r.rev)),
      ),
  };
  return [...ENTITIES.map((entity) => own[entity.name]?.() ?? declaredSource(db, kind, viewer, entity, day)), tombstones];
}

/**
 * The records that follow a parent (a child-of rule, alone or in an anyOf: a ticket's worklogs,
 * attachments, links and events today), by table: the sources marked `child`, whose revs pull
 * reads second (paging.ts probes their tables for the first rev after the cursor).
 */
export const CHILDREN: readonly { table: string; entity: EntityName }[] = ENTITIES.filter(followsParent).map((e) => ({ table: e.table, entity: e.name }));
