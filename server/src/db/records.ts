/**
 * Maps database rows to the domain records of common/domain/entities.ts and back, through the
 * entity declarations (common/entities/: each field's column and how it is stored). Only the
 * records stored in a shape of their own are mapped by hand here: a person's groups, the ITSM
 * configuration document, an asset's inventory summary (validated as it is read).
 */
import type { Selectable } from 'kysely';
import type { ChangeRequest } from '@fielddesk/common/changes/records';
import {
  type Asset,
  type AssetInventory,
  type Attachment,
  type ConfigurationItem,
  type Group,
  type KnowledgeArticle,
  type Location,
  type Person,
  type Site,
  type Task,
  type Ticket,
  type TicketEvent,
  type TicketLink,
  type Worklog,
} from '@fielddesk/common/domain/entities';
import { entities, recordFromRow, rowFromRecord, type EntityName, type EntityRecordMap } from '@fielddesk/common/entities/registry';
import { InventorySummarySchema } from '@fielddesk/common/inventory/summary';
import { ItsmConfigSchema, type ItsmConfig } from '@fielddesk/common/itsm/config';
import { describeZodError } from '@fielddesk/common/sync/protocol';
import type {
  AssetInventoryTable,
  AssetTable,
  AttachmentTable,
  ChangeTable,
  ConfigurationItemTable,
  Database,
  GroupTable,
  ItsmConfigTable,
  KnowledgeArticleTable,
  LocationTable,
  PersonTable,
  SiteTable,
  TaskTable,
  TicketEventTable,
  TicketLinkTable,
  TicketTable,
  WorklogTable,
} from './types';
import type { Kysely } from 'kysely';

export const siteFromRow = (r: Selectable<SiteTable>): Site => fromRow('site', r);

export const locationFromRow = (r: Selectable<LocationTable>): Location => fromRow('location', r);

export const groupFromRow = (r: Selectable<GroupTable>): Group => fromRow('group', r);

export const personFromRow = (r: Omit<Selectable<PersonTable>, 'scope_version'>, groupIds: string[]): Person => ({ ...fromRow('person', r), groupIds });

export const ticketFromRow = (r: Selectable<TicketTable>): Ticket => fromRow('ticket', r);

/** The ticket columns for a domain record (field_revs is kept separately). */
export const ticketToRow = (t: Ticket): Omit<TicketTable, 'field_revs'> => toRow('ticket', t);

export const worklogFromRow = (r: Selectable<WorklogTable>): Worklog => fromRow('worklog', r);

export const worklogToRow = (w: Worklog): WorklogTable => toRow('worklog', w);

export const assetFromRow = (r: Selectable<AssetTable>): Asset => fromRow('asset', r);

/** The assets row of an Asset record (macs stored as a JSON array). */
export const assetToRow = (a: Asset): Selectable<AssetTable> => toRow('asset', a);

/**
 * The AssetInventory record of an asset_inventories row. The summary is written only from
 * validated summaries (inventory/record.ts); one that fails the schema is a damaged row,
 * reported as such rather than synced.
 */
export function assetInventoryFromRow(r: Selectable<AssetInventoryTable>): AssetInventory {
  let summary: unknown;
  try {
    summary = JSON.parse(r.summary);
  } catch (error) {
    throw new Error(`The stored inventory of asset ${r.id} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  const parsed = InventorySummarySchema.safeParse(summary);
  if (!parsed.success) throw new Error(`The stored inventory of asset ${r.id} is damaged: ${describeZodError(parsed.error)}`);
  return {
    id: r.id,
    assetId: r.id,
    configurationItemId: r.configuration_item_id,
    source: r.source,
    deviceId: r.device_id,
    scannedAt: r.scanned_at,
    receivedAt: r.received_at,
    summary: parsed.data,
    rev: Number(r.rev),
  };
}

/** The asset_inventories row of a record; `siteId` is its asset's (see AssetInventoryTable). */
export const assetInventoryToRow = (i: AssetInventory, siteId: string | null): AssetInventoryTable => ({
  id: i.assetId,
  configuration_item_id: i.configurationItemId,
  site_id: siteId,
  source: i.source,
  device_id: i.deviceId,
  scanned_at: i.scannedAt,
  received_at: i.receivedAt,
  summary: JSON.stringify(i.summary),
  rev: i.rev,
});

export const configurationItemToRow = (c: ConfigurationItem): ConfigurationItemTable => toRow('configuration_item', c);

export const configurationItemFromRow = (r: Selectable<ConfigurationItemTable>): ConfigurationItem => fromRow('configuration_item', r);

export const knowledgeArticleFromRow = (r: Selectable<KnowledgeArticleTable>): KnowledgeArticle => fromRow('knowledge_article', r);

/** The knowledge_articles columns of an article (`published` stored as 0/1, tags as JSON; field_revs kept separately). */
export const knowledgeArticleToRow = (a: KnowledgeArticle): Omit<KnowledgeArticleTable, 'field_revs'> => toRow('knowledge_article', a);

export const taskFromRow = (r: Selectable<TaskTable>): Task => fromRow('task', r);

/** The task columns for a domain record (field_revs is kept separately, as for tickets). */
export const taskToRow = (t: Task): Omit<TaskTable, 'field_revs'> => toRow('task', t);

export const ticketLinkFromRow = (r: Selectable<TicketLinkTable>): TicketLink => fromRow('ticket_link', r);

export const ticketLinkToRow = (l: TicketLink): TicketLinkTable => toRow('ticket_link', l);

export const ticketEventFromRow = (r: Selectable<TicketEventTable>): TicketEvent => fromRow('ticket_event', r);

export const ticketEventToRow = (e: TicketEvent): TicketEventTable => toRow('ticket_event', e);

/**
 * The ITSM configuration record of the itsm_config row. The row is written only by the
 * migration and the admin endpoint, both from validated configs; a row that fails the
 * schema is a damaged database, reported as such rather than synced to every client.
 */
export function itsmConfigFromRow(r: Selectable<ItsmConfigTable>): ItsmConfig {
  let stored: unknown;
  try {
    stored = JSON.parse(r.config);
  } catch (error) {
    throw new Error(`The stored ITSM configuration is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  const parsed = ItsmConfigSchema.safeParse({ ...(stored as object), id: r.id, rev: Number(r.rev) });
  if (!parsed.success) throw new Error(`The stored ITSM configuration is damaged: ${describeZodError(parsed.error)}`);
  return parsed.data;
}

/** The itsm_config row of a configuration: everything but id and rev, as JSON. */
export function itsmConfigToRow(c: ItsmConfig): ItsmConfigTable {
  const { id, rev, ...config } = c;
  return { id, config: JSON.stringify(config), rev };
}

export const changeFromRow = (r: Selectable<ChangeTable>): ChangeRequest => fromRow('change', r);

export const attachmentFromRow = (r: Selectable<AttachmentTable>): Attachment => fromRow('attachment', r);

/** The attachments row of an Attachment record (`uploaded` stored as 0/1 on both engines). */
export const attachmentToRow = (a: Attachment): AttachmentTable => toRow('attachment', a);

/** The record of a row of the entity's table (the declared columns; see common/entities/define.ts). */
function fromRow<N extends EntityName>(entity: N, row: object): EntityRecordMap[N] {
  return recordFromRow(entities[entity], row as Record<string, unknown>) as EntityRecordMap[N];
}

/** The row of a record (every declared column), typed as the caller's table. */
function toRow<N extends EntityName, Row>(entity: N, record: EntityRecordMap[N]): Row {
  return rowFromRecord(entities[entity], record as Record<string, unknown>) as Row;
}

/** The group ids of each of the given people, in one query. */
export async function groupIdsByPerson(db: Kysely<Database>, personIds: readonly string[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>(personIds.map((id) => [id, []]));
  if (personIds.length === 0) return map;
  const rows = await db
    .selectFrom('person_groups')
    .select(['person_id', 'group_id'])
    .where('person_id', 'in', [...personIds])
    .orderBy('group_id')
    .execute();
  for (const row of rows) map.get(row.person_id)?.push(row.group_id);
  return map;
}

/** Parses tickets.field_revs / tasks.field_revs (field -> rev of its last change); a damaged value counts as empty. */
export function parseFieldRevs(text: string): Record<string, number> {
  try {
    const value: unknown = JSON.parse(text);
    if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
    const out: Record<string, number> = {};
    for (const [k, v] of Object.entries(value)) if (typeof v === 'number') out[k] = v;
    return out;
  } catch {
    return {};
  }
}
