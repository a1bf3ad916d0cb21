/**
 * How asset_inventory ops (create only: an inventory of this device) change the local replica:
 * the inventory record, and also the asset and configuration item it describes. The server
 * may record the inventory on another asset than the op's (it knew the device under another
 * one): the op is then re-targeted.
 */
import { newAsset } from '@fielddesk/common/assets/new-asset';
import { OLD_STATUS_TO_STATE, type AssetStateFields } from '@fielddesk/common/assets/lifecycle';
import type { Asset, AssetInventory, ConfigurationItem } from '@fielddesk/common/domain/entities';
import { ciTypeOf } from '@fielddesk/common/inventory/classify';
import type { AssetInventoryCreateOp } from '@fielddesk/common/sync/protocol';
import { recordKey } from '../db';
import type { LocalOpApplier, OpOf } from './types';

type InventoryOp = Omit<AssetInventoryCreateOp, 'seq'>;

export const assetInventoryOps: LocalOpApplier<OpOf<'asset_inventory'>> = {
  ticketIdOf: () => null,
  apply: (record, op) => inventoryFromOp(record as AssetInventory | undefined, op),
  /**
   * The op writes its asset and its configuration item too. The sync engine rebases a pulled
   * copy of such a record with the op, and drops the provisional copies when the server
   * refuses the op or records the device under another asset.
   */
  related: {
    keysOf: (op) => [recordKey('asset', op.id), recordKey('configuration_item', op.data.configurationItemId)],
    apply: (entity, id, record, op) => {
      if (entity === 'asset' && id === op.id) return assetFromInventoryOp(record as Asset | undefined, op);
      if (entity === 'configuration_item' && id === op.data.configurationItemId) return ciFromInventoryOp(record as ConfigurationItem | undefined, op);
      return record;
    },
  },
  /** An applied answer that names another record than the op's: the server matched the device to another asset. */
  retargets: (op, result) => result.status === 'applied' && !!result.record && result.record.id !== op.id,
};

/**
 * The recorded inventory an asset_inventory op makes: the scan's summary becomes the asset's
 * latest inventory (one record per asset, its id the asset's). The server's receivedAt is not
 * known yet: the op's time stands in until the server answers.
 */
function inventoryFromOp(record: AssetInventory | undefined, op: InventoryOp): AssetInventory {
  return {
    id: op.id,
    assetId: op.id,
    configurationItemId: op.data.configurationItemId,
    source: 'fielddesk',
    deviceId: op.data.deviceId,
    scannedAt: op.data.scannedAt,
    receivedAt: op.clientTime,
    summary: op.data.summary,
    rev: record?.rev ?? 0,
  };
}

/** A provisional tag, shown until the server numbers a new asset (e.g. "AST-new-3f9a0c"). */
export function provisionalAssetTag(assetId: string): string {
  return `AST-new-${assetId.replace(/-/g, '').slice(-6)}`;
}

/**
 * The asset as an inventory op leaves it: identity fields (serial, UUID, MACs, maker, model)
 * from the scan, inventoriedAt the scan time. A new asset takes the op's asset fields; an
 * existing one keeps its own (the server uses them only when it creates the asset).
 */
export function assetFromInventoryOp(asset: Asset | undefined, op: InventoryOp): Asset {
  const { summary } = op.data;
  const identity = {
    serial: summary.serial?.slice(0, 128) ?? asset?.serial ?? null,
    uuid: summary.uuid?.slice(0, 128) ?? asset?.uuid ?? null,
    macs: summary.macs.length > 0 ? summary.macs.slice(0, 256) : (asset?.macs ?? []),
    manufacturer: (summary.manufacturer ?? asset?.manufacturer)?.slice(0, 200) ?? null,
    model: (summary.model ?? asset?.model)?.slice(0, 200) ?? null,
    inventoriedAt: asset?.inventoriedAt && Date.parse(asset.inventoriedAt) > Date.parse(op.data.scannedAt) ? asset.inventoriedAt : op.data.scannedAt,
  };
  if (asset) return { ...asset, ...identity };
  const a = op.data.asset;
  return newAsset({ id: op.id, tag: a.tag ?? provisionalAssetTag(op.id), name: a.name, type: a.type, ...registeredState(a), siteId: a.siteId, locationId: a.locationId, ...identity, rev: 0 });
}

/** The state a registered device starts in, as the server gives it (an older app's op says `status`). */
function registeredState(a: InventoryOp['data']['asset']): AssetStateFields {
  if (a.state) return { state: a.state, substate: a.substate ?? null };
  return a.status ? OLD_STATUS_TO_STATE[a.status] : { state: 'in_use', substate: null };
}

/** The configuration item as an inventory op leaves it: an existing one as it is, else a new active one of the device's kind. */
export function ciFromInventoryOp(ci: ConfigurationItem | undefined, op: InventoryOp): ConfigurationItem {
  if (ci) return ci.assetId === op.id ? ci : { ...ci, assetId: op.id };
  return {
    id: op.data.configurationItemId,
    name: op.data.asset.name,
    ciType: ciTypeOf(op.data.summary.itemtype),
    status: 'active',
    assetId: op.id,
    siteId: op.data.asset.siteId,
    description: '',
    rev: 0,
  };
}
