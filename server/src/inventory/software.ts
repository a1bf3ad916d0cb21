/**
 * Software compliance over HTTP (signed-in users; only the assets they may see, as pull
 * scopes them: technicians their site's, agents and admins all — sync/scope.ts):
 *
 * - GET /api/inventory/software?q=&limit=&offset= (API.software): software titles (name and
 *   publisher) with the number of distinct assets that have them installed and the installs
 *   per version, most installed first, then by name. `q` filters on name or publisher (case
 *   does not matter). Ready for licence counts and patch levels.
 * - GET /api/assets/<id>/software (assetSoftwarePath): what one asset has installed, per its
 *   latest inventory.
 * - GET /api/assets/<id>/inventories (assetInventoriesPath): every inventory received for an
 *   asset, newest first (the documents themselves stay on the server).
 *
 * An unknown asset is 404; an asset of another site is 403; requesters get 403.
 */
import type { FastifyInstance } from 'fastify';
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import { z } from 'zod';
import {
  API,
  assetInventoriesPath,
  assetSoftwarePath,
  type AssetInventoriesResponse,
  type AssetSoftwareResponse,
  type SoftwareListResponse,
  type SoftwareTitle,
} from '@fielddesk/common/api/http';
import { describeZodError } from '@fielddesk/common/sync/protocol';
import type { AppContext } from '../context';
import type { Database } from '../db/types';
import { ApiError } from '../errors';
import { requireAuth } from '../auth/guard';
import { entities } from '@fielddesk/common/entities/registry';
import { canSeeRecord, scopeCondition, seesEverything, type Viewer } from '../sync/scope';

const DEFAULT_LIMIT = 50;

/** The query string (numbers arrive as text). */
const SoftwareListQuerySchema = z
  .object({
    q: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(500).optional(),
    offset: z.coerce.number().int().min(0).optional(),
  })
  .strict();
export type SoftwareListQuery = z.infer<typeof SoftwareListQuerySchema>;

/** Whether the viewer may see any asset at all (requesters and technicians without a site see none). */
function seesAssets(viewer: Viewer): boolean {
  return seesEverything(viewer) || (viewer.role === 'technician' && viewer.siteId !== null);
}

function forbidden(viewer: Viewer): ApiError {
  return viewer.role === 'technician'
    ? new ApiError(403, 'forbidden', 'You have no site, so you see no assets. Ask an admin to set your site.')
    : new ApiError(403, 'forbidden', 'Only technicians, agents and admins can see the software inventory.');
}

/** `like` pattern of a search text: its own %, _ and \ taken literally. */
const containsPattern = (q: string) => `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The software_installs rows of assets the viewer may see, filtered by q. */
function visibleInstalls(db: Kysely<Database>, viewer: Viewer, q: string | undefined) {
  let query = db.selectFrom('software_installs');
  if (!seesEverything(viewer)) {
    // An install is visible with its asset: the asset's declared scope, on the assets table.
    const assetVisible = scopeCondition(entities.asset, viewer);
    query = query.where((eb: ExpressionBuilder<Database, 'software_installs'>) =>
      eb.exists(eb.selectFrom('assets').select(sql<number>`1`.as('one')).whereRef('assets.id', '=', 'software_installs.asset_id').where(assetVisible)),
    );
  }
  const text = q?.trim();
  if (text) {
    const pattern = containsPattern(text);
    query = query.where((eb) =>
      eb.or([
        eb(sql`lower(software_installs.name)`, 'like', sql`${pattern} escape '\\'`),
        eb(sql`lower(coalesce(software_installs.publisher, ''))`, 'like', sql`${pattern} escape '\\'`),
      ]),
    );
  }
  return query;
}

export async function listSoftware(db: Kysely<Database>, viewer: Viewer, query: SoftwareListQuery): Promise<SoftwareListResponse> {
  if (!seesAssets(viewer)) throw forbidden(viewer);
  const limit = query.limit ?? DEFAULT_LIMIT;
  const offset = query.offset ?? 0;

  const titles = visibleInstalls(db, viewer, query.q)
    .select(['software_installs.name as name', 'software_installs.publisher as publisher', sql<number>`count(distinct software_installs.asset_id)`.as('installs')])
    .groupBy(['software_installs.name', 'software_installs.publisher']);
  const [page, totalRow, inventoried] = await Promise.all([
    db
      .selectFrom(titles.as('t'))
      .selectAll()
      .orderBy('installs', 'desc')
      .orderBy('name')
      .orderBy(sql`coalesce(publisher, '')`)
      .limit(limit)
      .offset(offset)
      .execute(),
    db
      .selectFrom(titles.as('t'))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('asset_inventories')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(scopeCondition(entities.asset_inventory, viewer))
      .executeTakeFirstOrThrow(),
  ]);

  const software: SoftwareTitle[] = page.map((t) => ({ name: t.name, publisher: t.publisher, installs: Number(t.installs), versions: [] }));
  if (software.length > 0) {
    const versions = await visibleInstalls(db, viewer, undefined)
      .select([
        'software_installs.name as name',
        'software_installs.publisher as publisher',
        'software_installs.version as version',
        sql<number>`count(distinct software_installs.asset_id)`.as('installs'),
      ])
      .where('software_installs.name', 'in', [...new Set(software.map((t) => t.name))])
      .groupBy(['software_installs.name', 'software_installs.publisher', 'software_installs.version'])
      .execute();
    const byTitle = new Map(software.map((t) => [`${t.name}\u0000${t.publisher ?? ''}\u0000${t.publisher === null ? 0 : 1}`, t]));
    for (const v of versions) {
      byTitle.get(`${v.name}\u0000${v.publisher ?? ''}\u0000${v.publisher === null ? 0 : 1}`)?.versions.push({ version: v.version, installs: Number(v.installs) });
    }
    for (const t of software) t.versions.sort((a, b) => b.installs - a.installs || (a.version ?? '').localeCompare(b.version ?? '', undefined, { numeric: true }));
  }
  return { software, total: Number(totalRow.n), inventoriedAssets: Number(inventoried.n) };
}

/** The asset if the viewer may see it: 404 when there is none, 403 when it is another site's. */
async function visibleAsset(db: Kysely<Database>, viewer: Viewer, id: string): Promise<{ id: string }> {
  if (!seesAssets(viewer)) throw forbidden(viewer);
  const asset = await db.selectFrom('assets').select(['id', 'site_id']).where('id', '=', id).executeTakeFirst();
  if (!asset) throw new ApiError(404, 'not_found', `There is no asset with the id ${id}.`);
  if (!canSeeRecord(entities.asset, viewer, { siteId: asset.site_id })) throw new ApiError(403, 'forbidden', 'This asset belongs to another site: you see the assets of your own site only.');
  return asset;
}

export async function assetSoftware(db: Kysely<Database>, viewer: Viewer, id: string): Promise<AssetSoftwareResponse> {
  await visibleAsset(db, viewer, id);
  const rows = await db
    .selectFrom('software_installs')
    .select(['name', 'version', 'publisher'])
    .where('asset_id', '=', id)
    .orderBy('name')
    .orderBy(sql`coalesce(version, '')`)
    .execute();
  return { assetId: id, software: rows };
}

export async function assetInventories(db: Kysely<Database>, viewer: Viewer, id: string): Promise<AssetInventoriesResponse> {
  await visibleAsset(db, viewer, id);
  const rows = await db
    .selectFrom('inventory_documents')
    .select(['id', 'source', 'device_id', 'received_at', 'bytes'])
    .where('asset_id', '=', id)
    .orderBy('received_at', 'desc')
    .orderBy('id')
    .execute();
  return { assetId: id, inventories: rows.map((r) => ({ id: r.id, source: r.source, deviceId: r.device_id, receivedAt: r.received_at, bytes: Number(r.bytes) })) };
}

/** Route pattern of a path builder: assetSoftwarePath(':id') → /api/assets/:id/software. */
const pattern = (path: (id: string) => string) => path('__id__').replace('__id__', ':id');

export function registerSoftwareRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { db } = ctx.store;
  app.get(API.software, async (request, reply) => {
    const auth = requireAuth(request);
    const parsed = SoftwareListQuerySchema.safeParse(request.query);
    if (!parsed.success) throw new ApiError(400, 'invalid_query', `The software query is malformed: ${describeZodError(parsed.error)}`);
    reply.header('cache-control', 'no-store');
    return listSoftware(db, auth.user, parsed.data);
  });
  app.get<{ Params: { id: string } }>(pattern(assetSoftwarePath), async (request, reply) => {
    const auth = requireAuth(request);
    reply.header('cache-control', 'no-store');
    return assetSoftware(db, auth.user, request.params.id);
  });
  app.get<{ Params: { id: string } }>(pattern(assetInventoriesPath), async (request, reply) => {
    const auth = requireAuth(request);
    reply.header('cache-control', 'no-store');
    return assetInventories(db, auth.user, request.params.id);
  });
}
