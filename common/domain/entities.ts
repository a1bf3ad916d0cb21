import { z } from 'zod';
import { IdSchema, TimestampSchema } from './ids';
import { InventorySummarySchema } from '../inventory/summary';
import { TicketStatusSchema } from '../itsm/lifecycle';
import { LevelSchema, PrioritySchema } from '../itsm/config';
import { AssetStateSchema, SubstateKeySchema } from '../assets/lifecycle';
import { CheckoutTargetSchema } from '../assets/checkout';
import { IsoDateSchema } from '../assets/dates';

export { PrioritySchema };
export type { Priority } from '../itsm/config';

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

export const TicketKindSchema = z.enum(['incident', 'service_request', 'problem']);
export type TicketKind = z.infer<typeof TicketKindSchema>;
export const TICKET_KIND_LABELS: Record<TicketKind, string> = {
  incident: 'Incident',
  service_request: 'Service request',
  problem: 'Problem',
};

/** 1 = high, 2 = medium, 3 = low: the two axes of the priority matrix (common/itsm/config.ts). */
export const ImpactSchema = LevelSchema;
export type Impact = z.infer<typeof ImpactSchema>;

/** A stretch of time a ticket spent on hold: its SLA clocks do not run then. `to` null: still on hold. */
export const HoldPeriodSchema = z.object({ from: TimestampSchema, to: TimestampSchema.nullable() }).strict();
export type HoldPeriod = z.infer<typeof HoldPeriodSchema>;


/**
 * Incidents, service requests and problems share one record and one lifecycle
 * (common/itsm/lifecycle.ts); the kind-specific fields are null (or false) on other kinds.
 */
export const TicketSchema = z.object({
  id: IdSchema,
  /** Human number given by the server (INC-1042, REQ-0007, PRB-0003); null until the server has it. */
  number: z.string().nullable(),
  kind: TicketKindSchema,
  title: z.string().min(1).max(300),
  description: z.string().max(20_000),
  status: TicketStatusSchema,
  /** From the impact x urgency matrix when either changes; may also be set directly (an override). */
  priority: PrioritySchema,
  impact: ImpactSchema,
  urgency: ImpactSchema,
  category: z.string().max(100),
  subcategory: z.string().max(100),
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
  /** When the ticket first left "new": stops the SLA response clock. */
  respondedAt: TimestampSchema.nullable(),
  /** Every stretch on hold, oldest first: the SLA clocks pause during them. */
  slaHolds: z.array(HoldPeriodSchema),
  /** Service requests: the catalog item asked for (common/itsm/config.ts CatalogItem id). */
  catalogItemId: z.string().max(64).nullable(),
  /** Incidents: the problem this incident is linked to. */
  problemId: IdSchema.nullable(),
  /** Problems: the root cause once known. */
  rootCause: z.string().max(20_000).nullable(),
  /** Problems: what to do until the root cause is fixed; shown on every linked incident. */
  workaround: z.string().max(20_000).nullable(),
  /** Problems: true once the problem is a known error (root cause and workaround documented). */
  knownError: z.boolean(),
  rev: z.number().int().nonnegative(),
});
export type Ticket = z.infer<typeof TicketSchema>;

export const TaskStatusSchema = z.enum(['open', 'in_progress', 'done', 'cancelled']);
export type TaskStatus = z.infer<typeof TaskStatusSchema>;

/**
 * A piece of work: a fulfilment task of a service request, a step of any ticket, or a
 * standalone task (ticketId null). Visible like a ticket (its group or site) and always to
 * its assignee.
 */
export const TaskSchema = z.object({
  id: IdSchema,
  /** TASK-0042 from the server; null until then. */
  number: z.string().nullable(),
  ticketId: IdSchema.nullable(),
  title: z.string().min(1).max(300),
  description: z.string().max(20_000),
  status: TaskStatusSchema,
  assigneeId: IdSchema.nullable(),
  groupId: IdSchema.nullable(),
  siteId: IdSchema.nullable(),
  dueAt: TimestampSchema.nullable(),
  createdById: IdSchema,
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
  completedAt: TimestampSchema.nullable(),
  rev: z.number().int().nonnegative(),
});
export type Task = z.infer<typeof TaskSchema>;

/** What a ticket may be linked to (a problem link is the incident's `problemId`). */
export const LinkTargetSchema = z.enum(['asset', 'configuration_item', 'knowledge_article']);
export type LinkTarget = z.infer<typeof LinkTargetSchema>;

/** A link from a ticket to an asset, a configuration item or a knowledge article. Created and deleted, never edited. */
export const TicketLinkSchema = z.object({
  id: IdSchema,
  ticketId: IdSchema,
  targetEntity: LinkTargetSchema,
  targetId: IdSchema,
  authorId: IdSchema,
  createdAt: TimestampSchema,
  rev: z.number().int().nonnegative(),
});
export type TicketLink = z.infer<typeof TicketLinkSchema>;

export const TicketEventTypeSchema = z.enum(['created', 'status', 'assignee', 'group', 'priority', 'problem', 'reopened']);
export type TicketEventType = z.infer<typeof TicketEventTypeSchema>;

/**
 * One line of a ticket's history, written by the server when it applies a change (never by
 * clients): the timeline's state changes and assignments. `at` is when the technician made
 * the change (their clock, never later than the server's); `recordedAt` is when the server
 * received it, so "made offline, synced later" shows.
 */
export const TicketEventSchema = z.object({
  id: IdSchema,
  ticketId: IdSchema,
  type: TicketEventTypeSchema,
  from: z.string().nullable(),
  to: z.string().nullable(),
  actorId: IdSchema,
  at: TimestampSchema,
  recordedAt: TimestampSchema,
  rev: z.number().int().nonnegative(),
});
export type TicketEvent = z.infer<typeof TicketEventSchema>;

/** internal: a work note the requester never sees; public: a reply to the requester. */
export const WorklogVisibilitySchema = z.enum(['internal', 'public']);
export type WorklogVisibility = z.infer<typeof WorklogVisibilitySchema>;

/** Time spent and what was done, or a reply; append-only, never edited by sync. */
export const WorklogSchema = z.object({
  id: IdSchema,
  ticketId: IdSchema,
  authorId: IdSchema,
  body: z.string().min(1).max(20_000),
  minutes: z.number().int().min(0).max(24 * 60),
  visibility: WorklogVisibilitySchema,
  createdAt: TimestampSchema,
  rev: z.number().int().nonnegative(),
});
export type Worklog = z.infer<typeof WorklogSchema>;

/**
 * The five statuses assets had before the lifecycle (common/assets/lifecycle.ts). No record
 * carries them any more; an inventory op queued by an older app may, and is still accepted
 * (mapped by OLD_STATUS_TO_STATE), so no outbox is blocked by the change.
 */
export const AssetStatusSchema = z.enum(['in_stock', 'deployed', 'in_repair', 'retired', 'missing']);
export type AssetStatus = z.infer<typeof AssetStatusSchema>;

/** What an individual asset is: IT hardware, or a non-IT asset (furniture, a vehicle, a tool). Licences and consumables are counted, not tagged one by one, and have records of their own. */
export const AssetKindSchema = z.enum(['hardware', 'non_it']);
export type AssetKind = z.infer<typeof AssetKindSchema>;

const Cents = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const AssetSchema = z.object({
  id: IdSchema,
  tag: z.string().min(1).max(64),
  serial: z.string().max(128).nullable(),
  name: z.string().min(1).max(200),
  kind: AssetKindSchema,
  /** The asset model it is one of (common/entities/asset-model.ts), or null when none was chosen. */
  modelId: IdSchema.nullable(),
  /** The model and manufacturer as an inventory reported them (free text). */
  model: z.string().max(200).nullable(),
  manufacturer: z.string().max(200).nullable(),
  type: z.string().max(64),
  /** Where it is in its lifecycle (common/assets/lifecycle.ts): changed only by asset actions, never by a patch. */
  state: AssetStateSchema,
  substate: SubstateKeySchema.nullable(),
  siteId: IdSchema.nullable(),
  locationId: IdSchema.nullable(),
  /** Who or what has it: the target of its open check-out, null when it is not checked out. */
  checkedOutTo: CheckoutTargetSchema.nullable(),
  /** The person who has it: `checkedOutTo`'s id when that is a person, else null (kept for look-ups by person). */
  assignedToId: IdSchema.nullable(),
  /** The hardware UUID (SMBIOS), as inventoried; null when unknown or junk. */
  uuid: z.string().max(128).nullable(),
  /** The MACs that identify the device (physical cards), as inventoried. */
  macs: z.array(z.string().max(64)).max(256),
  /** When the last inventory of this asset was recorded, or null if it never was. */
  inventoriedAt: TimestampSchema.nullable(),
  /** Money: the vendor (common/entities/vendor.ts), purchase date and cost in cents, the warranty's last covered day. */
  vendorId: IdSchema.nullable(),
  purchasedOn: IsoDateSchema.nullable(),
  costCents: Cents.nullable(),
  warrantyEndsOn: IsoDateSchema.nullable(),
  /** The purchase order line it was received from, or null. */
  orderLineId: IdSchema.nullable(),
  notes: z.string().max(20_000),
  /**
   * The day of the last closed audit that saw it (common/audits/), set by the server when an
   * audit closes; null: never audited. Optional in the type only so that code making a new
   * asset need not name it: the server always sends it.
   */
  lastAuditedOn: IsoDateSchema.nullable().optional(),
  rev: z.number().int().nonnegative(),
});
export type Asset = z.infer<typeof AssetSchema>;

export const InventorySourceSchema = z.enum(['fielddesk', 'glpi_agent', 'fusioninventory', 'ocsinventory']);
export type InventorySource = z.infer<typeof InventorySourceSchema>;

/**
 * The inventory last recorded for an asset (one record per asset; its id is the asset's id):
 * what the "This device" screen compares a fresh scan against. Every inventory ever
 * received is kept on the server; this is the latest one's summary.
 */
export const AssetInventorySchema = z.object({
  id: IdSchema,
  assetId: IdSchema,
  configurationItemId: IdSchema.nullable(),
  source: InventorySourceSchema,
  deviceId: z.string().max(255).nullable(),
  /** When the device was scanned (the agent's or the app's clock). */
  scannedAt: TimestampSchema,
  /** When the server recorded it. */
  receivedAt: TimestampSchema,
  summary: InventorySummarySchema,
  rev: z.number().int().nonnegative(),
});
export type AssetInventory = z.infer<typeof AssetInventorySchema>;

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
  /** The ticket whose resolution this article was written from (knowledge-centred support). */
  sourceTicketId: IdSchema.nullable(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
  rev: z.number().int().nonnegative(),
});
export type KnowledgeArticle = z.infer<typeof KnowledgeArticleSchema>;

// Change requests: common/changes/records.ts (issue 15).

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

// The entity names, the schema and record type of each entity are derived from the entity
// declarations (common/entities/): import them from there. Re-exported here as types only.
export type { AnyRecord, EntityName, EntityRecordMap } from '../entities/registry';
