/**
 * Test harness: runs a server test suite on SQLite AND on PostgreSQL.
 *
 *   describeStores('push', (h) => {
 *     let s: FieldDeskServer;
 *     beforeAll(async () => { s = await h.start(); });
 *     it('…', async () => { await s.app.inject(…) });
 *   });
 *
 * SQLite: every store is a fresh temporary data directory. PostgreSQL: every store is a
 * fresh schema (search_path) in the database at FIELDDESK_TEST_PG_URL (default
 * postgres://postgres@127.0.0.1:5432/test); the harness closes its servers and drops its
 * schemas and directories after the suite.
 *
 * When PostgreSQL cannot be reached the PostgreSQL variant is skipped with a warning saying
 * why, unless FIELDDESK_REQUIRE_PG=1 (CI), in which case it fails with the reason.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, describe, it } from 'vitest';
import { createServer, type FieldDeskServer } from '../src/app';
import { DEFAULT_LOGIN_THROTTLE, type ServerConfig, type StoreConfig } from '../src/config';
import type { StoreKind } from '../src/db/database';
import type { Database } from '../src/db/types';
import { PG_CATALOG_LOCK } from '../src/db/migrate';

export const TEST_PG_URL = process.env.FIELDDESK_TEST_PG_URL || 'postgres://postgres@127.0.0.1:5432/test';
const REQUIRE_PG = process.env.FIELDDESK_REQUIRE_PG === '1';

async function probePostgres(): Promise<string | null> {
  const client = new pg.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (error) {
    const e = error as Error & { code?: string };
    return `PostgreSQL at ${TEST_PG_URL.replace(/\/\/[^@/]*@/, '//')} is not reachable (${e.code ?? e.message}); set FIELDDESK_TEST_PG_URL to a reachable server`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Why PostgreSQL tests cannot run here, or null when they can. */
export const pgUnavailable: string | null = await probePostgres();
let warned = false;

export interface StoreHarness {
  kind: StoreKind;
  /** A new, empty store (temporary data directory or schema), removed after the suite. */
  newStore(): Promise<StoreConfig>;
  /** A quiet, fast configuration for tests (cheap scrypt, short delays, no web app). */
  config(store: StoreConfig, overrides?: Partial<ServerConfig>): ServerConfig;
  /** createServer on a new store (or the given one); closed after the suite. */
  start(overrides?: Partial<ServerConfig> & { store?: StoreConfig }): Promise<FieldDeskServer>;
  /** Keeps a server to close after the suite (for servers a test builds itself). */
  track(server: FieldDeskServer): FieldDeskServer;
}

/** Attachment files of PostgreSQL test servers when a test names no directory (harness.start makes one per server). */
const PG_TEST_FILES_DIR = path.join(os.tmpdir(), `fielddesk-test-files-${process.pid}`);

export function testConfig(store: StoreConfig, overrides: Partial<ServerConfig> = {}): ServerConfig {
  return {
    host: '127.0.0.1',
    port: 0,
    store,
    files: store.kind === 'sqlite' ? { dir: store.dataDir, mayCreate: true } : { dir: PG_TEST_FILES_DIR, mayCreate: true },
    webDir: path.join(os.tmpdir(), 'fielddesk-test-no-web-dir'),
    sessionTtlHours: 12,
    seedDemoData: true,
    trustProxy: false,
    logLevel: 'silent',
    passwordHashing: { N: 1024, r: 8, p: 1, keyLen: 32 },
    loginThrottle: { ...DEFAULT_LOGIN_THROTTLE, baseDelayMs: 1, maxDelayMs: 5, userLockAfter: 6, ipLockAfter: 1000 },
    now: () => Date.now(),
    ...overrides,
  };
}

/**
 * The tables of a server's own database or schema. Not Kysely's introspection: on PostgreSQL
 * it reads every schema's catalog, and fails while another test process creates or drops one.
 */
export async function tableNames(db: Kysely<Database>, kind: StoreKind): Promise<string[]> {
  const rows =
    kind === 'postgres'
      ? await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema()`.execute(db)
      : await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db);
  return rows.rows.map((r) => r.name);
}

/** Creating and dropping schemas waits for migrations running in other test processes (see PG_CATALOG_LOCK). */
export async function withCatalogLock<T>(client: pg.Client, fn: () => Promise<T>): Promise<T> {
  await client.query('select pg_advisory_lock(hashtext($1))', [PG_CATALOG_LOCK]);
  try {
    return await fn();
  } finally {
    await client.query('select pg_advisory_unlock(hashtext($1))', [PG_CATALOG_LOCK]);
  }
}

function makeHarness(kind: StoreKind): StoreHarness & { cleanup(): Promise<void> } {
  const dirs: string[] = [];
  const schemas: string[] = [];
  const servers: FieldDeskServer[] = [];
  let counter = 0;

  const harness = {
    kind,
    async newStore(): Promise<StoreConfig> {
      if (kind === 'sqlite') {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fielddesk-test-'));
        dirs.push(dir);
        return { kind: 'sqlite', dataDir: path.join(dir, 'data'), dataDirExplicit: false, init: false };
      }
      // A random UUID part: CI saw a migration test's schema gone ("does not exist") while other
      // files ran in the same worker; a name two stores cannot share rules out one cause.
      const schema = `fdt_${process.pid}_${++counter}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
      const client = new pg.Client({ connectionString: TEST_PG_URL });
      await client.connect();
      try {
        await withCatalogLock(client, () => client.query(`create schema "${schema}"`));
      } finally {
        await client.end();
      }
      schemas.push(schema);
      return { kind: 'postgres', url: TEST_PG_URL, schema };
    },
    config: testConfig,
    async start(overrides: Partial<ServerConfig> & { store?: StoreConfig } = {}) {
      const { store, ...rest } = overrides;
      if (kind === 'postgres' && !rest.files) {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fielddesk-test-files-'));
        dirs.push(dir);
        rest.files = { dir, mayCreate: true };
      }
      const server = await createServer(testConfig(store ?? (await harness.newStore()), rest));
      servers.push(server);
      return server;
    },
    track(server: FieldDeskServer) {
      servers.push(server);
      return server;
    },
    async cleanup() {
      for (const s of servers.splice(0)) await s.close().catch(() => undefined);
      for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
      if (schemas.length > 0) {
        const client = new pg.Client({ connectionString: TEST_PG_URL });
        await client.connect();
        try {
          await withCatalogLock(client, async () => {
            for (const schema of schemas.splice(0)) await client.query(`drop schema if exists "${schema}" cascade`);
          });
        } finally {
          await client.end();
        }
      }
    },
  };
  return harness;
}

/** Declares the suite twice: "<name> [sqlite]" and "<name> [postgres]". */
export function describeStores(name: string, fn: (h: StoreHarness) => void): void {
  describe(`${name} [sqlite]`, () => {
    const h = makeHarness('sqlite');
    afterAll(() => h.cleanup());
    fn(h);
  });

  if (pgUnavailable) {
    if (REQUIRE_PG) {
      describe(`${name} [postgres]`, () => {
        it('needs PostgreSQL (FIELDDESK_REQUIRE_PG=1)', () => {
          throw new Error(`FIELDDESK_REQUIRE_PG=1 but ${pgUnavailable}`);
        });
      });
      return;
    }
    if (!warned) {
      warned = true;
      console.warn(`Skipping the PostgreSQL variant of the server tests: ${pgUnavailable}. (Set FIELDDESK_REQUIRE_PG=1 to make this an error.)`);
    }
    describe.skip(`${name} [postgres] (skipped: ${pgUnavailable})`, () => {
      fn(makeHarness('postgres'));
    });
    return;
  }
  describe(`${name} [postgres]`, () => {
    const h = makeHarness('postgres');
    afterAll(() => h.cleanup());
    fn(h);
  });
}
