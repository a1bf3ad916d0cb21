/**
 * Who may see which records: the one definition used by pull (which rows to send) and by
 * push (an op on a record you may not see is answered "not found or not visible to you",
 * exactly as if it did not exist).
 *
 * This slice: admins and agents see every ticket; technicians see tickets of their support
 * groups or of their site; everyone signed in sees sites, locations, groups and people.
 * Worklogs follow their ticket. Issue 3 extends this (records leaving scope).
 */
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { SessionUser } from '@fielddesk/common/api/http';
import type { Database, TicketRow } from '../db/types';

export type Viewer = Pick<SessionUser, 'id' | 'role' | 'siteId' | 'groupIds'>;

export function seesAllTickets(viewer: Viewer): boolean {
  return viewer.role === 'admin' || viewer.role === 'agent';
}

/** In-memory form of the ticket scope, for records already loaded. */
export function canSeeTicket(viewer: Viewer, ticket: { groupId: string | null; siteId: string | null }): boolean {
  if (seesAllTickets(viewer)) return true;
  if (viewer.role !== 'technician') return false;
  return (ticket.groupId !== null && viewer.groupIds.includes(ticket.groupId)) || (ticket.siteId !== null && ticket.siteId === viewer.siteId);
}

export function canSeeTicketRow(viewer: Viewer, row: Pick<TicketRow, 'group_id' | 'site_id'>): boolean {
  return canSeeTicket(viewer, { groupId: row.group_id, siteId: row.site_id });
}

/** The ticket scope as a SQL condition on the `tickets` table. */
export function ticketScopeCondition(viewer: Viewer) {
  return (eb: ExpressionBuilder<Database, 'tickets'>) => {
    if (seesAllTickets(viewer)) return sql<boolean>`1 = 1`;
    const none = sql<boolean>`1 = 0`;
    if (viewer.role !== 'technician') return none;
    const ors = [];
    if (viewer.groupIds.length > 0) ors.push(eb('tickets.group_id', 'in', viewer.groupIds));
    if (viewer.siteId) ors.push(eb('tickets.site_id', '=', viewer.siteId));
    return ors.length > 0 ? eb.or(ors) : none;
  };
}

/** Loads a ticket the viewer may see, or null (missing and invisible look the same). */
export async function findVisibleTicket(db: Kysely<Database>, viewer: Viewer, id: string): Promise<TicketRow | null> {
  const row = await db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirst();
  return row && canSeeTicketRow(viewer, row) ? row : null;
}
