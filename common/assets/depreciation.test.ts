import { describe, expect, it } from 'vitest';
import { checkDepreciation, depreciationSchedule, DepreciationSchema, endingWithin, valueOn, warrantyEnds, type Depreciation } from './depreciation';

const laptop: Depreciation = { costCents: 120_000, salvageCents: 0, startOn: '2026-01-15', lifeMonths: 12 };
const server: Depreciation = { costCents: 100_000, salvageCents: 10_000, startOn: '2026-01-31', lifeMonths: 36 };

describe('valueOn', () => {
  const cases: [string, Depreciation, string, number][] = [
    ['before the start: the full cost', laptop, '2025-06-01', 120_000],
    ['on the start date', laptop, '2026-01-15', 120_000],
    ['the day before the first anniversary', laptop, '2026-02-14', 120_000],
    ['on the first anniversary', laptop, '2026-02-15', 110_000],
    ['half-way', laptop, '2026-07-15', 60_000],
    ['at the end of its life', laptop, '2027-01-15', 0],
    ['long after: never below salvage', laptop, '2035-01-01', 0],
    ['a start on the 31st steps on the last day of a short month', server, '2026-02-28', 97_500],
    ['…and not the day before', server, '2026-02-27', 100_000],
    ['with a salvage value, at the end', server, '2029-01-31', 10_000],
    ['with a salvage value, long after', server, '2040-01-31', 10_000],
    ['thirds: rounded so the value is never below the line (666.67 → 667)', { costCents: 1000, salvageCents: 0, startOn: '2026-01-01', lifeMonths: 3 }, '2026-02-01', 667],
    ['thirds, two months (333.33 → 334)', { costCents: 1000, salvageCents: 0, startOn: '2026-01-01', lifeMonths: 3 }, '2026-03-01', 334],
    ['cost equal to salvage: no depreciation', { costCents: 5000, salvageCents: 5000, startOn: '2026-01-01', lifeMonths: 24 }, '2027-01-01', 5000],
    ['nothing cost nothing', { costCents: 0, salvageCents: 0, startOn: '2026-01-01', lifeMonths: 24 }, '2027-01-01', 0],
    [
      'the largest cost, exact (no float)',
      { costCents: Number.MAX_SAFE_INTEGER, salvageCents: 0, startOn: '2026-01-01', lifeMonths: 1200 },
      '2076-01-01',
      Number.MAX_SAFE_INTEGER - Math.floor(Number.MAX_SAFE_INTEGER / 2),
    ],
  ];
  it.each(cases)('%s', (_, d, date, cents) => {
    const value = valueOn(d, date);
    expect(value).toBe(cents);
    expect(Number.isInteger(value)).toBe(true);
  });
});

describe('checkDepreciation', () => {
  const cases: [string, Depreciation, string][] = [
    ['a negative cost', { ...laptop, costCents: -1 }, 'The cost must be a whole number of cents, zero or more.'],
    ['a cost in fractions of a cent', { ...laptop, costCents: 1999.5 }, 'The cost must be a whole number of cents, zero or more.'],
    ['a cost past exact integers', { ...laptop, costCents: 2 ** 53 }, 'The cost must be a whole number of cents, zero or more.'],
    ['a negative salvage value', { ...laptop, salvageCents: -5 }, 'The salvage value must be a whole number of cents, zero or more.'],
    ['salvage more than cost', { ...laptop, salvageCents: 120_001 }, 'The salvage value cannot be more than the cost.'],
    ['no life', { ...laptop, lifeMonths: 0 }, 'The useful life must be a whole number of months, from 1 to 1200.'],
    ['half a month of life', { ...laptop, lifeMonths: 12.5 }, 'The useful life must be a whole number of months, from 1 to 1200.'],
    ['a life of a millennium', { ...laptop, lifeMonths: 12_000 }, 'The useful life must be a whole number of months, from 1 to 1200.'],
    ['a start that is not a date', { ...laptop, startOn: '2026-02-30' }, 'The depreciation start date must be a date as YYYY-MM-DD.'],
  ];
  it.each(cases)('refuses %s', (_, d, reason) => {
    expect(checkDepreciation(d)).toEqual({ ok: false, reason });
    expect(() => valueOn(d, '2026-06-01')).toThrow(reason);
    expect(() => depreciationSchedule(d)).toThrow(reason);
    expect(DepreciationSchema.safeParse(d).success).toBe(false);
  });

  it('accepts a sound one', () => {
    expect(checkDepreciation(server)).toEqual({ ok: true });
    expect(DepreciationSchema.parse(server)).toEqual(server);
  });
});

describe('depreciationSchedule', () => {
  it('lists each month on its anniversary, with the value from then on', () => {
    expect(depreciationSchedule({ costCents: 1000, salvageCents: 100, startOn: '2026-01-31', lifeMonths: 3 })).toEqual([
      { month: 1, on: '2026-02-28', depreciationCents: 300, accumulatedCents: 300, valueCents: 700 },
      { month: 2, on: '2026-03-31', depreciationCents: 300, accumulatedCents: 600, valueCents: 400 },
      { month: 3, on: '2026-04-30', depreciationCents: 300, accumulatedCents: 900, valueCents: 100 },
    ]);
  });

  it.each<[number, number, number]>([
    [100, 0, 7],
    [1000, 0, 3],
    [99_999, 1, 36],
    [123_456_789, 23_456, 60],
    [1, 0, 48],
    [0, 0, 12],
    [5000, 5000, 24],
  ])('cost %i, salvage %i over %i months: whole cents, months a cent apart at most, adding up to cost − salvage', (costCents, salvageCents, lifeMonths) => {
    const d = { costCents, salvageCents, startOn: '2026-01-01', lifeMonths };
    const rows = depreciationSchedule(d);
    const amounts = rows.map((r) => r.depreciationCents);
    expect(rows).toHaveLength(lifeMonths);
    expect(rows.every((r) => Number.isInteger(r.depreciationCents) && Number.isInteger(r.valueCents))).toBe(true);
    expect(Math.max(...amounts) - Math.min(...amounts)).toBeLessThanOrEqual(1);
    expect(amounts.reduce((a, b) => a + b, 0)).toBe(costCents - salvageCents);
    expect(rows.at(-1)?.valueCents).toBe(salvageCents);
    for (const r of rows) expect(valueOn(d, r.on)).toBe(r.valueCents);
  });
});

describe('warrantyEnds', () => {
  it.each([
    ['2026-01-15', 12, '2027-01-14'],
    ['2026-03-01', 36, '2029-02-28'],
    ['2026-01-31', 1, '2026-02-27'],
    ['2024-02-29', 12, '2025-02-27'],
    ['2026-12-01', 1, '2026-12-31'],
  ])('bought %s, %i months: covered up to %s', (purchaseOn, months, end) => {
    expect(warrantyEnds(purchaseOn, months)).toBe(end);
  });

  it.each([0, -12, 1.5])('refuses %s months', (months) => {
    expect(() => warrantyEnds('2026-01-01', months)).toThrow('A warranty lasts a whole number of months, one or more.');
  });
});

describe('endingWithin', () => {
  const items = [
    { id: 'ended-yesterday', endsOn: '2026-03-09' },
    { id: 'ends-today', endsOn: '2026-03-10' },
    { id: 'support-contract', endsOn: '2026-04-09' },
    { id: 'in-31-days', endsOn: '2026-04-10' },
    { id: 'in-5-days', endsOn: '2026-03-15' },
  ];

  it('lists what ends within the days, soonest first, with the days left', () => {
    expect(endingWithin(items, 30, '2026-03-10').map((e) => [e.item.id, e.daysLeft])).toEqual([
      ['ends-today', 0],
      ['in-5-days', 5],
      ['support-contract', 30],
    ]);
  });

  it.each([
    [0, ['ends-today']],
    [4, ['ends-today']],
    [5, ['ends-today', 'in-5-days']],
    [31, ['ends-today', 'in-5-days', 'support-contract', 'in-31-days']],
  ])('within %i days', (days, ids) => {
    expect(endingWithin(items, days, '2026-03-10').map((e) => e.item.id)).toEqual(ids);
  });

  it('works with a warranty computed from its purchase', () => {
    const warranty = { assetId: 'LT-0042', endsOn: warrantyEnds('2025-04-01', 12) };
    expect(endingWithin([warranty], 30, '2026-03-10')).toEqual([{ item: warranty, daysLeft: 21 }]);
  });

  it.each([-1, 2.5])('refuses %s days', (days) => {
    expect(() => endingWithin(items, days, '2026-03-10')).toThrow('The number of days ahead must be a whole number, zero or more.');
  });
});
