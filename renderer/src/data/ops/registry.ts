/**
 * The local op applier of each entity that has ops, by entity name. Entities nobody edits
 * (sites, people, changes, …) have none. The sync core (apply.ts, sync/reconcile.ts) looks
 * an op's applier up here and knows no entity by name.
 */
import type { EntityName } from '@fielddesk/common/domain/entities';
import type { OpInput } from '@fielddesk/common/sync/protocol';
import { assetInventoryOps } from './asset-inventory';
import { attachmentOps } from './attachment';
import { ciRelationOps } from './ci-relation';
import { knowledgeArticleOps } from './knowledge-article';
import { taskOps } from './task';
import { ticketOps } from './ticket';
import { ticketLinkOps } from './ticket-link';
import type { LocalOpApplier, OpEntity, OpOf } from './types';
import { worklogOps } from './worklog';

/** Every entity that has ops must be listed (checked by `satisfies`), each with an applier of its own ops. */
const appliers = {
  ticket: ticketOps,
  worklog: worklogOps,
  attachment: attachmentOps,
  task: taskOps,
  ticket_link: ticketLinkOps,
  knowledge_article: knowledgeArticleOps,
  asset_inventory: assetInventoryOps,
  ci_relation: ciRelationOps,
} satisfies { [E in OpEntity]: LocalOpApplier<OpOf<E>> };

export const opAppliers: Partial<Record<EntityName, LocalOpApplier>> = appliers;

/** The applier of an op's entity. */
export function applierOf(op: OpInput): LocalOpApplier {
  const applier = opAppliers[op.entity];
  if (!applier) throw new Error(`No local op applier for ${op.entity}`);
  return applier;
}
