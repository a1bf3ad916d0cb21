import { z } from 'zod';
import type { AnyRecord, EntityName } from '../domain/entities';
import { IdSchema, TimestampSchema } from '../domain/ids';
import { MAX_ATTACHMENT_BYTES } from '../entities/attachment';
import { ENTITIES, EntityNameSchema, entities, type EntityDeclaration } from '../entities/registry';

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

/** What every op carries besides its entity, kind and payload. */
interface OpBase {
  opId: string;
  seq: number;
  id: string;
  clientTime: string;
}
type Flat<T> = { [K in keyof T]: T[K] };

/** The ops an entity's declaration accepts (its `ops`: create, patch, delete), as types. */
type OpsOf<D> = D extends { name: infer N; ops: infer O }
  ?
      | (O extends { create: infer C extends z.ZodType } ? Flat<OpBase & { entity: N; kind: 'create'; data: z.output<C> }> : never)
      | (O extends { patch: { fields: infer F extends z.ZodType } } ? Flat<OpBase & { entity: N; kind: 'patch'; baseRev: number; fields: z.output<F> }> : never)
      | (O extends { delete: true } ? Flat<OpBase & { entity: N; kind: 'delete' }> : never)
  : never;

/**
 * One change made by a client: the union of the ops every declaration accepts
 * (common/entities/, `ops`). Worklogs and attachments are append-only (create); ticket links
 * are created and deleted; tickets, tasks and articles are created and patched; assets and
 * CIs change only through an inventory (asset_inventory create). Entities without ops (sites,
 * people, changes, ticket events, the ITSM configuration) are not changed by sync ops.
 */
export type Op = OpsOf<(typeof ENTITIES)[number]>;

/** The op schemas of one declaration: one per kind it accepts. */
function opSchemasOf(entity: EntityDeclaration): z.ZodObject[] {
  const { create, patch } = entity.ops;
  const of = (kind: string, payload: Record<string, z.ZodType>) => z.object({ ...opBase, entity: z.literal(entity.name), kind: z.literal(kind), ...payload }).strict();
  return [
    ...(create ? [of('create', { data: create })] : []),
    ...(patch ? [of('patch', { baseRev, fields: patch.fields })] : []),
    ...(entity.ops.delete ? [of('delete', {})] : []),
  ];
}

/** Validates an op: by entity, then by kind, each against its declaration's schemas. */
export const OpSchema = z.discriminatedUnion(
  'entity',
  ENTITIES.map((e) => opSchemasOf(e))
    .filter((schemas) => schemas.length > 0)
    .map((schemas) => z.discriminatedUnion('kind', schemas as [z.ZodObject, ...z.ZodObject[]])) as unknown as [z.ZodObject, ...z.ZodObject[]],
) as unknown as z.ZodType<Op>;

/** The op of one entity and kind: `OpOf<'ticket', 'patch'>`. */
export type OpOf<E extends Op['entity'], K extends Extract<Op, { entity: E }>['kind']> = Extract<Op, { entity: E; kind: K }>;
export type TicketCreateOp = OpOf<'ticket', 'create'>;
export type TicketPatchOp = OpOf<'ticket', 'patch'>;
export type WorklogCreateOp = OpOf<'worklog', 'create'>;
export type AttachmentCreateOp = OpOf<'attachment', 'create'>;
export type TaskCreateOp = OpOf<'task', 'create'>;
export type TaskPatchOp = OpOf<'task', 'patch'>;
export type TicketLinkCreateOp = OpOf<'ticket_link', 'create'>;
export type TicketLinkDeleteOp = OpOf<'ticket_link', 'delete'>;
export type ArticleCreateOp = OpOf<'knowledge_article', 'create'>;
export type ArticlePatchOp = OpOf<'knowledge_article', 'patch'>;
export type AssetInventoryCreateOp = OpOf<'asset_inventory', 'create'>;

// The op payload schemas, declared with their entities, under the names the layers use.
export const TicketCreateDataSchema = entities.ticket.ops.create;
export const TicketPatchFieldsSchema = entities.ticket.ops.patch.fields;
export const WorklogCreateDataSchema = entities.worklog.ops.create;
export const TaskCreateDataSchema = entities.task.ops.create;
export const TaskPatchFieldsSchema = entities.task.ops.patch.fields;
export const TicketLinkCreateDataSchema = entities.ticket_link.ops.create;
export const ArticleCreateDataSchema = entities.knowledge_article.ops.create;
export const ArticlePatchFieldsSchema = entities.knowledge_article.ops.patch.fields;
export const AttachmentCreateDataSchema = entities.attachment.ops.create;
export const AssetInventoryCreateDataSchema = entities.asset_inventory.ops.create;
export type TicketCreateData = TicketCreateOp['data'];
export type TicketPatchFields = TicketPatchOp['fields'];
export type WorklogCreateData = WorklogCreateOp['data'];
export type TaskCreateData = TaskCreateOp['data'];
export type TaskPatchFields = TaskPatchOp['fields'];
export type TicketLinkCreateData = TicketLinkCreateOp['data'];
export type ArticleCreateData = ArticleCreateOp['data'];
export type ArticlePatchFields = ArticlePatchOp['fields'];
export type AttachmentCreateData = AttachmentCreateOp['data'];
export type AssetInventoryCreateData = AssetInventoryCreateOp['data'];

export { MAX_ATTACHMENT_BYTES };
/** Attachments are uploaded in chunks of this size, so an interrupted upload resumes. */
export const ATTACHMENT_CHUNK_BYTES = 1024 * 1024;

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
