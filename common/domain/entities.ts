import { z } from 'zod';
import { IdSchema, TimestampSchema } from './ids';
import { TicketStatusSchema } from '../itsm/lifecycle';

/**
 * The domain model shared by renderer, main and server. Every synced record carries
 * `rev`: the server's change sequence number at its last write (0 = never stored).
 */

export const RoleSchema = z.enum(['technician', 'agent', 'admin', 'requester']);
export type Role = z.infer<typeof RoleSchema>;

export const SiteSchema = z.object({
  id: IdSchema,
  code: z.string().min(1).max(16),
  name: z.string().min(1).max(200),
  timeZone: z.string().min(1),
  address: z.string().max(500),
  rev: z.number().int().nonnegative(),
});
export type Site = z.infer<typeof SiteSchema>;

export const LocationSchema = z.object({
  id: IdSchema,
  siteId: IdSchema,
  name: z.string().min(1).max(200),
  rev: z.number().int().nonnegative(),
});
export type Location = z.infer<typeof LocationSchema>;

export const GroupSchema = z.object({
  id: IdSchema,
  name: z.string().min(1).max(200),
  rev: z.number().int().nonnegative(),
});
export type Group = z.infer<typeof GroupSchema>;

/** A person: technicians and agents log in; requesters raise tickets. */
export const PersonSchema = z.object({
  id: IdSchema,
  username: z.string().min(1).max(100),
  displayName: z.string().min(1).max(200),
  email: z.string().max(320),
  role: RoleSchema,
  siteId: IdSchema.nullable(),
  groupIds: z.array(IdSchema),
  rev: z.number().int().nonnegative(),
});
export type Person = z.infer<typeof PersonSchema>;

export const TicketKindSchema = z.enum(['incident', 'service_request']);
export type TicketKind = z.infer<typeof TicketKindSchema>;

export const PrioritySchema = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]);
export type Priority = z.infer<typeof PrioritySchema>;

export const TicketSchema = z.object({
  id: IdSchema,
  /** Human number given by the server (INC-1042, REQ-0007); null until the server has it. */
  number: z.string().nullable(),
  kind: TicketKindSchema,
  title: z.string().min(1).max(300),
  description: z.string().max(20_000),
  status: TicketStatusSchema,
  priority: PrioritySchema,
  category: z.string().max(100),
  requesterId: IdSchema.nullable(),
  assigneeId: IdSchema.nullable(),
  groupId: IdSchema.nullable(),
  siteId: IdSchema.nullable(),
  locationId: IdSchema.nullable(),
  onHoldReason: z.string().max(500).nullable(),
  resolutionCode: z.string().max(100).nullable(),
  resolutionNotes: z.string().max(20_000).nullable(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
  resolvedAt: TimestampSchema.nullable(),
  closedAt: TimestampSchema.nullable(),
  rev: z.number().int().nonnegative(),
});
export type Ticket = z.infer<typeof TicketSchema>;

/** Time spent and what was done; append-only, never edited by sync. */
export const WorklogSchema = z.object({
  id: IdSchema,
  ticketId: IdSchema,
  authorId: IdSchema,
  body: z.string().min(1).max(20_000),
  minutes: z.number().int().min(0).max(24 * 60),
  createdAt: TimestampSchema,
  rev: z.number().int().nonnegative(),
});
export type Worklog = z.infer<typeof WorklogSchema>;

export const AssetStatusSchema = z.enum(['in_stock', 'deployed', 'in_repair', 'retired', 'missing']);
export type AssetStatus = z.infer<typeof AssetStatusSchema>;

export const AssetSchema = z.object({
  id: IdSchema,
  tag: z.string().min(1).max(64),
  serial: z.string().max(128).nullable(),
  name: z.string().min(1).max(200),
  model: z.string().max(200),
  manufacturer: z.string().max(200),
  type: z.string().max(64),
  status: AssetStatusSchema,
  siteId: IdSchema.nullable(),
  locationId: IdSchema.nullable(),
  assignedToId: IdSchema.nullable(),
  rev: z.number().int().nonnegative(),
});
export type Asset = z.infer<typeof AssetSchema>;

export const CiStatusSchema = z.enum(['planned', 'active', 'maintenance', 'retired']);
export type CiStatus = z.infer<typeof CiStatusSchema>;

/** A configuration item of the CMDB: a server, a switch, a service, often backed by an asset. */
export const ConfigurationItemSchema = z.object({
  id: IdSchema,
  name: z.string().min(1).max(200),
  ciType: z.string().min(1).max(64),
  status: CiStatusSchema,
  assetId: IdSchema.nullable(),
  siteId: IdSchema.nullable(),
  description: z.string().max(20_000),
  rev: z.number().int().nonnegative(),
});
export type ConfigurationItem = z.infer<typeof ConfigurationItemSchema>;

/** A knowledge base article; `body` is markdown, always rendered sanitized. */
export const KnowledgeArticleSchema = z.object({
  id: IdSchema,
  number: z.string().nullable(),
  title: z.string().min(1).max(300),
  body: z.string().max(100_000),
  category: z.string().max(100),
  tags: z.array(z.string().max(50)),
  published: z.boolean(),
  authorId: IdSchema.nullable(),
  updatedAt: TimestampSchema,
  rev: z.number().int().nonnegative(),
});
export type KnowledgeArticle = z.infer<typeof KnowledgeArticleSchema>;

export const ChangeStatusSchema = z.enum(['draft', 'scheduled', 'implementing', 'completed', 'cancelled']);
export type ChangeStatus = z.infer<typeof ChangeStatusSchema>;

/** A change request with its maintenance window. */
export const ChangeRequestSchema = z.object({
  id: IdSchema,
  number: z.string().nullable(),
  title: z.string().min(1).max(300),
  description: z.string().max(20_000),
  status: ChangeStatusSchema,
  risk: z.enum(['low', 'medium', 'high']),
  windowStart: TimestampSchema,
  windowEnd: TimestampSchema,
  siteId: IdSchema.nullable(),
  ownerId: IdSchema.nullable(),
  rev: z.number().int().nonnegative(),
});
export type ChangeRequest = z.infer<typeof ChangeRequestSchema>;

export const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'must be a lowercase hex SHA-256');

/**
 * A file attached to a ticket (photo, signature, document). The record syncs like any
 * other; the bytes are a content-addressed file (sha256) kept by main on the desktop and
 * uploaded separately, in resumable chunks. `uploaded` is true once the server has them.
 */
export const AttachmentKindSchema = z.enum(['file', 'photo', 'signature']);
export const AttachmentSchema = z.object({
  id: IdSchema,
  ticketId: IdSchema,
  sha256: Sha256Schema,
  fileName: z.string().min(1).max(255),
  mimeType: z.string().max(255),
  size: z.number().int().nonnegative(),
  kind: AttachmentKindSchema,
  authorId: IdSchema,
  createdAt: TimestampSchema,
  uploaded: z.boolean(),
  rev: z.number().int().nonnegative(),
});
export type Attachment = z.infer<typeof AttachmentSchema>;

/** Every entity the sync protocol knows, with the schema of a whole record. */
export const entitySchemas = {
  site: SiteSchema,
  location: LocationSchema,
  group: GroupSchema,
  person: PersonSchema,
  ticket: TicketSchema,
  worklog: WorklogSchema,
  asset: AssetSchema,
  configuration_item: ConfigurationItemSchema,
  knowledge_article: KnowledgeArticleSchema,
  change: ChangeRequestSchema,
  attachment: AttachmentSchema,
} as const;

export const ENTITY_NAMES = [
  'site',
  'location',
  'group',
  'person',
  'ticket',
  'worklog',
  'asset',
  'configuration_item',
  'knowledge_article',
  'change',
  'attachment',
] as const;
export const EntityNameSchema = z.enum(ENTITY_NAMES);
export type EntityName = z.infer<typeof EntityNameSchema>;

export interface EntityRecordMap {
  site: Site;
  location: Location;
  group: Group;
  person: Person;
  ticket: Ticket;
  worklog: Worklog;
  asset: Asset;
  configuration_item: ConfigurationItem;
  knowledge_article: KnowledgeArticle;
  change: ChangeRequest;
  attachment: Attachment;
}
export type AnyRecord = EntityRecordMap[EntityName];
