/**
 * The push handler of every op, by entity and kind: what is particular to an entity's ops lives
 * in its file beside this one, and the batch (../apply.ts) reaches it through this table, never
 * through a switch over entities. The type requires a handler for every op the protocol has.
 */
import type { EntityName } from '@fielddesk/common/entities/registry';
import type { Op, OpResult } from '@fielddesk/common/sync/protocol';
import { appendRefs, attachmentCreate, worklogCreate } from './append';
import { approvalVoteCreate, approvalVoteRefs } from './approvals';
import { articleCreate, articlePatch, articleRefs } from './articles';
import { assetInventoryCreate } from './asset-inventory';
import { auditCreate, auditEventCreate, auditEventRefs, auditPatch, auditRefs, auditScanCreate, auditScanPatch, auditScanRefs } from './audits';
import { assetCreate, assetEventCreate, assetEventRefs, assetModelCreate, assetModelPatch, assetPatch, assetRefs } from './assets';
import { cabMeetingCreate, cabMeetingDelete, cabMeetingPatch, changeWindowCreate, changeWindowDelete, changeWindowPatch, releaseCreate, releasePatch } from './change-calendar';
import { changeCiCreate, changeCiDelete, changeCiRefs } from './change-cis';
import { changeCreate, changeEventCreate, changeEventRefs, changePatch, changeRefs } from './changes';
import { ciRelationCreate, ciRelationDelete, ciRelationRefs } from './ci-relations';
import { consumableCreate, consumableMovementCreate, consumablePatch, consumableRefs, movementRefs } from './consumables';
import type { BatchContext } from './context';
import { contractAssetCreate, contractAssetDelete, contractAssetRefs } from './contract-assets';
import { contractCreate, contractPatch, contractRefs } from './contracts';
import { licenceSeatCreate, licenceSeatDelete, licenceSeatRefs } from './licence-seats';
import { licenceCreate, licencePatch, licenceRefs } from './licences';
import { linkCreate, linkDelete, linkRefs } from './links';
import { orderReceiptCreate, orderReceiptRefs, purchaseOrderCreate, purchaseOrderLineCreate, purchaseOrderLineDelete, purchaseOrderLinePatch, purchaseOrderLineRefs, purchaseOrderPatch, purchaseOrderRefs } from './purchase-orders';
import { taskCreate, taskPatch, taskRefs } from './tasks';
import { ticketCreate, ticketPatch, ticketRefs } from './tickets';
import { vendorCreate, vendorPatch } from './vendors';

type Handler<O extends Op> = (b: BatchContext, op: O) => Promise<OpResult>;
/** The records (other than its own) an op's handler will read: the batch reads them all up front, in bulk. */
export type Refs<O extends Op> = (op: O) => readonly (readonly [EntityName, string | null | undefined])[];
type HandlersOf<E extends Op['entity']> = { [K in Extract<Op, { entity: E }>['kind']]: Handler<Extract<Op, { entity: E; kind: K }>> } & {
  refs?: Refs<Extract<Op, { entity: E }>>;
};

export const opHandlers: { [E in Op['entity']]: HandlersOf<E> } = {
  ticket: { create: ticketCreate, patch: ticketPatch, refs: ticketRefs },
  worklog: { create: worklogCreate, refs: appendRefs },
  attachment: { create: attachmentCreate, refs: appendRefs },
  task: { create: taskCreate, patch: taskPatch, refs: taskRefs },
  ticket_link: { create: linkCreate, delete: linkDelete, refs: linkRefs },
  knowledge_article: { create: articleCreate, patch: articlePatch, refs: articleRefs },
  asset_inventory: { create: assetInventoryCreate },
  asset_model: { create: assetModelCreate, patch: assetModelPatch },
  asset: { create: assetCreate, patch: assetPatch, refs: assetRefs },
  asset_event: { create: assetEventCreate, refs: assetEventRefs },
  ci_relation: { create: ciRelationCreate, delete: ciRelationDelete, refs: ciRelationRefs },
  vendor: { create: vendorCreate, patch: vendorPatch },
  contract: { create: contractCreate, patch: contractPatch, refs: contractRefs },
  contract_asset: { create: contractAssetCreate, delete: contractAssetDelete, refs: contractAssetRefs },
  licence: { create: licenceCreate, patch: licencePatch, refs: licenceRefs },
  licence_seat: { create: licenceSeatCreate, delete: licenceSeatDelete, refs: licenceSeatRefs },
  consumable: { create: consumableCreate, patch: consumablePatch, refs: consumableRefs },
  consumable_movement: { create: consumableMovementCreate, refs: movementRefs },
  purchase_order: { create: purchaseOrderCreate, patch: purchaseOrderPatch, refs: purchaseOrderRefs },
  purchase_order_line: { create: purchaseOrderLineCreate, patch: purchaseOrderLinePatch, delete: purchaseOrderLineDelete, refs: purchaseOrderLineRefs },
  order_receipt: { create: orderReceiptCreate, refs: orderReceiptRefs },
  change_ci: { create: changeCiCreate, delete: changeCiDelete, refs: changeCiRefs },
  audit: { create: auditCreate, patch: auditPatch, refs: auditRefs },
  audit_scan: { create: auditScanCreate, patch: auditScanPatch, refs: auditScanRefs },
  audit_event: { create: auditEventCreate, refs: auditEventRefs },
  change: { create: changeCreate, patch: changePatch, refs: changeRefs },
  change_event: { create: changeEventCreate, refs: changeEventRefs },
  change_window: { create: changeWindowCreate, patch: changeWindowPatch, delete: changeWindowDelete },
  release: { create: releaseCreate, patch: releasePatch },
  cab_meeting: { create: cabMeetingCreate, patch: cabMeetingPatch, delete: cabMeetingDelete },
  approval_vote: { create: approvalVoteCreate, refs: approvalVoteRefs },
};

/** The handler of an op (the protocol's schema admits only ops that have one). */
export function handlerOf(op: Op): Handler<Op> {
  return (opHandlers[op.entity] as unknown as Record<string, Handler<Op>>)[op.kind]!;
}

/** The records an op's handler will read besides the op's own. */
export function refsOf(op: Op): readonly (readonly [EntityName, string | null | undefined])[] {
  return (opHandlers[op.entity] as { refs?: Refs<Op> }).refs?.(op) ?? [];
}
