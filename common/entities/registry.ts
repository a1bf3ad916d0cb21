/**
 * Every synced entity, declared once (one file each, through `defineEntity`), and what is
 * derived from the declarations: the entity names and their zod enum, the schema of each
 * entity's records, the record type of each entity, and lookups by name. Adding an entity
 * adds its file and one line to ENTITIES (see ARCHITECTURE.md, "Adding a synced entity").
 */
import { z } from 'zod';
import { asset } from './asset';
import { assetInventory } from './asset-inventory';
import { attachment } from './attachment';
import { change } from './change';
import { ciRelation } from './ci-relation';
import { configurationItem } from './configuration-item';
import type { EntityDeclaration } from './define';
import { group } from './group';
import { itsmConfig } from './itsm-config';
import { knowledgeArticle } from './knowledge-article';
import { location } from './location';
import { person } from './person';
import { site } from './site';
import { task } from './task';
import { ticket } from './ticket';
import { ticketEvent } from './ticket-event';
import { ticketLink } from './ticket-link';
import { worklog } from './worklog';

/** The declarations, in the order a fresh replica's first pull is easiest to apply (referenced records first). */
export const ENTITIES = [
  site,
  location,
  group,
  person,
  ticket,
  worklog,
  asset,
  configurationItem,
  knowledgeArticle,
  change,
  attachment,
  itsmConfig,
  task,
  ticketLink,
  ticketEvent,
  assetInventory,
  ciRelation,
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
