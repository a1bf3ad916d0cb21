/**
 * Two real server processes (node + tsx on src/main.ts) on one PostgreSQL schema, with
 * clients on each: they seed once, share sessions (a token from one works on the other),
 * poke each other's clients through LISTEN/NOTIFY, and pulls from either give identical
 * records after writes on both. PostgreSQL only: skipped with the reason when it is not
 * reachable (an error with FIELDDESK_REQUIRE_PG=1), like the other PostgreSQL tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, POKE_EVENT, type LoginResponse } from '@fielddesk/common/api/http';
import type { Ticket } from '@fielddesk/common/domain/entities';
import type { Change, Op, PullResponse, PushResponse } from '@fielddesk/common/sync/protocol';
import { OpFactory } from '../test/http';
import { openSse, type SseStream } from '../test/sse';
import { pgUnavailable, TEST_PG_URL, withCatalogLock } from '../test/stores';

const serverDir = fileURLToPath(new URL('..', import.meta.url));
const MAIN = path.join(serverDir, 'src', 'main.ts');
const REQUIRE_PG = process.env.FIELDDESK_REQUIRE_PG === '1';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Proc {
  child: ChildProcess;
  stdout: string;
  stderr: string;
  exit: Promise<number | null>;
  url: string;
}

function startProcess(schema: string, dataDir: string): Omit<Proc, 'url'> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    cwd: serverDir,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: os.tmpdir(),
      FIELDDESK_LOG_LEVEL: 'warn',
      FIELDDESK_PORT: '0',
      FIELDDESK_DATABASE_URL: TEST_PG_URL,
      FIELDDESK_DATABASE_SCHEMA: schema,
      // Attachment files: one directory shared by both processes.
      FIELDDESK_DATA_DIR: dataDir,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const p = { child, stdout: '', stderr: '', exit: new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code))) };
  child.stdout?.on('data', (d: Buffer) => (p.stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (p.stderr += d.toString()));
  return p;
}

async function listening(p: Omit<Proc, 'url'>, timeoutMs = 60_000): Promise<Proc> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const match = /listening on (http:\/\/\S+)/.exec(p.stdout);
    if (match?.[1]) return { ...p, url: match[1] };
    if (p.child.exitCode !== null) throw new Error(`server exited (${p.child.exitCode}): ${p.stderr}`);
    await sleep(50);
  }
  throw new Error(`server did not start: ${p.stdout} ${p.stderr}`);
}

async function login(base: string, username: string): Promise<string> {
  const res = await fetch(`${base}${API.login}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'fielddesk-demo', client: 'desktop' }),
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as LoginResponse;
  if (!body.token) throw new Error('no token');
  return body.token;
}

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

async function pushOps(base: string, token: string, clientId: string, ops: Op[]): Promise<PushResponse> {
  const res = await fetch(`${base}${API.push}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth(token) },
    body: JSON.stringify({ clientId, ops }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as PushResponse;
}

/** Everything the user may see, from cursor 0, as entity:id -> record (last write wins). */
async function pullAll(base: string, token: string): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>();
  let cursor = '0';
  for (let i = 0; i < 200; i++) {
    const res = await fetch(`${base}${API.pull}?cursor=${cursor}&limit=2000`, { headers: auth(token) });
    expect(res.status).toBe(200);
    const page = (await res.json()) as PullResponse;
    for (const c of page.changes as Change[]) {
      if (c.op === 'put') out.set(`${c.entity}:${c.id}`, c.data);
      else out.delete(`${c.entity}:${c.id}`);
    }
    cursor = page.cursor;
    if (!page.hasMore) return out;
  }
  throw new Error('pull never finished');
}

function multiprocessSuite(): void {
  let schema: string;
  let dataDir: string;
  let a: Proc;
  let b: Proc;
  const streams: SseStream[] = [];

  beforeAll(async () => {
    schema = `fdt_mp_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const client = new pg.Client({ connectionString: TEST_PG_URL });
    await client.connect();
    await withCatalogLock(client, () => client.query(`create schema "${schema}"`));
    await client.end();
    // Both start at once on the new, empty schema: migrations and the seed must run once.
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fielddesk-mp-'));
    const [pa, pb] = [startProcess(schema, dataDir), startProcess(schema, dataDir)];
    [a, b] = await Promise.all([listening(pa), listening(pb)]);
  }, 90_000);

  afterAll(async () => {
    for (const s of streams) s.close();
    for (const p of [a, b]) {
      if (p && p.child.exitCode === null) {
        p.child.kill('SIGTERM');
        await p.exit;
      }
    }
    const client = new pg.Client({ connectionString: TEST_PG_URL });
    await client.connect();
    await withCatalogLock(client, () => client.query(`drop schema if exists "${schema}" cascade`));
    await client.end();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  it('two processes on one schema: seeded once, shared sessions, cross-process pokes, converging pulls', async () => {
    expect([a.stdout, b.stdout].filter((out) => out.includes('Demo data created'))).toHaveLength(1);

    const tech1 = await login(a.url, 'tech1');
    const tech4 = await login(b.url, 'tech4');
    const admin = await login(a.url, 'admin');
    // Sessions live in the database: a token from A is good on B.
    const me = await fetch(`${b.url}${API.me}`, { headers: auth(tech1) });
    expect(me.status).toBe(200);

    // Subscribe to pokes on both processes.
    const onA = await openSse(`${a.url}${API.events}`, auth(tech1));
    const onB = await openSse(`${b.url}${API.events}`, auth(tech4));
    streams.push(onA, onB);
    expect(onA.status).toBe(200);
    await onA.waitFor(() => onA.received.includes(':connected'));
    await onB.waitFor(() => onB.received.includes(':connected'));
    await sleep(600);

    // Shared tickets: HQ tickets are visible to tech1 (A) and tech4 (B).
    const seen = await pullAll(a.url, tech1);
    const hq = [...seen.entries()]
      .filter(([k]) => k.startsWith('ticket:'))
      .map(([, v]) => v as Ticket)
      .filter((t) => t.status !== 'closed' && t.status !== 'resolved');
    const tech1Site = hq[0]?.siteId;
    const shared = hq.filter((t) => t.siteId === tech1Site).slice(0, 3);
    expect(shared).toHaveLength(3);
    const [x, y, z] = shared as [Ticket, Ticket, Ticket];

    // A write on B pokes the client on A.
    const beforeA = onA.count(POKE_EVENT);
    const fb = new OpFactory();
    const rb = await pushOps(b.url, tech4, fb.clientId, [fb.patch(x.id, x.rev, { priority: x.priority === 1 ? 2 : 1 }), fb.worklog(x.id, 'Checked on site (B).')]);
    expect(rb.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    expect(await onA.waitFor(() => onA.count(POKE_EVENT) > beforeA, 5000)).toBe(true);

    // And a write on A pokes the client on B.
    const beforeB = onB.count(POKE_EVENT);
    const fa = new OpFactory();
    const ra = await pushOps(a.url, tech1, fa.clientId, [fa.patch(y.id, y.rev, { title: `${y.title} (checked)` }), fa.worklog(x.id, 'Follow-up (A).')]);
    expect(ra.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    expect(await onB.waitFor(() => onB.count(POKE_EVENT) > beforeB, 5000)).toBe(true);

    // Both change the same ticket at once, different fields, from the same base.
    const [za, zb] = await Promise.all([
      pushOps(a.url, tech1, fa.clientId, [fa.patch(z.id, z.rev, { category: 'Checked by A' })]),
      pushOps(b.url, tech4, fb.clientId, [fb.patch(z.id, z.rev, { priority: z.priority === 5 ? 4 : 5 })]),
    ]);
    expect(za.results[0]?.status).toBe('applied');
    expect(zb.results[0]?.status).toBe('applied');

    // Pulls from either process give identical records, for a technician and for an admin.
    for (const token of [tech1, admin]) {
      const [fromA, fromB] = await Promise.all([pullAll(a.url, token), pullAll(b.url, token)]);
      expect(fromA.size).toBeGreaterThan(100);
      expect([...fromB.entries()].sort(([k1], [k2]) => k1.localeCompare(k2))).toEqual([...fromA.entries()].sort(([k1], [k2]) => k1.localeCompare(k2)));
      const zNow = fromA.get(`ticket:${z.id}`) as Ticket;
      expect(zNow.category).toBe('Checked by A');
      expect(zNow.priority).toBe(z.priority === 5 ? 4 : 5);
      expect((fromA.get(`ticket:${y.id}`) as Ticket).title).toBe(`${y.title} (checked)`);
      const xLogs = [...fromA.values()].filter((v) => (v as { ticketId?: string }).ticketId === x.id && 'body' in (v as object));
      expect(xLogs.map((l) => (l as { body: string }).body)).toEqual(expect.arrayContaining(['Checked on site (B).', 'Follow-up (A).']));
    }
  }, 120_000);
}

if (pgUnavailable) {
  if (REQUIRE_PG) {
    describe('two server processes on one PostgreSQL', () => {
      it('needs PostgreSQL (FIELDDESK_REQUIRE_PG=1)', () => {
        throw new Error(`FIELDDESK_REQUIRE_PG=1 but ${pgUnavailable}`);
      });
    });
  } else {
    describe.skip(`two server processes on one PostgreSQL (skipped: ${pgUnavailable})`, multiprocessSuite);
  }
} else {
  describe('two server processes on one PostgreSQL', multiprocessSuite);
}
