/** Open sync conflicts, live from Dexie, with the record's name and the server's current value. */
import { useLiveQuery } from 'dexie-react-hooks';
import type { Ticket } from '@fielddesk/common/domain/entities';
import { useWorkspace } from '../../app/workspaceContext';
import type { FieldConflictEntry } from '../../data/db';
import { ticketNumber } from '../../data/display';

export interface OpenConflict {
  conflict: FieldConflictEntry;
  /** "INC-1042" or the provisional number; null when the record is no longer here. */
  number: string | null;
  title: string | null;
  /** The server's value now (the last known server copy), or the value when detected. */
  serverValue: unknown;
}

export function useOpenConflictCount(): number {
  const { db } = useWorkspace();
  return useLiveQuery(() => db.fieldConflicts.where('resolved').equals(0).count(), [db], 0);
}

export function useOpenConflicts(): OpenConflict[] | undefined {
  const { db } = useWorkspace();
  return useLiveQuery(async () => {
    const rows = await db.fieldConflicts.where('resolved').equals(0).sortBy('detectedAt');
    const ids = [...new Set(rows.filter((r) => r.entity === 'ticket').map((r) => r.recordId))];
    const tickets = new Map((await db.tickets.bulkGet(ids)).filter((t): t is Ticket => !!t).map((t) => [t.id, t]));
    const shadows = new Map((await db.shadows.bulkGet(rows.map((r) => r.recordKey))).filter((s) => !!s).map((s) => [s.key, s.record]));
    return rows.map((conflict) => {
      const ticket = tickets.get(conflict.recordId);
      const serverCopy = (shadows.has(conflict.recordKey) ? shadows.get(conflict.recordKey) : ticket) as Record<string, unknown> | null | undefined;
      return {
        conflict,
        number: ticket ? ticketNumber(ticket) : null,
        title: ticket?.title ?? null,
        serverValue: serverCopy && conflict.field in serverCopy ? serverCopy[conflict.field] : conflict.server,
      };
    });
  }, [db]);
}
