/**
 * Licence compliance on the server (GET /api/licences/compliance?q=, common/api/licences.ts):
 * the licences, their seats, the installs inventories recorded (`software_installs`) and who
 * holds each device, read from the store and reconciled with the shared rule
 * (common/assets/compliance.ts licenceCompliance), the same figures the app counts offline.
 *
 * Who sees what, as pull scopes it: desk staff and admins count every device; a technician
 * counts the devices of their site (the assets they see) and only the seats given to those
 * devices or to people, so their figures describe their site and match what their app counts
 * from its replica. Requesters and technicians without a site get 403.
 *
 * Cost: one read per table (installs streamed as plain rows in SoftwareInstall's shape, no
 * second object per row), then one linear pass (see compliance.ts). `npm run bench:assets`
 * (licence_compliance_ms) times this function over 20,000 assets' installs.
 */
import type { FastifyInstance } from 'fastify';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { LICENCE_COMPLIANCE_PATH, type LicenceComplianceResponse } from '@fielddesk/common/api/licences';
import { licenceCompliance, type Licence, type SeatAssignment, type SoftwareInstall } from '@fielddesk/common/assets/compliance';
import { entities } from '@fielddesk/common/entities/registry';
import { describeZodError } from '@fielddesk/common/sync/protocol';
import type { AppContext } from '../context';
import type { Database } from '../db/types';
import { ApiError } from '../errors';
import { requireAuth } from '../auth/guard';
import { scopeCondition, seesEverything, type Viewer } from '../sync/scope';

/** `q`: only the titles whose name or publisher contain it (case does not matter). */
const QuerySchema = z.object({ q: z.string().max(200).optional() }).strict();

/** Compliance of every title over the devices the viewer sees. */
export async function complianceFor(db: Kysely<Database>, viewer: Viewer): Promise<LicenceComplianceResponse> {
  const all = seesEverything(viewer);
  if (!all && (viewer.role !== 'technician' || viewer.siteId === null)) {
    throw viewer.role === 'technician'
      ? new ApiError(403, 'forbidden', 'You have no site, so you see no devices to count. Ask an admin to set your site.')
      : new ApiError(403, 'forbidden', 'Only technicians, agents and admins can see licence compliance.');
  }
  const assetVisible = scopeCondition(entities.asset, viewer);
  const installsQuery = db.selectFrom('software_installs').select(['software_installs.asset_id as assetId', 'software_installs.name', 'software_installs.version', 'software_installs.publisher']);
  const holdersQuery = db.selectFrom('assets').select(['id', 'assigned_to_id', 'inventoried_at']);
  const [licenceRows, seatRows, installs, holderRows] = await Promise.all([
    db.selectFrom('licences').select(['id', 'name', 'publisher', 'seats', 'kind']).execute(),
    db.selectFrom('licence_seats').select(['licence_id', 'target_kind', 'target_id']).execute(),
    (all
      ? installsQuery
      : installsQuery.where((eb) =>
          eb.exists(eb.selectFrom('assets').select(sql<number>`1`.as('one')).whereRef('assets.id', '=', 'software_installs.asset_id').where((inner) => assetVisible(inner as never))),
        )
    ).execute() as Promise<SoftwareInstall[]>,
    (all ? holdersQuery : holdersQuery.where((eb) => assetVisible(eb as never))).execute(),
  ]);
  const licences: Licence[] = licenceRows.map((l) => ({ id: l.id, name: l.name, publisher: l.publisher, seats: Number(l.seats), kind: l.kind as Licence['kind'] }));
  const visibleAssets = new Set<string>();
  const holders = new Map<string, string>();
  let inventoriedAssets = 0;
  for (const a of holderRows) {
    visibleAssets.add(a.id);
    if (a.assigned_to_id) holders.set(a.id, a.assigned_to_id);
    if (a.inventoried_at) inventoriedAssets += 1;
  }
  const assignments: SeatAssignment[] = [];
  let seatsLeftOut = 0;
  for (const s of seatRows) {
    if (!all && s.target_kind === 'asset' && !visibleAssets.has(s.target_id)) seatsLeftOut += 1;
    else assignments.push({ licenceId: s.licence_id, target: { kind: s.target_kind, id: s.target_id } });
  }
  return { titles: licenceCompliance({ licences, assignments, installs, holders }), inventoriedAssets, seatsLeftOut };
}

export function registerLicenceComplianceRoute(app: FastifyInstance, ctx: AppContext): void {
  const { db } = ctx.store;
  app.get(LICENCE_COMPLIANCE_PATH, async (request, reply): Promise<LicenceComplianceResponse> => {
    const auth = requireAuth(request);
    const parsed = QuerySchema.safeParse(request.query);
    if (!parsed.success) throw new ApiError(400, 'invalid_query', `The query is malformed: ${describeZodError(parsed.error)}`);
    reply.header('cache-control', 'no-store');
    const answer = await complianceFor(db, auth.user);
    const q = parsed.data.q?.trim().toLowerCase();
    if (q) answer.titles = answer.titles.filter((t) => t.name.toLowerCase().includes(q) || (t.publisher ?? '').toLowerCase().includes(q));
    return answer;
  });
}
