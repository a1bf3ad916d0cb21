/** The queue's rows, live from Dexie: a local change shows at once. */
import { useMemo } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import type { Person, Site, Ticket } from '@fielddesk/common/domain/entities';
import { useWorkspace } from '../../app/workspaceContext';
import { buildQueue, type QueueRow } from './filterQueue';
import type { QueueFilter } from './queueStore';

export function useQueueRows(filter: QueueFilter, text: string): { rows: QueueRow[]; loaded: boolean; total: number } {
  const { db, user } = useWorkspace();
  const tickets = useLiveQuery(() => db.tickets.toArray(), [db]) as Ticket[] | undefined;
  const persons = useLiveQuery(() => db.persons.toArray(), [db], [] as Person[]);
  const sites = useLiveQuery(() => db.sites.toArray(), [db], [] as Site[]);

  return useMemo(() => {
    const personById = new Map(persons.map((p) => [p.id, p.displayName]));
    const siteById = new Map(sites.map((s) => [s.id, s.name]));
    const rows = buildQueue(tickets ?? [], filter, text, {
      user,
      personName: (id) => (id ? (personById.get(id) ?? 'Unknown person') : 'Unassigned'),
      siteName: (id) => (id ? (siteById.get(id) ?? '') : ''),
    });
    return { rows, loaded: tickets !== undefined, total: tickets?.length ?? 0 };
  }, [tickets, persons, sites, filter, text, user]);
}
