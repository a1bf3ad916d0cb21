/**
 * POST /api/sync/push: applies a client's batch of ops (common/sync/protocol.ts).
 *
 * - The body is read as text whatever its Content-Type and parsed here, so anything that
 *   is not JSON is answered 400 naming the problem; more than MAX_PUSH_OPS ops or more than
 *   MAX_PUSH_BYTES is answered 413 naming the limit. Nothing is stored on a 4xx.
 * - One write transaction per batch. A client's ops apply in `seq` order, each opId once:
 *   an op already seen (from an earlier, retried push) answers 'duplicate'. The answer for
 *   every op is stored in sync_ops (without record bodies), and results come back in the
 *   order sent.
 * - The batch reads and writes in bulk (sync/apply.ts PushBatch): a handful of statements
 *   per batch, not per op. After a batch that changed something, clients are poked.
 * - An op whose effect is already there (deleting a link that is gone) answers 'duplicate'
 *   with an 'applied' verdict the first time too; it is stored like an applied op.
 */
import type { FastifyInstance } from 'fastify';
import { sql, type Insertable, type Kysely } from 'kysely';
import { API } from '@fielddesk/common/api/http';
import {
  MAX_PUSH_BYTES,
  MAX_PUSH_OPS,
  PushRequestSchema,
  describeZodError,
  type OpResult,
  type OriginalVerdict,
  type PushRequest,
  type PushResponse,
} from '@fielddesk/common/sync/protocol';
import type { AppContext } from '../context';
import type { Database, SyncOpTable } from '../db/types';
import { ApiError } from '../errors';
import { requireAuth } from '../auth/guard';
import { PushBatch } from './apply';
import { bulkInsert } from './bulk';
import type { Viewer } from './scope';

export async function applyPush(ctx: AppContext, viewer: Viewer, request: PushRequest): Promise<PushResponse> {
  const { ops, clientId } = request;
  const order = ops.map((op, index) => ({ op, index })).sort((a, b) => a.op.seq - b.op.seq || a.index - b.index);
  const results: OpResult[] = new Array<OpResult>(ops.length);
  const maxSeq = Math.max(...ops.map((op) => op.seq));

  /** opId -> the verdict first given, for ops seen in an earlier push. */
  const seen = new Map<string, OriginalVerdict | undefined>();
  // Registering the client and finding the ops it already pushed need no writer lock, so on
  // PostgreSQL they run before it is taken (other writers wait for fewer round trips): the
  // upsert locks the client's sync_clients row until commit, which serializes the pushes of
  // one client, and only those write its sync_ops; so the lookup sees every earlier one.
  const beforeLock = async (db: Kysely<Database>) => {
    const nowIso = new Date(ctx.config.now()).toISOString();
    // One statement: register the client (sync_ops refer to it) and move last_seq up.
    await db
      .insertInto('sync_clients')
      .values({ client_id: clientId, person_id: viewer.id, last_seq: maxSeq, created_at: nowIso, last_seen_at: nowIso })
      .onConflict((oc) =>
        oc.column('client_id').doUpdateSet({
          person_id: viewer.id,
          last_seen_at: nowIso,
          last_seq: sql<number>`case when sync_clients.last_seq < excluded.last_seq then excluded.last_seq else sync_clients.last_seq end`,
        }),
      )
      .execute();
    for (const part of chunk([...new Set(ops.map((op) => op.opId))], 1000)) {
      const rows = await db.selectFrom('sync_ops').select(['op_id', 'result']).where('client_id', '=', clientId).where('op_id', 'in', part).execute();
      for (const row of rows) seen.set(row.op_id, originalVerdict(row.result));
    }
  };

  const changed = await ctx.store.write(async (tx) => {
    const nowIso = new Date(ctx.config.now()).toISOString();
    const batch = new PushBatch(tx, viewer, { storeKind: ctx.store.kind, clientId, nowIso, filesDir: ctx.config.files.dir });
    await batch.preload(ops.filter((op) => !seen.has(op.opId)));
    const answered: Insertable<SyncOpTable>[] = [];
    for (const { op, index } of order) {
      if (seen.has(op.opId)) {
        const original = seen.get(op.opId);
        results[index] = original ? { opId: op.opId, status: 'duplicate', original } : { opId: op.opId, status: 'duplicate' };
        continue;
      }
      const result = await batch.apply(op);
      // apply answers 'duplicate' only for an op whose effect is already there (deleting a
      // link that is gone): kept as the 'applied' verdict it carries, so a replay says so too.
      const verdict = result.status === 'duplicate' ? result.original : result;
      if (!verdict) throw new Error('PushBatch.apply answers duplicate only with an original verdict');
      answered.push({
        client_id: clientId,
        op_id: op.opId,
        seq: op.seq,
        person_id: viewer.id,
        status: verdict.status,
        result: JSON.stringify(result.status === 'duplicate' ? { opId: op.opId, ...verdict } : storedResult(result)),
        applied_at: nowIso,
      });
      seen.set(op.opId, originalVerdict(answered[answered.length - 1]?.result));
      results[index] = result;
    }
    await batch.flush();
    await bulkInsert(tx.db, ctx.store.kind, {
      table: 'sync_ops',
      columns: ['client_id', 'op_id', 'seq', 'person_id', 'status', 'result', 'applied_at'],
      rows: answered,
    });
    return batch.changed;
  }, beforeLock);
  if (changed) ctx.changes.notify();
  return { results };
}

/**
 * What sync_ops keeps of an answer: everything but the record bodies (those live in their
 * tables; a replay answers 'duplicate' anyway), so the table grows by ~100 bytes per op.
 */
export function storedResult(result: OpResult): Record<string, unknown> {
  if (result.status === 'applied') return { opId: result.opId, status: result.status, rev: result.rev, id: result.record.id };
  if (result.status === 'conflict') {
    return { opId: result.opId, status: result.status, fields: result.fields, rev: result.server.rev, id: result.server.id, ...(result.reason ? { reason: result.reason } : {}) };
  }
  return result;
}

/** The first verdict of an op, from what sync_ops keeps of its answer (see storedResult). */
export function originalVerdict(stored: unknown): OriginalVerdict | undefined {
  let r: Record<string, unknown>;
  try {
    r = (typeof stored === 'string' ? JSON.parse(stored) : stored) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (!r || typeof r !== 'object') return undefined;
  if (r.status === 'applied' && typeof r.rev === 'number') return { status: 'applied', rev: r.rev };
  if (r.status === 'rejected' && typeof r.reason === 'string') return { status: 'rejected', reason: r.reason };
  if (r.status === 'conflict' && Array.isArray(r.fields)) {
    const fields = r.fields.filter((f): f is string => typeof f === 'string');
    return typeof r.reason === 'string' ? { status: 'conflict', fields, reason: r.reason } : { status: 'conflict', fields };
  }
  return undefined;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Parses and checks a push body; throws ApiError 400/413 with a message naming the problem. */
export function parsePushBody(text: string | undefined, contentType: string | undefined): PushRequest {
  if (text === undefined || text.trim() === '') {
    throw new ApiError(400, 'invalid_json', 'The push body is empty: send a JSON object {clientId, ops}.');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const what = contentType ? ` (Content-Type: ${contentType})` : '';
    throw new ApiError(400, 'invalid_json', `The push body is not valid JSON${what}: ${(error as Error).message}`);
  }
  const opsValue = json && typeof json === 'object' ? (json as { ops?: unknown }).ops : undefined;
  if (Array.isArray(opsValue) && opsValue.length > MAX_PUSH_OPS) {
    throw new ApiError(
      413,
      'too_many_ops',
      `A push may carry at most ${MAX_PUSH_OPS} ops (MAX_PUSH_OPS); this one has ${opsValue.length}. Send them in smaller batches.`,
    );
  }
  const parsed = PushRequestSchema.safeParse(json);
  if (!parsed.success) throw new ApiError(400, 'invalid_push', `The push is malformed: ${describeZodError(parsed.error)}`);
  return parsed.data;
}

export function registerPushRoute(app: FastifyInstance, ctx: AppContext): void {
  // Encapsulated so the catch-all text body parser applies to this route only.
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: MAX_PUSH_BYTES }, (_request, body, done) => done(null, body));
    scope.post(API.push, { bodyLimit: MAX_PUSH_BYTES }, async (request) => {
      const auth = requireAuth(request);
      const push = parsePushBody(request.body as string | undefined, request.headers['content-type']);
      return applyPush(ctx, auth.user, push);
    });
  });
}
