/** Which tickets the queue shows, in which order: pure, so it is easy to test. */
import type { Ticket } from '@fielddesk/common/domain/entities';
import { STATUS_LABELS, type TicketStatus } from '@fielddesk/common/itsm/lifecycle';
import { provisionalNumber } from '@fielddesk/common/itsm/numbering';
import type { QueueFilter } from './queueStore';

const OPEN: ReadonlySet<TicketStatus> = new Set<TicketStatus>(['new', 'assigned', 'in_progress', 'on_hold']);

export function isOpen(status: TicketStatus): boolean {
  return OPEN.has(status);
}

export function ticketNumber(ticket: Pick<Ticket, 'number' | 'kind' | 'id'>): string {
  return ticket.number ?? provisionalNumber(ticket.kind, ticket.id);
}

export interface QueueRow {
  ticket: Ticket;
  number: string;
  assignee: string;
  site: string;
}

export interface QueueContext {
  user: { id: string; groupIds: readonly string[] };
  personName(id: string | null): string;
  siteName(id: string | null): string;
}

export function buildQueue(tickets: readonly Ticket[], filter: QueueFilter, text: string, ctx: QueueContext): QueueRow[] {
  const groups = new Set(ctx.user.groupIds);
  const needle = text.trim().toLowerCase();
  const rows: QueueRow[] = [];
  for (const ticket of tickets) {
    if (filter === 'mine-open' && !(ticket.assigneeId === ctx.user.id && isOpen(ticket.status))) continue;
    if (filter === 'my-groups' && !(ticket.groupId !== null && groups.has(ticket.groupId) && isOpen(ticket.status))) continue;
    if (filter === 'all-open' && !isOpen(ticket.status)) continue;
    const row: QueueRow = { ticket, number: ticketNumber(ticket), assignee: ctx.personName(ticket.assigneeId), site: ctx.siteName(ticket.siteId) };
    if (needle) {
      const haystack = [row.number, ticket.title, row.assignee, row.site, STATUS_LABELS[ticket.status], ticket.category].join('\n').toLowerCase();
      if (!haystack.includes(needle)) continue;
    }
    rows.push(row);
  }
  rows.sort((a, b) => (a.ticket.updatedAt < b.ticket.updatedAt ? 1 : a.ticket.updatedAt > b.ticket.updatedAt ? -1 : a.number.localeCompare(b.number)));
  return rows;
}
