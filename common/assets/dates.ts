/**
 * Calendar dates ("2026-03-31") for the asset rules: expected return dates, depreciation
 * months, warranty ends. A calendar date has no time zone: the caller gives "today" as the
 * technician's own date, so a check-out made at 18:00 in Chicago is not a day late in UTC.
 * The arithmetic runs on day numbers (days since 1970-01-01), which is exact.
 */
import { z } from 'zod';

const DAY_MS = 86_400_000;
const SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(date: string): [number, number, number] | null {
  const m = SHAPE.exec(date);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return [year, month, day];
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Whether a text is a real calendar date as YYYY-MM-DD (no 2026-02-30). */
export function isIsoDate(value: string): boolean {
  return parts(value) !== null;
}

/** A calendar date as YYYY-MM-DD. */
export const IsoDateSchema = z.string().refine(isIsoDate, 'must be a date as YYYY-MM-DD');
export type IsoDate = string;

function partsOrThrow(date: string): [number, number, number] {
  const p = parts(date);
  if (!p) throw new Error(`"${date}" is not a date as YYYY-MM-DD.`);
  return p;
}

/** Days since 1970-01-01 (negative before). Throws on a text that is not a date. */
export function dayNumber(date: IsoDate): number {
  const [y, m, d] = partsOrThrow(date);
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

/** The date of a day number. */
export function dateOfDay(day: number): IsoDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** `to` minus `from`, in days (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return dayNumber(to) - dayNumber(from);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return dateOfDay(dayNumber(date) + days);
}

/**
 * The same day `months` months later; a day the target month lacks becomes its last day
 * (31 January + 1 month = 28 or 29 February), as calendars and contracts count.
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = partsOrThrow(date);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  const day = Math.min(d, daysInMonth(year, month));
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Whole months from `from` to `to`: the largest n with addMonths(from, n) <= to (0 when `to` is earlier). */
export function wholeMonthsBetween(from: IsoDate, to: IsoDate): number {
  const [fy, fm] = partsOrThrow(from);
  const [ty, tm] = partsOrThrow(to);
  let n = (ty - fy) * 12 + (tm - fm);
  if (n > 0 && addMonths(from, n) > to) n -= 1;
  return Math.max(0, n);
}
