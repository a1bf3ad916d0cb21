import { describe, expect, it } from 'vitest';
import { allowedTransitions, checkAssignee, checkDueDate, checkTaskTransition, checkTransition, statusEffects, TICKET_STATUSES, type TicketStatus } from './lifecycle';

const withAssignee = { assigneeId: '0190a4b2-0000-7000-8000-000000000001' };

describe('ticket lifecycle', () => {
  it.each<[TicketStatus, TicketStatus, object, boolean]>([
    ['new', 'assigned', withAssignee, true],
    ['new', 'assigned', { assigneeId: null }, false],
    ['assigned', 'in_progress', withAssignee, true],
    ['in_progress', 'on_hold', { ...withAssignee, onHoldReason: 'Waiting for parts' }, true],
    ['in_progress', 'on_hold', { ...withAssignee, onHoldReason: '   ' }, false],
    ['in_progress', 'resolved', { ...withAssignee, resolutionNotes: 'Replaced the PSU' }, true],
    ['in_progress', 'resolved', { ...withAssignee, resolutionNotes: '' }, false],
    ['resolved', 'closed', withAssignee, true],
    ['resolved', 'in_progress', withAssignee, true],
    ['new', 'closed', withAssignee, false],
    ['closed', 'in_progress', withAssignee, false],
    ['resolved', 'assigned', withAssignee, true],
  ])('%s -> %s (%o) is %s', (from, to, ctx, ok) => {
    const result = checkTransition(from, to, { assigneeId: null, ...ctx });
    expect(result.ok).toBe(ok);
    if (!result.ok) expect(result.reason).toMatch(/\w+.*\./);
  });

  it('explains a refused transition in words', () => {
    expect(checkTransition('closed', 'new', withAssignee)).toEqual({
      ok: false,
      reason: 'A closed ticket cannot change state (asked for "New").',
    });
    expect(checkTransition('new', 'resolved', withAssignee)).toEqual({ ok: false, reason: 'Resolving a ticket needs resolution notes.' });
  });

  it('staying in the same state is always allowed', () => {
    for (const s of TICKET_STATUSES) expect(checkTransition(s, s, { assigneeId: null }).ok).toBe(true);
  });

  it('every state except closed has a way forward, and closed is final', () => {
    for (const s of TICKET_STATUSES) expect(allowedTransitions(s).length > 0).toBe(s !== 'closed');
  });
});

describe('reopening', () => {
  const resolvedAt = '2026-11-10T12:00:00.000Z';
  const ctx = { ...withAssignee, resolvedAt, reopenPeriodDays: 7 };
  it('is allowed within the reopen period', () => {
    expect(checkTransition('resolved', 'in_progress', { ...ctx, at: '2026-11-17T11:59:00.000Z' }).ok).toBe(true);
  });
  it('is refused after it, saying when the ticket was resolved and how long the period is', () => {
    expect(checkTransition('resolved', 'assigned', { ...ctx, at: '2026-11-17T12:01:00.000Z' })).toEqual({
      ok: false,
      reason: 'This ticket was resolved on 2026-11-10; it can only be reopened within 7 days of being resolved. Raise a new ticket instead.',
    });
  });
  it('closing is not a reopen', () => {
    expect(checkTransition('resolved', 'closed', { ...ctx, at: '2027-01-01T00:00:00.000Z' }).ok).toBe(true);
  });
});

describe('statusEffects', () => {
  const base = { status: 'new' as TicketStatus, resolvedAt: null, closedAt: null, respondedAt: null, slaHolds: [] };
  it('leaving new stops the response clock once', () => {
    expect(statusEffects(base, 'assigned', 'T1')).toEqual({ status: 'assigned', respondedAt: 'T1' });
    expect(statusEffects({ ...base, status: 'assigned', respondedAt: 'T0' }, 'new', 'T1')).toEqual({ status: 'new' });
  });
  it('a hold opens and closes a hold period', () => {
    const held = statusEffects({ ...base, status: 'in_progress', respondedAt: 'T0' }, 'on_hold', '2026-01-01T10:00:00.000Z');
    expect(held.slaHolds).toEqual([{ from: '2026-01-01T10:00:00.000Z', to: null }]);
    const back = statusEffects({ ...base, status: 'on_hold', respondedAt: 'T0', slaHolds: held.slaHolds! }, 'in_progress', '2026-01-01T12:00:00.000Z');
    expect(back.slaHolds).toEqual([{ from: '2026-01-01T10:00:00.000Z', to: '2026-01-01T12:00:00.000Z' }]);
  });
  it('resolving stamps resolvedAt, closing stamps closedAt, reopening clears resolvedAt', () => {
    expect(statusEffects({ ...base, status: 'in_progress' }, 'resolved', 'T2')).toEqual({ status: 'resolved', resolvedAt: 'T2' });
    expect(statusEffects({ ...base, status: 'resolved', resolvedAt: 'T2' }, 'closed', 'T3')).toEqual({ status: 'closed', closedAt: 'T3' });
    expect(statusEffects({ ...base, status: 'resolved', resolvedAt: 'T2' }, 'in_progress', 'T3')).toEqual({
      status: 'in_progress',
      resolvedAt: null,
      slaHolds: [{ from: 'T2', to: 'T3' }],
    });
  });
  it('changing nothing changes nothing', () => {
    expect(statusEffects(base, 'new', 'T1')).toEqual({});
  });
});

describe('assignees and due dates', () => {
  const group = { id: 'g1', name: 'Field Services' };
  it('refuses an assignee outside the group, naming both', () => {
    expect(checkAssignee({ displayName: 'Sam Lee', role: 'technician', groupIds: ['g2'] }, group)).toEqual({
      ok: false,
      reason: 'Sam Lee is not a member of the group "Field Services". Choose someone from the group, or change the group first.',
    });
    expect(checkAssignee({ displayName: 'Sam Lee', role: 'technician', groupIds: ['g1'] }, group).ok).toBe(true);
    expect(checkAssignee({ displayName: 'Sam Lee', role: 'technician', groupIds: [] }, null).ok).toBe(true);
    expect(checkAssignee({ displayName: 'Pat Doe', role: 'requester', groupIds: ['g1'] }, group).ok).toBe(false);
  });
  it('refuses a due date in the past', () => {
    expect(checkDueDate('2026-11-20T09:00:00.000Z', '2026-11-21T09:00:00.000Z')).toEqual({
      ok: false,
      reason: 'The due date 2026-11-20 09:00 UTC is in the past; choose a date from now on.',
    });
    expect(checkDueDate('2026-11-22T09:00:00.000Z', '2026-11-21T09:00:00.000Z').ok).toBe(true);
    expect(checkDueDate(null, '2026-11-21T09:00:00.000Z').ok).toBe(true);
  });
});

describe('task lifecycle', () => {
  it('done and cancelled tasks can be reopened; an open task cannot be "done" twice', () => {
    expect(checkTaskTransition('open', 'done').ok).toBe(true);
    expect(checkTaskTransition('done', 'open').ok).toBe(true);
    expect(checkTaskTransition('done', 'cancelled')).toEqual({ ok: false, reason: 'A task cannot go from "Done" to "Cancelled".' });
  });
});
