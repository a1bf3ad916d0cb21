/**
 * Contracts: created and edited by desk staff and admins (everyone reads them); the dates,
 * notice period and cost pass the shared contract rule (common/assets/contracts.ts
 * checkContract) on the merged record, so a patch that moves only the start past an end
 * another person set meanwhile is refused in the same words as in the app. Edits merge per
 * field like tickets.
 */
import { checkContract, ONLY_DESK_CONTRACTS } from '@fielddesk/common/assets/contracts';
import type { Contract } from '@fielddesk/common/entities/contract';
import { entities } from '@fielddesk/common/entities/registry';
import type { OpOf, OpResult } from '@fielddesk/common/sync/protocol';
import { seesEverything } from '../scope';
import type { BatchContext } from './context';
import { patchDeclared, putCreated } from './declared-patch';
import { clampTime, enforce, reject } from './shared';

const POLICIES = entities.contract.ops.patch.policies;
export const NO_VENDOR = 'The vendor of this contract does not exist.';

type ContractOp = OpOf<'contract', 'create'> | OpOf<'contract', 'patch'>;

/** The vendor a contract names: the batch reads it up front. */
export const contractRefs = (op: ContractOp) => [['vendor', op.kind === 'create' ? op.data.vendorId : op.fields.vendorId] as const];

export async function contractCreate(b: BatchContext, op: OpOf<'contract', 'create'>): Promise<OpResult> {
  if (!seesEverything(b.viewer)) reject(ONLY_DESK_CONTRACTS);
  if (await b.record('contract', op.id)) reject('A contract with this id already exists.');
  enforce(checkContract(op.data));
  if (!(await b.record('vendor', op.data.vendorId))) reject(NO_VENDOR);
  const at = clampTime(op.clientTime, b.info.nowIso);
  const contract: Contract = { id: op.id, ...op.data, createdById: b.viewer.id, createdAt: at, updatedAt: b.info.nowIso, rev: await b.nextRev() };
  putCreated(b, 'contract', contract, POLICIES);
  return { opId: op.opId, status: 'applied', rev: contract.rev, record: { ...contract } };
}

export async function contractPatch(b: BatchContext, op: OpOf<'contract', 'patch'>): Promise<OpResult> {
  if (!seesEverything(b.viewer)) reject(ONLY_DESK_CONTRACTS);
  return patchDeclared(b, op, {
    entity: 'contract',
    what: 'contract',
    notFound: 'Contract not found.',
    policies: POLICIES,
    check: async (next, _current, changed) => {
      if (changed.includes('vendorId') && !(await b.record('vendor', next.vendorId))) return { ok: false, reason: NO_VENDOR };
      return checkContract(next);
    },
  });
}
