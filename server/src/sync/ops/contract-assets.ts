/**
 * The assets a contract covers: a link per (contract, asset), added and removed, never
 * edited. Desk staff and admins link any asset; a technician the assets they see (their
 * site's), as for every asset. The same asset added twice (two people offline) is refused
 * with a reason the second time: the client drops its copy and pulls the server's.
 */
import { checkCoverage } from '@fielddesk/common/assets/contracts';
import type { ContractAsset } from '@fielddesk/common/entities/contract-asset';
import type { OpOf, OpResult } from '@fielddesk/common/sync/protocol';
import type { BatchContext } from './context';
import { clampTime, enforce, reject } from './shared';

type CreateOp = OpOf<'contract_asset', 'create'>;
type DeleteOp = OpOf<'contract_asset', 'delete'>;

export const ASSET_NOT_VISIBLE = 'The asset does not exist or is not visible to you.';

/** The contract and the asset of a new link: the batch reads them up front. */
export const contractAssetRefs = (op: CreateOp | DeleteOp) =>
  op.kind === 'create'
    ? ([
        ['contract', op.data.contractId],
        ['asset', op.data.assetId],
      ] as const)
    : [];

export async function contractAssetCreate(b: BatchContext, op: CreateOp): Promise<OpResult> {
  const { contractId, assetId } = op.data;
  if (await b.record('contract_asset', op.id)) reject('This asset link already exists.');
  if (await b.tombstoneRev('contract_asset', op.id)) reject('This asset was removed from the contract; add it again to restore it.');
  const contract = (await b.record('contract', contractId))?.record;
  if (!contract) reject('The contract does not exist.');
  if (b.viewer.role !== 'technician' && b.viewer.role !== 'agent' && b.viewer.role !== 'admin') reject('Only technicians, desk staff and admins can change what a contract covers.');
  if (!(await b.visible('asset', assetId))) reject(ASSET_NOT_VISIBLE);
  if (await b.findOne('contract_asset', { contractId, assetId })) enforce(checkCoverage(contract!, [assetId], (await b.record('asset', assetId))!.record));
  const link: ContractAsset = { id: op.id, contractId, assetId, addedById: b.viewer.id, createdAt: clampTime(op.clientTime, b.info.nowIso), rev: await b.nextRev() };
  b.add('contract_asset', link);
  return { opId: op.opId, status: 'applied', rev: link.rev, record: { ...link } };
}

export async function contractAssetDelete(b: BatchContext, op: DeleteOp): Promise<OpResult> {
  const link = (await b.record('contract_asset', op.id))?.record;
  if (!link) return { opId: op.opId, status: 'duplicate', original: { status: 'applied', rev: await b.tombstoneRev('contract_asset', op.id) } };
  if (!(await b.visible('contract_asset', op.id))) return reject('That asset is not covered by the contract, or is not visible to you.');
  const rev = await b.nextRev();
  b.remove('contract_asset', link.id, rev);
  return { opId: op.opId, status: 'applied', rev, record: { ...link, rev } };
}
