import { describe, expect, it } from 'vitest';
import { checkContract, checkLicence, checkSeatAssignment, formatMoney, noticeBy, parseMoney } from './contracts';

const contract = { startsOn: '2026-01-01', endsOn: '2026-12-31', noticeDays: 90, costCents: 120_000 };

describe('checkContract', () => {
  it('accepts a contract of one day or more, with no notice and no cost', () => {
    expect(checkContract(contract)).toEqual({ ok: true });
    expect(checkContract({ ...contract, endsOn: '2026-01-01', noticeDays: 0, costCents: 0 })).toEqual({ ok: true });
  });

  it('refuses an end before the start, a negative notice period or cost, and dates that are not dates, in words', () => {
    expect(checkContract({ ...contract, endsOn: '2025-12-31' })).toEqual({ ok: false, reason: 'A contract cannot end (2025-12-31) before it starts (2026-01-01).' });
    expect(checkContract({ ...contract, noticeDays: -1 })).toEqual({ ok: false, reason: 'The notice period must be a whole number of days, from 0 to 3660.' });
    expect(checkContract({ ...contract, noticeDays: 1.5 })).toMatchObject({ ok: false });
    expect(checkContract({ ...contract, costCents: -1 })).toEqual({ ok: false, reason: 'The cost cannot be negative: enter zero or more.' });
    expect(checkContract({ ...contract, startsOn: '2026-02-30' })).toEqual({ ok: false, reason: 'The start date must be a date as YYYY-MM-DD.' });
    expect(checkContract({ ...contract, endsOn: 'soon' })).toEqual({ ok: false, reason: 'The end date must be a date as YYYY-MM-DD.' });
  });

  it('says the last day to give notice of a contract that renews', () => {
    expect(noticeBy({ endsOn: '2026-12-31', noticeDays: 90, renewal: 'tacit' })).toBe('2026-10-02');
    expect(noticeBy({ endsOn: '2026-12-31', noticeDays: 0, renewal: 'express' })).toBe('2026-12-31');
    expect(noticeBy({ endsOn: '2026-12-31', noticeDays: 90, renewal: 'none' })).toBeNull();
  });
});

const licence = { name: 'Adobe Acrobat Pro', seats: 3, costCents: 50_000, purchasedOn: '2026-01-10', expiresOn: '2027-01-09' };

describe('checkLicence', () => {
  it('accepts a licence with at least as many seats as it has given', () => {
    expect(checkLicence(licence)).toEqual({ ok: true });
    expect(checkLicence(licence, 3)).toEqual({ ok: true });
    expect(checkLicence({ ...licence, seats: 0, costCents: null, purchasedOn: null, expiresOn: null })).toEqual({ ok: true });
  });

  it('refuses fewer seats than assigned, negative seats or cost, and an expiry before the purchase', () => {
    expect(checkLicence(licence, 4)).toEqual({ ok: false, reason: 'Adobe Acrobat Pro has 4 seats assigned, so it cannot have fewer than 4: unassign some first.' });
    expect(checkLicence({ ...licence, seats: 0 }, 1)).toEqual({ ok: false, reason: 'Adobe Acrobat Pro has 1 seat assigned, so it cannot have fewer than 1: unassign some first.' });
    expect(checkLicence({ ...licence, seats: -2 })).toEqual({ ok: false, reason: 'The number of seats must be a whole number, zero or more.' });
    expect(checkLicence({ ...licence, costCents: -100 })).toEqual({ ok: false, reason: 'The cost cannot be negative: enter zero or more.' });
    expect(checkLicence({ ...licence, expiresOn: '2025-01-01' })).toEqual({ ok: false, reason: 'A licence cannot expire (2025-01-01) before it is bought (2026-01-10).' });
  });
});

describe('checkSeatAssignment', () => {
  const given = [
    { targetKind: 'asset' as const, targetId: 'a1' },
    { targetKind: 'person' as const, targetId: 'p1' },
  ];
  it('gives a seat while some are left, to a target that has none', () => {
    expect(checkSeatAssignment(licence, given, { kind: 'asset', id: 'a2', label: 'HQ-LT-0002 (A-0002)' })).toEqual({ ok: true });
    // The same id as a person is another target.
    expect(checkSeatAssignment(licence, given, { kind: 'person', id: 'a1', label: 'Ann' })).toEqual({ ok: true });
  });

  it('refuses a second seat for one target and a seat beyond the licence, in words', () => {
    expect(checkSeatAssignment(licence, given, { kind: 'person', id: 'p1', label: 'Paula Field' })).toEqual({ ok: false, reason: 'Paula Field already has a seat of Adobe Acrobat Pro.' });
    const full = [...given, { targetKind: 'asset' as const, targetId: 'a3' }];
    expect(checkSeatAssignment(licence, full, { kind: 'asset', id: 'a4', label: 'x' })).toEqual({
      ok: false,
      reason: 'All 3 seats of Adobe Acrobat Pro are assigned: unassign one or add seats to the licence first.',
    });
    expect(checkSeatAssignment({ name: 'Visio', seats: 1 }, [given[0]!], { kind: 'asset', id: 'a4', label: 'x' })).toMatchObject({ reason: 'All 1 seat of Visio are assigned: unassign one or add seats to the licence first.' });
    expect(checkSeatAssignment({ name: 'Visio', seats: 0 }, [], { kind: 'asset', id: 'a4', label: 'x' })).toEqual({ ok: false, reason: 'Visio has no seats to assign: add seats to the licence first.' });
  });
});

describe('money', () => {
  it('reads amounts as people type them and writes cents back', () => {
    expect(parseMoney('1250')).toBe(125_000);
    expect(parseMoney(' 1,250.5 ')).toBe(125_050);
    expect(parseMoney('0.07')).toBe(7);
    expect(parseMoney('-3')).toBe(-300);
    expect(parseMoney('12.345')).toBeNull();
    expect(parseMoney('ten')).toBeNull();
    expect(formatMoney(125_050, 'EUR')).toBe('EUR 1,250.50');
    expect(formatMoney(7, 'USD')).toBe('USD 0.07');
  });
});
