/**
 * The checks a contract, a licence and a seat assignment must pass before they are recorded,
 * the same on the app (before an op is queued, offline) and the server (when the op is
 * pushed), with the same words. Pure: the caller gathers the facts (the licence's seats
 * already given, from the replica or the push batch) and passes them in.
 *
 * Money is integer cents in a currency (ISO 4217 code), as in ./depreciation.ts; dates are
 * calendar dates (./dates.ts). A contract, like a warranty, ends on its last covered day, so
 * a contract may start and end on the same day (one day long), never end before it starts.
 */
import { z } from 'zod';
import type { TransitionCheck } from '../itsm/lifecycle';
import { addDays, isIsoDate, type IsoDate } from './dates';

export const CONTRACT_KINDS = {
  support: 'Support',
  lease: 'Lease',
  warranty: 'Warranty',
  licence_agreement: 'Licence agreement',
} as const;
export const ContractKindSchema = z.enum(Object.keys(CONTRACT_KINDS) as [keyof typeof CONTRACT_KINDS, ...(keyof typeof CONTRACT_KINDS)[]]);
export type ContractKind = z.infer<typeof ContractKindSchema>;

/** How a contract renews: not at all, by itself unless cancelled in time (tacit), or only when both sign again (express). */
export const RENEWALS = {
  none: 'Does not renew',
  tacit: 'Renews unless cancelled',
  express: 'Renews only when signed again',
} as const;
export const RenewalSchema = z.enum(Object.keys(RENEWALS) as [keyof typeof RENEWALS, ...(keyof typeof RENEWALS)[]]);
export type Renewal = z.infer<typeof RenewalSchema>;

/** Longest notice period a contract may ask for: ten years. */
export const MAX_NOTICE_DAYS = 3660;

/** An ISO 4217 currency code: three capital letters. */
export const CurrencySchema = z.string().regex(/^[A-Z]{3}$/, 'must be a currency code of three capital letters, such as EUR');

/** The facts of a contract its check reads. */
export interface ContractFacts {
  startsOn: IsoDate;
  endsOn: IsoDate;
  noticeDays: number;
  costCents: number;
}

const wholeAtLeastZero = (n: number) => Number.isSafeInteger(n) && n >= 0;

/** Says whether a contract may be recorded as it is, and if not, why, in words. */
export function checkContract(c: ContractFacts): TransitionCheck {
  if (!isIsoDate(c.startsOn)) return { ok: false, reason: 'The start date must be a date as YYYY-MM-DD.' };
  if (!isIsoDate(c.endsOn)) return { ok: false, reason: 'The end date must be a date as YYYY-MM-DD.' };
  if (c.endsOn < c.startsOn) return { ok: false, reason: `A contract cannot end (${c.endsOn}) before it starts (${c.startsOn}).` };
  if (!wholeAtLeastZero(c.noticeDays) || c.noticeDays > MAX_NOTICE_DAYS) {
    return { ok: false, reason: `The notice period must be a whole number of days, from 0 to ${MAX_NOTICE_DAYS}.` };
  }
  if (!wholeAtLeastZero(c.costCents)) return { ok: false, reason: 'The cost cannot be negative: enter zero or more.' };
  return { ok: true };
}

/**
 * The last day notice may be given for a contract that renews (tacitly or expressly) so it
 * does not: the end date less the notice period. Null when it does not renew.
 */
export function noticeBy(c: { endsOn: IsoDate; noticeDays: number; renewal: Renewal }): IsoDate | null {
  return c.renewal === 'none' ? null : addDays(c.endsOn, -c.noticeDays);
}

/** The facts of a licence its check reads. */
export interface LicenceFacts {
  name: string;
  seats: number;
  costCents: number | null;
  purchasedOn: IsoDate | null;
  expiresOn: IsoDate | null;
}

/**
 * Says whether a licence may be recorded as it is (`assigned`: the seats already given of
 * it, 0 for a new one), and if not, why, in words: it may not have fewer seats than it has
 * given, since compliance would then count seats nobody owns.
 */
export function checkLicence(l: LicenceFacts, assigned = 0): TransitionCheck {
  if (!wholeAtLeastZero(l.seats)) return { ok: false, reason: 'The number of seats must be a whole number, zero or more.' };
  if (l.seats < assigned) {
    return { ok: false, reason: `${l.name} has ${seatsWord(assigned)} assigned, so it cannot have fewer than ${assigned}: unassign some first.` };
  }
  if (l.costCents !== null && !wholeAtLeastZero(l.costCents)) return { ok: false, reason: 'The cost cannot be negative: enter zero or more.' };
  if (l.purchasedOn !== null && !isIsoDate(l.purchasedOn)) return { ok: false, reason: 'The purchase date must be a date as YYYY-MM-DD.' };
  if (l.expiresOn !== null && !isIsoDate(l.expiresOn)) return { ok: false, reason: 'The expiry date must be a date as YYYY-MM-DD.' };
  if (l.purchasedOn !== null && l.expiresOn !== null && l.expiresOn < l.purchasedOn) {
    return { ok: false, reason: `A licence cannot expire (${l.expiresOn}) before it is bought (${l.purchasedOn}).` };
  }
  return { ok: true };
}

export type SeatTargetKind = 'asset' | 'person';

/** What a seat is given to, as the seat rule reads it. */
export interface SeatTarget {
  kind: SeatTargetKind;
  id: string;
  /** How a person reads it: the asset's tag and name, or the person's name. */
  label: string;
}

/** Says whether one more seat of a licence may be given to a target, and if not, why, in words. */
export function checkSeatAssignment(
  licence: { name: string; seats: number },
  given: readonly { targetKind: SeatTargetKind; targetId: string }[],
  target: SeatTarget,
): TransitionCheck {
  if (given.some((s) => s.targetKind === target.kind && s.targetId === target.id)) {
    return { ok: false, reason: `${target.label} already has a seat of ${licence.name}.` };
  }
  if (given.length >= licence.seats) {
    return {
      ok: false,
      reason:
        licence.seats === 0
          ? `${licence.name} has no seats to assign: add seats to the licence first.`
          : `All ${seatsWord(licence.seats)} of ${licence.name} are assigned: unassign one or add seats to the licence first.`,
    };
  }
  return { ok: true };
}

function seatsWord(n: number): string {
  return n === 1 ? '1 seat' : `${n.toLocaleString('en-US')} seats`;
}

/** Who may change what, in the words the app and the server both use. */
export const ONLY_DESK_VENDORS = 'Only desk staff and admins can add or change vendors.';
export const ONLY_DESK_CONTRACTS = 'Only desk staff and admins can add or change contracts.';
export const ONLY_DESK_LICENCES = 'Only desk staff and admins can add or change licences.';

/** An asset as a refusal or a seat names it: "HQ-LT-0042 laptop (A-0042)". */
export const assetLabel = (asset: { name: string; tag: string }): string => `${asset.name} (${asset.tag})`;

/** Says whether an asset may be added to a contract's covered assets (`covered`: the assets it covers already). */
export function checkCoverage(contract: { name: string }, covered: readonly string[], asset: { id: string; name: string; tag: string }): TransitionCheck {
  if (covered.includes(asset.id)) return { ok: false, reason: `${assetLabel(asset)} is already covered by ${contract.name}.` };
  return { ok: true };
}

/** An amount of cents in a currency, as people read it ("EUR 1,250.00"). */
export function formatMoney(cents: number, currency: string): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const units = Math.floor(abs / 100).toLocaleString('en-US');
  return `${currency} ${sign}${units}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * Cents of an amount a person typed ("1250", "1,250.5", "1250.50"): null when it is not an
 * amount with at most two decimals. A leading minus is kept, so the check can say why it is refused.
 */
export function parseMoney(text: string): number | null {
  const t = text.trim().replace(/,/g, '');
  const m = /^(-?)(\d{1,13})(?:\.(\d{1,2}))?$/.exec(t);
  if (!m) return null;
  const cents = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] === '-' ? -cents : cents;
}
