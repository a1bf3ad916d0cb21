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
 * - No op can block a client's outbox: an op holding text the server cannot store (a NUL,
 *   a lone surrogate: http/text.ts) is answered 'rejected' naming the field, and an op the
 *   server fails on unexpectedly is answered 'rejected' with OP_FAILED (logged) while the
 *   batch's other ops are written (applyPush: bulk first, op by op in savepoints only when
 *   the bulk attempt fails). Only a transient failure (the database away) fails the push.
 */
import type { FastifyInstance } from 'fastify';
import { sql, type Insertable, type Kysely } from 'kysely';
import { API } from '@fielddesk/common/api/http';
import {
  MAX_PUSH_BYTES,
  MAX_PUSH_OPS,
  PushRequestSchema,
  describeZodError,
  type Op,
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
import { findUnstorableText } from '../http/text';
import type { Viewer } from './scope';

/** Where a push logs an op it failed on (a request's logger; tests may leave it out). */
export interface PushLog {
  error(details: object, message: string): void;
  warn(details: object, message: string): void;
}

/** The answer to an op the server failed on: the error is logged, never sent. */
export const OP_FAILED =
  'The server could not apply this change because of an unexpected error, which it logged. The change was not saved; tell your administrator if it keeps happening.';

/**
 * Whether a failure says nothing about the op itself: the database went away, ran out of
 * room, was shut down or asked for a retry (PostgreSQL error classes 08, 40, 53, 57, 58;
 * SQLite BUSY, LOCKED, FULL, IOERR, NOMEM, CANTOPEN; network errors). The whole push then
 * fails (5xx) and the client sends it again later, rather than losing a good op. Every
 * other failure (bad data the database refuses, a bug) is deterministic: it would fail on
 * every retry, so it is answered for its op alone.
 */
export function isTransientFailure(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = String((e as { code?: unknown }).code ?? '');
    if (/^(08|40|53|57|58)[0-9A-Z]{3}$/.test(code)) return true;
    if (/^SQLITE_(BUSY|LOCKED|FULL|IOERR|NOMEM|CANTOPEN|INTERRUPT)/.test(code)) return true;
    if (/^(ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND)$/.test(code)) return true;
    if (e instanceof Error && /Connection terminated|connection timeout|Client has encountered a connection error/i.test(e.message)) return true;
  }
  return false;
}

/**
 * An op the server refuses before applying it: text it cannot store (http/text.ts). An
 * inventory (asset_inventory) is machine-written and cleaned instead, like an agent's.
 */
function refusedText(op: Op): OpResult | null {
  if (op.entity === 'asset_inventory') return null;
  const found = findUnstorableText(op);
  if (!found) return null;
  return { opId: op.opId, status: 'rejected', reason: `The field ${found.path} contains ${found.problem}, which the server cannot store. Remove it and make the change again.` };
}

/**
 * Applies a client's batch in one transaction. The fast path applies it as one bulk
 * PushBatch. When that fails for a reason that is not transient (isTransientFailure), the
 * transaction is rolled back and the batch is applied again op by op, each op in its own
 * savepoint with its own PushBatch (written at once, so the next op reads it back): an op
 * that fails again is rolled back to its savepoint, logged, and answered 'rejected' with
 * OP_FAILED, while the others are written in the batch's transaction as usual. So one bad
 * op never blocks a client's outbox, and a good batch costs what it always did.
 */
export async function applyPush(ctx: AppContext, viewer: Viewer, request: PushRequest, log?: PushLog): Promise<PushResponse> {
  const { ops, clientId } = request;
  const order = ops.map((op, index) => ({ op, index })).sort((a, b) => a.op.seq - b.op.seq || a.index - b.index);
  const maxSeq = Math.max(...ops.map((op) => op.seq));
  const refused = new Map(ops.flatMap((op) => {
    const result = refusedText(op);
    return result ? [[op, result] as const] : [];
  }));

  /** opId -> the verdict first given, for ops seen in an earlier push (or earlier in this one). */
  const seen = new Map<string, OriginalVerdict | undefined>();
  // Registering the client and finding the ops it already pushed need no writer lock, so on
  // PostgreSQL they run before it is taken (other writers wait for fewer round trips): the
  // upsert locks the client's sync_clients row until commit, which serializes the pushes of
  // one client, and only those write its sync_ops; so the lookup sees every earlier one.
  const beforeLock = async (db: Kysely<Database>) => {
    seen.clear();
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

  const attempt = (opByOp: boolean) =>
    ctx.store.write(async (tx) => {
      const nowIso = new Date(ctx.config.now()).toISOString();
      const info = { storeKind: ctx.store.kind, clientId, nowIso, filesDir: ctx.config.files.dir };
      const results: OpResult[] = new Array<OpResult>(ops.length);
      let changed = false;
      const batch = opByOp ? null : new PushBatch(tx, viewer, info);
      await batch?.preload(ops.filter((op) => !seen.has(op.opId) && !refused.has(op)));

      /** One op alone, in a savepoint: written at once, or rolled back and answered OP_FAILED. */
      const applyAlone = async (op: Op): Promise<OpResult> => {
        await sql`savepoint fielddesk_op`.execute(tx.db);
        try {
          const one = new PushBatch(tx, viewer, info);
          await one.preload([op]);
          const result = await one.apply(op);
          await one.flush();
          await sql`release savepoint fielddesk_op`.execute(tx.db);
          changed ||= one.changed;
          return result;
        } catch (error) {
          await sql`rollback to savepoint fielddesk_op`.execute(tx.db);
          await sql`release savepoint fielddesk_op`.execute(tx.db);
          if (isTransientFailure(error)) throw error;
          log?.error({ err: error, clientId, opId: op.opId, entity: op.entity, kind: op.kind }, 'push: an op failed and was answered rejected');
          return { opId: op.opId, status: 'rejected', reason: OP_FAILED };
        }
      };

      const answered: Insertable<SyncOpTable>[] = [];
      for (const { op, index } of order) {
        if (seen.has(op.opId)) {
          const original = seen.get(op.opId);
          results[index] = original ? { opId: op.opId, status: 'duplicate', original } : { opId: op.opId, status: 'duplicate' };
          continue;
        }
        const result = refused.get(op) ?? (batch ? await batch.apply(op) : await applyAlone(op));
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
      if (batch) {
        await batch.flush();
        changed = batch.changed;
      }
      await bulkInsert(tx.db, ctx.store.kind, {
        table: 'sync_ops',
        columns: ['client_id', 'op_id', 'seq', 'person_id', 'status', 'result', 'applied_at'],
        rows: answered,
      });
      return { results, changed };
    }, beforeLock);

  let outcome: { results: OpResult[]; changed: boolean };
  try {
    outcome = await attempt(false);
  } catch (error) {
    if (isTransientFailure(error)) throw error;
    log?.warn({ err: error, clientId, ops: ops.length }, 'push: the batch failed as a whole; applying it again op by op');
    outcome = await attempt(true);
  }
  if (outcome.changed) ctx.changes.notify();
  return { results: outcome.results };
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
      return applyPush(ctx, auth.user, push, request.log);
    });
  });
}
