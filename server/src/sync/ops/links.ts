/**
 * Ticket links: a ticket the viewer can see, linked to an asset, a configuration item or a
 * knowledge article that exists and that the viewer can see. Created and deleted, never
 * edited.
 *
 * - The same target linked twice to one ticket (e.g. by two technicians offline) is refused
 *   with a reason (the app's words): the client drops its copy and pulls the server's link,
 *   so no replica keeps a link the server does not have.
 * - Deleting writes a tombstone, so every replica that has the link drops it on its next
 *   pull. The answer is 'applied' with the tombstone's rev and the link as it was.
 * - Deleting a link that is already gone (deleted by someone else, or never stored because
 *   its create was refused) changes nothing and is no error: the answer is 'duplicate' with
 *   an 'applied' verdict, as for a delete the server has already carried out.
 */
import type { LinkTarget, TicketLink } from '@fielddesk/common/domain/entities';
import type { OpResult, TicketLinkCreateOp, TicketLinkDeleteOp } from '@fielddesk/common/sync/protocol';
import type { BatchContext } from './context';
import { clampTime, reject } from './shared';

const TARGET_LABELS: Record<LinkTarget, string> = {
  asset: 'asset',
  configuration_item: 'configuration item',
  knowledge_article: 'knowledge article',
};

/** A link's ticket: the batch reads it up front (a delete's ticket is read with the link). */
export const linkRefs = (op: TicketLinkCreateOp | TicketLinkDeleteOp) => (op.kind === 'create' ? ([['ticket', op.data.ticketId]] as const) : []);

export async function linkCreate(b: BatchContext, op: TicketLinkCreateOp): Promise<OpResult> {
  const { ticketId, targetEntity, targetId } = op.data;
  await b.requireVisibleTicket(ticketId);
  if (await b.record('ticket_link', op.id)) reject('A link with this id already exists.');
  if (await b.tombstoneRev('ticket_link', op.id)) reject('This link was removed; link the record again to restore it.');
  const label = TARGET_LABELS[targetEntity];
  if (!(await b.visible(targetEntity, targetId))) reject(`The ${label} to link does not exist or is not visible to you.`);
  if (await b.findOne('ticket_link', { ticketId, targetEntity, targetId })) reject(`This ${label} is already linked to the ticket.`);
  const link: TicketLink = {
    id: op.id,
    ticketId,
    targetEntity,
    targetId,
    authorId: b.viewer.id,
    createdAt: clampTime(op.clientTime, b.info.nowIso),
    rev: await b.nextRev(),
  };
  b.add('ticket_link', link);
  return { opId: op.opId, status: 'applied', rev: link.rev, record: { ...link } };
}

export async function linkDelete(b: BatchContext, op: TicketLinkDeleteOp): Promise<OpResult> {
  const link = (await b.record('ticket_link', op.id))?.record;
  if (!link) return { opId: op.opId, status: 'duplicate', original: { status: 'applied', rev: await b.tombstoneRev('ticket_link', op.id) } };
  // A link of a ticket the viewer cannot see is, to them, a link that is not there.
  if (!(await b.visible('ticket', link.ticketId))) return reject('Link not found or not visible to you.');
  const rev = await b.nextRev();
  b.remove('ticket_link', link.id, rev);
  return { opId: op.opId, status: 'applied', rev, record: { ...link, rev } };
}
