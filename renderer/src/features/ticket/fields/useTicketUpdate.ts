/**
 * Saves a change of a ticket's fields through the repository (one local transaction + an
 * outbox op) and keeps the refusal reason, as the repository words it, for the screen.
 */
import { useCallback, useState } from 'react';
import type { TicketPatchFields } from '@fielddesk/common/sync/protocol';
import { useWorkspace } from '../../../app/workspaceContext';

export interface TicketUpdate {
  save(fields: TicketPatchFields): Promise<boolean>;
  error: string | null;
  clearError(): void;
  busy: boolean;
}

export function useTicketUpdate(ticketId: string): TicketUpdate {
  const { tickets, engine } = useWorkspace();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const save = useCallback(
    async (fields: TicketPatchFields) => {
      setError(null);
      setBusy(true);
      try {
        const result = await tickets.updateTicket(ticketId, fields);
        if (!result.ok) {
          setError(result.reason);
          return false;
        }
        engine.requestSync();
        return true;
      } catch (e) {
        setError(`The change could not be saved on this device: ${e instanceof Error ? e.message : String(e)}`);
        return false;
      } finally {
        setBusy(false);
      }
    },
    [engine, ticketId, tickets],
  );

  return { save, error, clearError: useCallback(() => setError(null), []), busy };
}
