/**
 * A FieldDesk server for integration tests, on SQLite or PostgreSQL, built with the real
 * createServer and the server tests' quiet configuration (server/test/stores.ts).
 *
 * SQLite servers start from a copy of one seeded template data directory, made once per
 * test file, so a property test can afford a fresh server per run. The template keeps the
 * demo people, sites and groups (with their passwords) but not the demo tickets, worklogs
 * and assets, so each run's replicas download a small world and the run creates the
 * tickets it shares. PostgreSQL servers get a fresh schema each, seeded and trimmed the
 * same way.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createServer, type FieldDeskServer } from '../../server/src/app';
import type { StoreConfig } from '../../server/src/config';
import type { StoreKind } from '../../server/src/db/database';
import { tableNames, TEST_PG_URL, testConfig as serverTestConfig, withCatalogLock } from '../../server/test/stores';

/** The server tests' quiet configuration; FIELDDESK_IT_LOG=error (or debug…) shows the server's log. */
const testConfig: typeof serverTestConfig = (store, overrides = {}) =>
  serverTestConfig(store, { ...(process.env.FIELDDESK_IT_LOG ? { logLevel: process.env.FIELDDESK_IT_LOG as 'error' } : {}), ...overrides });

export interface World {
  kind: StoreKind;
  server: FieldDeskServer;
  close(): Promise<void>;
}

/** Tables whose demo rows are removed from the template, children first. Unknown ones are skipped. */
const TRIMMED_TABLES = [
  'attachments',
  'worklogs',
  'ticket_events',
  'ticket_links',
  'tasks',
  'sync_conflicts',
  // Before tickets: an article may name the ticket it was written from.
  'knowledge_articles',
  'tickets',
  // The demo's inventories name their CI and asset.
  'software_installs',
  'inventory_documents',
  'asset_inventories',
  'configuration_items',
  'assets',
  'changes',
  'scope_moves',
];

async function trimDemoRecords(server: FieldDeskServer): Promise<void> {
  const present = new Set(await tableNames(server.db, server.store.kind));
  await server.store.write(async (tx) => {
    for (const table of TRIMMED_TABLES) {
      // Kysely cannot type a table chosen at run time; these names are fixed above.
      if (present.has(table)) await tx.db.deleteFrom(table as never).execute();
    }
  });
}

let template: Promise<string> | null = null;
const tempDirs: string[] = [];

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/** The seeded, trimmed SQLite data directory every SQLite world copies. */
function sqliteTemplate(): Promise<string> {
  template ??= (async () => {
    const dataDir = path.join(tempDir('fielddesk-it-template-'), 'data');
    const server = await createServer(testConfig({ kind: 'sqlite', dataDir, dataDirExplicit: false, init: false }));
    try {
      await trimDemoRecords(server);
    } finally {
      await server.close();
    }
    return dataDir;
  })();
  return template;
}

async function newPgSchema(): Promise<string> {
  const schema = `fdit_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  try {
    await withCatalogLock(client, () => client.query(`create schema "${schema}"`));
  } finally {
    await client.end();
  }
  return schema;
}

async function dropPgSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  try {
    await withCatalogLock(client, () => client.query(`drop schema if exists "${schema}" cascade`));
  } finally {
    await client.end();
  }
}

export async function startWorld(kind: StoreKind): Promise<World> {
  if (kind === 'sqlite') {
    const source = await sqliteTemplate();
    const dataDir = path.join(tempDir('fielddesk-it-'), 'data');
    fs.cpSync(source, dataDir, { recursive: true });
    const store: StoreConfig = { kind: 'sqlite', dataDir, dataDirExplicit: false, init: false };
    const server = await createServer(testConfig(store));
    return {
      kind,
      server,
      async close() {
        await server.close();
        fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
      },
    };
  }
  const schema = await newPgSchema();
  const server = await createServer(testConfig({ kind: 'postgres', url: TEST_PG_URL, schema }));
  await trimDemoRecords(server);
  return {
    kind,
    server,
    async close() {
      await server.close();
      await dropPgSchema(schema);
    },
  };
}

/** Removes the template and any directories left behind (call from afterAll). */
export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  template = null;
}
