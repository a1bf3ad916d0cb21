/**
 * Settling sync conflicts (one row per clashing field, see db.ts FieldConflictEntry).
 * Each choice is ONE Dexie transaction that marks the conflict resolved and, when the
 * technician's value should win, appends a normal patch op based on the record's current
 * server rev, so the server's three-way merge sees no clash and applies it. The choice
 * then syncs like any other change.
 */
import type { Ticket } from '@fielddesk/common/domain/entities';
import { checkTransition, STATUS_LABELS, type TicketStatus } from '@fielddesk/common/itsm/lifecycle';
import { TicketPatchFieldsSchema, describeZodError, type TicketPatchFields } from '@fielddesk/common/sync/protocol';
import type { FieldConflictEntry } from '../db';
import { serverBaseOf, writeLocal } from './write';
import type { IntentResult, RepositoryContext } from './tickets';

export type ConflictChoice = { kind: 'mine' } | { kind: 'server' } | { kind: 'edited'; value: unknown };

export interface ConflictRepository {
  /** Sends this device's value again, on top of the server's current record. */
  keepMine(conflictId: string): Promise<ConflictResult>;
  /** Keeps the server's value: the conflict is closed, nothing is sent. */
  takeServer(conflictId: string): Promise<ConflictResult>;
  /** Sends an edited value (prefilled from this device's value). */
  saveEdited(conflictId: string, value: unknown): Promise<ConflictResult>;
}

/** ok with the opId of the patch written, or null when nothing needed sending. */
export type ConflictResult = { ok: true; opId: string | null } | { ok: false; reason: string };

const same = (a: unknown, b: unknown) => a === b || (a == null && b == null);

export function createConflictRepository(ctx: RepositoryContext): ConflictRepository {
  const { db } = ctx;
  const now = ctx.now ?? (() => new Date());

  async function settle(conflictId: string, choice: ConflictChoice): Promise<ConflictResult> {
    return db.transaction('rw', [db.tickets, db.outbox, db.shadows, db.fieldConflicts], async (): Promise<ConflictResult> => {
      const conflict = await db.fieldConflicts.get(conflictId);
      if (!conflict) return { ok: false, reason: 'This conflict is no longer on this device.' };
      if (conflict.resolved) return { ok: false, reason: 'This conflict was already settled.' };
      const resolve = (opId: string | null): ConflictResult => ({ ok: true, opId });
      const close = (resolution: NonNullable<FieldConflictEntry['resolution']>) =>
        db.fieldConflicts.update(conflictId, { resolved: 1, resolution, resolvedAt: now().toISOString() });

      if (choice.kind === 'server') {
        await close('server');
        return resolve(null);
      }
      if (conflict.entity !== 'ticket') return { ok: false, reason: 'Only ticket fields can be changed from here.' };
      const ticket = await db.tickets.get(conflict.recordId);
      if (!ticket) return { ok: false, reason: 'This ticket is no longer on this device (it may have left your groups or sites).' };

      const value = choice.kind === 'mine' ? conflict.local : normalise(conflict.field, choice.value);
      const fields = { [conflict.field]: value } as TicketPatchFields;
      const parsed = TicketPatchFieldsSchema.safeParse(fields);
      if (!parsed.success) return { ok: false, reason: `This value cannot be saved: ${describeZodError(parsed.error)}` };
      if (conflict.field === 'status') {
        const check = checkTransition(ticket.status, value as TicketStatus, {
          assigneeId: ticket.assigneeId,
          onHoldReason: ticket.onHoldReason,
          resolutionNotes: ticket.resolutionNotes,
        });
        if (!check.ok && ticket.status !== value) return { ok: false, reason: `${STATUS_LABELS[value as TicketStatus]}: ${check.reason}` };
      }
      const resolution = choice.kind === 'mine' ? 'mine' : 'edited';
      // The replica already shows this value: nothing to send.
      if (same((ticket as unknown as Record<string, unknown>)[conflict.field], value)) {
        await close(resolution);
        return resolve(null);
      }
      const { baseRev, known } = await serverBaseOf(db, conflict.recordKey, ticket);
      const entry = await writeLocal(db, ctx.userId, ticket as Ticket, {
        entity: 'ticket',
        kind: 'patch',
        id: ticket.id,
        baseRev,
        fields: parsed.data,
        clientTime: now().toISOString(),
      }, known);
      await close(resolution);
      return resolve(entry.opId);
    });
  }

  return {
    keepMine: (id) => settle(id, { kind: 'mine' }),
    takeServer: (id) => settle(id, { kind: 'server' }),
    saveEdited: (id, value) => settle(id, { kind: 'edited', value }),
  };
}

/** Editors give strings; nullable text fields store an empty answer as null. */
function normalise(field: string, value: unknown): unknown {
  if (field === 'priority' && typeof value === 'string') return Number(value);
  if (typeof value === 'string' && ['onHoldReason', 'resolutionCode', 'resolutionNotes', 'assigneeId', 'groupId', 'locationId'].includes(field)) {
    return value.trim() === '' ? null : value;
  }
  return value;
}

export type { IntentResult };
