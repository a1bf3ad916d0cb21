/**
 * Runs in Debian's Chromium on the FieldDesk server's own origin (bundled by browser.ts with
 * esbuild and served through Playwright routing, as bench/workspace/seed-entry.ts does for
 * tickets). It builds the signed-in user's replica exactly where the web app looks for it:
 *
 * 1. signs in with the renderer's real web adapter (the session cookie the app then uses);
 * 2. runs the real SyncEngine once: the replica holds the demo records (its CMDB included) and a
 *    valid pull cursor, so the app's own sync later asks only for changes and leaves the
 *    generated records alone;
 * 3. generates the service tree (data.ts), checks every record against the domain schemas, and
 *    bulkPuts the CIs and relations into the replica's `configurationItems` and `ciRelations`,
 *    and the demo's scheduled changes on every tenth CI of the tree into `changeCis`.
 */
import { ConfigurationItemSchema } from '@fielddesk/common/domain/entities';
import { ChangeCiSchema } from '@fielddesk/common/entities/change-ci';
import { CiRelationSchema } from '@fielddesk/common/entities/ci-relation';
import { isScheduledChange } from '@fielddesk/common/itsm/changes';
import { freshSyncedReplica, validate } from '../lib/replica-seed';
import { impactView } from '../../renderer/src/features/cmdb/impact/impactModel';
import { generateChangeLinks, generateServiceTree, IMPACT_DEPTH } from './data';

async function seed(username: string, password: string, nowMs: number) {
  const { db, userId, syncMs } = await freshSyncedReplica(username, password);

  const me = await db.persons.get(userId);
  const synced = { configurationItems: await db.configurationItems.count(), ciRelations: await db.ciRelations.count() };
  const cmdb = generateServiceTree(me?.siteId ?? null, new Date(nowMs).toISOString());
  validate(ConfigurationItemSchema, cmdb.cis, 'configuration item');
  validate(CiRelationSchema, cmdb.relations, 'CI relation');
  const scheduled = (await db.changes.toArray()).filter((c) => isScheduledChange(c, nowMs)).sort((a, b) => a.windowStart.localeCompare(b.windowStart) || a.id.localeCompare(b.id));
  const changeLinks = generateChangeLinks(
    cmdb,
    scheduled.map((c) => c.id),
    new Date(nowMs).toISOString(),
  );
  validate(ChangeCiSchema, changeLinks, 'change link');
  const links = db.tableFor('change_ci');
  await db.transaction('rw', [db.configurationItems, db.ciRelations, links], async () => {
    await db.configurationItems.bulkPut(cmdb.cis);
    await db.ciRelations.bulkPut(cmdb.relations);
    await links.bulkPut(changeLinks);
  });
  // What the impact view will draw, by the screen's own model over everything in the replica.
  const all = await db.ciRelations.toArray();
  const big = impactView(cmdb.rootId, all, IMPACT_DEPTH, 'both');
  const lone = impactView(cmdb.loneId, all, IMPACT_DEPTH, 'both');
  db.close();
  return {
    userId: userId,
    synced,
    generated: { configurationItems: cmdb.cis.length, ciRelations: cmdb.relations.length, changeLinks: changeLinks.length },
    rootId: cmdb.rootId,
    loneId: cmdb.loneId,
    expected: { nodes: big.nodes.length, edges: big.edges.length, referenceNodes: lone.nodes.length, referenceEdges: lone.edges.length },
    syncMs,
  };
}

export type AssetsSeedResult = Awaited<ReturnType<typeof seed>>;

declare global {
  interface Window {
    fielddeskAssetsSeed: { seed: typeof seed };
  }
}
window.fielddeskAssetsSeed = { seed };
