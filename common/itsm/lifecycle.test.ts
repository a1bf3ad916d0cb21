import { describe, expect, it } from 'vitest';
import { allowedTransitions, checkTransition, TICKET_STATUSES, type TicketStatus } from './lifecycle';

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
