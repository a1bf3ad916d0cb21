/**
 * Maps database rows to the domain records of common/domain/entities.ts and back.
 * Only these functions know how a record is laid out in tables, so pull, push and the
 * seed all speak in domain records.
 */
import type { Selectable } from 'kysely';
import {
  HoldPeriodSchema,
  type Asset,
  type AssetInventory,
  type Attachment,
  type ChangeRequest,
  type ConfigurationItem,
  type Group,
  type HoldPeriod,
  type Impact,
  type KnowledgeArticle,
  type Location,
  type Person,
  type Priority,
  type Site,
  type Task,
  type Ticket,
  type TicketEvent,
  type TicketLink,
  type Worklog,
} from '@fielddesk/common/domain/entities';
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

export const siteFromRow = (r: Selectable<SiteTable>): Site => ({
  id: r.id,
  code: r.code,
  name: r.name,
  timeZone: r.time_zone,
  address: r.address,
  rev: Number(r.rev),
});

export const locationFromRow = (r: Selectable<LocationTable>): Location => ({ id: r.id, siteId: r.site_id, name: r.name, rev: Number(r.rev) });

export const groupFromRow = (r: Selectable<GroupTable>): Group => ({ id: r.id, name: r.name, rev: Number(r.rev) });

export const personFromRow = (r: Omit<Selectable<PersonTable>, 'scope_version'>, groupIds: string[]): Person => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  email: r.email,
  role: r.role,
  siteId: r.site_id,
  groupIds,
  rev: Number(r.rev),
});

/** Parses tickets.sla_holds; entries that are not hold periods are dropped, a damaged value counts as none. */
function parseHolds(text: string): HoldPeriod[] {
  try {
    const value: unknown = JSON.parse(text);
    if (!Array.isArray(value)) return [];
    return value.flatMap((h) => {
      const parsed = HoldPeriodSchema.safeParse(h);
      return parsed.success ? [parsed.data] : [];
    });
  } catch {
    return [];
  }
}

/** Impact and urgency are 1..3; anything else stored (never written by us) reads as medium. */
const level = (n: unknown): Impact => (n === 1 || n === 2 || n === 3 ? n : Number(n) === 1 ? 1 : Number(n) === 3 ? 3 : 2);

export const ticketFromRow = (r: Selectable<TicketTable>): Ticket => ({
  id: r.id,
  number: r.number,
  kind: r.kind,
  title: r.title,
  description: r.description,
  status: r.status,
  priority: Number(r.priority) as Priority,
  category: r.category,
  requesterId: r.requester_id,
  assigneeId: r.assignee_id,
  groupId: r.group_id,
  siteId: r.site_id,
  locationId: r.location_id,
  onHoldReason: r.on_hold_reason,
  resolutionCode: r.resolution_code,
  resolutionNotes: r.resolution_notes,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  resolvedAt: r.resolved_at,
  closedAt: r.closed_at,
  impact: level(r.impact),
  urgency: level(r.urgency),
  subcategory: r.subcategory,
  respondedAt: r.responded_at,
  slaHolds: parseHolds(r.sla_holds),
  catalogItemId: r.catalog_item_id,
  problemId: r.problem_id,
  rootCause: r.root_cause,
  workaround: r.workaround,
  knownError: Number(r.known_error) === 1,
  rev: Number(r.rev),
});

/** The ticket columns for a domain record (field_revs is kept separately). */
export const ticketToRow = (t: Ticket): Omit<TicketTable, 'field_revs'> => ({
  id: t.id,
  number: t.number,
  kind: t.kind,
  title: t.title,
  description: t.description,
  status: t.status,
  priority: t.priority,
  category: t.category,
  requester_id: t.requesterId,
  assignee_id: t.assigneeId,
  group_id: t.groupId,
  site_id: t.siteId,
  location_id: t.locationId,
  on_hold_reason: t.onHoldReason,
  resolution_code: t.resolutionCode,
  resolution_notes: t.resolutionNotes,
  created_at: t.createdAt,
  updated_at: t.updatedAt,
  resolved_at: t.resolvedAt,
  closed_at: t.closedAt,
  impact: t.impact,
  urgency: t.urgency,
  subcategory: t.subcategory,
  responded_at: t.respondedAt,
  sla_holds: JSON.stringify(t.slaHolds),
  catalog_item_id: t.catalogItemId,
  problem_id: t.problemId,
  root_cause: t.rootCause,
  workaround: t.workaround,
  known_error: t.knownError ? 1 : 0,
  rev: t.rev,
});

export const worklogFromRow = (r: Selectable<WorklogTable>): Worklog => ({
  id: r.id,
  ticketId: r.ticket_id,
  authorId: r.author_id,
  body: r.body,
  minutes: Number(r.minutes),
  visibility: r.visibility,
  createdAt: r.created_at,
  rev: Number(r.rev),
});

export const worklogToRow = (w: Worklog): WorklogTable => ({
  id: w.id,
  ticket_id: w.ticketId,
  author_id: w.authorId,
  body: w.body,
  minutes: w.minutes,
  visibility: w.visibility,
  created_at: w.createdAt,
  rev: w.rev,
});

export const assetFromRow = (r: Selectable<AssetTable>): Asset => ({
  id: r.id,
  tag: r.tag,
  serial: r.serial,
  name: r.name,
  model: r.model,
  manufacturer: r.manufacturer,
  type: r.type,
  status: r.status,
  siteId: r.site_id,
  locationId: r.location_id,
  assignedToId: r.assigned_to_id,
  uuid: r.uuid,
  macs: parseTags(r.macs),
  inventoriedAt: r.inventoried_at,
  rev: Number(r.rev),
});

/** The assets row of an Asset record (macs stored as a JSON array). */
export const assetToRow = (a: Asset): Selectable<AssetTable> => ({
  id: a.id,
  tag: a.tag,
  serial: a.serial,
  name: a.name,
  model: a.model,
  manufacturer: a.manufacturer,
  type: a.type,
  status: a.status,
  site_id: a.siteId,
  location_id: a.locationId,
  assigned_to_id: a.assignedToId,
  uuid: a.uuid,
  macs: JSON.stringify(a.macs),
  inventoried_at: a.inventoriedAt,
  rev: a.rev,
});

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

export const configurationItemToRow = (c: ConfigurationItem): ConfigurationItemTable => ({
  id: c.id,
  name: c.name,
  ci_type: c.ciType,
  status: c.status,
  asset_id: c.assetId,
  site_id: c.siteId,
  description: c.description,
  rev: c.rev,
});

export const configurationItemFromRow = (r: Selectable<ConfigurationItemTable>): ConfigurationItem => ({
  id: r.id,
  name: r.name,
  ciType: r.ci_type,
  status: r.status,
  assetId: r.asset_id,
  siteId: r.site_id,
  description: r.description,
  rev: Number(r.rev),
});

/** Parses a JSON array of strings; anything else counts as empty. */
function parseTags(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}

export const knowledgeArticleFromRow = (r: Selectable<KnowledgeArticleTable>): KnowledgeArticle => ({
  id: r.id,
  number: r.number,
  title: r.title,
  body: r.body,
  category: r.category,
  tags: parseTags(r.tags),
  published: Number(r.published) === 1,
  authorId: r.author_id,
  sourceTicketId: r.source_ticket_id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  rev: Number(r.rev),
});

/** The knowledge_articles columns of an article (`published` stored as 0/1, tags as JSON; field_revs kept separately). */
export const knowledgeArticleToRow = (a: KnowledgeArticle): Omit<KnowledgeArticleTable, 'field_revs'> => ({
  id: a.id,
  number: a.number,
  title: a.title,
  body: a.body,
  category: a.category,
  tags: JSON.stringify(a.tags),
  published: a.published ? 1 : 0,
  author_id: a.authorId,
  source_ticket_id: a.sourceTicketId,
  created_at: a.createdAt,
  updated_at: a.updatedAt,
  rev: a.rev,
});

export const taskFromRow = (r: Selectable<TaskTable>): Task => ({
  id: r.id,
  number: r.number,
  ticketId: r.ticket_id,
  title: r.title,
  description: r.description,
  status: r.status,
  assigneeId: r.assignee_id,
  groupId: r.group_id,
  siteId: r.site_id,
  dueAt: r.due_at,
  createdById: r.created_by_id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  completedAt: r.completed_at,
  rev: Number(r.rev),
});

/** The task columns for a domain record (field_revs is kept separately, as for tickets). */
export const taskToRow = (t: Task): Omit<TaskTable, 'field_revs'> => ({
  id: t.id,
  number: t.number,
  ticket_id: t.ticketId,
  title: t.title,
  description: t.description,
  status: t.status,
  assignee_id: t.assigneeId,
  group_id: t.groupId,
  site_id: t.siteId,
  due_at: t.dueAt,
  created_by_id: t.createdById,
  created_at: t.createdAt,
  updated_at: t.updatedAt,
  completed_at: t.completedAt,
  rev: t.rev,
});

export const ticketLinkFromRow = (r: Selectable<TicketLinkTable>): TicketLink => ({
  id: r.id,
  ticketId: r.ticket_id,
  targetEntity: r.target_entity,
  targetId: r.target_id,
  authorId: r.author_id,
  createdAt: r.created_at,
  rev: Number(r.rev),
});

export const ticketLinkToRow = (l: TicketLink): TicketLinkTable => ({
  id: l.id,
  ticket_id: l.ticketId,
  target_entity: l.targetEntity,
  target_id: l.targetId,
  author_id: l.authorId,
  created_at: l.createdAt,
  rev: l.rev,
});

export const ticketEventFromRow = (r: Selectable<TicketEventTable>): TicketEvent => ({
  id: r.id,
  ticketId: r.ticket_id,
  type: r.type,
  from: r.from_value,
  to: r.to_value,
  actorId: r.actor_id,
  at: r.at,
  recordedAt: r.recorded_at,
  rev: Number(r.rev),
});

export const ticketEventToRow = (e: TicketEvent): TicketEventTable => ({
  id: e.id,
  ticket_id: e.ticketId,
  type: e.type,
  from_value: e.from,
  to_value: e.to,
  actor_id: e.actorId,
  at: e.at,
  recorded_at: e.recordedAt,
  rev: e.rev,
});

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

export const changeFromRow = (r: Selectable<ChangeTable>): ChangeRequest => ({
  id: r.id,
  number: r.number,
  title: r.title,
  description: r.description,
  status: r.status,
  risk: r.risk,
  windowStart: r.window_start,
  windowEnd: r.window_end,
  siteId: r.site_id,
  ownerId: r.owner_id,
  rev: Number(r.rev),
});

export const attachmentFromRow = (r: Selectable<AttachmentTable>): Attachment => ({
  id: r.id,
  ticketId: r.ticket_id,
  sha256: r.sha256,
  fileName: r.file_name,
  mimeType: r.mime_type,
  size: Number(r.size),
  kind: r.kind,
  authorId: r.author_id,
  createdAt: r.created_at,
  uploaded: Number(r.uploaded) === 1,
  rev: Number(r.rev),
});

/** The attachments row of an Attachment record (`uploaded` stored as 0/1 on both engines). */
export const attachmentToRow = (a: Attachment): AttachmentTable => ({
  id: a.id,
  ticket_id: a.ticketId,
  sha256: a.sha256,
  file_name: a.fileName,
  mime_type: a.mimeType,
  size: a.size,
  kind: a.kind,
  author_id: a.authorId,
  created_at: a.createdAt,
  uploaded: a.uploaded ? 1 : 0,
  rev: a.rev,
});

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
