/**
 * Runs in Debian's Chromium on the FieldDesk server's own origin (bundled by list-browser.ts
 * with esbuild, as seed-entry.ts is): builds the signed-in user's replica for assets_filter_ms.
 * It signs in and syncs once (lib/replica-seed.ts: the demo records and a valid cursor), then
 * adds, checked against the domain schemas, generated tickets (bench/workspace/data.ts, the
 * queue benchmark's generator) and generated assets with their models (list-data.ts) up to the
 * totals asked for: the ticket queue's filter over N tickets is the reference of the Assets
 * list's filter over N assets, in the same page.
 */
import { AssetSchema, TicketSchema, type Person } from '@fielddesk/common/domain/entities';
import { AssetModelSchema } from '@fielddesk/common/entities/asset-model';
import { DEFAULT_ITSM_CONFIG } from '@fielddesk/common/itsm/defaults';
import type { Table } from 'dexie';
import { freshSyncedReplica, validate } from '../lib/replica-seed';
import { generateTickets, type Reference } from '../workspace/data';
import { generateListAssets, generateModels } from './list-data';

const CHUNK = 10_000;

async function putAll<T>(table: Table<T, string>, records: readonly T[]): Promise<void> {
  for (let i = 0; i < records.length; i += CHUNK) await table.bulkPut(records.slice(i, i + CHUNK));
}

async function seed(username: string, password: string, totals: { tickets: number; assets: number }, nowMs: number) {
  const { db, userId, syncMs } = await freshSyncedReplica(username, password);
  const persons = await db.persons.toArray();
  const me: Person | undefined = persons.find((p) => p.id === userId);
  if (!me) throw new Error(`The signed-in user ${username} is not among the synced people.`);
  const sites = await db.sites.toArray();
  const locations = await db.locations.toArray();
  const ref: Reference = {
    user: { id: me.id, siteId: me.siteId, groupIds: me.groupIds },
    persons,
    groups: await db.groups.toArray(),
    sites,
    locations,
    config: (await db.itsmConfig.toArray())[0] ?? DEFAULT_ITSM_CONFIG,
  };
  const synced = { tickets: await db.tickets.count(), assets: await db.assets.count(), assetModels: await db.assetModels.count() };
  const started = performance.now();
  const tickets = generateTickets(Math.max(0, totals.tickets - synced.tickets), ref, nowMs);
  const models = generateModels();
  const assets = generateListAssets(Math.max(0, totals.assets - synced.assets), { sites, locations, persons }, models, 500_000, nowMs);
  validate(TicketSchema, tickets, 'ticket');
  validate(AssetModelSchema, models, 'asset model');
  validate(AssetSchema, assets, 'asset');
  const generateMs = performance.now() - started;
  const writeStarted = performance.now();
  await putAll(db.tickets, tickets);
  await putAll(db.assetModels, models);
  await putAll(db.assets, assets);
  const writeMs = performance.now() - writeStarted;
  const total = { tickets: await db.tickets.count(), assets: await db.assets.count() };
  db.close();
  return { userId, synced, generated: { tickets: tickets.length, assetModels: models.length, assets: assets.length }, total, syncMs, generateMs, writeMs };
}

export type ListSeedResult = Awaited<ReturnType<typeof seed>>;

declare global {
  interface Window {
    fielddeskAssetsListSeed: { seed: typeof seed };
  }
}
window.fielddeskAssetsListSeed = { seed };
