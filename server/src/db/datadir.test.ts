import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServer } from '../app';
import type { SqliteStoreConfig } from '../config';
import { StartupError } from '../errors';
import { testConfig } from '../../test/stores';
import { DB_FILE, MARKER_FILE } from './datadir';

/** Data directory rules (SQLite only: PostgreSQL has no data directory). */
describe('data directory', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'fielddesk-datadir-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const store = (dir: string, opts: Partial<SqliteStoreConfig> = {}): SqliteStoreConfig => ({ kind: 'sqlite', dataDir: dir, dataDirExplicit: true, init: false, ...opts });
  const start = (dir: string, opts: Partial<SqliteStoreConfig> = {}) => createServer(testConfig(store(dir, opts), { seedDemoData: false }));

  async function startError(dir: string, opts: Partial<SqliteStoreConfig> = {}): Promise<StartupError> {
    const error = await start(dir, opts).then(
      async (s) => {
        await s.close();
        return null;
      },
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StartupError);
    return error as StartupError;
  }

  it('refuses a missing explicit directory, naming it and FIELDDESK_INIT / --init', async () => {
    const dir = path.join(root, 'not-there');
    const error = await startError(dir);
    expect(error.message).toContain(dir);
    expect(error.message).toContain('does not exist');
    expect(error.message).toContain('FIELDDESK_INIT=1');
    expect(error.message).toContain('--init');
    expect(fs.existsSync(dir)).toBe(false);
  });

  it('creates a missing explicit directory with --init, and the default directory on first start', async () => {
    const dir = path.join(root, 'new', 'data');
    const s = await start(dir, { init: true });
    await s.close();
    expect(fs.existsSync(path.join(dir, DB_FILE))).toBe(true);
    expect(JSON.parse(fs.readFileSync(path.join(dir, MARKER_FILE), 'utf8'))).toMatchObject({ format: 'fielddesk-server-data', formatVersion: 1 });

    const implicit = path.join(root, 'default', 'fielddesk-server');
    const d = await start(implicit, { dataDirExplicit: false });
    await d.close();
    expect(fs.existsSync(path.join(implicit, DB_FILE))).toBe(true);
  });

  it('starts again on its own directory, keeping the data (WAL mode, foreign keys on)', async () => {
    const dir = path.join(root, 'data');
    const first = await createServer(testConfig(store(dir, { init: true })));
    const rev = await first.store.currentRev();
    await first.close();
    const again = await createServer(testConfig(store(dir)));
    expect(await again.store.currentRev()).toBe(rev);
    expect(again.store.label).toBe(`SQLite at ${path.join(dir, DB_FILE)}`);
    await again.close();
    const wal = fs.readFileSync(path.join(dir, DB_FILE)).subarray(18, 20);
    expect([...wal]).toEqual([2, 2]); // file format bytes: 2 = WAL
  });

  it('refuses a file where the directory should be', async () => {
    const file = path.join(root, 'a-file');
    fs.writeFileSync(file, 'hello');
    const error = await startError(file);
    expect(error.message).toContain(`${file} is a file, not a directory`);
    expect(fs.readFileSync(file, 'utf8')).toBe('hello');
  });

  it('refuses a database that is not SQLite, and leaves it alone', async () => {
    const dir = path.join(root, 'data');
    await (await start(dir, { init: true })).close();
    fs.rmSync(path.join(dir, `${DB_FILE}-wal`), { force: true });
    fs.rmSync(path.join(dir, `${DB_FILE}-shm`), { force: true });
    const garbage = Buffer.from('this is not a database '.repeat(400));
    fs.writeFileSync(path.join(dir, DB_FILE), garbage);
    const error = await startError(dir);
    expect(error.message).toContain(path.join(dir, DB_FILE));
    expect(error.message).toMatch(/not a readable SQLite database/);
    expect(fs.readFileSync(path.join(dir, DB_FILE)).equals(garbage)).toBe(true);
  });

  it('refuses a damaged SQLite database that fails quick_check', async () => {
    const dir = path.join(root, 'data');
    const s = await createServer(testConfig(store(dir, { init: true })));
    await s.close();
    const file = path.join(dir, DB_FILE);
    const bytes = fs.readFileSync(file);
    // Keep the header page, scribble over the b-tree pages.
    for (let i = 4096; i < bytes.length; i += 7) bytes[i] = (bytes[i] ?? 0) ^ 0x5a;
    fs.writeFileSync(file, bytes);
    const error = await startError(dir);
    expect(error.message).toContain(file);
    expect(error.message).toMatch(/is damaged|failed its integrity check/);
    expect(error.message).toMatch(/restore it from a backup/);
  });

  it('refuses a garbled marker file', async () => {
    const dir = path.join(root, 'data');
    await (await start(dir, { init: true })).close();
    fs.writeFileSync(path.join(dir, MARKER_FILE), '{"format": "fielddesk-server-da');
    const error = await startError(dir);
    expect(error.message).toContain(path.join(dir, MARKER_FILE));
    expect(error.message).toMatch(/damaged/);
  });

  it('refuses a database without its marker', async () => {
    const dir = path.join(root, 'data');
    await (await start(dir, { init: true })).close();
    fs.rmSync(path.join(dir, MARKER_FILE));
    const error = await startError(dir);
    expect(error.message).toContain(`holds ${DB_FILE} but no ${MARKER_FILE}`);
    expect(fs.existsSync(path.join(dir, MARKER_FILE))).toBe(false);
  });

  it('refuses a marker whose database is missing, never starting over silently', async () => {
    const dir = path.join(root, 'data');
    await (await start(dir, { init: true })).close();
    for (const f of fs.readdirSync(dir)) if (f.startsWith(DB_FILE)) fs.rmSync(path.join(dir, f));
    const error = await startError(dir);
    expect(error.message).toMatch(/fielddesk\.sqlite is missing/);
    expect(fs.existsSync(path.join(dir, DB_FILE))).toBe(false);
  });

  it('refuses data written by a newer server', async () => {
    const dir = path.join(root, 'data');
    await (await start(dir, { init: true })).close();
    fs.writeFileSync(path.join(dir, MARKER_FILE), JSON.stringify({ format: 'fielddesk-server-data', formatVersion: 99, createdAt: 'x' }));
    const error = await startError(dir);
    expect(error.message).toMatch(/newer FieldDesk server \(data format 99/);
  });

  it.skipIf(process.getuid?.() === 0)('refuses a directory it may not write (skipped as root: root may write anywhere)', async () => {
    const dir = path.join(root, 'readonly');
    fs.mkdirSync(dir);
    fs.chmodSync(dir, 0o500);
    const error = await startError(dir);
    expect(error.message).toMatch(/read and write access/);
    fs.chmodSync(dir, 0o700);
  });
});

describe('PostgreSQL connection', () => {
  it('names host and port when the server cannot be reached', async () => {
    const error = await createServer(testConfig({ kind: 'postgres', url: 'postgres://fd:secret@127.0.0.1:1/fielddesk', schema: null })).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(StartupError);
    expect(error?.message).toContain('Cannot reach PostgreSQL at 127.0.0.1:1/fielddesk');
    expect(error?.message).not.toContain('secret');
  });
});
