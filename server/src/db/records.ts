/**
 * Maps database rows to the domain records of common/domain/entities.ts and back.
 * Only these functions know how a record is laid out in tables, so pull, push and the
 * seed all speak in domain records.
 */
import type { Selectable } from 'kysely';
import type {
  Asset,
  Attachment,
  ChangeRequest,
  ConfigurationItem,
  Group,
  KnowledgeArticle,
  Location,
  Person,
  Priority,
  Site,
  Ticket,
  Worklog,
} from '@fielddesk/common/domain/entities';
import type {
  AssetTable,
  AttachmentTable,
  ChangeTable,
  ConfigurationItemTable,
  Database,
  GroupTable,
  KnowledgeArticleTable,
  LocationTable,
  PersonTable,
  SiteTable,
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
  rev: t.rev,
});

export const worklogFromRow = (r: Selectable<WorklogTable>): Worklog => ({
  id: r.id,
  ticketId: r.ticket_id,
  authorId: r.author_id,
  body: r.body,
  minutes: Number(r.minutes),
  createdAt: r.created_at,
  rev: Number(r.rev),
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
  rev: Number(r.rev),
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
  updatedAt: r.updated_at,
  rev: Number(r.rev),
});

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

/** Parses tickets.field_revs (field -> rev of its last change); a damaged value counts as empty. */
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
