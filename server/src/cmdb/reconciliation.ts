/**
 * GET /api/cmdb/reconciliation?days=30: the CMDB's reconciliation lists (common/cmdb/
 * reconcile.ts, the same functions the app runs over its replica) over the assets and CIs the
 * caller may see, as pull scopes them: CIs whose asset has not been inventoried for `days`
 * days (1..3650, default 30), assets without a CI, likely duplicates. Signed-in users only; a
 * malformed `days` is 400.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CMDB_RECONCILIATION_PATH, type ReconciliationResponse } from '@fielddesk/common/api/http';
import { assetsWithoutCi, likelyDuplicates, staleCis, type ReconcileAsset } from '@fielddesk/common/cmdb/reconcile';
import { entities } from '@fielddesk/common/entities/registry';
import { dayOf } from '@fielddesk/common/entities/scope';
import { describeZodError } from '@fielddesk/common/sync/protocol';
import type { AppContext } from '../context';
import { assetFromRow, configurationItemFromRow } from '../db/records';
import { ApiError } from '../errors';
import { requireAuth } from '../auth/guard';
import { scopeCondition } from '../sync/scope';

const QuerySchema = z.object({ days: z.coerce.number().int().min(1).max(3650).default(30) }).strict();

export function registerReconciliationRoute(app: FastifyInstance, ctx: AppContext): void {
  const { db } = ctx.store;
  app.get(CMDB_RECONCILIATION_PATH, async (request, reply): Promise<ReconciliationResponse> => {
    const auth = requireAuth(request);
    const parsed = QuerySchema.safeParse(request.query);
    if (!parsed.success) throw new ApiError(400, 'invalid_query', `The query is malformed: ${describeZodError(parsed.error)}`);
    const { days } = parsed.data;
    const now = ctx.config.now();
    const day = dayOf(now);
    const seesAsset = scopeCondition(entities.asset, auth.user, day);
    const seesCi = scopeCondition(entities.configuration_item, auth.user, day);
    const [assetRows, ciRows] = await Promise.all([
      db.selectFrom('assets').selectAll().where((eb) => seesAsset(eb as never)).execute(),
      db.selectFrom('configuration_items').selectAll().where((eb) => seesCi(eb as never)).execute(),
    ]);
    const assets = assetRows.map(assetFromRow);
    const cis = ciRows.map(configurationItemFromRow);
    const brief = (a: ReconcileAsset) => ({ assetId: a.id, assetTag: a.tag, name: a.name });
    reply.header('cache-control', 'no-store');
    return {
      days,
      staleCis: staleCis(cis, assets, now, days).map((s) => ({ ciId: s.ci.id, ciName: s.ci.name, assetId: s.asset.id, assetTag: s.asset.tag, days: s.days })),
      assetsWithoutCi: assetsWithoutCi(assets, cis).map(brief),
      duplicates: likelyDuplicates(assets).map((g) => ({ assets: g.assets.map(brief), shared: g.shared })),
    };
  });
}
