/**
 * A FieldDesk server for integration tests, on SQLite or PostgreSQL, built with the real
 * createServer and the server tests' quiet configuration (server/test/stores.ts).
 *
 * SQLite servers start from a copy of one seeded template data directory, made once per
 * test file, so a property test can afford a fresh server per run. The template keeps the
 * demo people, sites and groups (with their passwords) but none of the demo's records (tickets,
 * assets, …: KEPT_TABLES), so each run's replicas download a small world and the run creates
 * the tickets it shares. PostgreSQL servers get a fresh schema each, seeded and trimmed the
 * same way.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
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

/**
 * The tables a world keeps from the demo seed: who may sign in and where they work, and what a
 * new ticket needs (its numbering and the ITSM settings), with the store's own bookkeeping. Every
 * other table is emptied, so that an entity added later does not make every run's replicas
 * download its demo records (the property test took twice as long when the asset tables came
 * and a list of tables to empty did not name them).
 */
const KEPT_TABLES = new Set([
  'kysely_migration',
  'kysely_migration_lock',
  'meta',
  'change_sequence',
  'sites',
  'locations',
  'groups',
  'persons',
  'person_groups',
  'credentials',
  'sessions',
  'login_attempts',
  'ticket_counters',
  'itsm_config',
  'sync_clients',
]);

async function trimDemoRecords(server: FieldDeskServer): Promise<void> {
  const emptied = (await tableNames(server.db, server.store.kind)).filter((t) => !KEPT_TABLES.has(t));
  if (server.store.kind === 'postgres') {
    // One statement for all of them, whatever references what (no kept table references them).
    await sql`truncate table ${sql.join(emptied.map((t) => sql.table(t)))}`.execute(server.db);
    return;
  }
  await server.store.write(async (tx) => {
    // References between the emptied tables are checked once, at commit, when all are empty.
    await sql`pragma defer_foreign_keys = on`.execute(tx.db);
    // Kysely cannot type a table chosen at run time; the names come from the store's catalog.
    for (const table of emptied) await tx.db.deleteFrom(table as never).execute();
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
