/**
 * Who may see which records: the one definition used by pull (which rows to send, and
 * which deletes to send when a record leaves a user's scope) and by push (an op on a
 * record you may not see is answered "not found or not visible to you", exactly as if it
 * did not exist).
 *
 * - admins and agents see everything (every ticket, asset, CI, article, change);
 * - technicians see tickets of their support groups or of their site, with their worklogs,
 *   attachments, links and history events (records that follow their ticket); tasks of their
 *   groups or site, and every task assigned to them wherever it is; assets and configuration
 *   items of their site, and the latest inventory of those assets; published knowledge articles plus their own drafts; change requests
 *   whose maintenance window touches the next 90 days (see `changeWindow`);
 * - everyone signed in sees all sites, locations, groups and people, and the ITSM
 *   configuration (priority matrix, SLA policies, catalog: the rules the app applies offline);
 * - requesters never sign in to the app and see nothing.
 *
 * Each rule exists twice: as a SQL condition (for pull) and in memory (for push and for
 * the old values kept in `scope_moves`). Keep the two forms in step.
 *
 * Scope version: a pull cursor carries "<rev>.<scopeVersion>". The scope version packs the
 * person's `persons.scope_version` (bumped by triggers when their site, role or groups
 * change: the replica must then start over, because records that entered the scope carry
 * old revs) and the day the cursor was made (the changes window moves once a day; pull
 * then corrects the changes only, without starting over).
 */
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { SessionUser } from '@fielddesk/common/api/http';
import type { Database, ScopeMoveTable, TicketRow } from '../db/types';

export type Viewer = Pick<SessionUser, 'id' | 'role' | 'siteId' | 'groupIds'>;

export const DAY_MS = 86_400_000;
/** Technicians get the change requests whose window touches [today, today + CHANGE_HORIZON_DAYS]. */
export const CHANGE_HORIZON_DAYS = 90;
/** The scope version is personVersion * SCOPE_DAY_SLOTS + day (days since 1970). */
const SCOPE_DAY_SLOTS = 100_000;

export function seesAllTickets(viewer: Viewer): boolean {
  return viewer.role === 'admin' || viewer.role === 'agent';
}
/** Admins and agents see every record of every entity. */
export const seesEverything = seesAllTickets;

/** Days since 1970-01-01 (UTC) at the given time. */
export const dayOf = (ms: number): number => Math.floor(ms / DAY_MS);

/**
 * The changes window of a day, at day granularity so it is the same all day long: a change
 * is visible when window_end >= from and window_start < to, which covers [now, now + 90 d]
 * for any moment of that day (and at most one day more on either side).
 */
export function changeWindow(day: number): { from: string; to: string } {
  return { from: new Date(day * DAY_MS).toISOString(), to: new Date((day + CHANGE_HORIZON_DAYS + 1) * DAY_MS).toISOString() };
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

/** In-memory form of the ticket scope, for records already loaded. */
export function canSeeTicket(viewer: Viewer, ticket: { groupId: string | null; siteId: string | null }): boolean {
  if (seesAllTickets(viewer)) return true;
  if (viewer.role !== 'technician') return false;
  return (ticket.groupId !== null && viewer.groupIds.includes(ticket.groupId)) || (ticket.siteId !== null && ticket.siteId === viewer.siteId);
}

/** Tasks: visible like a ticket (their own group or site), and always to their assignee. */
export function canSeeTask(viewer: Viewer, task: { groupId: string | null; siteId: string | null; assigneeId: string | null }): boolean {
  if (canSeeTicket(viewer, task)) return true;
  return viewer.role === 'technician' && task.assigneeId !== null && task.assigneeId === viewer.id;
}

export function canSeeTicketRow(viewer: Viewer, row: Pick<TicketRow, 'group_id' | 'site_id'>): boolean {
  return canSeeTicket(viewer, { groupId: row.group_id, siteId: row.site_id });
}

/** Assets and configuration items: technicians see those of their site. */
export function canSeeSiteRecord(viewer: Viewer, siteId: string | null): boolean {
  if (seesEverything(viewer)) return true;
  return viewer.role === 'technician' && siteId !== null && siteId === viewer.siteId;
}

export function canSeeArticle(viewer: Viewer, article: { published: boolean; authorId: string | null }): boolean {
  if (seesEverything(viewer)) return true;
  return viewer.role === 'technician' && (article.published || article.authorId === viewer.id);
}

export function canSeeChange(viewer: Viewer, change: { windowStart: string; windowEnd: string }, day: number): boolean {
  if (seesEverything(viewer)) return true;
  if (viewer.role !== 'technician') return false;
  const w = changeWindow(day);
  return change.windowEnd >= w.from && change.windowStart < w.to;
}

/** Whether the viewer could see a record with the old scope values of a `scope_moves` row. */
export function couldSeeBefore(viewer: Viewer, move: ScopeMoveTable, day: number): boolean {
  switch (move.entity) {
    case 'ticket':
      return canSeeTicket(viewer, { groupId: move.old_group_id, siteId: move.old_site_id });
    case 'task':
      return canSeeTask(viewer, { groupId: move.old_group_id, siteId: move.old_site_id, assigneeId: move.old_assignee_id });
    case 'asset':
    case 'configuration_item':
    case 'asset_inventory':
      return canSeeSiteRecord(viewer, move.old_site_id);
    case 'knowledge_article':
      return canSeeArticle(viewer, { published: Number(move.old_published) === 1, authorId: move.old_author_id });
    case 'change':
      return move.old_window_start !== null && move.old_window_end !== null
        ? canSeeChange(viewer, { windowStart: move.old_window_start, windowEnd: move.old_window_end }, day)
        : false;
    default:
      return false;
  }
}

// ---- SQL ---------------------------------------------------------------------------------

const ALL = sql<boolean>`1 = 1`;
const NONE = sql<boolean>`1 = 0`;

/** The ticket scope as a SQL condition on the `tickets` table. */
export function ticketScopeCondition(viewer: Viewer) {
  return (eb: ExpressionBuilder<Database, 'tickets'>) => {
    if (seesAllTickets(viewer)) return ALL;
    if (viewer.role !== 'technician') return NONE;
    const ors = [];
    if (viewer.groupIds.length > 0) ors.push(eb('tickets.group_id', 'in', viewer.groupIds));
    if (viewer.siteId) ors.push(eb('tickets.site_id', '=', viewer.siteId));
    return ors.length > 0 ? eb.or(ors) : NONE;
  };
}

/** The tables of records that follow their ticket: each has `ticket_id`, and no scope of its own. */
export type TicketChildTable = 'worklogs' | 'attachments' | 'ticket_links' | 'ticket_events';

/** Records that follow their ticket (worklogs, attachments, links, events): `ticket_id` is a visible ticket. */
export function ticketChildScopeCondition<T extends TicketChildTable>(viewer: Viewer, table: T) {
  const scope = ticketScopeCondition(viewer);
  return (eb: ExpressionBuilder<Database, T>) => {
    if (seesAllTickets(viewer)) return ALL;
    if (viewer.role !== 'technician') return NONE;
    // Kysely cannot narrow a generic table's columns; every child table has ticket_id.
    // A correlated EXISTS: one primary-key lookup per row met on the rev index, instead of
    // materializing every visible ticket id for each page.
    const e = eb as unknown as ExpressionBuilder<Database, 'worklogs'>;
    return e.exists((sub) =>
      sub
        .selectFrom('tickets')
        .select(sql<number>`1`.as('one'))
        .whereRef('tickets.id', '=', sql.ref(`${table}.ticket_id`))
        .where(scope),
    );
  };
}

/** The task scope as a SQL condition on the `tasks` table (canSeeTask). */
export function taskScopeCondition(viewer: Viewer) {
  return (eb: ExpressionBuilder<Database, 'tasks'>) => {
    if (seesAllTickets(viewer)) return ALL;
    if (viewer.role !== 'technician') return NONE;
    const ors = [eb('tasks.assignee_id', '=', viewer.id)];
    if (viewer.groupIds.length > 0) ors.push(eb('tasks.group_id', 'in', viewer.groupIds));
    if (viewer.siteId) ors.push(eb('tasks.site_id', '=', viewer.siteId));
    return eb.or(ors);
  };
}

/** Assets, configuration items and asset inventories (which carry their asset's site_id) of the viewer's site. */
export function siteScopeCondition<T extends 'assets' | 'configuration_items' | 'asset_inventories'>(viewer: Viewer) {
  return (eb: ExpressionBuilder<Database, T>) => {
    if (seesEverything(viewer)) return ALL;
    if (viewer.role !== 'technician' || !viewer.siteId) return NONE;
    const e = eb as unknown as ExpressionBuilder<Database, 'assets'>;
    return e('site_id', '=', viewer.siteId);
  };
}

export function articleScopeCondition(viewer: Viewer) {
  return (eb: ExpressionBuilder<Database, 'knowledge_articles'>) => {
    if (seesEverything(viewer)) return ALL;
    if (viewer.role !== 'technician') return NONE;
    return eb.or([eb('published', '=', 1), eb('author_id', '=', viewer.id)]);
  };
}

export function changeScopeCondition(viewer: Viewer, day: number) {
  return (eb: ExpressionBuilder<Database, 'changes'>) => {
    if (seesEverything(viewer)) return ALL;
    if (viewer.role !== 'technician') return NONE;
    const w = changeWindow(day);
    return eb.and([eb('window_end', '>=', w.from), eb('window_start', '<', w.to)]);
  };
}

/** Loads a ticket the viewer may see, or null (missing and invisible look the same). */
export async function findVisibleTicket(db: Kysely<Database>, viewer: Viewer, id: string): Promise<TicketRow | null> {
  const row = await db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirst();
  return row && canSeeTicketRow(viewer, row) ? row : null;
}
