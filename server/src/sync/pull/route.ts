/**
 * GET /api/sync/pull?cursor=&limit=: the changes after `cursor` that the user may see,
 * ordered by rev, about `limit` per page (common/sync/protocol.ts PullResponse). The cursor
 * is cursor.ts's, the page paging.ts's.
 */
import type { FastifyInstance } from 'fastify';
import { API } from '@fielddesk/common/api/http';
import { PullQuerySchema, describeZodError } from '@fielddesk/common/sync/protocol';
import type { AppContext } from '../../context';
import { ApiError } from '../../errors';
import { requireAuth } from '../../auth/guard';
import { pullChanges, type PullPage } from './paging';

/** The JSON text of a pull answer (PullResponse), raw put changes copied as they are. */
export function pullResponseJson(page: PullPage): string {
  const { changes, ...rest } = page;
  const parts = changes.map((c) => ('json' in c ? c.json : JSON.stringify(c)));
  return `{"changes":[${parts.join(',')}],${JSON.stringify(rest).slice(1)}`;
}

export function registerPullRoute(app: FastifyInstance, ctx: AppContext): void {
  app.get(API.pull, async (request, reply) => {
    const auth = requireAuth(request);
    const parsed = PullQuerySchema.safeParse(request.query);
    if (!parsed.success) throw new ApiError(400, 'invalid_query', `The pull query is malformed: ${describeZodError(parsed.error)}`);
    const page = await pullChanges(ctx, auth.user, parsed.data, { viewer: auth.user, scopeVersion: auth.scopeVersion });
    return reply.header('cache-control', 'no-store').type('application/json; charset=utf-8').send(pullResponseJson(page));
  });
}
