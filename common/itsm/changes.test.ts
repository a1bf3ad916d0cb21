import { describe, expect, it } from 'vitest';
import { newChange } from '../changes/new-change';
import type { ChangeRequest } from '../changes/records';
import { checkChangeCi, isScheduledChange, sortChanges } from './changes';

const NOW = Date.parse('2026-12-07T12:00:00.000Z');
const change = (over: Partial<ChangeRequest>): ChangeRequest =>
  newChange({
    id: 'c',
    number: 'CHG-0004',
    title: 'Monthly Windows server patching at Headquarters',
    status: 'scheduled',
    windowStart: '2026-12-10T19:00:00.000Z',
    windowEnd: '2026-12-10T22:00:00.000Z',
    createdAt: '2026-12-01T09:00:00.000Z',
    rev: 1,
    ...over,
  });

describe('scheduled changes', () => {
  it('counts scheduled and implementing (Implement) changes whose window has not ended', () => {
    expect(isScheduledChange(change({}), NOW)).toBe(true);
    expect(isScheduledChange(change({ status: 'implement', windowStart: '2026-12-07T11:00:00.000Z', windowEnd: '2026-12-07T13:00:00.000Z' }), NOW)).toBe(true);
    expect(isScheduledChange(change({ status: 'implement', windowEnd: '2026-12-07T11:59:59.000Z' }), NOW)).toBe(false);
    expect(isScheduledChange(change({ status: 'new' }), NOW)).toBe(false);
    expect(isScheduledChange(change({ status: 'closed' }), NOW)).toBe(false);
    expect(isScheduledChange(change({ status: 'cancelled' }), NOW)).toBe(false);
  });

  it('lists the scheduled ones first, soonest first, then the others, latest first', () => {
    const later = change({ id: 'later', windowStart: '2027-01-10T19:00:00.000Z', windowEnd: '2027-01-10T22:00:00.000Z' });
    const soon = change({ id: 'soon' });
    const done = change({ id: 'done', status: 'closed', windowStart: '2026-11-01T19:00:00.000Z', windowEnd: '2026-11-01T22:00:00.000Z' });
    const draft = change({ id: 'draft', status: 'new', windowStart: '2027-02-01T19:00:00.000Z', windowEnd: '2027-02-01T22:00:00.000Z' });
    expect(sortChanges([done, later, draft, soon], NOW).map((c) => c.id)).toEqual(['soon', 'later', 'draft', 'done']);
  });
});

describe('a change affecting a CI', () => {
  const ci = { id: 'ci-1', name: 'hq-app01' };
  it('refuses a missing change, a missing CI and the same CI twice, in words', () => {
    expect(checkChangeCi(null, ci, [])).toEqual({ ok: false, reason: 'The change does not exist or is not visible to you.' });
    expect(checkChangeCi(change({}), null, [])).toEqual({ ok: false, reason: 'The configuration item does not exist or is not visible to you.' });
    expect(checkChangeCi(change({}), ci, ['ci-1'])).toEqual({ ok: false, reason: 'CHG-0004 already affects hq-app01.' });
    expect(checkChangeCi(change({ number: null }), ci, ['ci-1'])).toEqual({ ok: false, reason: 'Monthly Windows server patching at Headquarters already affects hq-app01.' });
    expect(checkChangeCi(change({}), ci, ['ci-2'])).toEqual({ ok: true });
  });
});
