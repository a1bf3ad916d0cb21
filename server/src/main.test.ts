import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Sqlite from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

/**
 * The real entry point in real processes (through tsx, from source): startup messages,
 * exit codes, and two SQLite servers starting at once on one new data directory.
 */
const serverDir = fileURLToPath(new URL('..', import.meta.url));
const MAIN = path.join(serverDir, 'src', 'main.ts');

interface Run {
  child: ChildProcess;
  stdout: string;
  stderr: string;
  exit: Promise<number | null>;
}

function run(env: Record<string, string>, args: string[] = []): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    cwd: serverDir,
    env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), FIELDDESK_LOG_LEVEL: 'warn', FIELDDESK_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const r: Run = { child, stdout: '', stderr: '', exit: new Promise((resolve) => child.on('exit', (code) => resolve(code))) };
  child.stdout?.on('data', (d: Buffer) => (r.stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (r.stderr += d.toString()));
  return r;
}

/**
 * Waits for the server to say it listens. A start compiles the server with tsx and seeds a new
 * database, which takes a few seconds on an idle machine and far longer on a busy CI one; the
 * wait ends as soon as the line appears, and the tests' own limit (below) is longer than it.
 */
async function listening(r: Run, timeoutMs = 100_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const match = /listening on (http:\/\/\S+)/.exec(r.stdout);
    if (match?.[1]) return match[1];
    if (r.child.exitCode !== null) throw new Error(`server exited (${r.child.exitCode}): ${r.stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`server did not start: ${r.stdout} ${r.stderr}`);
}

describe('main (the server process)', { timeout: 150_000 }, () => {
  let root: string;
  const running: Run[] = [];
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'fielddesk-main-'));
  });
  afterEach(async () => {
    for (const r of running.splice(0)) {
      if (r.child.exitCode === null) {
        r.child.kill('SIGTERM');
        await r.exit;
      }
    }
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('exits non-zero with a clear message when the explicit data directory is missing', async () => {
    const dir = path.join(root, 'missing');
    const r = run({ FIELDDESK_DATA_DIR: dir });
    expect(await r.exit).toBe(1);
    expect(r.stderr).toContain('FieldDesk server could not start:');
    expect(r.stderr).toContain(dir);
    expect(r.stderr).toContain('FIELDDESK_INIT=1');
    expect(fs.existsSync(dir)).toBe(false);
  });

  it('exits non-zero naming host and port when PostgreSQL is unreachable', async () => {
    const r = run({ FIELDDESK_DATABASE_URL: 'postgres://postgres@127.0.0.1:1/fielddesk', FIELDDESK_DATA_DIR: root });
    expect(await r.exit).toBe(1);
    expect(r.stderr).toContain('Cannot reach PostgreSQL at 127.0.0.1:1/fielddesk');
  });

  it('exits non-zero on a bad setting', async () => {
    const r = run({ FIELDDESK_PORT: 'http' });
    expect(await r.exit).toBe(1);
    expect(r.stderr).toContain('FIELDDESK_PORT="http" is not valid');
  });

  it('starts with --init, prints where it listens and which database it uses, and stops on SIGTERM', async () => {
    const dir = path.join(root, 'fresh');
    const r = run({ FIELDDESK_DATA_DIR: dir, FIELDDESK_WEB_DIR: path.join(root, 'no-web') }, ['--init']);
    running.push(r);
    const url = await listening(r);
    expect(r.stdout).toMatch(new RegExp(`FieldDesk server listening on http://127\\.0\\.0\\.1:\\d+ \\(SQLite at ${path.join(dir, 'fielddesk.sqlite').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\)`));
    expect(r.stdout).toContain('Demo data created');
    expect(r.stdout).toContain('npm run build:app');
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    r.child.kill('SIGTERM');
    expect(await r.exit).toBe(0);
  });

  it('seeds once when two servers start at once on one new SQLite data directory', async () => {
    const dir = path.join(root, 'twice');
    const a = run({ FIELDDESK_DATA_DIR: dir, FIELDDESK_INIT: '1' });
    const b = run({ FIELDDESK_DATA_DIR: dir, FIELDDESK_INIT: '1' });
    running.push(a, b);
    await Promise.all([listening(a), listening(b)]);
    const seeded = [a, b].filter((r) => r.stdout.includes('Demo data created'));
    expect(seeded).toHaveLength(1);
    const db = new Sqlite(path.join(dir, 'fielddesk.sqlite'), { readonly: true });
    try {
      // 300 incidents and requests plus 15 problems: written once, not twice.
      expect(db.prepare('select count(*) as n from tickets').get()).toEqual({ n: 315 });
      expect(db.prepare('select count(*) as n from persons').get()).toEqual({ n: 28 });
    } finally {
      db.close();
    }
  });
});
