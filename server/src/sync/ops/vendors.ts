/**
 * Vendors: created and edited by desk staff and admins (technicians read them); edits merge
 * per field like tickets (the vendor's declared policies).
 */
import { ONLY_DESK_VENDORS } from '@fielddesk/common/assets/contracts';
import { entities } from '@fielddesk/common/entities/registry';
import type { Vendor } from '@fielddesk/common/entities/vendor';
import type { OpOf, OpResult } from '@fielddesk/common/sync/protocol';
import { seesEverything } from '../scope';
import type { BatchContext } from './context';
import { patchDeclared, putCreated } from './declared-patch';
import { clampTime, reject } from './shared';

const POLICIES = entities.vendor.ops.patch.policies;

export async function vendorCreate(b: BatchContext, op: OpOf<'vendor', 'create'>): Promise<OpResult> {
  if (!seesEverything(b.viewer)) reject(ONLY_DESK_VENDORS);
  if (await b.record('vendor', op.id)) reject('A vendor with this id already exists.');
  const at = clampTime(op.clientTime, b.info.nowIso);
  const vendor: Vendor = { id: op.id, ...op.data, createdAt: at, updatedAt: b.info.nowIso, rev: await b.nextRev() };
  putCreated(b, 'vendor', vendor, POLICIES);
  return { opId: op.opId, status: 'applied', rev: vendor.rev, record: { ...vendor } };
}

export async function vendorPatch(b: BatchContext, op: OpOf<'vendor', 'patch'>): Promise<OpResult> {
  if (!seesEverything(b.viewer)) reject(ONLY_DESK_VENDORS);
  return patchDeclared(b, op, { entity: 'vendor', what: 'vendor', notFound: 'Vendor not found.', policies: POLICIES, check: async () => ({ ok: true }) });
}
