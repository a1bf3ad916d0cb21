/**
 * asset_inventory create: the desktop app registers or updates a device from its own
 * inventory, made offline on the "This device" screen (common/sync/protocol.ts
 * AssetInventoryCreateData). Recorded by the same code as agent inventories
 * (inventory/record.ts writeInventory), inside the push batch's transaction.
 *
 * - Who: technicians for assets of their own site (a new asset without a site goes to
 *   theirs; another site is refused), agents and admins for any; requesters never.
 * - op.id names an existing asset: the inventory is recorded onto it (the viewer must see it).
 * - Otherwise the server matches again with GLPI's rules: a match (an agent reported the
 *   device meanwhile, or another technician registered it) is updated instead, and the answer's
 *   record is that asset's inventory (its id differs from the op's; the client drops its
 *   provisional copy). No match: the asset is created with op.id, its CI with
 *   data.configurationItemId, its tag from data.asset.tag or numbered by the server.
 *   Ambiguous: rejected, saying by which rule and which of the assets the viewer may see.
 * - The answer carries the AssetInventory record; the asset and its CI got new revs in the
 *   same transaction, so the client's next pull brings them.
 */
import type { AssetInventoryCreateOp, OpResult } from '@fielddesk/common/sync/protocol';
import { ASSET_STATE_LABELS, checkSubstate, OLD_STATUS_TO_STATE, type AssetLifecycleConfig, type AssetStateFields } from '@fielddesk/common/assets/lifecycle';
import { MATCH_RULE_LABELS } from '@fielddesk/common/inventory/matching';
import type { BatchContext } from './context';
import { InventoryInputError, matchInventory, writeInventory, type InventoryTarget, type ReceivedInventory } from '../../inventory/record';
import { canSeeSiteRecord, seesEverything } from '../scope';
import { reject } from './shared';
import { cleanDeep } from '../../http/text';

export const ASSET_NOT_VISIBLE = 'Asset not found or not visible to you.';

export async function assetInventoryCreate(b: BatchContext, op: AssetInventoryCreateOp): Promise<OpResult> {
  const { viewer, info } = b;
  const technician = viewer.role === 'technician';
  if (!seesEverything(viewer) && !technician) return reject('Only technicians, agents and admins can register devices.');
  // An inventory is machine-written: text the stores cannot hold is cleaned, like an agent's (http/text.ts).
  const data = cleanDeep(op.data);
  const tx = b.transaction();
  const db = tx.db;

  let target: InventoryTarget;
  const existing = await db.selectFrom('assets').select(['id', 'site_id']).where('id', '=', op.id).executeTakeFirst();
  if (existing) {
    if (!canSeeSiteRecord(viewer, existing.site_id)) return reject(ASSET_NOT_VISIBLE);
    target = { kind: 'existing', assetId: existing.id, rule: null, configurationItemId: data.configurationItemId, touchCi: true };
  } else {
    const match = await matchInventory(db, data.summary);
    if (match?.kind === 'ambiguous') {
      const visible = match.assets.filter((a) => canSeeSiteRecord(viewer, a.siteId)).map((a) => a.tag);
      const hidden = match.assets.length - visible.length;
      const which = [...visible, ...(hidden > 0 ? [`${hidden} at other sites`] : [])].join(', ');
      return reject(
        `This device matches ${match.assets.length} assets by ${MATCH_RULE_LABELS[match.rule]} (${which}), so it was not recorded. Ask the service desk to tell those assets apart, then register it again.`,
      );
    } else if (match) {
      if (!canSeeSiteRecord(viewer, match.asset.siteId)) {
        return reject(
          match.asset.siteId === null
            ? 'This device is already recorded as an asset without a site. Ask the service desk to give it your site, then update it again.'
            : 'This device is already recorded as an asset of another site. Ask the service desk to move it to your site, then update it again.',
        );
      }
      target = { kind: 'existing', assetId: match.asset.id, rule: match.rule, configurationItemId: data.configurationItemId, touchCi: true };
    } else {
      const siteId = data.asset.siteId ?? (technician ? viewer.siteId : null);
      if (technician && (!siteId || siteId !== viewer.siteId)) {
        return reject(viewer.siteId ? 'Technicians register devices at their own site only.' : 'You have no site, so you cannot register devices. Ask an admin to set your site.');
      }
      const state = registeredState(data.asset, (await b.config()).assetLifecycle);
      if (!state.ok) return reject(state.reason);
      const { status: _legacy, substate: _substate, ...fields } = data.asset;
      target = { kind: 'new', assetId: op.id, configurationItemId: data.configurationItemId, asset: { ...fields, state: state.fields, siteId } };
    }
  }

  const input: ReceivedInventory = {
    source: 'fielddesk',
    deviceId: data.deviceId,
    itemtype: data.summary.itemtype,
    summary: data.summary,
    document: JSON.stringify(data),
    scannedAt: data.scannedAt,
  };
  let written;
  try {
    written = await writeInventory(tx, info.storeKind, input, target, info.nowIso);
  } catch (error) {
    // writeInventory checks everything before its first write: a refusal leaves no trace.
    if (error instanceof InventoryInputError) return reject(error.message);
    throw error;
  }
  b.assetsWritten(written.asset.id, written.configurationItem.id);
  return { opId: op.opId, status: 'applied', rev: written.inventory.rev, record: written.inventory };
}

/**
 * The state a device is registered in: as the op says, or, from an app older than the
 * lifecycle, its old status mapped (so such an op queued offline is still recorded); in use
 * when neither is said.
 */
function registeredState(asset: AssetInventoryCreateOp['data']['asset'], config?: AssetLifecycleConfig): { ok: true; fields: AssetStateFields } | { ok: false; reason: string } {
  const fields: AssetStateFields = asset.state ? { state: asset.state, substate: asset.substate ?? null } : asset.status ? OLD_STATUS_TO_STATE[asset.status] : { state: 'in_use', substate: null };
  if (fields.state !== 'in_use' && fields.state !== 'in_stock' && fields.state !== 'in_maintenance' && fields.state !== 'ordered') {
    return { ok: false, reason: `A device is registered on order, in stock, in use or in maintenance, not "${ASSET_STATE_LABELS[fields.state]}".` };
  }
  const check = checkSubstate(fields.state, fields.substate, config);
  return check.ok ? { ok: true, fields } : check;
}
