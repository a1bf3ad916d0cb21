/**
 * Licence seats: given to an asset or a person, taken back (deleted), never edited. The
 * shared seat rule (common/assets/contracts.ts checkSeatAssignment) runs over the licence's
 * seats as the server holds them, this batch's included, so two technicians who each give
 * the last seat while offline are answered: the first applied, the second refused in the
 * words the app uses. Technicians give seats to the assets they see (their site's) and to
 * anyone; desk staff and admins to any asset.
 */
import { assetLabel, checkSeatAssignment } from '@fielddesk/common/assets/contracts';
import type { LicenceSeat } from '@fielddesk/common/entities/licence-seat';
import type { OpOf, OpResult } from '@fielddesk/common/sync/protocol';
import type { BatchContext } from './context';
import { clampTime, enforce, reject } from './shared';

type CreateOp = OpOf<'licence_seat', 'create'>;
type DeleteOp = OpOf<'licence_seat', 'delete'>;

/** The licence and the target of a new seat: the batch reads them up front. */
export const licenceSeatRefs = (op: CreateOp | DeleteOp) =>
  op.kind === 'create'
    ? ([
        ['licence', op.data.licenceId],
        [op.data.target.kind, op.data.target.id],
      ] as const)
    : [];

export async function licenceSeatCreate(b: BatchContext, op: CreateOp): Promise<OpResult> {
  const { licenceId, target } = op.data;
  if (await b.record('licence_seat', op.id)) reject('A seat with this id already exists.');
  if (await b.tombstoneRev('licence_seat', op.id)) reject('This seat was taken back; assign it again to restore it.');
  if (b.viewer.role !== 'technician' && b.viewer.role !== 'agent' && b.viewer.role !== 'admin') reject('Only technicians, desk staff and admins can assign licence seats.');
  const licence = (await b.record('licence', licenceId))?.record;
  if (!licence) return reject('The licence does not exist.');
  let label: string;
  if (target.kind === 'asset') {
    if (!(await b.visible('asset', target.id))) reject('The asset does not exist or is not visible to you.');
    label = assetLabel((await b.record('asset', target.id))!.record);
  } else {
    const person = (await b.record('person', target.id))?.record;
    if (!person) return reject('The person does not exist.');
    label = person.displayName;
  }
  const given = await b.findAll('licence_seat', 'licenceId', [licenceId]);
  enforce(checkSeatAssignment(licence, given, { kind: target.kind, id: target.id, label }));
  const seat: LicenceSeat = {
    id: op.id,
    licenceId,
    targetKind: target.kind,
    targetId: target.id,
    assignedById: b.viewer.id,
    createdAt: clampTime(op.clientTime, b.info.nowIso),
    rev: await b.nextRev(),
  };
  b.add('licence_seat', seat);
  return { opId: op.opId, status: 'applied', rev: seat.rev, record: { ...seat } };
}

export async function licenceSeatDelete(b: BatchContext, op: DeleteOp): Promise<OpResult> {
  const seat = (await b.record('licence_seat', op.id))?.record;
  if (!seat) return { opId: op.opId, status: 'duplicate', original: { status: 'applied', rev: await b.tombstoneRev('licence_seat', op.id) } };
  if (b.viewer.role !== 'technician' && b.viewer.role !== 'agent' && b.viewer.role !== 'admin') reject('Only technicians, desk staff and admins can take back licence seats.');
  if (seat.targetKind === 'asset' && !(await b.visible('asset', seat.targetId)) && (await b.record('asset', seat.targetId))) {
    reject('This seat is on an asset of another site: only its site, desk staff or an admin can take it back.');
  }
  const rev = await b.nextRev();
  b.remove('licence_seat', seat.id, rev);
  return { opId: op.opId, status: 'applied', rev, record: { ...seat, rev } };
}
