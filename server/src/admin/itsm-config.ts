/**
 * The ITSM configuration over HTTP (common/itsm/config.ts): the priority matrix, SLA
 * policies and calendars, the reopen period, categories, resolution codes, the catalog, the asset
 * lifecycle's substates and the audit intervals (whose sites must exist).
 *
 * - GET /api/itsm-config: the configuration, for anyone signed in (clients normally receive
 *   it by pull, as the one `itsm_config` record).
 * - PUT /api/admin/itsm-config: administrators replace it. The body is the configuration
 *   without `id` and `rev` (both belong to the server; sent back from a GET, they are
 *   ignored), checked with ItsmConfigSchema; a bad body is answered 400 naming every
 *   problem. The new configuration takes the next rev of the change sequence, so every
 *   replica pulls it, and clients are poked. Push applies it from the next batch on.
 */
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { API } from '@fielddesk/common/api/http';
import { ITSM_CONFIG_ID, ItsmConfigSchema, type ItsmConfig } from '@fielddesk/common/itsm/config';
import { DEFAULT_ITSM_CONFIG } from '@fielddesk/common/itsm/defaults';
import { describeZodError } from '@fielddesk/common/sync/protocol';
import type { AppContext } from '../context';
import { itsmConfigFromRow, itsmConfigToRow } from '../db/records';
import type { Database } from '../db/types';
import { ApiError } from '../errors';
import { requireAuth } from '../auth/guard';

/** The stored configuration (migration 0004 writes the first one; the defaults if the row is missing). */
export async function readItsmConfig(db: Kysely<Database>): Promise<ItsmConfig> {
  const row = await db.selectFrom('itsm_config').selectAll().where('id', '=', ITSM_CONFIG_ID).executeTakeFirst();
  return row ? itsmConfigFromRow(row) : DEFAULT_ITSM_CONFIG;
}

/** Checks a PUT body: a JSON object that is a whole configuration apart from id and rev. */
export function parseConfigBody(body: unknown): Omit<ItsmConfig, 'rev'> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new ApiError(400, 'invalid_config', 'Send the ITSM configuration as a JSON object (the configuration without id and rev).');
  }
  const { id: _id, rev: _rev, ...config } = body as Record<string, unknown>;
  const parsed = ItsmConfigSchema.safeParse({ ...config, id: ITSM_CONFIG_ID, rev: 0 });
  if (!parsed.success) throw new ApiError(400, 'invalid_config', `The ITSM configuration is not valid: ${describeZodError(parsed.error)}`);
  return parsed.data;
}

/** Audit intervals may name a site (or none, for every site); a site that does not exist is refused with 400, by its place in the list. */
async function checkAuditIntervalSites(db: Kysely<Database>, config: Omit<ItsmConfig, 'rev'>): Promise<void> {
  const named = [...new Set((config.auditIntervals ?? []).map((r) => r.siteId).filter((id): id is string => id !== null))];
  if (named.length === 0) return;
  const known = new Set((await db.selectFrom('sites').select('id').where('id', 'in', named).execute()).map((r) => r.id));
  const bad = (config.auditIntervals ?? []).findIndex((r) => r.siteId !== null && !known.has(r.siteId));
  if (bad >= 0) throw new ApiError(400, 'invalid_config', `The ITSM configuration is not valid: auditIntervals[${bad}].siteId: no site has the id "${config.auditIntervals![bad]!.siteId}"`);
}

export function registerItsmConfigRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get(API.itsmConfig, async (request, reply): Promise<ItsmConfig> => {
    requireAuth(request);
    reply.header('cache-control', 'no-store');
    return readItsmConfig(ctx.store.db);
  });

  app.put(API.adminItsmConfig, async (request): Promise<ItsmConfig> => {
    const auth = requireAuth(request);
    if (auth.user.role !== 'admin') throw new ApiError(403, 'forbidden', 'Only administrators can change the ITSM configuration.');
    const config = parseConfigBody(request.body);
    await checkAuditIntervalSites(ctx.store.db, config);
    const saved = await ctx.store.write(async (tx) => {
      const next: ItsmConfig = { ...config, rev: await tx.nextRev() };
      const row = itsmConfigToRow(next);
      await tx.db
        .insertInto('itsm_config')
        .values(row)
        .onConflict((oc) => oc.column('id').doUpdateSet({ config: row.config, rev: row.rev }))
        .execute();
      return next;
    });
    ctx.changes.notify();
    return saved;
  });
}
