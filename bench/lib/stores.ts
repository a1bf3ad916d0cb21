/**
 * Fresh stores for the benchmark: SQLite in a new temporary data directory, PostgreSQL in
 * a new schema of the database at FIELDDESK_TEST_PG_URL (default
 * postgres://postgres@127.0.0.1:5432/test). Everything made here is removed by cleanup().
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { DEFAULT_LOGIN_THROTTLE, type ServerConfig, type StoreConfig } from '../../server/src/config';
import type { StoreName } from './report';

export const PG_URL = process.env.FIELDDESK_TEST_PG_URL || 'postgres://postgres@127.0.0.1:5432/test';

/** The PostgreSQL address without credentials, for messages. */
export const PG_LABEL = PG_URL.replace(/\/\/[^@/]*@/, '//');

/** Why PostgreSQL cannot be used, or null when it can. */
export async function probePostgres(): Promise<string | null> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (error) {
    const e = error as Error & { code?: string };
    return `PostgreSQL at ${PG_LABEL} is not reachable (${e.code ?? e.message}); set FIELDDESK_TEST_PG_URL to a reachable server`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const dirs: string[] = [];
const schemas: string[] = [];
let counter = 0;

/** A store and a directory for the server's attachment files. */
export interface BenchStore {
  store: StoreConfig;
  filesDir: string;
}

export async function newStore(kind: StoreName): Promise<BenchStore> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fielddesk-bench-'));
  dirs.push(dir);
  const filesDir = path.join(dir, 'data');
  if (kind === 'sqlite') {
    return { store: { kind: 'sqlite', dataDir: filesDir, dataDirExplicit: false, init: false }, filesDir };
  }
  const schema = `fdbench_${process.pid}_${++counter}`;
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
    await client.query(`create schema "${schema}"`);
  } finally {
    await client.end();
  }
  schemas.push(schema);
  return { store: { kind: 'postgres', url: PG_URL, schema }, filesDir };
}

/**
 * A quiet server configuration with the demo seed (for its users). Password hashing is
 * cheap because sign-in is not what is measured; everything else is the server's default.
 */
export function benchConfig({ store, filesDir }: BenchStore): ServerConfig {
  return {
    host: '127.0.0.1',
    port: 0,
    store,
    files: { dir: filesDir, mayCreate: true },
    webDir: path.join(os.tmpdir(), 'fielddesk-bench-no-web-dir'),
    sessionTtlHours: 12,
    seedDemoData: true,
    trustProxy: false,
    logLevel: 'silent',
    passwordHashing: { N: 1024, r: 8, p: 1, keyLen: 32 },
    loginThrottle: { ...DEFAULT_LOGIN_THROTTLE, ipLockAfter: 100_000, userLockAfter: 100_000 },
    now: () => Date.now(),
  };
}

export async function cleanupStores(): Promise<void> {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  if (schemas.length === 0) return;
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    for (const schema of schemas.splice(0)) await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}
