/**
 * The local op applier of each entity that has ops, by entity name. Entities nobody edits
 * (sites, people, changes, …) have none. The sync core (apply.ts, sync/reconcile.ts) looks
 * an op's applier up here and knows no entity by name.
 */
import { approvalVoteOps, cabMeetingOps, changeEventOps, changeOps, changeWindowOps, releaseOps } from './change';
import type { EntityName } from '@fielddesk/common/domain/entities';
import type { OpInput } from '@fielddesk/common/sync/protocol';
import { assetEventOps, assetModelOps, assetOps } from './asset';
import { assetInventoryOps } from './asset-inventory';
import { attachmentOps } from './attachment';
import { auditEventOps, auditOps, auditScanOps } from './audit';
import { changeCiOps } from './change-ci';
import { ciRelationOps } from './ci-relation';
import { contractOps } from './contract';
import { contractAssetOps } from './contract-asset';
import { consumableOps } from './consumable';
import { consumableMovementOps } from './consumable-movement';
import { knowledgeArticleOps } from './knowledge-article';
import { licenceOps } from './licence';
import { licenceSeatOps } from './licence-seat';
import { orderReceiptOps, purchaseOrderLineOps, purchaseOrderOps } from './purchase-order';
import { taskOps } from './task';
import { ticketOps } from './ticket';
import { ticketLinkOps } from './ticket-link';
import type { LocalOpApplier, OpEntity, OpOf } from './types';
import { vendorOps } from './vendor';
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
  asset_model: assetModelOps,
  asset: assetOps,
  asset_event: assetEventOps,
  ci_relation: ciRelationOps,
  vendor: vendorOps,
  contract: contractOps,
  contract_asset: contractAssetOps,
  licence: licenceOps,
  licence_seat: licenceSeatOps,
  consumable: consumableOps,
  consumable_movement: consumableMovementOps,
  purchase_order: purchaseOrderOps,
  purchase_order_line: purchaseOrderLineOps,
  order_receipt: orderReceiptOps,
  change_ci: changeCiOps,
  audit: auditOps,
  audit_scan: auditScanOps,
  audit_event: auditEventOps,
  change: changeOps,
  change_event: changeEventOps,
  change_window: changeWindowOps,
  release: releaseOps,
  cab_meeting: cabMeetingOps,
  approval_vote: approvalVoteOps,
} satisfies { [E in OpEntity]: LocalOpApplier<OpOf<E>> };

export const opAppliers: Partial<Record<EntityName, LocalOpApplier>> = appliers;

/** The applier of an op's entity. */
export function applierOf(op: OpInput): LocalOpApplier {
  const applier = opAppliers[op.entity];
  if (!applier) throw new Error(`No local op applier for ${op.entity}`);
  return applier;
}
