/**
 * Read endpoints for integrations (a CMDB export, a reporting tool, a script): the records of
 * any synced entity the caller may see, exactly as pull scopes them (sync/scope.ts, from the
 * declarations), paged by id.
 *
 *   GET /api/records/<entity>?limit=100&after=<id>&sinceRev=<rev>
 *
 * `limit` 1..1000 (default 100); `after`: the `next` of the previous page; `sinceRev`: only
 * records written after that rev (what changed since an earlier export). Answers RecordsPage.
 * Every entity whose record is one row of its table is served (the declarations say which):
 * assets, CIs and their relationships, tickets, tasks, articles, changes, … and whatever is
 * declared next. People (their groups live apart), the ITSM configuration (its own endpoint)
 * and asset inventories (a whole software list each: a page of them could be hundreds of MB;
 * /api/assets/<id>/software and /api/inventory/software serve them) are not. An unknown entity
 * is 404 naming the known ones; a malformed query is 400.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { z } from 'zod';
import { recordsPath, type RecordsPage } from '@fielddesk/common/api/http';
import { ENTITIES, recordFromRow, type EntityDeclaration } from '@fielddesk/common/entities/registry';
import { dayOf } from '@fielddesk/common/entities/scope';
import { describeZodError } from '@fielddesk/common/sync/protocol';
import type { AppContext } from '../context';
import type { Database } from '../db/types';
import { ApiError } from '../errors';
import { requireAuth } from '../auth/guard';
import { scopeCondition } from '../sync/scope';

/** Entities with an endpoint of their own (see the module comment). */
const SERVED_ELSEWHERE = new Set(['itsm_config', 'asset_inventory']);

/** The entities served: those whose record is exactly the declared columns of one row. */
export const SERVED = new Map(
  (ENTITIES as readonly EntityDeclaration[]).filter((e) => e.derivedFields.length === 0 && !SERVED_ELSEWHERE.has(e.name)).map((e) => [e.name, e]),
);

const QuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    after: z.string().min(1).max(128).optional(),
    sinceRev: z.coerce.number().int().nonnegative().optional(),
  })
  .strict();

export function registerRecordRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { db } = ctx.store;
  app.get<{ Params: { entity: string } }>(recordsPath('__entity__').replace('__entity__', ':entity'), async (request, reply): Promise<RecordsPage> => {
    const auth = requireAuth(request);
    const entity = SERVED.get(request.params.entity);
    if (!entity) throw new ApiError(404, 'unknown_entity', `There is no entity "${request.params.entity}" to read. Known: ${[...SERVED.keys()].join(', ')}.`);
    const parsed = QuerySchema.safeParse(request.query);
    if (!parsed.success) throw new ApiError(400, 'invalid_query', `The query is malformed: ${describeZodError(parsed.error)}`);
    const { limit, after, sinceRev } = parsed.data;
    const visible = scopeCondition(entity, auth.user, dayOf(ctx.config.now()));
    const rows = await db
      .selectFrom(entity.table as keyof Database)
      .selectAll()
      .where((eb) => visible(eb as never))
      .$if(after !== undefined, (q) => q.where(sql.ref(`${entity.table}.id`), '>', after!))
      .$if(sinceRev !== undefined, (q) => q.where(sql.ref(`${entity.table}.rev`), '>', sinceRev!))
      .orderBy(sql.ref(`${entity.table}.id`))
      .limit(limit + 1)
      .execute();
    const page = rows.slice(0, limit) as Record<string, unknown>[];
    reply.header('cache-control', 'no-store');
    return {
      entity: entity.name,
      records: page.map((row) => recordFromRow(entity, row)),
      next: rows.length > limit ? String(page[page.length - 1]!.id) : null,
    };
  });
}
