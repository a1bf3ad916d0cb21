/**
 * Runs in Debian's Chromium, on the FieldDesk server's own origin (bundled by browser.ts with
 * esbuild and served through Playwright routing, as bench/initial-sync does). It builds the
 * signed-in technician's replica exactly where the web app will look for it:
 *
 * 1. signs in with the renderer's real web adapter (the session cookie the app then uses);
 * 2. runs the real SyncEngine once, so the replica holds the server's reference data (people,
 *    groups, sites, locations, the ITSM configuration, the demo records) and a valid pull
 *    cursor: when the app starts later, its sync asks only for changes since then and leaves
 *    the benchmark records alone;
 * 3. generates the benchmark records (data.ts) up to the requested totals, checks every one
 *    against the domain schemas (common/domain/entities.ts), and bulkPuts them into the same
 *    Dexie database (renderer/src/data/db.ts openWorkspaceDb(origin, userId)).
 */
import { AssetSchema, KnowledgeArticleSchema, TicketSchema, type Person } from '@fielddesk/common/domain/entities';
import { DEFAULT_ITSM_CONFIG } from '@fielddesk/common/itsm/defaults';
import type { Table } from 'dexie';
import { freshSyncedReplica, validate } from '../lib/replica-seed';
import { generateArticles, generateAssets, generateTickets, type Reference } from './data';

export interface SeedTotals {
  tickets: number;
  articles: number;
  assets: number;
}

const CHUNK = 10_000;

async function putAll<T>(table: Table<T, string>, records: readonly T[]): Promise<void> {
  for (let i = 0; i < records.length; i += CHUNK) await table.bulkPut(records.slice(i, i + CHUNK));
}

async function seed(username: string, password: string, totals: SeedTotals, nowMs: number) {
  const { db, userId, syncMs } = await freshSyncedReplica(username, password);

  const persons = await db.persons.toArray();
  const me: Person | undefined = persons.find((p) => p.id === userId);
  if (!me) throw new Error(`The signed-in user ${username} is not among the synced people.`);
  const ref: Reference = {
    user: { id: me.id, siteId: me.siteId, groupIds: me.groupIds },
    persons,
    groups: await db.groups.toArray(),
    sites: await db.sites.toArray(),
    locations: await db.locations.toArray(),
    config: (await db.itsmConfig.toArray())[0] ?? DEFAULT_ITSM_CONFIG,
  };
  const synced = { tickets: await db.tickets.count(), articles: await db.knowledgeArticles.count(), assets: await db.assets.count() };

  const genStarted = performance.now();
  const tickets = generateTickets(Math.max(0, totals.tickets - synced.tickets), ref, nowMs);
  const articles = generateArticles(Math.max(0, totals.articles - synced.articles), ref, nowMs);
  const assets = generateAssets(Math.max(0, totals.assets - synced.assets), ref, 100_000);
  validate(TicketSchema, tickets, 'ticket');
  validate(KnowledgeArticleSchema, articles, 'article');
  validate(AssetSchema, assets, 'asset');
  const generateMs = performance.now() - genStarted;

  const writeStarted = performance.now();
  await putAll(db.tickets, tickets);
  await putAll(db.knowledgeArticles, articles);
  await putAll(db.assets, assets);
  const writeMs = performance.now() - writeStarted;

  const mine = tickets.filter((t) => t.assigneeId === me.id && !['resolved', 'closed'].includes(t.status)).length;
  const open = tickets.filter((t) => !['resolved', 'closed'].includes(t.status)).length;
  db.close();
  return {
    userId: me.id,
    synced,
    generated: { tickets: tickets.length, articles: articles.length, assets: assets.length },
    openTickets: open,
    myOpenTickets: mine,
    syncMs,
    generateMs,
    writeMs,
  };
}

declare global {
  interface Window {
    fielddeskWorkspaceSeed: { seed: typeof seed };
  }
}
window.fielddeskWorkspaceSeed = { seed };
