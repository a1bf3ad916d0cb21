/**
 * The configuration items a change request affects: a link per (change, CI), added and removed,
 * never edited. Whoever sees both the change and the CI may link them (a technician: a change of
 * the next 90 days and a CI of their site); checked by the rule the app applies offline
 * (common/itsm/changes.ts), with the same words: the change and the CI exist and are visible,
 * the CI is not linked yet. The same CI linked twice (two people offline) is refused with a
 * reason the second time: the client drops its copy and pulls the server's.
 */
import type { ChangeCi } from '@fielddesk/common/entities/change-ci';
import { checkChangeCi } from '@fielddesk/common/itsm/changes';
import type { OpOf, OpResult } from '@fielddesk/common/sync/protocol';
import type { BatchContext } from './context';
import { clampTime, enforce, reject } from './shared';

type CreateOp = OpOf<'change_ci', 'create'>;
type DeleteOp = OpOf<'change_ci', 'delete'>;

/** The change and the CI of a new link: the batch reads them up front. */
export const changeCiRefs = (op: CreateOp | DeleteOp) =>
  op.kind === 'create'
    ? ([
        ['change', op.data.changeId],
        ['configuration_item', op.data.configurationItemId],
      ] as const)
    : [];

export async function changeCiCreate(b: BatchContext, op: CreateOp): Promise<OpResult> {
  const { changeId, configurationItemId } = op.data;
  if (await b.record('change_ci', op.id)) reject('This change link already exists.');
  if (await b.tombstoneRev('change_ci', op.id)) reject('This configuration item was removed from the change; add it again to restore it.');
  const change = (await b.visible('change', changeId)) ? ((await b.record('change', changeId))?.record ?? null) : null;
  const ci = (await b.visible('configuration_item', configurationItemId)) ? ((await b.record('configuration_item', configurationItemId))?.record ?? null) : null;
  const linked = change && ci && (await b.findOne('change_ci', { changeId, configurationItemId })) ? [configurationItemId] : [];
  enforce(checkChangeCi(change, ci, linked));
  const link: ChangeCi = { id: op.id, changeId, configurationItemId, addedById: b.viewer.id, createdAt: clampTime(op.clientTime, b.info.nowIso), rev: await b.nextRev() };
  b.add('change_ci', link);
  return { opId: op.opId, status: 'applied', rev: link.rev, record: { ...link } };
}

export async function changeCiDelete(b: BatchContext, op: DeleteOp): Promise<OpResult> {
  const link = (await b.record('change_ci', op.id))?.record;
  if (!link) return { opId: op.opId, status: 'duplicate', original: { status: 'applied', rev: await b.tombstoneRev('change_ci', op.id) } };
  if (!(await b.visible('change_ci', op.id))) return reject('That configuration item is not linked to the change, or is not visible to you.');
  const rev = await b.nextRev();
  b.remove('change_ci', link.id, rev);
  return { opId: op.opId, status: 'applied', rev, record: { ...link, rev } };
}
