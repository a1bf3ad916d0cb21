/**
 * Who may see which records: each entity's rule is declared once, as data, in its declaration
 * (common/entities/, rules in common/entities/scope.ts) and compiled here twice: to the SQL
 * condition pull reads with (`scopeCondition`) and to the predicate over a record's values
 * (`canSeeRecord`) used by push (an op on a record you may not see is answered "not found or
 * not visible to you", exactly as if it did not exist) and for the old values kept in
 * `scope_moves` (`couldSeeBefore`: was a moved record visible before?).
 *
 * What the declarations say today: admins and agents see everything; technicians see tickets
 * of their support groups or of their site, with their worklogs, attachments, links and history
 * events (records that follow their ticket); tasks of their groups or site, and every task
 * assigned to them wherever it is; assets, configuration items and asset inventories of their
 * site, and the CI relations that touch a CI they see; published knowledge articles plus their own drafts; change requests whose maintenance
 * window touches the next 90 days; everyone signed in sees all sites, locations, groups and
 * people, and the ITSM configuration; requesters never sign in to the app and see nothing else.
 *
 * Scope version: a pull cursor carries "<rev>.<scopeVersion>". The scope version packs the
 * person's `persons.scope_version` (bumped by triggers when their site, role or groups
 * change: the replica must then start over, because records that entered the scope carry
 * old revs) and the day the cursor was made (window rules move once a day; pull then corrects
 * the windowed records only, without starting over).
 */
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { SessionUser } from '@fielddesk/common/api/http';
import { CHANGE_HORIZON_DAYS } from '@fielddesk/common/entities/change';
import { entities, type EntityDeclaration } from '@fielddesk/common/entities/registry';
import { DAY_MS, canSee, dayOf, ruleFields, seesEverything, windowOf, type ScopeRule } from '@fielddesk/common/entities/scope';
import type { Database, ScopeMoveTable } from '../db/types';

export type Viewer = Pick<SessionUser, 'id' | 'role' | 'siteId' | 'groupIds'>;

export { CHANGE_HORIZON_DAYS, DAY_MS, dayOf, seesEverything };
/** The scope version is personVersion * SCOPE_DAY_SLOTS + day (days since 1970). */
const SCOPE_DAY_SLOTS = 100_000;

/** The changes window of a day (see windowOf in common/entities/scope.ts). */
export function changeWindow(day: number): { from: string; to: string } {
  return windowOf(day, CHANGE_HORIZON_DAYS);
}

export function formatScopeVersion(personVersion: number, day: number): number {
  return (personVersion % SCOPE_DAY_SLOTS) * SCOPE_DAY_SLOTS + (day % SCOPE_DAY_SLOTS);
}
export function parseScopeVersion(scopeVersion: number): { personVersion: number; day: number } {
  return { personVersion: Math.floor(scopeVersion / SCOPE_DAY_SLOTS), day: scopeVersion % SCOPE_DAY_SLOTS };
}
/** True when a cursor's scope version was made for the person's current scope (days aside). */
export function samePersonScope(scopeVersion: number, personVersion: number): boolean {
  return parseScopeVersion(scopeVersion).personVersion === personVersion % SCOPE_DAY_SLOTS;
}

// ---- In memory --------------------------------------------------------------------------

/**
 * Whether the viewer may see a record of the entity with these field values. A child-of rule
 * asks `parentVisible` (records that follow their parent are checked through the parent).
 */
export function canSeeRecord(
  entity: EntityDeclaration,
  viewer: Viewer,
  values: Readonly<Record<string, unknown>>,
  day = 0,
  parentVisible?: (parent: string, id: string | null) => boolean,
): boolean {
  return canSee(entity.scope, viewer, values, { day, ...(parentVisible && { parentVisible }) });
}

export function canSeeTicket(viewer: Viewer, ticket: { groupId: string | null; siteId: string | null }): boolean {
  return canSeeRecord(entities.ticket, viewer, ticket);
}

export function canSeeTask(viewer: Viewer, task: { groupId: string | null; siteId: string | null; assigneeId: string | null }): boolean {
  return canSeeRecord(entities.task, viewer, task);
}

/** Assets and configuration items (and asset inventories): the rule they share, on their site. */
export function canSeeSiteRecord(viewer: Viewer, siteId: string | null): boolean {
  return canSeeRecord(entities.asset, viewer, { siteId });
}

export function canSeeArticle(viewer: Viewer, article: { published: boolean; authorId: string | null }): boolean {
  return canSeeRecord(entities.knowledge_article, viewer, article);
}

/** A child-of rule: the record is visible when the parent named by its field is. */
export type ChildOfRule = Extract<ScopeRule, { kind: 'childOf' }>;

/**
 * The child-of rules of a scope rule: the rule itself, or those among the rules of an `anyOf`
 * (at any depth), e.g. both of `anyOf(childOf('configuration_item', 'fromId'),
 * childOf('configuration_item', 'toId'))`, or of an `allOf` (a change's link to a CI follows
 * both). A record with any follows a parent: pull reads its
 * revs second (pull/sources.ts) and deletes or brings it when a parent leaves or enters a
 * scope (pull/moves.ts).
 */
export function childOfRules(rule: ScopeRule): ChildOfRule[] {
  if (rule.kind === 'childOf') return [rule];
  return rule.kind === 'anyOf' || rule.kind === 'allOf' ? rule.rules.flatMap(childOfRules) : [];
}

/** Whether the records of an entity follow a parent (through at least one child-of rule). */
export const followsParent = (entity: Pick<EntityDeclaration, 'scope'>): boolean => childOfRules(entity.scope).length > 0;

/** The old values of a `scope_moves` row, by table column (its `old_scope` JSON; none when missing or unreadable). */
export function oldScopeValues(move: Pick<ScopeMoveTable, 'old_scope'>): Record<string, unknown> {
  const stored: unknown = move.old_scope;
  if (stored !== null && typeof stored === 'object') return stored as Record<string, unknown>;
  if (typeof stored !== 'string') return {};
  try {
    const parsed: unknown = JSON.parse(stored);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * Whether the viewer could see a record with the old scope values of a `scope_moves` row (its
 * `old_scope`, read by the columns of the declaration's scope fields). Records everyone sees
 * never leave anyone's scope. Records that follow a parent move with it (pull/moves.ts) and have
 * no scope_move trigger today; should one have moves of its own, a child-of part of its rule
 * counts as visible before (whether the old parent was visible then is not kept): at worst a
 * delete goes to someone who never had the record, which says only that an id is gone.
 */
export function couldSeeBefore(viewer: Viewer, move: ScopeMoveTable, day: number): boolean {
  const entity = (entities as Record<string, EntityDeclaration | undefined>)[move.entity];
  if (!entity || entity.scope.kind === 'everyone') return false;
  const old = oldScopeValues(move);
  const values: Record<string, unknown> = {};
  for (const field of ruleFields(entity.scope)) values[field] = old[entity.scopeColumns[field]!] ?? null;
  return canSeeRecord(entity, viewer, values, day, () => true);
}

// ---- SQL ---------------------------------------------------------------------------------

const ALL = sql<SqlBool>`1 = 1`;
const NONE = sql<SqlBool>`1 = 0`;

/** A condition on an entity's table, for `.where(...)` of a query on that table (not aliased). */
export type ScopeCondition = (eb: TableBuilder) => Expression<SqlBool>;
/** An expression builder of any one synced table (the compiled rules name their columns through sql.ref). */
type TableBuilder = ExpressionBuilder<Database, keyof Database>;

/** The entity's scope rule as a SQL condition on its table (columns qualified by the table name). */
export function scopeCondition(entity: EntityDeclaration, viewer: Viewer, day = 0): ScopeCondition {
  return (eb) => {
    if (entity.scope.kind === 'everyone' || seesEverything(viewer)) return ALL;
    if (viewer.role !== 'technician') return NONE;
    return compile(entity.scope, entity, viewer, day, eb) ?? NONE;
  };
}

/** A rule as SQL; null where it can hold for no row (so `anyOf` can leave it out). */
function compile(rule: ScopeRule, entity: EntityDeclaration, viewer: Viewer, day: number, eb: TableBuilder): Expression<SqlBool> | null {
  const column = (field: string) => sql.ref(`${entity.table}.${entity.scopeColumns[field]}`);
  // Never NULL, even on a NULL column, so a rule inside NOT (window corrections: "was in and is no
  // longer") or beside others in anyOf is true or false, never unknown.
  const known = (field: string, test: Expression<SqlBool>) => eb.and([eb(column(field), 'is not', null), test]);
  switch (rule.kind) {
    case 'everyone':
      return ALL;
    case 'atViewerSite':
      return viewer.siteId ? known(rule.field, eb(column(rule.field), '=', viewer.siteId)) : null;
    case 'inViewerGroups':
      return viewer.groupIds.length > 0 ? known(rule.field, eb(column(rule.field), 'in', viewer.groupIds)) : null;
    case 'isViewer':
      return known(rule.field, eb(column(rule.field), '=', viewer.id));
    case 'isTrue':
      return known(rule.field, eb(column(rule.field), '=', 1));
    case 'window': {
      const w = windowOf(day, rule.days);
      return eb.and([eb(column(rule.end), '>=', w.from), eb(column(rule.start), '<', w.to)]);
    }
    case 'childOf': {
      // A correlated EXISTS: one primary-key lookup of the parent per row met on the rev index,
      // instead of materializing every visible parent id for each page.
      const parent = (entities as Record<string, EntityDeclaration>)[rule.parent]!;
      return eb.exists(
        eb
          .selectFrom(parent.table as keyof Database)
          .select(sql<number>`1`.as('one'))
          .whereRef(sql.ref(`${parent.table}.id`), '=', column(rule.field))
          .where((inner) => compile(parent.scope, parent, viewer, day, inner) ?? NONE),
      );
    }
    case 'anyOf': {
      const parts = rule.rules.map((r) => compile(r, entity, viewer, day, eb)).filter((p): p is Expression<SqlBool> => p !== null);
      return parts.length === 0 ? null : parts.length === 1 ? parts[0]! : eb.or(parts);
    }
    case 'allOf': {
      // A part that can hold for no row makes the whole rule hold for none.
      const parts = rule.rules.map((r) => compile(r, entity, viewer, day, eb));
      if (parts.length === 0 || parts.some((p) => p === null)) return null;
      return parts.length === 1 ? parts[0]! : eb.and(parts as Expression<SqlBool>[]);
    }
  }
}

/** The ticket scope as a SQL condition on the `tickets` table. */
export function ticketScopeCondition(viewer: Viewer) {
  return scopeCondition(entities.ticket, viewer) as (eb: ExpressionBuilder<Database, 'tickets'>) => Expression<SqlBool>;
}

/** The task scope as a SQL condition on the `tasks` table (canSeeTask). */
export function taskScopeCondition(viewer: Viewer) {
  return scopeCondition(entities.task, viewer) as (eb: ExpressionBuilder<Database, 'tasks'>) => Expression<SqlBool>;
}

