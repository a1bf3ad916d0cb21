/**
 * What an asset is worth, and when its warranty or contract ends: the same figures on the
 * app (offline) and the server.
 *
 * Straight-line depreciation, counted in whole months as Snipe-IT does: the cost less the
 * salvage value is spread evenly over the useful life, from the start date (the purchase
 * date, or the date it went into service: the caller picks, as ServiceNow lets the
 * depreciation start at either). The value steps down on each monthly anniversary of the
 * start (31 January, 28 February, 31 March…); before the start it is the full cost, and
 * from the end of its life on, the salvage value: never less.
 *
 * Money is integer cents, and every result is integer cents. Rounding: the depreciation
 * accumulated after n months is (cost − salvage) × n / life rounded DOWN to the cent, so a
 * value is never below the exact straight line by a fraction; a month's depreciation is
 * the difference of two of those, so the months differ by at most a cent and the schedule
 * adds up to cost − salvage exactly (the rounding does not drift). The product is taken in
 * BigInt, exact for any cost up to Number.MAX_SAFE_INTEGER cents.
 *
 * Warranties and contracts end on their last covered day, as GLPI counts: a 12-month
 * warranty bought on 15 January 2026 covers up to 14 January 2027 (Snipe-IT shows the day
 * after, the first day not covered).
 */
import { z } from 'zod';
import type { TransitionCheck } from '../itsm/lifecycle';
import { addDays, addMonths, dayNumber, IsoDateSchema, isIsoDate, wholeMonthsBetween, type IsoDate } from './dates';

export const MAX_LIFE_MONTHS = 1200;

const Cents = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** How an asset depreciates. */
export const DepreciationSchema = z
  .object({
    costCents: Cents,
    salvageCents: Cents,
    /** The purchase date or the in-service date. */
    startOn: IsoDateSchema,
    lifeMonths: z.number().int().min(1).max(MAX_LIFE_MONTHS),
  })
  .strict()
  .refine((d) => d.salvageCents <= d.costCents, { message: 'the salvage value cannot be more than the cost', path: ['salvageCents'] });
export type Depreciation = z.infer<typeof DepreciationSchema>;

const isCents = (n: number) => Number.isSafeInteger(n) && n >= 0;

/** Says whether a depreciation is one that can be computed, and if not, why, in words. */
export function checkDepreciation(d: Depreciation): TransitionCheck {
  if (!isCents(d.costCents)) return { ok: false, reason: 'The cost must be a whole number of cents, zero or more.' };
  if (!isCents(d.salvageCents)) return { ok: false, reason: 'The salvage value must be a whole number of cents, zero or more.' };
  if (d.salvageCents > d.costCents) return { ok: false, reason: 'The salvage value cannot be more than the cost.' };
  if (!Number.isInteger(d.lifeMonths) || d.lifeMonths < 1 || d.lifeMonths > MAX_LIFE_MONTHS) {
    return { ok: false, reason: `The useful life must be a whole number of months, from 1 to ${MAX_LIFE_MONTHS}.` };
  }
  if (!isIsoDate(d.startOn)) return { ok: false, reason: 'The depreciation start date must be a date as YYYY-MM-DD.' };
  return { ok: true };
}

function mustBeValid(d: Depreciation): void {
  const verdict = checkDepreciation(d);
  if (!verdict.ok) throw new Error(verdict.reason);
}

/** Depreciation accumulated after `months` whole months (0..life), rounded down to the cent. */
function accumulated(d: Depreciation, months: number): number {
  const m = Math.min(Math.max(months, 0), d.lifeMonths);
  return Number((BigInt(d.costCents - d.salvageCents) * BigInt(m)) / BigInt(d.lifeMonths));
}

/** The value in cents on a date. Throws an Error in words when the depreciation is not valid. */
export function valueOn(d: Depreciation, date: IsoDate): number {
  mustBeValid(d);
  return d.costCents - accumulated(d, wholeMonthsBetween(d.startOn, date));
}

export interface DepreciationMonth {
  /** 1 for the first month of the life. */
  month: number;
  /** The date the month's depreciation is taken: its end, the monthly anniversary of the start. */
  on: IsoDate;
  depreciationCents: number;
  accumulatedCents: number;
  /** The value from that date on. */
  valueCents: number;
}

/** Month by month over the whole life. Throws an Error in words when the depreciation is not valid. */
export function depreciationSchedule(d: Depreciation): DepreciationMonth[] {
  mustBeValid(d);
  const rows: DepreciationMonth[] = [];
  let before = 0;
  for (let month = 1; month <= d.lifeMonths; month++) {
    const total = accumulated(d, month);
    rows.push({ month, on: addMonths(d.startOn, month), depreciationCents: total - before, accumulatedCents: total, valueCents: d.costCents - total });
    before = total;
  }
  return rows;
}

/** The last day a warranty of `months` months from `purchaseOn` covers. */
export function warrantyEnds(purchaseOn: IsoDate, months: number): IsoDate {
  if (!Number.isInteger(months) || months < 1) throw new Error('A warranty lasts a whole number of months, one or more.');
  return addDays(addMonths(purchaseOn, months), -1);
}

export interface Ending<T> {
  item: T;
  /** Days from today to the last covered day: 0 when it ends today. */
  daysLeft: number;
}

/**
 * The warranties or contracts (anything with a last covered day, `endsOn`) that end within
 * `days` days of `today` (the viewer's calendar date), soonest first: ending today counts,
 * one that has already ended does not (it is expired, another list).
 */
export function endingWithin<T extends { endsOn: IsoDate }>(items: readonly T[], days: number, today: IsoDate): Ending<T>[] {
  if (!Number.isInteger(days) || days < 0) throw new Error('The number of days ahead must be a whole number, zero or more.');
  const from = dayNumber(today);
  const out: Ending<T>[] = [];
  for (const item of items) {
    const left = dayNumber(item.endsOn) - from;
    if (left >= 0 && left <= days) out.push({ item, daysLeft: left });
  }
  return out.sort((a, b) => a.daysLeft - b.daysLeft);
}
