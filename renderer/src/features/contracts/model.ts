/**
 * What the contract screens show, computed from records (pure, tested): the viewer's calendar
 * date, the contracts ending within N days (common/assets/depreciation.ts endingWithin), the
 * words for days left, and the "ending within" choice read from the address.
 */
import type { Contract } from '@fielddesk/common/entities/contract';
import { endingWithin, type Ending } from '@fielddesk/common/assets/depreciation';

/** Days ahead the "ending soon" filter and the dashboard count by default. */
export const DEFAULT_ENDING_DAYS = 30;
/** The most days ahead one may ask for (ten years). */
export const MAX_ENDING_DAYS = 3650;


/** `?ending=N` as a number of days, or null when the filter is off or the text is not a whole number in range. */
export function parseEndingDays(value: string | null): number | null {
  if (value === null || !/^\d{1,4}$/.test(value)) return null;
  const n = Number(value);
  return n <= MAX_ENDING_DAYS ? n : null;
}

/** The contracts ending within `days` of `today` (ending today counts, ended ones do not), soonest first. */
export function contractsEnding(contracts: readonly Contract[], days: number, today: string): Ending<Contract>[] {
  return endingWithin(contracts, days, today);
}

/** Days left before a contract's last day, in words. */
export function daysLeftWords(daysLeft: number): string {
  if (daysLeft < 0) return daysLeft === -1 ? 'ended yesterday' : `ended ${-daysLeft} days ago`;
  if (daysLeft === 0) return 'ends today';
  return daysLeft === 1 ? 'ends tomorrow' : `ends in ${daysLeft} days`;
}

/** Whether a contract matches a search text (its name, reference, vendor's name), every word. */
export function matchesContract(contract: Contract, vendorName: string, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const text = `${contract.name} ${contract.reference ?? ''} ${vendorName}`.toLowerCase();
  return words.every((w) => text.includes(w));
}
