/**
 * Check-out and check-in of assets, the same rules on the app (offline) and the server,
 * refused in words a technician reads.
 *
 * As in Snipe-IT, an asset is checked out to a person, a location or another asset (a
 * monitor to the desktop it sits on), optionally with an expected return date, and only
 * an asset ready to deploy can be: here, in stock with the substate "available"
 * (lifecycle.ts). A check-out moves the asset to "in use" and a check-in back to "in
 * stock" (the caller makes that move with `checkingOut` / `checkingIn`, see checkMove).
 * Snipe-IT's acceptance (the person signs for what they received) is a flag the caller
 * sets per check-out, from its own settings; this module only carries it.
 *
 * Refused: an asset already checked out (saying to whom), one that is not in stock and
 * available, an asset checked out to itself or round in a loop (a monitor to a dock that
 * is itself checked out to the monitor), an expected return before the check-out date, and
 * the check-in of an asset that is not checked out. `overdue` lists what is past its
 * expected return. Dates are calendar dates in the technician's own calendar (dates.ts).
 */
import { z } from 'zod';
import { IdSchema, TimestampSchema } from '../domain/ids';
import { daysBetween, IsoDateSchema, type IsoDate } from './dates';
import { AVAILABLE_SUBSTATE, DEFAULT_ASSET_LIFECYCLE, stateLabel, type AssetLifecycleConfig, type AssetStateFields, type TransitionCheck } from './lifecycle';

export const CHECKOUT_TARGET_KINDS = ['person', 'location', 'asset'] as const;
export const CheckoutTargetKindSchema = z.enum(CHECKOUT_TARGET_KINDS);
export type CheckoutTargetKind = z.infer<typeof CheckoutTargetKindSchema>;

/** Who or what has the asset. */
export const CheckoutTargetSchema = z.object({ kind: CheckoutTargetKindSchema, id: IdSchema }).strict();
export type CheckoutTarget = z.infer<typeof CheckoutTargetSchema>;

/** What a technician asks for when checking an asset out. */
export const CheckoutRequestSchema = z
  .object({
    assetId: IdSchema,
    target: CheckoutTargetSchema,
    /** The check-out date, in the technician's calendar. */
    checkedOutOn: IsoDateSchema,
    expectedReturnOn: IsoDateSchema.nullable(),
    /** Whether the person must accept (sign for) the asset; the caller decides. */
    acceptanceRequired: z.boolean(),
  })
  .strict();
export type CheckoutRequest = z.infer<typeof CheckoutRequestSchema>;

/** A check-out as recorded: open while `checkedInAt` is null. */
export const CheckoutSchema = CheckoutRequestSchema.extend({
  id: IdSchema,
  checkedOutAt: TimestampSchema,
  acceptedAt: TimestampSchema.nullable(),
  checkedInAt: TimestampSchema.nullable(),
}).strict();
export type Checkout = z.infer<typeof CheckoutSchema>;

/** What the check-out rules need to know about the world. */
export interface CheckoutFacts {
  /** The asset to check out (or in): its id, what to call it, its state. */
  asset: AssetStateFields & { id: string; name: string };
  /** The open check-out of an asset, or null: the asset's own, and those along a chain of assets. */
  openCheckoutOf: (assetId: string) => Pick<Checkout, 'target'> | null;
  /** What to call a person, a location or an asset; null when it does not exist or is not visible. */
  nameOf: (target: CheckoutTarget) => string | null;
  config?: AssetLifecycleConfig;
}

const UNSEEN: Record<CheckoutTargetKind, string> = {
  person: 'a person you cannot see',
  location: 'a location you cannot see',
  asset: 'an asset you cannot see',
};

const MISSING_TARGET: Record<CheckoutTargetKind, string> = {
  person: 'The person to check out to does not exist or is not visible to you.',
  location: 'The location to check out to does not exist or is not visible to you.',
  asset: 'The asset to check out to does not exist or is not visible to you.',
};

const READY: AssetStateFields = { state: 'in_stock', substate: AVAILABLE_SUBSTATE };

/** Says whether an asset may be checked out as asked, and if not, why, in words. */
export function checkCheckout(request: Pick<CheckoutRequest, 'target' | 'checkedOutOn' | 'expectedReturnOn'>, facts: CheckoutFacts): TransitionCheck {
  const { asset, openCheckoutOf, nameOf } = facts;
  const { target } = request;
  const targetName = nameOf(target);
  if (targetName === null) return { ok: false, reason: MISSING_TARGET[target.kind] };
  if (target.kind === 'asset' && target.id === asset.id) return { ok: false, reason: 'An asset cannot be checked out to itself.' };

  const current = openCheckoutOf(asset.id);
  if (current) {
    const holder = nameOf(current.target) ?? UNSEEN[current.target.kind];
    return { ok: false, reason: `${asset.name} is already checked out to ${holder}: check it in first.` };
  }
  if (asset.state !== READY.state || asset.substate !== READY.substate) {
    const config = facts.config ?? DEFAULT_ASSET_LIFECYCLE;
    return { ok: false, reason: `${asset.name} is "${stateLabel(asset, config)}": only an asset that is "${stateLabel(READY, config)}" can be checked out.` };
  }
  if (target.kind === 'asset') {
    const through = chainBackTo(target.id, asset.id, openCheckoutOf);
    if (through) {
      const via = through.length > 0 ? ` through ${listOf(through.map((id) => nameOf({ kind: 'asset', id }) ?? UNSEEN.asset))}` : '';
      return { ok: false, reason: `${asset.name} cannot be checked out to ${targetName}: ${targetName} is itself checked out to ${asset.name}${via}, which would make a loop.` };
    }
  }
  if (request.expectedReturnOn !== null && request.expectedReturnOn < request.checkedOutOn) {
    return { ok: false, reason: `The expected return date ${request.expectedReturnOn} is before the check-out date ${request.checkedOutOn}.` };
  }
  return { ok: true };
}

/**
 * Follows the check-outs from asset `start` (checked out to an asset, checked out to an
 * asset…): the assets passed between `start` and `goal` when the chain reaches `goal`, else
 * null. A chain that already loops (bad data) is followed once round.
 */
function chainBackTo(start: string, goal: string, openCheckoutOf: CheckoutFacts['openCheckoutOf']): string[] | null {
  const passed: string[] = [];
  const seen = new Set<string>([start]);
  for (let at = start; ; ) {
    const holder = openCheckoutOf(at)?.target;
    if (!holder || holder.kind !== 'asset') return null;
    if (holder.id === goal) return passed;
    if (seen.has(holder.id)) return null;
    seen.add(holder.id);
    passed.push(holder.id);
    at = holder.id;
  }
}

function listOf(words: readonly string[]): string {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** Says whether an asset may be checked in: only one that is checked out. */
export function checkCheckin(facts: Pick<CheckoutFacts, 'asset' | 'openCheckoutOf'>): TransitionCheck {
  if (facts.openCheckoutOf(facts.asset.id)) return { ok: true };
  return { ok: false, reason: `${facts.asset.name} is not checked out, so it cannot be checked in.` };
}

export interface OverdueCheckout<C> {
  checkout: C;
  /** Whole days since the expected return date (1 the day after it). */
  daysOverdue: number;
}

type Returnable = Pick<Checkout, 'expectedReturnOn' | 'checkedInAt'>;

/**
 * The open check-outs past their expected return date on `today` (the viewer's calendar
 * date), most overdue first. Due today is not overdue; no expected date is never overdue.
 */
export function overdue<C extends Returnable>(checkouts: readonly C[], today: IsoDate): OverdueCheckout<C>[] {
  const out: OverdueCheckout<C>[] = [];
  for (const checkout of checkouts) {
    if (checkout.checkedInAt !== null || checkout.expectedReturnOn === null) continue;
    const days = daysBetween(checkout.expectedReturnOn, today);
    if (days > 0) out.push({ checkout, daysOverdue: days });
  }
  return out.sort((a, b) => b.daysOverdue - a.daysOverdue);
}

/** The open check-outs still waiting for the person to accept (sign for) the asset. */
export function awaitingAcceptance<C extends Pick<Checkout, 'acceptanceRequired' | 'acceptedAt' | 'checkedInAt'>>(checkouts: readonly C[]): C[] {
  return checkouts.filter((c) => c.checkedInAt === null && c.acceptanceRequired && c.acceptedAt === null);
}
