/**
 * How asset, asset model and asset action ops change the local replica.
 *
 * An action (an asset_event create: a state change, a check-out, a check-in, an acceptance, a
 * move) writes its history event and, as related records, the asset and the check-out it
 * opens or changes, by the same functions the server runs (common/assets/actions.ts). The sync
 * engine rebases pulled copies of those records with the op until the server answers.
 */
import { assetAfter, checkoutAfter, eventOf, type AssetCheckout } from '@fielddesk/common/assets/actions';
import { newAsset } from '@fielddesk/common/assets/new-asset';
import type { Asset } from '@fielddesk/common/domain/entities';
import type { AssetModel } from '@fielddesk/common/entities/asset-model';
import { recordKey } from '../db';
import { provisionalAssetTag } from './asset-inventory';
import type { LocalOpApplier, OpOf } from './types';

export const assetOps: LocalOpApplier<OpOf<'asset'>> = {
  ticketIdOf: () => null,
  apply: (record, op) => {
    if (op.kind === 'patch') return record ? { ...(record as Asset), ...op.fields } : undefined;
    if (record) return record;
    const { tagPattern: _pattern, ...data } = op.data;
    // The server gives a pattern's or its own numbered tag; until then the asset shows a provisional one.
    return newAsset({ ...data, id: op.id, tag: data.tag ?? provisionalAssetTag(op.id), rev: 0 });
  },
};

export const assetModelOps: LocalOpApplier<OpOf<'asset_model'>> = {
  ticketIdOf: () => null,
  apply: (record, op) => {
    if (op.kind === 'patch') return record ? { ...(record as AssetModel), ...op.fields } : undefined;
    if (record) return record;
    const model: AssetModel = { id: op.id, ...op.data, rev: 0 };
    return model;
  },
};

/** The check-out an action opens (its id the op's) or changes (the one the app saw open). */
function checkoutIdOf(op: OpOf<'asset_event'>): string | null {
  const action = op.data;
  if (action.action === 'check_out') return op.id;
  return 'checkoutId' in action ? action.checkoutId : null;
}

export const assetEventOps: LocalOpApplier<OpOf<'asset_event'>> = {
  ticketIdOf: () => null,
  apply: (record, op, ctx) => record ?? eventOf(op.data, null, null, { eventId: op.id, at: op.clientTime, actorId: ctx.userId, rev: 0 }, checkoutIdOf(op)),
  related: {
    keysOf: (op) => {
      const checkoutId = checkoutIdOf(op);
      return [recordKey('asset', op.data.assetId), ...(checkoutId ? [recordKey('asset_checkout', checkoutId)] : [])];
    },
    apply: (entity, id, record, op, ctx) => {
      const stamp = { eventId: op.id, at: op.clientTime, actorId: ctx.userId, rev: record?.rev ?? 0 };
      if (entity === 'asset' && id === op.data.assetId) return record ? assetAfter(record as Asset, op.data) : record;
      if (entity === 'asset_checkout' && id === checkoutIdOf(op)) {
        const open = record as AssetCheckout | undefined;
        // A check-out is made whole by its op; a check-in or acceptance changes only the record this device holds.
        if (op.data.action !== 'check_out' && !open) return record;
        return checkoutAfter(open ?? null, op.data, stamp) ?? record;
      }
      return record;
    },
  },
};
