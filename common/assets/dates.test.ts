import { describe, expect, it } from 'vitest';
import { addDays, addMonths, dateOfDay, dayNumber, daysBetween, IsoDateSchema, isIsoDate, wholeMonthsBetween } from './dates';

describe('calendar dates', () => {
  it.each([
    ['2026-03-31', true],
    ['2028-02-29', true],
    ['2026-02-29', false],
    ['2026-04-31', false],
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-3-1', false],
    ['2026-03-31T00:00:00Z', false],
    ['', false],
  ])('isIsoDate(%s) is %s', (text, ok) => {
    expect(isIsoDate(text)).toBe(ok);
    expect(IsoDateSchema.safeParse(text).success).toBe(ok);
  });

  it.each([
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2026-01-31', 2, '2026-03-31'],
    ['2026-11-15', 3, '2027-02-15'],
    ['2026-03-31', -1, '2026-02-28'],
    ['2026-01-15', -13, '2024-12-15'],
    ['2026-05-10', 0, '2026-05-10'],
  ])('addMonths(%s, %i) = %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it.each([
    ['2026-01-31', '2026-02-27', 0],
    ['2026-01-31', '2026-02-28', 1],
    ['2026-01-31', '2026-03-30', 1],
    ['2026-01-31', '2026-03-31', 2],
    ['2026-01-15', '2026-01-15', 0],
    ['2026-01-15', '2027-01-14', 11],
    ['2026-01-15', '2027-01-15', 12],
    ['2026-01-15', '2025-12-01', 0],
  ])('wholeMonthsBetween(%s, %s) = %i', (from, to, months) => {
    expect(wholeMonthsBetween(from, to)).toBe(months);
  });

  it('counts days across months, years and leap days', () => {
    expect(daysBetween('2026-02-27', '2026-03-01')).toBe(2);
    expect(daysBetween('2028-02-27', '2028-03-01')).toBe(3);
    expect(daysBetween('2026-03-10', '2026-03-01')).toBe(-9);
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(dateOfDay(dayNumber('1969-12-31'))).toBe('1969-12-31');
    expect(dayNumber('1970-01-01')).toBe(0);
  });

  it('throws, naming the text, on a date that is not one', () => {
    expect(() => dayNumber('2026-02-30')).toThrow('"2026-02-30" is not a date as YYYY-MM-DD.');
  });
});
