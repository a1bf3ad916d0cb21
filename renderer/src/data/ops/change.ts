/**
 * How change ops change the local replica (the repository ran the rules of common/changes/ first).
 *
 * - `change` create and patch: the change with a provisional number until the server gives CHG-;
 *   its risk as the device computed it (the server computes it again from the same answers).
 * - `change_event` create: the move's history entry, and, as a related record, the change in its
 *   new state, so the calendar and the change screen follow at once. A move into Authorize shows
 *   the change waiting for approval; only the server's count of the votes moves it on.
 * - `approval_vote` create: the vote as cast here, not counted until the server has it (the
 *   screens say it waits to sync).
 * - windows, releases and CAB meetings: as made on this device.
 */
import type { ApprovalVote } from '@fielddesk/common/approvals/records';
import { checkChangeMove } from '@fielddesk/common/changes/lifecycle';
import { newChange } from '@fielddesk/common/changes/new-change';
import type { CabMeeting, ChangeEvent, ChangeRequest, ChangeWindow, Release } from '@fielddesk/common/changes/records';
import { provisionalNumber } from '@fielddesk/common/itsm/numbering';
import { recordKey } from '../db';
import { maxTime, type LocalOpApplier, type OpOf } from './types';

export const changeOps: LocalOpApplier<OpOf<'change'>> = {
  ticketIdOf: () => null,
  apply: (record, op) => {
    if (op.kind === 'create') {
      if (record) return record;
      return newChange({ id: op.id, ...op.data, number: provisionalNumber('change', op.id), createdAt: op.clientTime, rev: 0 });
    }
    if (!record) return undefined;
    const change = record as ChangeRequest;
    return { ...change, ...op.fields, updatedAt: maxTime(change.updatedAt, op.clientTime) };
  },
};

/** The change after a move made on this device; unchanged when its state no longer allows it (the server will say why). */
export function changeAfterMove(change: ChangeRequest, move: OpOf<'change_event'>['data'], at: string): ChangeRequest {
  const outcome = move.outcome ?? change.outcome;
  const verdict = checkChangeMove(change.type, change.status, move.to, { windowStart: change.windowStart, windowEnd: change.windowEnd, outcome, reason: move.reason });
  return verdict.ok ? { ...change, status: move.to, outcome, updatedAt: maxTime(change.updatedAt, at) } : change;
}

export const changeEventOps: LocalOpApplier<OpOf<'change_event'>> = {
  ticketIdOf: () => null,
  apply: (record, op, ctx) => {
    if (record) return record;
    // The op does not say which state the change left: until the server's entry arrives (it
    // replaces this one), the device's entry shows only where the change went.
    const event: ChangeEvent = { id: op.id, changeId: op.data.changeId, action: 'move', fromState: op.data.to, toState: op.data.to, actorId: ctx.userId, at: op.clientTime, reason: op.data.reason, rev: 0 };
    return event;
  },
  related: {
    keysOf: (op) => [recordKey('change', op.data.changeId)],
    apply: (entity, id, record, op) => {
      if (entity !== 'change' || id !== op.data.changeId || !record) return record;
      return changeAfterMove(record as ChangeRequest, op.data, op.clientTime);
    },
  },
};

export const approvalVoteOps: LocalOpApplier<OpOf<'approval_vote'>> = {
  ticketIdOf: () => null,
  apply: (record, op, ctx) => {
    if (record) return record;
    const vote: ApprovalVote = { id: op.id, ...op.data, voterId: ctx.userId, castAt: op.clientTime, late: false, counted: false, note: '', siteId: null, rev: 0 };
    return vote;
  },
};

export const changeWindowOps: LocalOpApplier<OpOf<'change_window'>> = {
  ticketIdOf: () => null,
  apply: (record, op) => {
    if (op.kind === 'delete') return undefined;
    if (op.kind === 'create') return record ?? ({ id: op.id, ...op.data, updatedAt: op.clientTime, rev: 0 } satisfies ChangeWindow);
    return record ? { ...(record as ChangeWindow), ...op.fields, updatedAt: maxTime((record as ChangeWindow).updatedAt, op.clientTime) } : undefined;
  },
};

export const releaseOps: LocalOpApplier<OpOf<'release'>> = {
  ticketIdOf: () => null,
  apply: (record, op) => {
    if (op.kind === 'create') return record ?? ({ id: op.id, ...op.data, number: provisionalNumber('release', op.id), updatedAt: op.clientTime, rev: 0 } satisfies Release);
    return record ? { ...(record as Release), ...op.fields, updatedAt: maxTime((record as Release).updatedAt, op.clientTime) } : undefined;
  },
};

export const cabMeetingOps: LocalOpApplier<OpOf<'cab_meeting'>> = {
  ticketIdOf: () => null,
  apply: (record, op) => {
    if (op.kind === 'delete') return undefined;
    if (op.kind === 'create') return record ?? ({ id: op.id, ...op.data, updatedAt: op.clientTime, rev: 0 } satisfies CabMeeting);
    return record ? { ...(record as CabMeeting), ...op.fields, updatedAt: maxTime((record as CabMeeting).updatedAt, op.clientTime) } : undefined;
  },
};
