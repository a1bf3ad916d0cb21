/**
 * Worklogs and attachments: append-only records of a ticket the viewer may see. Create is
 * their only op; the id makes a create idempotent across clients (a second create with a
 * used id is refused, a replay of the same op answers 'duplicate' before it gets here).
 */
import type { Attachment, Worklog } from '@fielddesk/common/domain/entities';
import type { AttachmentCreateOp, OpResult, WorklogCreateOp } from '@fielddesk/common/sync/protocol';
import type { BatchContext } from './context';
import { clampTime, reject } from './shared';

/** Both follow a ticket: the batch reads it up front. */
export const appendRefs = (op: WorklogCreateOp | AttachmentCreateOp) => [['ticket', op.data.ticketId]] as const;

export async function worklogCreate(b: BatchContext, op: WorklogCreateOp): Promise<OpResult> {
  await b.requireVisibleTicket(op.data.ticketId);
  if (await b.record('worklog', op.id)) reject('A worklog with this id already exists.');
  const worklog: Worklog = {
    id: op.id,
    ticketId: op.data.ticketId,
    authorId: b.viewer.id,
    body: op.data.body,
    minutes: op.data.minutes,
    visibility: op.data.visibility,
    createdAt: clampTime(op.clientTime, b.info.nowIso),
    rev: await b.nextRev(),
  };
  b.add('worklog', worklog);
  return { opId: op.opId, status: 'applied', rev: worklog.rev, record: { ...worklog } };
}

export async function attachmentCreate(b: BatchContext, op: AttachmentCreateOp): Promise<OpResult> {
  await b.requireVisibleTicket(op.data.ticketId);
  if (await b.record('attachment', op.id)) reject('An attachment with this id already exists.');
  const attachment: Attachment = {
    id: op.id,
    ticketId: op.data.ticketId,
    sha256: op.data.sha256,
    fileName: op.data.fileName,
    mimeType: op.data.mimeType,
    size: op.data.size,
    kind: op.data.kind,
    authorId: b.viewer.id,
    createdAt: clampTime(op.clientTime, b.info.nowIso),
    uploaded: await b.blobUploaded(op.data.sha256),
    rev: await b.nextRev(),
  };
  b.add('attachment', attachment);
  return { opId: op.opId, status: 'applied', rev: attachment.rev, record: { ...attachment } };
}
