/**
 * GET /api/sync/pull?cursor=&limit=: the changes after `cursor` that the user may see,
 * ordered by rev, at most `limit` per page (common/sync/protocol.ts PullResponse).
 *
 * The cursor is a rev of the global change sequence. Each pull first reads the committed
 * high-water mark and only reads rows at or below it, so a page never includes half of a
 * concurrent write. Each table is read with `rev > cursor order by rev limit limit+1` on
 * its rev index; the pages are merged by rev and cut at `limit`, which is exact because no
 * table can hide a smaller rev beyond its own limit+1 rows. When nothing more is waiting,
 * the cursor moves to the high-water mark, skipping changes the user may not see.
 *
 * Scope (sync/scope.ts) is applied in SQL; issue 3 adds records leaving scope.
 */
import type { FastifyInstance } from 'fastify';
import { API } from '@fielddesk/common/api/http';
import type { AnyRecord, EntityName } from '@fielddesk/common/domain/entities';
import { PullQuerySchema, describeZodError, type Change, type PullQuery, type PullResponse } from '@fielddesk/common/sync/protocol';
import type { AppContext } from '../context';
import { ApiError } from '../errors';
import { requireAuth } from '../auth/guard';
import { groupFromRow, groupIdsByPerson, locationFromRow, personFromRow, siteFromRow, ticketFromRow, worklogFromRow } from '../db/records';
import { seesAllTickets, ticketScopeCondition, type Viewer } from './scope';

export async function pullChanges(ctx: AppContext, viewer: Viewer, query: PullQuery): Promise<PullResponse> {
  const { db } = ctx.store;
  const cursor = Number(query.cursor);
  const high = await ctx.store.currentRev();
  if (cursor > high) {
    throw new ApiError(
      400,
      'invalid_cursor',
      `The cursor ${cursor} is ahead of this server, whose latest change is ${high}. The server's data may have been replaced: pull again from cursor 0.`,
    );
  }
  const take = query.limit + 1;
  const scope = ticketScopeCondition(viewer);

  const [sites, locations, groups, persons, tickets, worklogs, tombstones] = await Promise.all([
    db.selectFrom('sites').selectAll().where('rev', '>', cursor).where('rev', '<=', high).orderBy('rev').limit(take).execute(),
    db.selectFrom('locations').selectAll().where('rev', '>', cursor).where('rev', '<=', high).orderBy('rev').limit(take).execute(),
    db.selectFrom('groups').selectAll().where('rev', '>', cursor).where('rev', '<=', high).orderBy('rev').limit(take).execute(),
    db.selectFrom('persons').selectAll().where('rev', '>', cursor).where('rev', '<=', high).orderBy('rev').limit(take).execute(),
    db
      .selectFrom('tickets')
      .selectAll()
      .where('rev', '>', cursor)
      .where('rev', '<=', high)
      .where(scope)
      .orderBy('rev')
      .limit(take)
      .execute(),
    db
      .selectFrom('worklogs')
      .selectAll()
      .where('rev', '>', cursor)
      .where('rev', '<=', high)
      .$if(!seesAllTickets(viewer), (qb) => qb.where('ticket_id', 'in', (eb) => eb.selectFrom('tickets').select('tickets.id').where(scope)))
      .orderBy('rev')
      .limit(take)
      .execute(),
    db.selectFrom('tombstones').selectAll().where('rev', '>', cursor).where('rev', '<=', high).orderBy('rev').limit(take).execute(),
  ]);

  const groupIds = await groupIdsByPerson(
    db,
    persons.map((p) => p.id),
  );
  const changes: Change[] = [
    ...sites.map((r) => put('site', siteFromRow(r))),
    ...locations.map((r) => put('location', locationFromRow(r))),
    ...groups.map((r) => put('group', groupFromRow(r))),
    ...persons.map((r) => put('person', personFromRow(r, groupIds.get(r.id) ?? []))),
    ...tickets.map((r) => put('ticket', ticketFromRow(r))),
    ...worklogs.map((r) => put('worklog', worklogFromRow(r))),
    ...tombstones.map((r): Change => ({ entity: r.entity as EntityName, id: r.id, rev: Number(r.rev), op: 'delete' })),
  ].sort((a, b) => a.rev - b.rev);

  const hasMore = changes.length > query.limit;
  const page = hasMore ? changes.slice(0, query.limit) : changes;
  const last = page[page.length - 1];
  return { changes: page, cursor: String(hasMore && last ? last.rev : high), hasMore };
}

function put(entity: EntityName, data: AnyRecord): Change {
  return { entity, id: data.id, rev: data.rev, op: 'put', data };
}

export function registerPullRoute(app: FastifyInstance, ctx: AppContext): void {
  app.get(API.pull, async (request, reply) => {
    const auth = requireAuth(request);
    const parsed = PullQuerySchema.safeParse(request.query);
    if (!parsed.success) throw new ApiError(400, 'invalid_query', `The pull query is malformed: ${describeZodError(parsed.error)}`);
    reply.header('cache-control', 'no-store');
    return pullChanges(ctx, auth.user, parsed.data);
  });
}
