/**
 * The pipelined pull: page N+1 is requested while page N is written, yet the stored cursor
 * only ever moves to a page whose records are committed, in page order, once per page — and
 * a failure anywhere in the pipeline neither skips nor repeats a page.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_PULL_LIMIT, DEFAULT_PULL_LIMIT } from '@fielddesk/common/sync/protocol';
import { ApiError } from '@fielddesk/common/ipc/contract';
import type { FieldDeskDb, MetaEntry } from '../db';
import { getMeta } from '../meta';
import { SyncEngine } from './engine';
import { FakeServer } from '../../../test/fakeServer';
import { freshDb, makeTicket } from '../../../test/fixtures';
import { sessionUser } from '../../../test/render';

const engines: SyncEngine[] = [];
afterEach(() => {
  for (const e of engines.splice(0)) e.stop();
});

/**
 * A server with `count` tickets, a replica, and an event log: `request:<cursor>` when the
 * engine asks for a page, `commit:<cursor>` when a transaction storing that cursor commits.
 */
function setup(count: number, extra: Partial<ConstructorParameters<typeof SyncEngine>[0]> = {}) {
  const server = new FakeServer(sessionUser);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push(server.serverWrite('ticket', makeTicket({ number: `INC-${5000 + i}` })).id);
  const db = freshDb('pipeline');
  const events: string[] = [];
  logCommits(db, events);
  const platform = {
    getSession: () => server.getSession(),
    onEvent: (l: Parameters<FakeServer['onEvent']>[0]) => server.onEvent(l),
    push: (r: Parameters<FakeServer['push']>[0]) => server.push(r),
    /** Set by a test to fail one request (by cursor). */
    failRequest: null as string | null,
    pull: async (query: { cursor: string; limit?: number }) => {
      events.push(`request:${query.cursor}`);
      if (platform.failRequest === query.cursor) {
        platform.failRequest = null;
        throw new ApiError('offline', 'Could not reach the FieldDesk server: the connection dropped.');
      }
      return server.pull(query);
    },
  };
  const engine = new SyncEngine({ db, platform, userId: sessionUser.id, periodicMs: 0, retryMinMs: 60_000, pullLimit: 2, ...extra });
  engines.push(engine);
  return { server, db, engine, events, ids, platform };
}

/** Logs `commit:<cursor>` when a transaction that wrote the cursor has committed. */
function logCommits(db: FieldDeskDb, events: string[]) {
  const onWrite = (value: unknown, tx: { on(event: 'complete', fn: () => void): void }) =>
    tx.on('complete', () => events.push(`commit:${String(value)}`));
  db.meta.hook('creating', (_key, obj: MetaEntry, tx) => {
    if (obj.key === 'cursor') onWrite(obj.value, tx);
  });
  db.meta.hook('updating', (mods: Partial<MetaEntry>, key, _obj, tx) => {
    if (key === 'cursor' && 'value' in mods) onWrite(mods.value, tx);
  });
}

const commits = (events: string[]) => events.filter((e) => e.startsWith('commit:')).map((e) => e.slice('commit:'.length));
const requests = (events: string[]) => events.filter((e) => e.startsWith('request:')).map((e) => e.slice('request:'.length));

describe('pipelined pull', () => {
  it('asks for the next page before the current one is written, and stores cursors in page order, once each', async () => {
    const { db, engine, events } = setup(7);
    expect((await engine.syncNow()).state).toBe('idle');

    // Pages of 2 over revs 101..107: cursors 102, 104, 106, 107.
    expect(requests(events)).toEqual(['0', '102.1', '104.1', '106.1']);
    expect(commits(events)).toEqual(['102.1', '104.1', '106.1', '107.1']);
    // Pipelined: page 2 is requested (with page 1's cursor) before page 1's cursor is committed.
    expect(events.indexOf('request:102.1')).toBeLessThan(events.indexOf('commit:102.1'));
    expect(events.indexOf('request:104.1')).toBeLessThan(events.indexOf('commit:104.1'));
    // ...but never asks further ahead than one page.
    expect(events.indexOf('commit:102.1')).toBeLessThan(events.indexOf('request:104.1'));
    expect(await db.tickets.count()).toBe(7);
    expect(await getMeta(db, 'cursor')).toBe('107.1');
  });

  it('a failed request mid-pipeline keeps the pages already written, and the next run resumes right after them', async () => {
    const { db, engine, events, ids, platform } = setup(7);
    platform.failRequest = '104.1'; // page 3 cannot be fetched
    const failed = await engine.syncNow();
    expect(failed.state).toBe('offline');
    // Page 2 was fetched before the failure and is still written; nothing after it.
    expect(await getMeta(db, 'cursor')).toBe('104.1');
    expect((await db.tickets.toArray()).map((t) => t.id).sort()).toEqual(ids.slice(0, 4).sort());

    expect((await engine.syncNow()).state).toBe('idle');
    expect(requests(events)).toEqual(['0', '102.1', '104.1', '104.1', '106.1']);
    expect(commits(events)).toEqual(['102.1', '104.1', '106.1', '107.1']);
    expect((await db.tickets.toArray()).map((t) => t.id).sort()).toEqual([...ids].sort());
  });

  it('a failed write mid-pipeline leaves the cursor on the last committed page; the in-flight page is dropped and fetched again', async () => {
    const { db, engine, events, ids, platform } = setup(7);
    // Writing page 2 (tickets 3 and 4) fails once, as a full disk would.
    let failWrite = true;
    db.tickets.hook('creating', (key) => {
      if (failWrite && key === ids[2]) {
        failWrite = false;
        throw new Error('QuotaExceededError: the disk is full');
      }
    });
    // The request for page 3 is already in flight when the write fails; let it fail too:
    // its rejection must not go unhandled (vitest fails the run on an unhandled rejection).
    platform.failRequest = '104.1';
    const failed = await engine.syncNow();
    expect(failed.state).toBe('error');
    expect(failed.message).toContain('the disk is full');
    expect(await getMeta(db, 'cursor')).toBe('102.1');
    expect((await db.tickets.toArray()).map((t) => t.id).sort()).toEqual(ids.slice(0, 2).sort());

    expect((await engine.syncNow()).state).toBe('idle');
    // Page 2 is asked for again from the stored cursor; no page is skipped or stored twice.
    expect(requests(events)).toEqual(['0', '102.1', '104.1', '102.1', '104.1', '106.1']);
    expect(commits(events)).toEqual(['102.1', '104.1', '106.1', '107.1']);
    expect((await db.tickets.toArray()).map((t) => t.id).sort()).toEqual([...ids].sort());
  });

  it('uses the largest page size for the first download and large backlogs, the usual size for a few changes', async () => {
    const server = new FakeServer(sessionUser);
    for (let i = 0; i < 3; i++) server.serverWrite('ticket', makeTicket());
    const db = freshDb('pipeline');
    const engine = new SyncEngine({ db, platform: server, userId: sessionUser.id, periodicMs: 0, retryMinMs: 60_000 });
    engines.push(engine);
    await engine.syncNow();
    expect(server.pulls.map((p) => p.limit)).toEqual([MAX_PULL_LIMIT]);

    // A few changes: the usual page size.
    server.serverWrite('ticket', makeTicket());
    await engine.syncNow();
    expect(server.pulls.at(-1)?.limit).toBe(DEFAULT_PULL_LIMIT);

    // A backlog larger than a usual page: the first page says so, the rest come in large pages.
    for (let i = 0; i < 2 * DEFAULT_PULL_LIMIT + 5; i++) server.serverWrite('ticket', makeTicket());
    const before = server.pulls.length;
    await engine.syncNow();
    expect(server.pulls.slice(before).map((p) => p.limit)).toEqual([DEFAULT_PULL_LIMIT, MAX_PULL_LIMIT]);
    expect(await db.tickets.count()).toBe(3 + 1 + 2 * DEFAULT_PULL_LIMIT + 5);
  });
});
