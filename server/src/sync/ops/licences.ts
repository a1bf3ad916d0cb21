/**
 * Software licences: created and edited by desk staff and admins (everyone reads them). The
 * shared licence rule (common/assets/contracts.ts checkLicence) runs on the merged record with
 * the seats already given, so a licence never ends up with fewer seats than it has assigned,
 * even when a technician gave one offline while an admin lowered the count. Edits merge per
 * field like tickets.
 */
import { checkLicence, ONLY_DESK_LICENCES } from '@fielddesk/common/assets/contracts';
import type { LicenceRecord } from '@fielddesk/common/entities/licence';
import { entities } from '@fielddesk/common/entities/registry';
import type { OpOf, OpResult } from '@fielddesk/common/sync/protocol';
import { seesEverything } from '../scope';
import type { BatchContext } from './context';
import { patchDeclared, putCreated } from './declared-patch';
import { clampTime, enforce, reject } from './shared';

const POLICIES = entities.licence.ops.patch.policies;

type LicenceOp = OpOf<'licence', 'create'> | OpOf<'licence', 'patch'>;

/** The vendor and contract a licence names: the batch reads them up front. */
export const licenceRefs = (op: LicenceOp) => {
  const f = op.kind === 'create' ? op.data : op.fields;
  return [
    ['vendor', f.vendorId],
    ['contract', f.contractId],
  ] as const;
};

async function checkLinks(b: BatchContext, vendorId: string | null | undefined, contractId: string | null | undefined): Promise<string | null> {
  if (vendorId && !(await b.record('vendor', vendorId))) return 'The vendor of this licence does not exist.';
  if (contractId && !(await b.record('contract', contractId))) return 'The contract of this licence does not exist.';
  return null;
}

export async function licenceCreate(b: BatchContext, op: OpOf<'licence', 'create'>): Promise<OpResult> {
  if (!seesEverything(b.viewer)) reject(ONLY_DESK_LICENCES);
  if (await b.record('licence', op.id)) reject('A licence with this id already exists.');
  enforce(checkLicence(op.data));
  const broken = await checkLinks(b, op.data.vendorId, op.data.contractId);
  if (broken) reject(broken);
  const at = clampTime(op.clientTime, b.info.nowIso);
  const licence: LicenceRecord = { id: op.id, ...op.data, createdAt: at, updatedAt: b.info.nowIso, rev: await b.nextRev() };
  putCreated(b, 'licence', licence, POLICIES);
  return { opId: op.opId, status: 'applied', rev: licence.rev, record: { ...licence } };
}

export async function licencePatch(b: BatchContext, op: OpOf<'licence', 'patch'>): Promise<OpResult> {
  if (!seesEverything(b.viewer)) reject(ONLY_DESK_LICENCES);
  return patchDeclared(b, op, {
    entity: 'licence',
    what: 'licence',
    notFound: 'Licence not found.',
    policies: POLICIES,
    check: async (next, _current, changed) => {
      const broken = await checkLinks(b, changed.includes('vendorId') ? next.vendorId : null, changed.includes('contractId') ? next.contractId : null);
      if (broken) return { ok: false, reason: broken };
      const given = changed.includes('seats') ? (await b.findAll('licence_seat', 'licenceId', [next.id])).length : 0;
      return checkLicence(next, given);
    },
  });
}
