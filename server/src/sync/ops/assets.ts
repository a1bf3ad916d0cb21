/**
 * Assets, their models and their actions.
 *
 * - Who: technicians act on the assets of their own site (a technician acting on another site's
 *   asset finds it "not found or not visible", as in the app, where it is not in the replica);
 *   desk staff and admins on every asset; requesters on none.
 * - `asset` create: one new asset, on order or in stock, its tag typed in, the next of a
 *   pattern, or the server's own (FD-000401); the server gives pattern and numbered tags, so
 *   technicians offline never give one twice. Recorded in the history as created.
 * - `asset` patch: its details, merged per field (declared-patch.ts); the state, the location
 *   and who has it change only through actions.
 * - `asset_event` create: an action (common/assets/actions.ts), checked by the rules the app
 *   ran before queuing it, with the same words; the asset, its check-out and the history event
 *   are written together, or nothing is.
 * - `asset_model` create and patch: reference data, by anyone who manages assets.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { applyAssetAction, checkAssetAction, gatherActionFacts, type ActionWorld, type AssetEvent } from '@fielddesk/common/assets/actions';
import { checkSubstate } from '@fielddesk/common/assets/lifecycle';
import { numberOf, parseTagPattern, tagOf } from '@fielddesk/common/assets/tags';
import { newAsset } from '@fielddesk/common/assets/new-asset';
import type { Asset } from '@fielddesk/common/domain/entities';
import type { AssetModel } from '@fielddesk/common/entities/asset-model';
import { entities } from '@fielddesk/common/entities/registry';
import type { OpOf, OpResult } from '@fielddesk/common/sync/protocol';
import { nextAssetTag } from '../../inventory/record';
import { seesEverything } from '../scope';
import type { BatchContext } from './context';
import { patchDeclared, putCreated } from './declared-patch';
import { ASSET_NOT_VISIBLE } from './asset-inventory';
import { clampTime, enforce, reject } from './shared';

const ASSET_POLICIES = entities.asset.ops.patch.policies;
const MODEL_POLICIES = entities.asset_model.ops.patch.policies;
export const ONLY_ASSET_STAFF = 'Only technicians, desk staff and admins manage assets.';
export const NO_MODEL = 'The asset model does not exist.';
export const NO_VENDOR = 'The vendor does not exist.';

type AssetOp = OpOf<'asset', 'create'> | OpOf<'asset', 'patch'>;
type ActionOp = OpOf<'asset_event', 'create'>;

function requireAssetStaff(b: BatchContext): void {
  if (!seesEverything(b.viewer) && b.viewer.role !== 'technician') reject(ONLY_ASSET_STAFF);
}

/** The model and vendor an asset op names: the batch reads them up front. */
export const assetRefs = (op: AssetOp) => {
  const fields = op.kind === 'create' ? op.data : op.fields;
  return [
    ['asset_model', fields.modelId],
    ['vendor', fields.vendorId],
  ] as const;
};

async function checkModelAndVendor(b: BatchContext, fields: { modelId?: string | null; vendorId?: string | null }): Promise<void> {
  if (fields.modelId && !(await b.record('asset_model', fields.modelId))) reject(NO_MODEL);
  if (fields.vendorId && !(await b.record('vendor', fields.vendorId))) reject(NO_VENDOR);
}

export async function assetCreate(b: BatchContext, op: OpOf<'asset', 'create'>): Promise<OpResult> {
  requireAssetStaff(b);
  const data = op.data;
  if ((await b.record('asset', op.id)) || (await b.tombstoneRev('asset', op.id))) reject('An asset with this id already exists.');
  const siteId = data.siteId ?? (b.viewer.role === 'technician' ? b.viewer.siteId : null);
  if (b.viewer.role === 'technician' && (!siteId || siteId !== b.viewer.siteId)) {
    reject(b.viewer.siteId ? 'Technicians add assets at their own site only.' : 'You have no site, so you cannot add assets. Ask an admin to set your site.');
  }
  await b.checkReferences({ siteId, locationId: data.locationId });
  await checkModelAndVendor(b, data);
  enforce(checkSubstate(data.state, data.substate, (await b.config()).assetLifecycle));
  let tag = data.tag;
  if (tag !== null && (await b.findOne('asset', { tag }))) reject(`The asset tag ${tag} is already used by another asset.`);
  tag ??= data.tagPattern !== null ? await nextPatternTag(b, data.tagPattern) : await nextAssetTag(b.transaction().db);

  const at = clampTime(op.clientTime, b.info.nowIso);
  const { tagPattern: _pattern, ...fields } = data;
  const asset = newAsset({ ...fields, id: op.id, tag, siteId, rev: await b.nextRev() });
  putCreated(b, 'asset', asset, ASSET_POLICIES);
  b.add('asset_event', serverEvent(b, asset, 'created', at, asset.rev));
  return { opId: op.opId, status: 'applied', rev: asset.rev, record: { ...asset } };
}

/**
 * The next tag of a pattern: a counter per pattern (ticket_counters, kind "asset-tag:<pattern>"),
 * started after the highest tag of the pattern already given; a tag already used, by hand or
 * in this batch, is skipped. The counter row is written in the batch's transaction, so two
 * batches never give the same tag.
 */
export async function nextPatternTag(b: BatchContext, text: string): Promise<string> {
  const parsed = parseTagPattern(text);
  if (!parsed.ok) return reject(parsed.reason);
  const { pattern } = parsed;
  const db = b.transaction().db;
  const counter = `asset-tag:${text}`;
  const row = await db.selectFrom('ticket_counters').select('last_number').where('kind', '=', counter).executeTakeFirst();
  let last: number;
  if (row) last = Number(row.last_number);
  else {
    const taken = await db
      .selectFrom('assets')
      .select('tag')
      .where(sql<boolean>`substr(tag, 1, ${pattern.prefix.length}) = ${pattern.prefix}`)
      .execute();
    last = Math.max(0, ...taken.map((t) => numberOf(pattern, t.tag) ?? 0));
  }
  let n = last;
  let tag: string;
  do {
    n += 1;
    tag = tagOf(pattern, n);
  } while ((await b.findOne('asset', { tag })) || (await db.selectFrom('assets').select('id').where('tag', '=', tag).executeTakeFirst()));
  await db
    .insertInto('ticket_counters')
    .values({ kind: counter, last_number: n })
    .onConflict((oc) => oc.column('kind').doUpdateSet({ last_number: n }))
    .execute();
  return tag;
}

export async function assetPatch(b: BatchContext, op: OpOf<'asset', 'patch'>): Promise<OpResult> {
  requireAssetStaff(b);
  if (!(await b.visible('asset', op.id))) return reject(ASSET_NOT_VISIBLE);
  const before = (await b.record('asset', op.id))!.record;
  const result = await patchDeclared(b, op, {
    entity: 'asset',
    what: 'asset',
    notFound: ASSET_NOT_VISIBLE,
    policies: ASSET_POLICIES,
    check: async (next, _current, changed) => {
      await checkModelAndVendor(b, { modelId: changed.includes('modelId') ? next.modelId : null, vendorId: changed.includes('vendorId') ? next.vendorId : null });
      return { ok: true };
    },
  });
  if (result.status === 'applied' && result.rev !== before.rev) {
    const after = result.record as Asset;
    const changed = Object.keys(ASSET_POLICIES).filter((f) => JSON.stringify(after[f as keyof Asset]) !== JSON.stringify(before[f as keyof Asset]));
    b.add('asset_event', { ...serverEvent(b, after, 'edited', clampTime(op.clientTime, b.info.nowIso), await b.nextRev()), reason: `Changed ${changed.map(fieldWords).join(', ')}.` });
  }
  return result;
}

const FIELD_WORDS: Record<string, string> = { modelId: 'model', vendorId: 'vendor', purchasedOn: 'purchase date', costCents: 'cost', warrantyEndsOn: 'warranty end' };
const fieldWords = (field: string) => FIELD_WORDS[field] ?? field;

/** A history event the server records itself (no action op): created, received, edited. */
export function serverEvent(b: BatchContext, asset: Asset, kind: AssetEvent['kind'], at: string, rev: number): AssetEvent {
  return {
    id: randomUUID(),
    assetId: asset.id,
    kind,
    actorId: b.viewer.id,
    at,
    fromState: kind === 'created' || kind === 'received' ? null : asset.state,
    fromSubstate: kind === 'created' || kind === 'received' ? null : asset.substate,
    toState: asset.state,
    toSubstate: asset.substate,
    fromLocationId: kind === 'created' || kind === 'received' ? null : asset.locationId,
    toLocationId: asset.locationId,
    target: null,
    checkoutId: null,
    reason: '',
    rev,
  };
}

/** The asset an action is about, and the check-out it names: the batch reads them up front. */
export const assetEventRefs = (op: ActionOp) => [
  ['asset', op.data.assetId] as const,
  ['asset_checkout', 'checkoutId' in op.data ? op.data.checkoutId : null] as const,
  ...(op.data.action === 'check_out' ? [[op.data.target.kind === 'location' ? 'location' : op.data.target.kind, op.data.target.id] as const] : []),
];

export async function assetEventCreate(b: BatchContext, op: ActionOp): Promise<OpResult> {
  requireAssetStaff(b);
  const action = op.data;
  if (await b.record('asset_event', op.id)) reject('An asset action with this id already exists.');
  if (!(await b.visible('asset', action.assetId))) return reject(ASSET_NOT_VISIBLE);
  const assetState = (await b.record('asset', action.assetId))!;
  const asset = assetState.record;

  const config = (await b.config()).assetLifecycle;
  const facts = await gatherActionFacts(asset, action, batchWorld(b), b.viewer.id, config);
  enforce(checkAssetAction(action, facts));

  const at = clampTime(op.clientTime, b.info.nowIso);
  const rev = await b.nextRev();
  const done = applyAssetAction(action, facts, op.id, at, rev);
  b.put('asset', { ...assetState, record: { ...done.asset, rev } });
  if (done.checkout) b.put('asset_checkout', { record: done.checkout, fieldRevs: {}, writers: {} });
  b.add('asset_event', done.event);
  return { opId: op.opId, status: 'applied', rev, record: { ...done.event } };
}

/** The facts of an action as the batch holds them, limited to what the viewer may see (a location of another site is not there for a technician). */
export function batchWorld(b: BatchContext): ActionWorld {
  return {
    asset: async (id) => {
      const found = (await b.visible('asset', id)) ? (await b.record('asset', id))?.record : null;
      return found ? { name: found.name, checkedOutTo: found.checkedOutTo } : null;
    },
    person: async (id) => {
      const found = (await b.record('person', id))?.record;
      return found ? { name: found.displayName } : null;
    },
    location: async (id) => {
      const found = (await b.record('location', id))?.record;
      return found && (seesEverything(b.viewer) || found.siteId === b.viewer.siteId) ? { name: found.name, siteId: found.siteId } : null;
    },
    // Read through the batch, so that a check-in writes the stored record back.
    openCheckout: async (assetId) => {
      const open = (await b.findAll('asset_checkout', 'assetId', [assetId])).find((c) => c.checkedInAt === null);
      return open ? ((await b.record('asset_checkout', open.id))?.record ?? null) : null;
    },
  };
}

export async function assetModelCreate(b: BatchContext, op: OpOf<'asset_model', 'create'>): Promise<OpResult> {
  requireAssetStaff(b);
  if (await b.record('asset_model', op.id)) reject('An asset model with this id already exists.');
  const model: AssetModel = { id: op.id, ...op.data, rev: await b.nextRev() };
  putCreated(b, 'asset_model', model, MODEL_POLICIES);
  return { opId: op.opId, status: 'applied', rev: model.rev, record: { ...model } };
}

export async function assetModelPatch(b: BatchContext, op: OpOf<'asset_model', 'patch'>): Promise<OpResult> {
  requireAssetStaff(b);
  return patchDeclared(b, op, { entity: 'asset_model', what: 'asset model', notFound: 'Asset model not found.', policies: MODEL_POLICIES, check: async () => ({ ok: true }) });
}
