/**
 * What a technician does to an asset, as one action: change its state, check it out, check
 * it in, have the person accept it with a signature, move it to another location. The same
 * two functions run on the app (offline, before the action is queued and again when the
 * replica shows it) and on the server (when the action arrives), so both refuse the same
 * actions in the same words and leave the same records:
 *
 * - `checkAssetAction` says whether the action may be done, from the facts about the asset
 *   (lifecycle.ts and checkout.ts hold the rules; this module only routes to them);
 * - `applyAssetAction` is what it does: the asset afterwards, the check-out it opens or
 *   changes, and the history event that records it (who, when, from and to, where, why).
 *
 * An action syncs as the creation of its history event (the op's id is the event's), so the
 * history is never edited and an action is never half recorded: the asset, the check-out and
 * the event are written in one transaction or not at all. A check-out record's id is the id
 * of the event that opened it.
 */
import { z } from 'zod';
import { IdSchema, TimestampSchema } from '../domain/ids';
import { checkCheckin, checkCheckout, CheckoutTargetSchema, type CheckoutFacts, type CheckoutTarget } from './checkout';
import { IsoDateSchema } from './dates';
import { AVAILABLE_SUBSTATE, AssetStateSchema, checkMove, checkSubstate, DEFAULT_ASSET_LIFECYCLE, SubstateKeySchema, type AssetLifecycleConfig, type AssetState, type TransitionCheck } from './lifecycle';

const Reason = z.string().trim().max(2000);

/**
 * A signature drawn on the screen, as the signature pad gives it: a PNG data URL (at most
 * 256 KiB of text; a pad of 600×200 gives 5–30 KiB). Only this shape is kept, so the app
 * shows it as an image and never as anything else.
 */
export const SignatureSchema = z
  .string()
  .max(256 * 1024, 'the signature is too large (at most 256 KiB)')
  .regex(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/, 'the signature must be a PNG image from the signature pad');

export const AssetActionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('state'), assetId: IdSchema, to: AssetStateSchema, substate: SubstateKeySchema.nullable(), reason: Reason }).strict(),
  z
    .object({
      action: z.literal('check_out'),
      assetId: IdSchema,
      target: CheckoutTargetSchema,
      checkedOutOn: IsoDateSchema,
      expectedReturnOn: IsoDateSchema.nullable(),
      acceptanceRequired: z.boolean(),
      reason: Reason,
    })
    .strict(),
  z
    .object({
      action: z.literal('check_in'),
      assetId: IdSchema,
      /** The check-out the app saw open (the server closes whichever is open). */
      checkoutId: IdSchema.nullable(),
      /** Back in stock as: available unless said otherwise (defective, for instance). */
      substate: SubstateKeySchema,
      /** Where it is put back; null: where it was. */
      locationId: IdSchema.nullable(),
      reason: Reason,
    })
    .strict(),
  z.object({ action: z.literal('accept'), assetId: IdSchema, checkoutId: IdSchema, signature: SignatureSchema, signedName: z.string().trim().min(1, 'say who signed').max(200) }).strict(),
  z.object({ action: z.literal('move'), assetId: IdSchema, locationId: IdSchema, reason: Reason }).strict(),
]);
export type AssetAction = z.infer<typeof AssetActionSchema>;

/** What the history records, besides the actions: created (by hand or from an order), changed by an inventory, seen by a closed audit. */
export const ASSET_EVENT_KINDS = ['created', 'received', 'state', 'check_out', 'check_in', 'accept', 'move', 'edited', 'audited'] as const;
export const AssetEventKindSchema = z.enum(ASSET_EVENT_KINDS);
export type AssetEventKind = z.infer<typeof AssetEventKindSchema>;

/** One entry of an asset's history. */
export const AssetEventSchema = z.object({
  id: IdSchema,
  assetId: IdSchema,
  kind: AssetEventKindSchema,
  actorId: IdSchema.nullable(),
  at: TimestampSchema,
  /** The state before and after (equal when the action left it). null: not known on this device yet (the server's copy says). */
  fromState: AssetStateSchema.nullable(),
  fromSubstate: SubstateKeySchema.nullable(),
  toState: AssetStateSchema.nullable(),
  toSubstate: SubstateKeySchema.nullable(),
  /** Where it was and where it is after. */
  fromLocationId: IdSchema.nullable(),
  toLocationId: IdSchema.nullable(),
  /** Who or what it was checked out to or in from. */
  target: CheckoutTargetSchema.nullable(),
  /** The check-out the event opened, closed or signed. */
  checkoutId: IdSchema.nullable(),
  reason: z.string().max(2000),
  rev: z.number().int().nonnegative(),
});
export type AssetEvent = z.infer<typeof AssetEventSchema>;

/** A check-out, as recorded and synced: open while `checkedInAt` is null. Its id is the id of the event that opened it. */
export const AssetCheckoutSchema = z.object({
  id: IdSchema,
  assetId: IdSchema,
  target: CheckoutTargetSchema,
  checkedOutOn: IsoDateSchema,
  expectedReturnOn: IsoDateSchema.nullable(),
  acceptanceRequired: z.boolean(),
  checkedOutAt: TimestampSchema,
  checkedOutById: IdSchema.nullable(),
  acceptedAt: TimestampSchema.nullable(),
  /** The accepting person's signature and the name they signed with. */
  signature: SignatureSchema.nullable(),
  signedName: z.string().max(200).nullable(),
  checkedInAt: TimestampSchema.nullable(),
  checkedInById: IdSchema.nullable(),
  rev: z.number().int().nonnegative(),
});
export type AssetCheckout = z.infer<typeof AssetCheckoutSchema>;

/** The asset fields an action reads and writes. */
export interface ActionAsset {
  id: string;
  name: string;
  siteId: string | null;
  state: AssetState;
  substate: string | null;
  locationId: string | null;
  checkedOutTo: CheckoutTarget | null;
  assignedToId: string | null;
}

/** What the rules need to know about the world around the asset. */
export interface ActionFacts<A extends ActionAsset = ActionAsset> {
  asset: A;
  /** Its open check-out record, if there is one (an asset checked out before check-outs were recorded has none). */
  openCheckout: AssetCheckout | null;
  /** The open check-out target of another asset (a chain of assets checked out to assets). */
  checkedOutToOf: (assetId: string) => CheckoutTarget | null;
  /** What to call a person, location or asset the actor may see; null when it does not exist or is not visible. */
  nameOf: (target: CheckoutTarget) => string | null;
  /** The site of a location, or undefined when it does not exist or is not visible. */
  siteOfLocation: (locationId: string) => string | undefined;
  /** The person acting. */
  actorId: string;
  config?: AssetLifecycleConfig;
}

const ok: TransitionCheck = { ok: true };

/** Says whether the action may be done, and if not, why, in words. */
export function checkAssetAction(action: AssetAction, facts: ActionFacts): TransitionCheck {
  const { asset } = facts;
  const config = facts.config ?? DEFAULT_ASSET_LIFECYCLE;
  const checkedOut = asset.checkedOutTo !== null;
  const moveFacts = { state: asset.state, substate: asset.substate, checkedOut };
  const openCheckoutOf = (id: string) => {
    const target = id === asset.id ? asset.checkedOutTo : facts.checkedOutToOf(id);
    return target ? { target } : null;
  };
  const checkoutFacts: CheckoutFacts = { asset: { id: asset.id, name: asset.name, state: asset.state, substate: asset.substate }, openCheckoutOf, nameOf: facts.nameOf, config };
  switch (action.action) {
    case 'state':
      return checkMove(moveFacts, action.to, action.substate, { reason: action.reason, config });
    case 'check_out': {
      const verdict = checkCheckout(action, checkoutFacts);
      if (!verdict.ok) return verdict;
      if (action.target.kind === 'location') {
        const site = facts.siteOfLocation(action.target.id);
        if (asset.siteId && site !== undefined && site !== asset.siteId) return { ok: false, reason: `${asset.name} belongs to another site than that location: move it to that site first.` };
      }
      return checkMove(moveFacts, 'in_use', null, { checkingOut: true, config });
    }
    case 'check_in': {
      const verdict = checkCheckin(checkoutFacts);
      if (!verdict.ok) return verdict;
      const substate = checkSubstate('in_stock', action.substate, config);
      if (!substate.ok) return substate;
      if (action.locationId !== null) {
        const located = checkLocation(asset, action.locationId, facts);
        if (!located.ok) return located;
      }
      return checkMove(moveFacts, 'in_stock', action.substate, { checkingIn: true, config });
    }
    case 'accept': {
      const open = facts.openCheckout;
      if (!open || open.id !== action.checkoutId) return { ok: false, reason: `${asset.name} is no longer checked out on that check-out: there is nothing to sign for.` };
      if (!open.acceptanceRequired) return { ok: false, reason: `This check-out of ${asset.name} does not ask for acceptance.` };
      if (open.acceptedAt !== null) return { ok: false, reason: `${asset.name} was already accepted on ${open.acceptedAt.slice(0, 10)}.` };
      if (open.target.kind !== 'person') return { ok: false, reason: 'Only a person signs for an asset checked out to them.' };
      return ok;
    }
    case 'move':
      if (action.locationId === asset.locationId) return { ok: false, reason: `${asset.name} is already at that location.` };
      return checkLocation(asset, action.locationId, facts);
  }
}

function checkLocation(asset: ActionAsset, locationId: string, facts: ActionFacts): TransitionCheck {
  const site = facts.siteOfLocation(locationId);
  if (site === undefined) return { ok: false, reason: 'That location does not exist or is not visible to you.' };
  if (asset.siteId !== null && site !== asset.siteId) return { ok: false, reason: `That location is at another site than ${asset.name}: an asset moves between sites through a transfer by the desk.` };
  return ok;
}

/** Where the facts come from: the server's batch or the app's replica; each answers only with what the actor may see. */
export interface ActionWorld {
  asset(id: string): Promise<{ name: string; checkedOutTo: CheckoutTarget | null } | null>;
  person(id: string): Promise<{ name: string } | null>;
  location(id: string): Promise<{ name: string; siteId: string } | null>;
  openCheckout(assetId: string): Promise<AssetCheckout | null>;
}

/**
 * Gathers what checkAssetAction reads about an action: the names of its target and of whoever
 * has the asset now, the check-outs along a chain of assets (at most 50 links), the sites of
 * the locations it names, the asset's open check-out. The same on the app and the server.
 */
export async function gatherActionFacts<A extends ActionAsset>(asset: A, action: AssetAction, world: ActionWorld, actorId: string, config?: AssetLifecycleConfig): Promise<ActionFacts<A>> {
  const names = new Map<string, string | null>();
  const key = (t: CheckoutTarget) => `${t.kind}:${t.id}`;
  const sites = new Map<string, string | undefined>();
  const chain = new Map<string, CheckoutTarget | null>();
  const name = async (target: CheckoutTarget) => {
    const found = target.kind === 'person' ? await world.person(target.id) : target.kind === 'location' ? await world.location(target.id) : await world.asset(target.id);
    names.set(key(target), found?.name ?? null);
  };
  const site = async (locationId: string) => sites.set(locationId, (await world.location(locationId))?.siteId);

  if (asset.checkedOutTo) await name(asset.checkedOutTo);
  if (action.action === 'check_out') {
    await name(action.target);
    if (action.target.kind === 'location') await site(action.target.id);
    for (let at: string = action.target.id, n = 0; action.target.kind === 'asset' && n < 50; n += 1) {
      const next = (await world.asset(at))?.checkedOutTo ?? null;
      chain.set(at, next);
      if (!next || next.kind !== 'asset' || chain.has(next.id)) break;
      await name(next);
      at = next.id;
    }
  }
  if ((action.action === 'check_in' || action.action === 'move') && action.locationId) await site(action.locationId);
  return {
    asset,
    openCheckout: await world.openCheckout(asset.id),
    checkedOutToOf: (id) => chain.get(id) ?? null,
    nameOf: (t) => names.get(key(t)) ?? null,
    siteOfLocation: (id) => sites.get(id),
    actorId,
    ...(config && { config }),
  };
}

/** What an action leaves: the asset, the check-out it opened or changed (if any), and its history event. */
export interface ActionResult<A extends ActionAsset> {
  asset: A;
  checkout: AssetCheckout | null;
  event: AssetEvent;
}

/**
 * Does the action (checked first by checkAssetAction): `eventId` is the op's id, `at` the
 * time it is recorded, `rev` the rev every written record gets.
 */
export function applyAssetAction<A extends ActionAsset>(action: AssetAction, facts: Pick<ActionFacts<A>, 'asset' | 'openCheckout' | 'actorId'>, eventId: string, at: string, rev: number): ActionResult<A> {
  const asset = assetAfter(facts.asset, action);
  const checkout = checkoutAfter(facts.openCheckout, action, { eventId, at, actorId: facts.actorId, rev });
  return { asset, checkout, event: eventOf(action, facts.asset, asset, { eventId, at, actorId: facts.actorId, rev }, checkout?.id ?? null) };
}

/** The asset after the action: its state, who has it, where it is. */
export function assetAfter<A extends ActionAsset>(before: A, action: AssetAction): A {
  switch (action.action) {
    case 'state':
      return { ...before, state: action.to, substate: action.substate };
    case 'check_out': {
      const { target } = action;
      return {
        ...before,
        state: 'in_use',
        substate: null,
        checkedOutTo: target,
        assignedToId: target.kind === 'person' ? target.id : null,
        // Checked out to a location: it is there now.
        locationId: target.kind === 'location' ? target.id : before.locationId,
      };
    }
    case 'check_in':
      return { ...before, state: 'in_stock', substate: action.substate, checkedOutTo: null, assignedToId: null, locationId: action.locationId ?? before.locationId };
    case 'accept':
      return before;
    case 'move':
      return { ...before, locationId: action.locationId };
  }
}

interface Stamp {
  eventId: string;
  at: string;
  actorId: string | null;
  rev: number;
}

/**
 * The check-out the action opens or changes: a new one for a check-out (its id the event's),
 * the open one closed by a check-in or signed by an acceptance; null when it touches none
 * (or, on a check-in or acceptance, when no check-out record is open).
 */
export function checkoutAfter(open: AssetCheckout | null, action: AssetAction, stamp: Stamp): AssetCheckout | null {
  switch (action.action) {
    case 'check_out':
      return {
        id: stamp.eventId,
        assetId: action.assetId,
        target: action.target,
        checkedOutOn: action.checkedOutOn,
        expectedReturnOn: action.expectedReturnOn,
        acceptanceRequired: action.acceptanceRequired && action.target.kind === 'person',
        checkedOutAt: stamp.at,
        checkedOutById: stamp.actorId,
        acceptedAt: null,
        signature: null,
        signedName: null,
        checkedInAt: null,
        checkedInById: null,
        rev: stamp.rev,
      };
    case 'check_in':
      return open ? { ...open, checkedInAt: stamp.at, checkedInById: stamp.actorId, rev: stamp.rev } : null;
    case 'accept':
      return open ? { ...open, acceptedAt: stamp.at, signature: action.signature, signedName: action.signedName, rev: stamp.rev } : null;
    default:
      return null;
  }
}

/**
 * The history event of an action. `before` and `after` are the asset around it; null when this
 * device does not hold the asset (the event then says only what the action itself says, and the
 * server's event, with the same id, replaces it at the next sync).
 */
export function eventOf(action: AssetAction, before: ActionAsset | null, after: ActionAsset | null, stamp: Stamp, checkoutId: string | null): AssetEvent {
  const target = action.action === 'check_out' ? action.target : (before?.checkedOutTo ?? null);
  const declared: Partial<Record<AssetAction['action'], AssetState>> = { state: action.action === 'state' ? action.to : undefined, check_out: 'in_use', check_in: 'in_stock' };
  return {
    id: stamp.eventId,
    assetId: action.assetId,
    kind: action.action,
    actorId: stamp.actorId,
    at: stamp.at,
    fromState: before?.state ?? null,
    fromSubstate: before?.substate ?? null,
    toState: after?.state ?? declared[action.action] ?? null,
    toSubstate: after ? after.substate : action.action === 'state' || action.action === 'check_in' ? action.substate : null,
    fromLocationId: before?.locationId ?? null,
    toLocationId: after?.locationId ?? (action.action === 'move' ? action.locationId : null),
    target,
    checkoutId: checkoutId ?? (action.action === 'check_out' ? stamp.eventId : 'checkoutId' in action ? action.checkoutId : null),
    reason: 'reason' in action ? action.reason : '',
    rev: stamp.rev,
  };
}

/** The substate an asset is checked in as when nobody says otherwise. */
export const CHECK_IN_SUBSTATE = AVAILABLE_SUBSTATE;
