/**
 * The push handler of every op, by entity and kind: what is particular to an entity's ops lives
 * in its file beside this one, and the batch (../apply.ts) reaches it through this table, never
 * through a switch over entities. The type requires a handler for every op the protocol has.
 */
import type { Op, OpResult } from '@fielddesk/common/sync/protocol';
import { attachmentCreate, worklogCreate } from './append';
import { articleCreate, articlePatch } from './articles';
import { assetInventoryCreate } from './asset-inventory';
import type { BatchContext } from './context';
import { linkCreate, linkDelete } from './links';
import { taskCreate, taskPatch } from './tasks';
import { ticketCreate, ticketPatch } from './tickets';

type Handler<O extends Op> = (b: BatchContext, op: O) => Promise<OpResult>;
type HandlersOf<E extends Op['entity']> = { [K in Extract<Op, { entity: E }>['kind']]: Handler<Extract<Op, { entity: E; kind: K }>> };

export const opHandlers: { [E in Op['entity']]: HandlersOf<E> } = {
  ticket: { create: ticketCreate, patch: ticketPatch },
  worklog: { create: worklogCreate },
  attachment: { create: attachmentCreate },
  task: { create: taskCreate, patch: taskPatch },
  ticket_link: { create: linkCreate, delete: linkDelete },
  knowledge_article: { create: articleCreate, patch: articlePatch },
  asset_inventory: { create: assetInventoryCreate },
};

/** The handler of an op (the protocol's schema admits only ops that have one). */
export function handlerOf(op: Op): Handler<Op> {
  return (opHandlers[op.entity] as Record<string, Handler<Op>>)[op.kind]!;
}
