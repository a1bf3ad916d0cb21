/**
 * Every synced entity, declared once (one file each, through `defineEntity`), and what is
 * derived from the declarations: the entity names and their zod enum, the schema of each
 * entity's records, the record type of each entity, and lookups by name. Adding an entity
 * adds its file and one line to ENTITIES (see ARCHITECTURE.md, "Adding a synced entity").
 */
import { z } from 'zod';
import { asset } from './asset';
import { assetCheckout } from './asset-checkout';
import { assetEvent } from './asset-event';
import { assetModel } from './asset-model';
import { assetInventory } from './asset-inventory';
import { attachment } from './attachment';
import { audit } from './audit';
import { auditEvent } from './audit-event';
import { auditExpected } from './audit-expected';
import { auditScan } from './audit-scan';
import { approval } from './approval';
import { approvalVote } from './approval-vote';
import { cabMeeting } from './cab-meeting';
import { change } from './change';
import { changeEvent } from './change-event';
import { changeWindow } from './change-window';
import { changeCi } from './change-ci';
import { ciRelation } from './ci-relation';
import { configurationItem } from './configuration-item';
import { consumable } from './consumable';
import { consumableMovement } from './consumable-movement';
import { contract } from './contract';
import { contractAsset } from './contract-asset';
import type { EntityDeclaration } from './define';
import { group } from './group';
import { itsmConfig } from './itsm-config';
import { knowledgeArticle } from './knowledge-article';
import { licence } from './licence';
import { licenceSeat } from './licence-seat';
import { location } from './location';
import { orderReceipt } from './order-receipt';
import { person } from './person';
import { purchaseOrder } from './purchase-order';
import { purchaseOrderLine } from './purchase-order-line';
import { release } from './release';
import { site } from './site';
import { task } from './task';
import { ticket } from './ticket';
import { ticketEvent } from './ticket-event';
import { ticketLink } from './ticket-link';
import { vendor } from './vendor';
import { worklog } from './worklog';

/** The declarations, in the order a fresh replica's first pull is easiest to apply (referenced records first). */
export const ENTITIES = [
  site,
  location,
  group,
  person,
  ticket,
  worklog,
  assetModel,
  asset,
  configurationItem,
  knowledgeArticle,
  release,
  change,
  attachment,
  itsmConfig,
  task,
  ticketLink,
  ticketEvent,
  assetInventory,
  ciRelation,
  assetEvent,
  assetCheckout,
  consumable,
  consumableMovement,
  vendor,
  contract,
  contractAsset,
  licence,
  licenceSeat,
  purchaseOrder,
  purchaseOrderLine,
  orderReceipt,
  changeCi,
  audit,
  auditExpected,
  auditScan,
  auditEvent,
  changeWindow,
  cabMeeting,
  changeEvent,
  approval,
  approvalVote,
] as const;

type Declared = (typeof ENTITIES)[number];

/** The names of a tuple of declarations, as a tuple (a mapped type over a type parameter keeps the tuple). */
type NamesOf<T extends readonly unknown[]> = { readonly [K in keyof T]: T[K] extends { name: infer N } ? N : never };

export const ENTITY_NAMES = ENTITIES.map((e) => e.name) as unknown as NamesOf<typeof ENTITIES>;
export const EntityNameSchema = z.enum(ENTITY_NAMES);
export type EntityName = Declared['name'];
/** The replica (Dexie) table of any declared entity. */
export type ReplicaTableName = Declared['replica']['table'];

/** The declaration of each entity, by name. */
export type EntityDeclarations = { [E in Declared as E['name']]: E };
export const entities = Object.fromEntries(ENTITIES.map((e) => [e.name, e])) as EntityDeclarations;

/** The schema of a whole record of each entity. */
export const entitySchemas = Object.fromEntries(ENTITIES.map((e) => [e.name, e.schema])) as { [E in Declared as E['name']]: E['schema'] };

/** The record type of each entity. */
export type EntityRecordMap = { [E in Declared as E['name']]: z.infer<E['schema']> };
export type AnyRecord = EntityRecordMap[EntityName];

export function entityNamed(name: EntityName): EntityDeclaration {
  return entities[name];
}

export type { Column, Codec, EntityDeclaration } from './define';
export { recordFromRow, replicaStore, rowFromRecord } from './define';
