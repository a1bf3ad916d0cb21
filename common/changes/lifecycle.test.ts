import { describe, expect, it } from 'vitest';
import { CHANGE_STATES, CHANGE_TYPES, checkChangeMove, checkChangeWindow, nextChangeStates, reasons, type ChangeMover, type ChangeState, type ChangeType } from './lifecycle';

const facts = { windowStart: '2026-12-10T08:00:00.000Z', windowEnd: '2026-12-10T10:00:00.000Z', outcome: null, reason: '' };

describe('change lifecycle', () => {
  // Every move each type allows, and who makes it; anything not listed is refused.
  const allowed: [ChangeType, ChangeState, ChangeState, ChangeMover][] = [
    ['normal', 'new', 'assess', 'person'],
    ['normal', 'assess', 'authorize', 'person'],
    ['normal', 'assess', 'new', 'person'],
    ['normal', 'authorize', 'scheduled', 'approval'],
    ['normal', 'authorize', 'rejected', 'approval'],
    ['normal', 'rejected', 'new', 'person'],
    ['normal', 'scheduled', 'implement', 'person'],
    ['normal', 'implement', 'review', 'person'],
    ['normal', 'review', 'closed', 'person'],
    ['emergency', 'new', 'authorize', 'person'],
    ['emergency', 'authorize', 'scheduled', 'approval'],
    ['emergency', 'authorize', 'rejected', 'approval'],
    ['emergency', 'rejected', 'new', 'person'],
    ['emergency', 'scheduled', 'implement', 'person'],
    ['emergency', 'implement', 'review', 'person'],
    ['emergency', 'review', 'closed', 'person'],
    ['standard', 'new', 'scheduled', 'person'],
    ['standard', 'scheduled', 'implement', 'person'],
    ['standard', 'implement', 'review', 'person'],
    ['standard', 'review', 'closed', 'person'],
    ...CHANGE_TYPES.flatMap((type) =>
      (['new', 'assess', 'authorize', 'scheduled', 'implement'] as const)
        .filter((from) => !(from === 'assess' && type !== 'normal') && !(from === 'authorize' && type === 'standard'))
        .map((from): [ChangeType, ChangeState, ChangeState, ChangeMover] => [type, from, 'cancelled', 'person']),
    ),
  ];
  const key = (type: ChangeType, from: ChangeState, to: ChangeState) => `${type}:${from}->${to}`;
  const table = new Map(allowed.map(([type, from, to, by]) => [key(type, from, to), by]));
  const full = { ...facts, outcome: 'succeeded' as const, reason: 'No longer needed.' };

  it.each(CHANGE_TYPES.flatMap((type) => CHANGE_STATES.flatMap((from) => CHANGE_STATES.filter((to) => to !== from).map((to) => [type, from, to] as const))))(
    '%s: %s -> %s is allowed exactly as the table says',
    (type, from, to) => {
      const by = table.get(key(type, from, to));
      const asPerson = checkChangeMove(type, from, to, full, 'person');
      const asApproval = checkChangeMove(type, from, to, full, 'approval');
      expect(asPerson.ok).toBe(by === 'person');
      expect(asApproval.ok).toBe(by === 'approval');
    },
  );

  it('names the way on when a move is not allowed', () => {
    expect(checkChangeMove('normal', 'new', 'scheduled', facts)).toEqual({ ok: false, reason: 'A normal change cannot go from New to Scheduled. From New it can go to Assess, Cancelled.' });
    expect(checkChangeMove('standard', 'new', 'assess', facts)).toEqual({ ok: false, reason: 'A standard change cannot go from New to Assess. From New it can go to Scheduled, Cancelled.' });
  });

  it('authorises and rejects only through the approval engine', () => {
    expect(checkChangeMove('normal', 'authorize', 'scheduled', facts)).toEqual({ ok: false, reason: reasons.approvalOnly('scheduled') });
    expect(checkChangeMove('emergency', 'authorize', 'rejected', facts)).toEqual({ ok: false, reason: 'A change is rejected only by its approvers: the server counts the votes.' });
    expect(checkChangeMove('normal', 'authorize', 'scheduled', facts, 'approval')).toEqual({ ok: true });
  });

  it('checks what the new state needs', () => {
    expect(checkChangeMove('standard', 'new', 'scheduled', { ...facts, windowEnd: facts.windowStart })).toEqual({ ok: false, reason: 'The planned end must be after the planned start.' });
    expect(checkChangeMove('normal', 'review', 'closed', facts)).toEqual({ ok: false, reason: reasons.noOutcome });
    expect(checkChangeMove('normal', 'review', 'closed', { ...facts, outcome: 'backed_out' })).toEqual({ ok: true });
    expect(checkChangeMove('normal', 'new', 'cancelled', { ...facts, reason: '  ' })).toEqual({ ok: false, reason: 'Say why the change is cancelled.' });
  });

  it('never leaves a final state and refuses staying put', () => {
    expect(checkChangeMove('normal', 'closed', 'review', full)).toEqual({ ok: false, reason: 'The change is Closed; it cannot move any more.' });
    expect(checkChangeMove('normal', 'assess', 'assess', full)).toEqual({ ok: false, reason: 'The change is already Assess.' });
  });

  it('lists the next states a person may choose', () => {
    expect(nextChangeStates('normal', 'assess')).toEqual(['authorize', 'new', 'cancelled']);
    expect(nextChangeStates('normal', 'authorize')).toEqual(['cancelled']);
    expect(nextChangeStates('normal', 'authorize', 'approval')).toEqual(['scheduled', 'rejected']);
    expect(nextChangeStates('standard', 'review')).toEqual(['closed']);
  });

  it.each([
    ['2026-12-10T08:00:00Z', '2026-12-10T08:00:00Z', false],
    ['2026-12-10T08:00:00Z', '2026-12-10T07:00:00Z', false],
    ['not a date', '2026-12-10T07:00:00Z', false],
    ['2026-12-10T08:00:00Z', '2026-12-10T08:00:01Z', true],
  ])('a window from %s to %s is well formed: %s', (start, end, ok) => {
    expect(checkChangeWindow(start, end).ok).toBe(ok);
  });
});
