/**
 * Assets on this device: new assets (one, or many from a tag pattern), edits of their details,
 * and actions (change state, check out, check in, accept with a signature, move), one at a time
 * or in bulk from the Assets list. Each intent is ONE Dexie transaction: the op in the outbox
 * and the records as the op leaves them. Before writing, the rules the server applies
 * (common/assets/actions.ts, lifecycle.ts, checkout.ts) run over the replica and refuse in the
 * server's words; an action writes its history event, the asset and the check-out by the same
 * functions the server runs (the applier in ../ops/asset.ts).
 */
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import { AssetActionSchema, checkAssetAction, gatherActionFacts, type ActionWorld, type AssetAction } from '@fielddesk/common/assets/actions';
import { DEFAULT_ASSET_LIFECYCLE, checkSubstate, type AssetLifecycleConfig } from '@fielddesk/common/assets/lifecycle';
import { parseTagPattern } from '@fielddesk/common/assets/tags';
import type { Asset } from '@fielddesk/common/domain/entities';
import { AssetCreateDataSchema } from '@fielddesk/common/entities/asset';
import { AssetModelCreateDataSchema } from '@fielddesk/common/entities/asset-model';
import { entities } from '@fielddesk/common/entities/registry';
import { ITSM_CONFIG_ID } from '@fielddesk/common/itsm/config';
import { recordKey } from '../db';
import { firstIssue } from './rules';
import type { IntentResult, RepositoryContext } from './tickets';
import { serverBaseOf, writeLocal, writeRelated } from './write';

export type NewAsset = z.input<typeof AssetCreateDataSchema>;
export type AssetFields = z.input<typeof entities.asset.ops.patch.fields>;
export type NewAssetModel = z.input<typeof AssetModelCreateDataSchema>;

/** The outcome of a bulk action: what was done, and each asset refused with its reason. */
export interface BulkResult {
  done: string[];
  refused: { assetId: string; tag: string; reason: string }[];
}

export interface AssetRepository {
  create(data: NewAsset): Promise<IntentResult>;
  /** `count` new assets alike, tagged from `data.tagPattern` by the server (a provisional tag each until then). */
  createMany(data: NewAsset, count: number): Promise<{ ok: true; ids: string[] } | { ok: false; reason: string }>;
  /** Edits an asset's details; only the fields given are sent. */
  update(assetId: string, fields: AssetFields): Promise<IntentResult>;
  /** One action on one asset: refused in words when the rules forbid it. */
  act(action: AssetAction): Promise<IntentResult>;
  /** One action each on many assets (the Assets list's bulk actions), in one transaction: those the rules allow are done, the others listed with the reason. */
  actMany(actions: readonly AssetAction[]): Promise<BulkResult>;
  createModel(data: NewAssetModel): Promise<IntentResult>;
}

export const MAX_CREATE_MANY = 500;

/** Who may manage assets on this device: technicians (their site), desk staff and admins. */
export function mayManageAssets(role: string): boolean {
  return role === 'technician' || role === 'agent' || role === 'admin';
}

export function createAssetRepository(ctx: RepositoryContext & { role: string; siteId: string | null }): AssetRepository {
  const { db } = ctx;
  const now = ctx.now ?? (() => new Date());
  const tables = [db.assets, db.assetEvents, db.assetCheckouts, db.persons, db.locations, db.itsmConfig, db.outbox, db.shadows];
  const notAllowed = { ok: false as const, reason: 'Only technicians, desk staff and admins manage assets.' };

  async function lifecycleConfig(): Promise<AssetLifecycleConfig> {
    return (await db.itsmConfig.get(ITSM_CONFIG_ID))?.assetLifecycle ?? DEFAULT_ASSET_LIFECYCLE;
  }

  async function checkNew(data: z.output<typeof AssetCreateDataSchema>): Promise<IntentResult | null> {
    if (ctx.role === 'technician' && data.siteId !== ctx.siteId) return { ok: false, reason: 'Technicians add assets at their own site only.' };
    if (data.locationId) {
      const location = await db.locations.get(data.locationId);
      if (!location) return { ok: false, reason: 'The location does not exist.' };
      if (data.siteId && location.siteId !== data.siteId) return { ok: false, reason: "The location is not at the asset's site." };
    }
    const substate = checkSubstate(data.state, data.substate, await lifecycleConfig());
    if (!substate.ok) return substate;
    if (data.tag !== null && (await db.assets.where('tag').equals(data.tag).count()) > 0) return { ok: false, reason: `The asset tag ${data.tag} is already used by another asset.` };
    return null;
  }

  /** The replica as the action rules see it: it holds only what this user may see. */
  const world: ActionWorld = {
    asset: async (id) => {
      const a = await db.assets.get(id);
      return a ? { name: a.name, checkedOutTo: a.checkedOutTo } : null;
    },
    person: async (id) => {
      const p = await db.persons.get(id);
      return p ? { name: p.displayName } : null;
    },
    location: async (id) => (await db.locations.get(id)) ?? null,
    openCheckout: async (assetId) => (await db.assetCheckouts.where('assetId').equals(assetId).filter((c) => c.checkedInAt === null).first()) ?? null,
  };

  /** Checks and writes one action inside the caller's transaction. */
  async function actOne(action: AssetAction, config: AssetLifecycleConfig): Promise<IntentResult> {
    const parsed = AssetActionSchema.safeParse(action);
    if (!parsed.success) return { ok: false, reason: firstIssue(parsed.error, 'asset action') };
    const asset = await db.assets.get(parsed.data.assetId);
    if (!asset) return { ok: false, reason: 'Asset not found or not visible to you.' };
    const facts = await gatherActionFacts(asset, parsed.data, world, ctx.userId, config);
    const verdict = checkAssetAction(parsed.data, facts);
    if (!verdict.ok) return verdict;
    const data = parsed.data.action === 'check_in' ? { ...parsed.data, checkoutId: facts.openCheckout?.id ?? null } : parsed.data;
    const id = uuidv7();
    const op = { entity: 'asset_event' as const, kind: 'create' as const, id, data, clientTime: now().toISOString() };
    const entry = await writeLocal(db, ctx.userId, undefined, op);
    // The asset and the check-out as the action leaves them (the same function rebases them after a pull).
    await writeRelated(db, ctx.userId, entry);
    return { ok: true, id, opId: entry.opId };
  }

  return {
    async create(input) {
      if (!mayManageAssets(ctx.role)) return notAllowed;
      const parsed = AssetCreateDataSchema.safeParse({ ...input, siteId: input.siteId ?? ctx.siteId });
      if (!parsed.success) return { ok: false, reason: firstIssue(parsed.error, 'asset') };
      return db.transaction('rw', tables, async (): Promise<IntentResult> => {
        const refused = await checkNew(parsed.data);
        if (refused) return refused;
        const id = uuidv7();
        const entry = await writeLocal(db, ctx.userId, undefined, { entity: 'asset', kind: 'create', id, data: parsed.data, clientTime: now().toISOString() });
        return { ok: true, id, opId: entry.opId };
      });
    },

    async createMany(input, count) {
      if (!mayManageAssets(ctx.role)) return notAllowed;
      if (!Number.isInteger(count) || count < 1 || count > MAX_CREATE_MANY) return { ok: false, reason: `Create between 1 and ${MAX_CREATE_MANY} assets at once (asked for ${count}).` };
      if (count > 1 && !input.tagPattern) return { ok: false, reason: 'Several assets at once need a tag pattern, such as LAP-{####}.' };
      if (input.tagPattern) {
        const pattern = parseTagPattern(input.tagPattern);
        if (!pattern.ok) return pattern;
      }
      const parsed = AssetCreateDataSchema.safeParse({ ...input, siteId: input.siteId ?? ctx.siteId });
      if (!parsed.success) return { ok: false, reason: firstIssue(parsed.error, 'asset') };
      return db.transaction('rw', tables, async () => {
        const refused = await checkNew(parsed.data);
        if (refused && !refused.ok) return refused;
        const ids: string[] = [];
        for (let i = 0; i < count; i += 1) {
          const id = uuidv7();
          await writeLocal(db, ctx.userId, undefined, { entity: 'asset', kind: 'create', id, data: parsed.data, clientTime: now().toISOString() });
          ids.push(id);
        }
        return { ok: true as const, ids };
      });
    },

    async update(assetId, fields) {
      if (!mayManageAssets(ctx.role)) return notAllowed;
      const parsed = entities.asset.ops.patch.fields.safeParse(fields);
      if (!parsed.success) return { ok: false, reason: firstIssue(parsed.error, 'asset') };
      return db.transaction('rw', tables, async (): Promise<IntentResult> => {
        const asset = await db.assets.get(assetId);
        if (!asset) return { ok: false, reason: 'Asset not found or not visible to you.' };
        const changed = Object.fromEntries(Object.entries(parsed.data).filter(([field, value]) => JSON.stringify(asset[field as keyof Asset]) !== JSON.stringify(value)));
        if (Object.keys(changed).length === 0) return { ok: false, reason: 'Nothing changed.' };
        const { baseRev, known } = await serverBaseOf(db, recordKey('asset', assetId), asset);
        const entry = await writeLocal(db, ctx.userId, asset, { entity: 'asset', kind: 'patch', id: assetId, baseRev, fields: changed, clientTime: now().toISOString() }, known);
        return { ok: true, id: assetId, opId: entry.opId };
      });
    },

    async act(action) {
      if (!mayManageAssets(ctx.role)) return notAllowed;
      return db.transaction('rw', tables, async () => actOne(action, await lifecycleConfig()));
    },

    async actMany(actions) {
      const result: BulkResult = { done: [], refused: [] };
      if (!mayManageAssets(ctx.role)) {
        result.refused = actions.map((a) => ({ assetId: a.assetId, tag: a.assetId, reason: notAllowed.reason }));
        return result;
      }
      return db.transaction('rw', tables, async () => {
        const config = await lifecycleConfig();
        for (const action of actions) {
          const outcome = await actOne(action, config);
          if (outcome.ok) result.done.push(action.assetId);
          else result.refused.push({ assetId: action.assetId, tag: (await db.assets.get(action.assetId))?.tag ?? action.assetId, reason: outcome.reason });
        }
        return result;
      });
    },

    async createModel(input) {
      if (!mayManageAssets(ctx.role)) return notAllowed;
      const parsed = AssetModelCreateDataSchema.safeParse(input);
      if (!parsed.success) return { ok: false, reason: firstIssue(parsed.error, 'asset model') };
      return db.transaction('rw', [db.assetModels, db.outbox, db.shadows], async (): Promise<IntentResult> => {
        const id = uuidv7();
        const entry = await writeLocal(db, ctx.userId, undefined, { entity: 'asset_model', kind: 'create', id, data: parsed.data, clientTime: now().toISOString() });
        return { ok: true, id, opId: entry.opId };
      });
    },
  };
}
