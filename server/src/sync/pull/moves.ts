/**
 * Leaving and entering a viewer's scope between two pulls.
 *
 * Scope moves: `scope_moves` (written by triggers) holds the old scope values of every record
 * whose scope columns changed, at the rev of that change. For a technician, a move in the
 * page's rev range whose old values they could see, of a record they cannot see now, becomes a
 * delete, and so do the records that follow it (those declared child of its entity: a ticket's
 * worklogs, attachments, links and events). A task also leaves when it is reassigned away from
 * them, since its assignee is part of its scope. A record with children that enters their scope
 * brings its older children along; a record that enters arrives itself by the normal path (the
 * write that moved it gave it a new rev). These follow-on changes carry the rev of the move, so
 * a page may run a little over `limit`. All of it is read from the declarations
 * (common/entities/): which fields a scope reads, and which entities follow which.
 *
 * Days: a cursor made on another day (cursor.ts) is corrected by windowCorrections, for the
 * change requests whose window moved in or out of the horizon since.
 */
import { sql, type Kysely } from 'kysely';
import { ENTITIES, entities, recordFromRow, type EntityDeclaration, type EntityName } from '@fielddesk/common/entities/registry';
import { ruleFields } from '@fielddesk/common/entities/scope';
import type { AnyRecord } from '@fielddesk/common/domain/entities';
import type { Change } from '@fielddesk/common/sync/protocol';
import { changeFromRow } from '../../db/records';
import type { Database, ScopeMoveTable } from '../../db/types';
import { canSeeRecord, changeScopeCondition, couldSeeBefore, type Viewer } from '../scope';
import { del, put } from './sources';

const declared = entities as Record<string, EntityDeclaration | undefined>;

/** The entities declared child of each entity, with the column that names the parent. */
const CHILDREN_OF = new Map<string, { entity: EntityDeclaration; column: string }[]>();
for (const entity of ENTITIES) {
  if (entity.scope.kind !== 'childOf') continue;
  const list = CHILDREN_OF.get(entity.scope.parent) ?? [];
  list.push({ entity, column: entity.scopeColumns[entity.scope.field]! });
  CHILDREN_OF.set(entity.scope.parent, list);
}

/** Whether the viewer may see each of the given records now (missing records: no). */
async function visibleNow(db: Kysely<Database>, viewer: Viewer, entityName: string, ids: string[], day: number): Promise<Set<string>> {
  const seen = new Set<string>();
  const entity = declared[entityName];
  if (ids.length === 0 || !entity || entity.scope.kind === 'childOf') return seen;
  const fields = [...new Set(ruleFields(entity.scope))];
  const columns = fields.map((f) => entity.scopeColumns[f]!);
  const rows = (await sql<Record<string, unknown>>`select id, ${sql.join(columns.map((c) => sql.ref(c)))} from ${sql.table(entity.table)} where id in (${sql.join(ids)})`.execute(db))
    .rows;
  for (const row of rows) {
    const values = Object.fromEntries(fields.map((f, i) => [f, row[columns[i]!]]));
    if (canSeeRecord(entity, viewer, values, day)) seen.add(String(row.id));
  }
  return seen;
}

/** A scope move that matters to the viewer: their record leaving their scope, or a record with children entering it. */
export interface MoveOutcome {
  move: ScopeMoveTable;
  leaving: boolean;
}

/**
 * The scope moves of a technician's page range that matter to them: leaving (they could see
 * the old values, not the record now) or, for records that have children, entering (the other
 * way round). `horizon` is the rev up to which the moves are known (the last read when more
 * may follow).
 */
export async function relevantMoves(
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
    else if (!before && now && CHILDREN_OF.has(move.entity)) moves.push({ move: { ...move, rev: Number(move.rev) }, leaving: false });
  }
  return { moves, horizon };
}

/** Turns relevant moves into changes: deletes for leaving records and their children, older children for entering records. */
export async function moveChanges(db: Kysely<Database>, moves: MoveOutcome[], after: number): Promise<Change[]> {
  const out: Change[] = [];
  /** Per parent entity: the rev of the move of each leaving / entering parent. */
  const leaving = new Map<string, Map<string, number>>();
  const entering = new Map<string, Map<string, number>>();
  const note = (into: Map<string, Map<string, number>>, move: ScopeMoveTable) => {
    if (!CHILDREN_OF.has(move.entity)) return;
    const byId = into.get(move.entity) ?? new Map<string, number>();
    byId.set(move.id, move.rev);
    into.set(move.entity, byId);
  };
  for (const { move, leaving: isLeaving } of moves) {
    if (isLeaving) {
      out.push(del(move.entity as EntityName, move.id, move.rev));
      note(leaving, move);
    } else {
      note(entering, move);
    }
  }
  for (const [parent, revs] of leaving) {
    const ids = [...revs.keys()];
    for (const { entity, column } of CHILDREN_OF.get(parent) ?? []) {
      const rows = (await sql<{ id: string; parent: string }>`select id, ${sql.ref(column)} as parent from ${sql.table(entity.table)} where ${sql.ref(column)} in (${sql.join(ids)})`.execute(db)).rows;
      for (const c of rows) out.push(del(entity.name as EntityName, c.id, revs.get(c.parent) ?? 0));
    }
  }
  for (const [parent, revs] of entering) {
    // Children written after the cursor arrive by the normal path; send the older ones.
    const ids = [...revs.keys()];
    for (const { entity, column } of CHILDREN_OF.get(parent) ?? []) {
      const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(entity.table)} where ${sql.ref(column)} in (${sql.join(ids)}) and rev <= ${after}`.execute(db)).rows;
      for (const row of rows) {
        const record = recordFromRow(entity, row) as unknown as AnyRecord;
        out.push({ ...put(entity.name as EntityName, record), rev: revs.get(String(row[column])) ?? 0 });
      }
    }
  }
  return out;
}

/**
 * Changes whose window moved in or out of a technician's horizon between the cursor's day
 * and today, for records the cursor already covers (rev <= after).
 */
export async function windowCorrections(db: Kysely<Database>, viewer: Viewer, after: number, cursorDay: number, day: number): Promise<Change[]> {
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
