import { localToday } from '../../shared/dates';
import { describe, expect, it } from 'vitest';
import type { Contract } from '@fielddesk/common/entities/contract';
import { contractsEnding, daysLeftWords, matchesContract, parseEndingDays } from './model';

const contract = (id: string, endsOn: string): Contract => ({
  id,
  name: `Contract ${id}`,
  reference: 'SUP-1',
  kind: 'support',
  vendorId: 'v',
  startsOn: '2025-01-01',
  endsOn,
  renewal: 'tacit',
  noticeDays: 30,
  costCents: 100,
  currency: 'EUR',
  notes: '',
  createdById: null,
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
  rev: 1,
});

describe('contract screens model', () => {
  it('lists the contracts ending within N days, soonest first, ending today included and ended ones not', () => {
    const list = [contract('a', '2026-04-30'), contract('b', '2026-04-01'), contract('c', '2026-03-31'), contract('d', '2026-05-02')];
    expect(contractsEnding(list, 30, '2026-04-01').map((e) => [e.item.id, e.daysLeft])).toEqual([
      ['b', 0],
      ['a', 29],
    ]);
    expect(contractsEnding(list, 31, '2026-04-01').map((e) => e.item.id)).toEqual(['b', 'a', 'd']);
  });

  it('reads the days from the address, and says days left in words', () => {
    expect(parseEndingDays('30')).toBe(30);
    expect(parseEndingDays('0')).toBe(0);
    expect(parseEndingDays(null)).toBeNull();
    expect(parseEndingDays('-1')).toBeNull();
    expect(parseEndingDays('99999')).toBeNull();
    expect(daysLeftWords(0)).toBe('ends today');
    expect(daysLeftWords(1)).toBe('ends tomorrow');
    expect(daysLeftWords(12)).toBe('ends in 12 days');
    expect(daysLeftWords(-3)).toBe('ended 3 days ago');
    expect(localToday(new Date(2026, 0, 5, 23, 30))).toBe('2026-01-05');
  });

  it('searches name, reference and vendor', () => {
    expect(matchesContract(contract('a', '2026-01-01'), 'Northwind', 'north sup-1')).toBe(true);
    expect(matchesContract(contract('a', '2026-01-01'), 'Northwind', 'contoso')).toBe(false);
  });
});
