/**
 * The records a ticket points at (requester, assignee, group, site, location, linked problem),
 * live from the replica. A pointer whose record is not on this device is `missing`, so the
 * screen can still open and say what is missing instead of failing.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import type { Group, Location, Person, Site, Ticket } from '@fielddesk/common/domain/entities';
import { useWorkspace } from '../../app/workspaceContext';

/** A reference from the ticket: none set, found, or set but not on this device. */
export type Ref<T> = { state: 'none' } | { state: 'found'; record: T } | { state: 'missing'; id: string };

export interface TicketRelations {
  requester: Ref<Person>;
  assignee: Ref<Person>;
  group: Ref<Group>;
  site: Ref<Site>;
  location: Ref<Location>;
  problem: Ref<Ticket>;
}

function refOf<T>(id: string | null, record: T | undefined): Ref<T> {
  if (!id) return { state: 'none' };
  return record ? { state: 'found', record } : { state: 'missing', id };
}

/** "Requester not on this device": what the screen says for a missing reference. */
export function missingText(what: string): string {
  return `${what} not on this device`;
}

/** The name to show for a reference, or the words for none/missing. */
export function refName<T>(ref: Ref<T>, name: (r: T) => string, what: string, none = '—'): string {
  if (ref.state === 'none') return none;
  if (ref.state === 'missing') return missingText(what);
  return name(ref.record);
}

export function useTicketRelations(ticket: Ticket | null | undefined): TicketRelations | undefined {
  const { db } = useWorkspace();
  return useLiveQuery(async () => {
    if (!ticket) return undefined;
    const [requester, assignee] = await db.persons.bulkGet([ticket.requesterId ?? '', ticket.assigneeId ?? '']);
    const [group, site, location, problem] = await Promise.all([
      ticket.groupId ? db.groups.get(ticket.groupId) : undefined,
      ticket.siteId ? db.sites.get(ticket.siteId) : undefined,
      ticket.locationId ? db.locations.get(ticket.locationId) : undefined,
      ticket.problemId ? db.tickets.get(ticket.problemId) : undefined,
    ]);
    return {
      requester: refOf(ticket.requesterId, requester),
      assignee: refOf(ticket.assigneeId, assignee),
      group: refOf(ticket.groupId, group),
      site: refOf(ticket.siteId, site),
      location: refOf(ticket.locationId, location),
      problem: refOf(ticket.problemId, problem),
    };
  }, [db, ticket]);
}
