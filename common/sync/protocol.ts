import { z } from 'zod';
import { IdSchema, TimestampSchema } from '../domain/ids';
import { EntityNameSchema } from '../entities/registry';
import {
  AttachmentKindSchema,
  ImpactSchema,
  LinkTargetSchema,
  PrioritySchema,
  Sha256Schema,
  TaskStatusSchema,
  TicketKindSchema,
  WorklogVisibilitySchema,
  AssetStatusSchema,
  type AnyRecord,
  type EntityName,
} from '../domain/entities';
import { TicketStatusSchema } from '../itsm/lifecycle';
import { InventorySummarySchema } from '../inventory/summary';

/**
 * The sync protocol (DESIGN.md): clients push ops with opIds and pull changes by cursor.
 * These schemas are the single definition used by the client outbox, the transports
 * and the server's push handler.
 */

/** Most ops one push may carry; a larger batch is answered 413 naming this limit. */
export const MAX_PUSH_OPS = 1000;
/** Largest push body in bytes; a larger one is answered 413 naming this limit. */
export const MAX_PUSH_BYTES = 5 * 1024 * 1024;
export const DEFAULT_PULL_LIMIT = 1000;
export const MAX_PULL_LIMIT = 5000;

const opBase = {
  /** Unique per op, made by the client; the server applies each opId once. */
  opId: IdSchema,
  /** Per-client sequence: the server applies one client's ops in this order. */
  seq: z.number().int().positive(),
  /** The record the op targets. */
  id: IdSchema,
  /** When the technician made the change, by their clock. */
  clientTime: TimestampSchema,
};
const baseRev = z.number().int().nonnegative();

/**
 * Fields a client may set when it creates a ticket; the server fills in the rest. Without
 * `priority`, the priority is the matrix's for impact and urgency (common/itsm/config.ts);
 * with it, the client's choice stands (an override).
 */
export const TicketCreateDataSchema = z
  .object({
    kind: TicketKindSchema,
    title: z.string().trim().min(1, 'a title is required').max(300),
    description: z.string().max(20_000).default(''),
    priority: PrioritySchema.optional(),
    impact: ImpactSchema.default(2),
    urgency: ImpactSchema.default(2),
    category: z.string().max(100).default(''),
    subcategory: z.string().max(100).default(''),
    requesterId: IdSchema.nullable().default(null),
    assigneeId: IdSchema.nullable().default(null),
    groupId: IdSchema.nullable().default(null),
    siteId: IdSchema.nullable().default(null),
    locationId: IdSchema.nullable().default(null),
    /** Service requests only. */
    catalogItemId: z.string().max(64).nullable().default(null),
    /** Incidents only: the problem it is linked to. */
    problemId: IdSchema.nullable().default(null),
    /** Problems only. */
    rootCause: z.string().max(20_000).nullable().default(null),
    workaround: z.string().max(20_000).nullable().default(null),
    knownError: z.boolean().default(false),
  })
  .strict();
export type TicketCreateData = z.infer<typeof TicketCreateDataSchema>;

/** Fields a client may change on a ticket. */
export const TicketPatchFieldsSchema = z
  .object({
    title: z.string().trim().min(1).max(300),
    description: z.string().max(20_000),
    status: TicketStatusSchema,
    priority: PrioritySchema,
    impact: ImpactSchema,
    urgency: ImpactSchema,
    category: z.string().max(100),
    subcategory: z.string().max(100),
    requesterId: IdSchema.nullable(),
    assigneeId: IdSchema.nullable(),
    groupId: IdSchema.nullable(),
    locationId: IdSchema.nullable(),
    onHoldReason: z.string().max(500).nullable(),
    resolutionCode: z.string().max(100).nullable(),
    resolutionNotes: z.string().max(20_000).nullable(),
    problemId: IdSchema.nullable(),
    rootCause: z.string().max(20_000).nullable(),
    workaround: z.string().max(20_000).nullable(),
    knownError: z.boolean(),
  })
  .partial()
  .strict()
  .refine((f) => Object.keys(f).length > 0, 'a patch must change at least one field');
export type TicketPatchFields = z.infer<typeof TicketPatchFieldsSchema>;

export const WorklogCreateDataSchema = z
  .object({
    ticketId: IdSchema,
    body: z.string().trim().min(1, 'a worklog needs text').max(20_000),
    minutes: z.number().int().min(0).max(24 * 60),
    visibility: WorklogVisibilitySchema.default('internal'),
  })
  .strict();
export type WorklogCreateData = z.infer<typeof WorklogCreateDataSchema>;

/** A new task; standalone when ticketId is null. The server checks the due date against the op's time. */
export const TaskCreateDataSchema = z
  .object({
    ticketId: IdSchema.nullable().default(null),
    title: z.string().trim().min(1, 'a task needs a title').max(300),
    description: z.string().max(20_000).default(''),
    assigneeId: IdSchema.nullable().default(null),
    groupId: IdSchema.nullable().default(null),
    siteId: IdSchema.nullable().default(null),
    dueAt: TimestampSchema.nullable().default(null),
  })
  .strict();
export type TaskCreateData = z.infer<typeof TaskCreateDataSchema>;

export const TaskPatchFieldsSchema = z
  .object({
    title: z.string().trim().min(1).max(300),
    description: z.string().max(20_000),
    status: TaskStatusSchema,
    assigneeId: IdSchema.nullable(),
    groupId: IdSchema.nullable(),
    dueAt: TimestampSchema.nullable(),
  })
  .partial()
  .strict()
  .refine((f) => Object.keys(f).length > 0, 'a patch must change at least one field');
export type TaskPatchFields = z.infer<typeof TaskPatchFieldsSchema>;

/** Links a ticket to an asset, a configuration item or a knowledge article (unlinking deletes it). */
export const TicketLinkCreateDataSchema = z
  .object({ ticketId: IdSchema, targetEntity: LinkTargetSchema, targetId: IdSchema })
  .strict();
export type TicketLinkCreateData = z.infer<typeof TicketLinkCreateDataSchema>;

const TagsSchema = z.array(z.string().trim().min(1).max(50)).max(20);

/** A knowledge article; `sourceTicketId` when written from a ticket's resolution. */
export const ArticleCreateDataSchema = z
  .object({
    title: z.string().trim().min(1, 'an article needs a title').max(300),
    body: z.string().trim().min(1, 'an article needs a body').max(100_000),
    category: z.string().max(100).default(''),
    tags: TagsSchema.default([]),
    published: z.boolean().default(false),
    sourceTicketId: IdSchema.nullable().default(null),
  })
  .strict();
export type ArticleCreateData = z.infer<typeof ArticleCreateDataSchema>;

export const ArticlePatchFieldsSchema = z
  .object({
    title: z.string().trim().min(1).max(300),
    body: z.string().trim().min(1).max(100_000),
    category: z.string().max(100),
    tags: TagsSchema,
    published: z.boolean(),
  })
  .partial()
  .strict()
  .refine((f) => Object.keys(f).length > 0, 'a patch must change at least one field');
export type ArticlePatchFields = z.infer<typeof ArticlePatchFieldsSchema>;

/** Largest attachment the server accepts, in bytes. */
export const MAX_ATTACHMENT_BYTES = 100 * 1024 * 1024;
/** Attachments are uploaded in chunks of this size, so an interrupted upload resumes. */
export const ATTACHMENT_CHUNK_BYTES = 1024 * 1024;

/** The record of an attachment; its bytes travel separately (see api/http.ts, attachments). */
export const AttachmentCreateDataSchema = z
  .object({
    ticketId: IdSchema,
    sha256: Sha256Schema,
    fileName: z.string().trim().min(1, 'a file name is required').max(255),
    mimeType: z.string().max(255),
    size: z.number().int().nonnegative().max(MAX_ATTACHMENT_BYTES, `an attachment may be at most ${MAX_ATTACHMENT_BYTES} bytes`),
    kind: AttachmentKindSchema,
  })
  .strict();
export type AttachmentCreateData = z.infer<typeof AttachmentCreateDataSchema>;

const TicketCreateOpSchema = z
  .object({ ...opBase, entity: z.literal('ticket'), kind: z.literal('create'), data: TicketCreateDataSchema })
  .strict();
const TicketPatchOpSchema = z
  .object({ ...opBase, entity: z.literal('ticket'), kind: z.literal('patch'), baseRev, fields: TicketPatchFieldsSchema })
  .strict();
const WorklogCreateOpSchema = z
  .object({ ...opBase, entity: z.literal('worklog'), kind: z.literal('create'), data: WorklogCreateDataSchema })
  .strict();

const AttachmentCreateOpSchema = z
  .object({ ...opBase, entity: z.literal('attachment'), kind: z.literal('create'), data: AttachmentCreateDataSchema })
  .strict();
const TaskCreateOpSchema = z.object({ ...opBase, entity: z.literal('task'), kind: z.literal('create'), data: TaskCreateDataSchema }).strict();
const TaskPatchOpSchema = z.object({ ...opBase, entity: z.literal('task'), kind: z.literal('patch'), baseRev, fields: TaskPatchFieldsSchema }).strict();
const TicketLinkCreateOpSchema = z
  .object({ ...opBase, entity: z.literal('ticket_link'), kind: z.literal('create'), data: TicketLinkCreateDataSchema })
  .strict();
/** Unlinking: deleting a link that is already gone is no error (the result is the same). */
const TicketLinkDeleteOpSchema = z.object({ ...opBase, entity: z.literal('ticket_link'), kind: z.literal('delete') }).strict();
const ArticleCreateOpSchema = z
  .object({ ...opBase, entity: z.literal('knowledge_article'), kind: z.literal('create'), data: ArticleCreateDataSchema })
  .strict();
const ArticlePatchOpSchema = z
  .object({ ...opBase, entity: z.literal('knowledge_article'), kind: z.literal('patch'), baseRev, fields: ArticlePatchFieldsSchema })
  .strict();

/**
 * Registers or updates an asset (and its configuration item) from an inventory of the device,
 * made offline on the "This device" screen. The op's `id` is the asset's: an asset the
 * replica matched, or a new id for a new one. The server matches again with the same rules
 * (common/inventory/matching.ts); when it knows the device under another asset (an agent
 * reported it meanwhile), it updates that one and answers with it (the answer's record id then
 * differs from the op's id, and the client drops its provisional copy). `asset` is used only
 * when the asset is created: its tag is numbered by the server when null.
 */
export const AssetInventoryCreateDataSchema = z
  .object({
    configurationItemId: IdSchema,
    asset: z
      .object({
        name: z.string().trim().min(1, 'an asset needs a name').max(200),
        tag: z.string().trim().min(1).max(64).nullable(),
        type: z.string().trim().min(1).max(64),
        status: AssetStatusSchema,
        siteId: IdSchema.nullable(),
        locationId: IdSchema.nullable(),
      })
      .strict(),
    deviceId: z.string().max(255).nullable(),
    scannedAt: TimestampSchema,
    summary: InventorySummarySchema,
  })
  .strict();
export type AssetInventoryCreateData = z.infer<typeof AssetInventoryCreateDataSchema>;
const AssetInventoryCreateOpSchema = z
  .object({ ...opBase, entity: z.literal('asset_inventory'), kind: z.literal('create'), data: AssetInventoryCreateDataSchema })
  .strict();

/**
 * One change made by a client. Worklogs and attachments are append-only: create is their
 * only op; ticket links are created and deleted. Assets and CIs change only through an
 * inventory (asset_inventory create). Sites, people, changes, ticket events and the ITSM
 * configuration are not changed by sync ops.
 */
export const OpSchema = z.discriminatedUnion('entity', [
  z.discriminatedUnion('kind', [TicketCreateOpSchema, TicketPatchOpSchema]),
  z.discriminatedUnion('kind', [WorklogCreateOpSchema]),
  z.discriminatedUnion('kind', [AttachmentCreateOpSchema]),
  z.discriminatedUnion('kind', [TaskCreateOpSchema, TaskPatchOpSchema]),
  z.discriminatedUnion('kind', [TicketLinkCreateOpSchema, TicketLinkDeleteOpSchema]),
  z.discriminatedUnion('kind', [ArticleCreateOpSchema, ArticlePatchOpSchema]),
  z.discriminatedUnion('kind', [AssetInventoryCreateOpSchema]),
]);
export type Op = z.infer<typeof OpSchema>;
export type TicketCreateOp = z.infer<typeof TicketCreateOpSchema>;
export type TicketPatchOp = z.infer<typeof TicketPatchOpSchema>;
export type WorklogCreateOp = z.infer<typeof WorklogCreateOpSchema>;
export type AttachmentCreateOp = z.infer<typeof AttachmentCreateOpSchema>;
export type TaskCreateOp = z.infer<typeof TaskCreateOpSchema>;
export type TaskPatchOp = z.infer<typeof TaskPatchOpSchema>;
export type TicketLinkCreateOp = z.infer<typeof TicketLinkCreateOpSchema>;
export type TicketLinkDeleteOp = z.infer<typeof TicketLinkDeleteOpSchema>;
export type ArticleCreateOp = z.infer<typeof ArticleCreateOpSchema>;
export type ArticlePatchOp = z.infer<typeof ArticlePatchOpSchema>;
export type AssetInventoryCreateOp = z.infer<typeof AssetInventoryCreateOpSchema>;
/** An op as the client builds it, before the outbox gives it a sequence number. */
export type OpInput = Op extends infer O ? (O extends Op ? Omit<O, 'seq'> : never) : never;

export const PushRequestSchema = z
  .object({
    clientId: IdSchema,
    ops: z.array(OpSchema).min(1, 'a push needs at least one op'),
  })
  .strict();
export type PushRequest = z.infer<typeof PushRequestSchema>;

/** The server's answer for one op, in the order the ops were sent. */
/**
 * What the server first answered for an op it has seen before. A client whose answer was
 * lost learns the verdict from the replay, so a refusal or a conflict is never lost.
 */
export type OriginalVerdict =
  | { status: 'applied'; rev: number }
  | { status: 'conflict'; fields: string[]; reason?: string }
  | { status: 'rejected'; reason: string };

export type OpResult =
  | { opId: string; status: 'applied'; rev: number; record: AnyRecord }
  | { opId: string; status: 'duplicate'; original?: OriginalVerdict }
  /** `reason` says in words why a clashing status could not apply (the lifecycle refused it). */
  | { opId: string; status: 'conflict'; fields: string[]; server: AnyRecord; reason?: string }
  | { opId: string; status: 'rejected'; reason: string };
export interface PushResponse {
  results: OpResult[];
}

/**
 * A pull cursor: the server's change sequence number, optionally followed by ".<scope
 * version>" (the version of the user's visibility scope the replica was built for), as
 * the server hands it out. "0" asks for everything.
 */
export const CursorSchema = z
  .string()
  .regex(/^(0|[1-9][0-9]{0,15})(\.(0|[1-9][0-9]{0,9}))?$/, 'cursor must be a value returned by a previous pull');

export function parseCursor(cursor: string): { rev: number; scopeVersion: number | null } {
  const [rev, scope] = cursor.split('.');
  return { rev: Number(rev), scopeVersion: scope === undefined ? null : Number(scope) };
}
export function formatCursor(rev: number, scopeVersion: number): string {
  return `${rev}.${scopeVersion}`;
}

export const PullQuerySchema = z
  .object({
    cursor: CursorSchema.default('0'),
    limit: z.coerce.number().int().min(1).max(MAX_PULL_LIMIT).default(DEFAULT_PULL_LIMIT),
  })
  .strict();
export type PullQuery = z.infer<typeof PullQuerySchema>;

export type Change =
  | { entity: EntityName; id: string; rev: number; op: 'put'; data: AnyRecord }
  | { entity: EntityName; id: string; rev: number; op: 'delete' };

export interface PullResponse {
  changes: Change[];
  /** Pass this back as `cursor` on the next pull. */
  cursor: string;
  /** True when more changes wait beyond this page: pull again at once. */
  hasMore: boolean;
  /**
   * True when the user's scope changed since the cursor was given (e.g. they joined a
   * group): the client drops every pulled record it holds, keeps its pending ops, and
   * applies this page as the start of a fresh download from cursor "0".
   */
  reset?: boolean;
  /** About how many changes are left after this page: for progress bars, not exact. */
  remaining: number;
}

export { EntityNameSchema };

/** Turns a zod error into one line per problem, naming the path: "ops[2].fields.status: …". */
export function describeZodError(error: z.ZodError, root = ''): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.reduce<string>(
        (acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)),
        root,
      );
      return `${path || '(body)'}: ${issue.message}`;
    })
    .join('; ');
}
