/**
 * Saves a change of a ticket's fields through the repository (one local transaction + an
 * outbox op) and keeps the refusal reason, as the repository words it, for the screen.
 */
import { useCallback } from 'react';
import type { TicketPatchFields } from '@fielddesk/common/sync/protocol';
import { useWorkspace } from '../../../app/workspaceContext';
import { useIntent } from '../../../app/useIntent';

export interface TicketUpdate {
  save(fields: TicketPatchFields): Promise<boolean>;
  error: string | null;
  clearError(): void;
  busy: boolean;
}

export function useTicketUpdate(ticketId: string): TicketUpdate {
  const { tickets } = useWorkspace();
  const { run, error, setError, busy } = useIntent((fields: TicketPatchFields) => tickets.updateTicket(ticketId, fields));
  const save = useCallback(async (fields: TicketPatchFields) => (await run(fields)) !== null, [run]);
  return { save, error, clearError: useCallback(() => setError(null), [setError]), busy };
}
