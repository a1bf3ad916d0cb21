/**
 * Leaving and entering a viewer's scope between two pulls.
 *
 * Scope moves: `scope_moves` (written by triggers) holds the old scope values of every record
 * whose scope columns changed, at the rev of that change. For a technician, a move in the
 * page's rev range whose old values they could see, of a record they cannot see now, becomes a
 * delete, and so do the records that follow it (those declared child of its entity: a ticket's
 * worklogs, attachments, links and events), unless one is still visible to them another way:
 * a record may follow two parents (`anyOf(childOf('configuration_item', 'fromId'),
 * childOf('configuration_item', 'toId'))`), or a parent and a rule of its own, and it leaves only
 * when no rule of its scope holds any more. A task also leaves when it is reassigned away from
 * them, since its assignee is part of its scope. A record with children that enters their scope
 * brings its older children along (through each of their child-of rules that names it); a record
 * that enters arrives itself by the normal path (the write that moved it gave it a new rev); a
 * child whose rule is an `allOf` of two parents (a change's link to a CI) enters with one only
 * when the other is visible too. These follow-on changes carry the rev of the move, so a page may
 * run a little over `limit`. All of it
 * is read from the declarations (common/entities/): which fields a scope reads, and which
 * entities follow which.
 *
 * Days: a cursor made on another day (cursor.ts) is corrected by windowCorrections, for the
 * records of every entity whose scope has a window rule (change requests today), or follows a
 * parent that has one, whose window moved in or out of the horizon since.
 */
import { sql, type Kysely } from 'kysely';
import { ENTITIES, entities, recordFromRow, type EntityDeclaration, type EntityName } from '@fielddesk/common/entities/registry';
import { ruleFields, type ScopeRule } from '@fielddesk/common/entities/scope';
import type { AnyRecord } from '@fielddesk/common/domain/entities';
import type { Change } from '@fielddesk/common/sync/protocol';
import type { Database, ScopeMoveTable } from '../../db/types';
import { canSeeRecord, childOfRules, couldSeeBefore, followsParent, scopeCondition, type Viewer } from '../scope';
import { del, put } from './sources';

const declared = entities as Record<string, EntityDeclaration | undefined>;

/** A table of any declared entity, for queries that name their columns through the declaration. */
type AnyTable = 'assets';

/** A record that follows a parent: its entity, the column that names the parent, and whether that one rule is its whole scope. */
export interface ChildLink {
  entity: EntityDeclaration;
  column: string;
  /** The entity's scope is this child-of rule alone: it is visible exactly when this parent is. */
  only: boolean;
  /**
   * The rule sits inside an `allOf`: this parent being visible is not enough, the record's other
   * rules must hold too (a change's link to a CI enters with its CI only when its change is seen).
   */
  withOthers: boolean;
}

/** The children of each entity: by parent entity, every child-of rule that names it (top level or in an anyOf), one link each. */
export type ChildrenOf = ReadonlyMap<string, readonly ChildLink[]>;

/** The children of each entity, from the declarations. */
export function childrenOf(declarations: readonly EntityDeclaration[]): ChildrenOf {
  const map = new Map<string, ChildLink[]>();
  for (const entity of declarations) {
    const inAllOf = new Set(allOfChildRules(entity.scope));
    for (const rule of childOfRules(entity.scope)) {
      const list = map.get(rule.parent) ?? [];
      list.push({ entity, column: entity.scopeColumns[rule.field]!, only: entity.scope.kind === 'childOf', withOthers: inAllOf.has(rule) });
      map.set(rule.parent, list);
    }
  }
  return map;
}

/** The child-of rules that sit inside an `allOf` of a rule (at any depth). */
function allOfChildRules(rule: ScopeRule, inAll = false): ScopeRule[] {
  if (rule.kind === 'childOf') return inAll ? [rule] : [];
  if (rule.kind === 'anyOf' || rule.kind === 'allOf') return rule.rules.flatMap((r) => allOfChildRules(r, inAll || rule.kind === 'allOf'));
  return [];
}

/** The entities declared child of each entity (see ChildrenOf). */
const CHILDREN_OF = childrenOf(ENTITIES);

/** The ids among `ids` of the entity's records the viewer may see now, by its compiled scope condition. */
async function visibleBySql(db: Kysely<Database>, viewer: Viewer, entity: EntityDeclaration, ids: string[], day: number): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom(entity.table as AnyTable)
    .select('id')
    .where('id', 'in', ids)
    .where(scopeCondition(entity, viewer, day))
    .execute();
  return new Set(rows.map((r) => String(r.id)));
}

/** Whether the viewer may see each of the given records now (missing records: no). */
async function visibleNow(db: Kysely<Database>, viewer: Viewer, entityName: string, ids: string[], day: number): Promise<Set<string>> {
  const seen = new Set<string>();
  const entity = declared[entityName];
  if (ids.length === 0 || !entity) return seen;
  // A rule through a parent is checked by the database (the parent's own scope, one lookup per row).
  if (followsParent(entity)) return visibleBySql(db, viewer, entity, ids, day);
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
 * may follow). `children`: the declared children (tests pass their own).
 */
export async function relevantMoves(
  db: Kysely<Database>,
  viewer: Viewer,
  after: number,
  high: number,
  take: number,
  day: number,
  cursorDay: number,
  children: ChildrenOf = CHILDREN_OF,
): Promise<{ moves: MoveOutcome[]; horizon: number }> {
  // Moves written by one statement share its rev (an asset and its inventory): entity and id order them the same on both stores.
  const rows = await db.selectFrom('scope_moves').selectAll().where('rev', '>', after).where('rev', '<=', high).orderBy('rev').orderBy('entity').orderBy('id').limit(take).execute();
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
    else if (!before && now && children.has(move.entity)) moves.push({ move: { ...move, rev: Number(move.rev) }, leaving: false });
  }
  return { moves, horizon };
}

/**
 * Turns relevant moves into changes: deletes for leaving records and for their children that
 * the viewer no longer sees through any rule, older children for entering records. `day`: the
 * day the children's visibility is checked for (today); `children`: as for relevantMoves.
 */
export async function moveChanges(
  db: Kysely<Database>,
  viewer: Viewer,
  moves: MoveOutcome[],
  after: number,
  day: number,
  children: ChildrenOf = CHILDREN_OF,
): Promise<Change[]> {
  const out: Change[] = [];
  /** Per parent entity: the rev of the move of each leaving / entering parent. */
  const leaving = new Map<string, Map<string, number>>();
  const entering = new Map<string, Map<string, number>>();
  const note = (into: Map<string, Map<string, number>>, move: ScopeMoveTable) => {
    if (!children.has(move.entity)) return;
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

  // Children of leaving parents, per child entity (one record may name several of them): the
  // rev of the latest move that concerns each.
  const orphans = new Map<EntityDeclaration, Map<string, number>>();
  for (const [parent, revs] of leaving) {
    const ids = [...revs.keys()];
    for (const { entity, column, only } of children.get(parent) ?? []) {
      const rows = (await sql<{ id: string; parent: string }>`select id, ${sql.ref(column)} as parent from ${sql.table(entity.table)} where ${sql.ref(column)} in (${sql.join(ids)})`.execute(db)).rows;
      if (only) {
        for (const c of rows) out.push(del(entity.name as EntityName, c.id, revs.get(c.parent) ?? 0));
        continue;
      }
      const byId = orphans.get(entity) ?? new Map<string, number>();
      for (const c of rows) byId.set(c.id, Math.max(byId.get(c.id) ?? 0, revs.get(c.parent) ?? 0));
      orphans.set(entity, byId);
    }
  }
  // A record with other ways in (another parent, a rule of its own) leaves only when none holds now.
  for (const [entity, revs] of orphans) {
    const still = await visibleBySql(db, viewer, entity, [...revs.keys()], day);
    for (const [id, rev] of revs) if (!still.has(id)) out.push(del(entity.name as EntityName, id, rev));
  }

  // Children written after the cursor arrive by the normal path; send the older ones (once
  // each, when one names several entering parents), those whose other rules hold too when the
  // parent is one of an allOf.
  const sent = new Set<string>();
  for (const [parent, revs] of entering) {
    const ids = [...revs.keys()];
    for (const { entity, column, withOthers } of children.get(parent) ?? []) {
      const found = (await sql<Record<string, unknown>>`select * from ${sql.table(entity.table)} where ${sql.ref(column)} in (${sql.join(ids)}) and rev <= ${after}`.execute(db)).rows;
      const seen = withOthers ? await visibleBySql(db, viewer, entity, found.map((r) => String(r.id)), day) : null;
      const rows = seen ? found.filter((r) => seen.has(String(r.id))) : found;
      for (const row of rows) {
        const key = `${entity.name}\u0000${String(row.id)}`;
        if (sent.has(key)) continue;
        sent.add(key);
        const record = recordFromRow(entity, row) as unknown as AnyRecord;
        out.push({ ...put(entity.name as EntityName, record), rev: revs.get(String(row[column])) ?? 0 });
      }
    }
  }
  return out;
}

/** Whether a rule holds a window rule, directly or through the parent of one of its child-of rules. */
function readsWindow(rule: ScopeRule, declarations: Readonly<Record<string, EntityDeclaration | undefined>>, seen: Set<string> = new Set()): boolean {
  switch (rule.kind) {
    case 'window':
      return true;
    case 'anyOf':
    case 'allOf':
      return rule.rules.some((r) => readsWindow(r, declarations, seen));
    case 'childOf': {
      const parent = declarations[rule.parent];
      if (!parent || seen.has(parent.name)) return false;
      seen.add(parent.name);
      return readsWindow(parent.scope, declarations, seen);
    }
    default:
      return false;
  }
}

/**
 * The entities whose records move in and out of a scope with the days: their scope has a window
 * rule, or follows a parent whose scope has one (change requests today).
 */
export function windowedEntities(declarations: readonly EntityDeclaration[] = ENTITIES): EntityDeclaration[] {
  const byName = Object.fromEntries(declarations.map((e) => [e.name, e])) as Record<string, EntityDeclaration | undefined>;
  return declarations.filter((e) => readsWindow(e.scope, { ...declared, ...byName }));
}

const WINDOWED = windowedEntities();

/**
 * The records of the windowed entities whose window moved in or out of a technician's horizon
 * between the cursor's day and today: deletes of those that left, puts of those that entered
 * and the cursor already covers (rev <= after; newer ones arrive by the normal path), at the
 * cursor's rev. Each entity's scope is compiled for both days (scope.ts), so any rule that
 * reads a window (alone, in an anyOf, or through a parent) is corrected.
 */
export async function windowCorrections(
  db: Kysely<Database>,
  viewer: Viewer,
  after: number,
  cursorDay: number,
  day: number,
  windowed: readonly EntityDeclaration[] = WINDOWED,
): Promise<Change[]> {
  const perEntity = await Promise.all(
    windowed.map(async (entity) => {
      const wasIn = scopeCondition(entity, viewer, cursorDay);
      const isIn = scopeCondition(entity, viewer, day);
      const from = () => db.selectFrom(entity.table as AnyTable);
      const [left, entered] = await Promise.all([
        // In id order: the corrections share one rev, so the order they are sent in is this one, on either store.
        from()
          .select('id')
          .where(wasIn)
          .where((eb) => eb.not(isIn(eb)))
          .orderBy('id')
          .execute(),
        from()
          .selectAll()
          .where('rev', '<=', after)
          .where(isIn)
          .where((eb) => eb.not(wasIn(eb)))
          .orderBy('id')
          .execute(),
      ]);
      const name = entity.name as EntityName;
      return [
        ...left.map((r) => del(name, r.id, after)),
        ...entered.map((r) => ({ ...put(name, recordFromRow(entity, r as unknown as Record<string, unknown>) as unknown as AnyRecord), rev: after })),
      ];
    }),
  );
  return perEntity.flat();
}
