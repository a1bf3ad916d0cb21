/** Hooks over the sync engine's status and the outbox (live, from Dexie). */
import { useSyncExternalStore } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useWorkspace } from '../app/workspaceContext';
import type { SyncStatus } from '../data/sync/engine';
import { ticketIdOf } from '../data/apply';

export function useSyncStatus(): SyncStatus {
  const { engine } = useWorkspace();
  return useSyncExternalStore(engine.subscribe, engine.getStatus, engine.getStatus);
}

/** How many changes made on this device have not been answered by the server yet. */
export function usePendingCount(): number {
  const { db } = useWorkspace();
  return useLiveQuery(() => db.outbox.count(), [db], 0);
}

export interface PendingKeys {
  /** Record keys (`entity:id`) with pending ops. */
  records: Set<string>;
  /** Ticket ids with a pending op on the ticket or on one of its worklogs. */
  tickets: Set<string>;
}

const EMPTY: PendingKeys = { records: new Set(), tickets: new Set() };

export function usePendingKeys(): PendingKeys {
  const { db } = useWorkspace();
  return useLiveQuery(
    async () => {
      const records = new Set<string>();
      const tickets = new Set<string>();
      await db.outbox.each((entry) => {
        records.add(entry.recordKey);
        const ticketId = ticketIdOf(entry.op);
        if (ticketId) tickets.add(ticketId);
      });
      return { records, tickets };
    },
    [db],
    EMPTY,
  );
}
