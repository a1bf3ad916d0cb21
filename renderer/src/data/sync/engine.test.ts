import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Ticket, Worklog } from '@fielddesk/common/domain/entities';
import { FieldDeskDb, recordKey } from '../db';
import { getMeta } from '../meta';
import { createTicketRepository } from '../repositories/tickets';
import { createLinkRepository } from '../repositories/links';
import { createTaskRepository } from '../repositories/tasks';
import { SESSION_EXPIRED_MESSAGE, SyncEngine, type SyncNotice } from './engine';
import { FakeServer } from '../../../test/fakeServer';
import { freshDb, group, makeTicket, requester, site, tech } from '../../../test/fixtures';

const user = { id: tech.id, username: tech.username, displayName: tech.displayName, role: tech.role, siteId: tech.siteId, groupIds: tech.groupIds };

const engines: SyncEngine[] = [];
function makeEngine(db: FieldDeskDb, server: FakeServer, extra: Partial<ConstructorParameters<typeof SyncEngine>[0]> = {}) {
  const engine = new SyncEngine({ db, platform: server, userId: tech.id, periodicMs: 0, retryMinMs: 60_000, debounceMs: 1, ...extra });
  engines.push(engine);
  return engine;
}
afterEach(() => {
  for (const e of engines.splice(0)) e.stop();
});

/** A server holding one ticket, and a replica that has pulled it. */
async function setup(ticketOverrides: Partial<Ticket> = {}) {
  const server = new FakeServer(user);
  server.serverWrite('site', site);
  server.serverWrite('group', group);
  server.serverWrite('person', tech);
  server.serverWrite('person', requester);
  const ticket = server.serverWrite('ticket', makeTicket(ticketOverrides));
  const db = freshDb('sync');
  const engine = makeEngine(db, server);
  const status = await engine.syncNow();
  expect(status.state).toBe('idle');
  const repo = createTicketRepository({ db, userId: tech.id });
  return { server, db, engine, repo, ticket };
}

describe('sync engine', () => {
  it('pulls everything the user may see into the replica, page by page', async () => {
    const server = new FakeServer(user);
    for (let i = 0; i < 7; i++) server.serverWrite('ticket', makeTicket({ number: `INC-${3000 + i}` }));
    const db = freshDb('sync');
    const engine = makeEngine(db, server, { pullLimit: 3 });

    const status = await engine.syncNow();

    expect(status).toMatchObject({ state: 'idle', online: true, message: null });
    expect(await db.tickets.count()).toBe(7);
    expect(server.pulls.map((p) => p.cursor)).toEqual(['0', '103.1', '106.1']);
    expect(await getMeta(db, 'cursor')).toBe('107.1');
    expect(await getMeta(db, 'lastSyncAt')).toBe(status.lastSyncAt);
  });

  it('pushes the outbox in seq order, in batches, with one client id', async () => {
    const { server, db, repo, ticket } = await setup();
    const engine = makeEngine(db, server, { pushBatchSize: 2 });
    await repo.changeTicketStatus(ticket.id, 'in_progress');
    const logs: string[] = [];
    for (const text of ['one', 'two', 'three', 'four']) {
      const r = await repo.addWorklog(ticket.id, text, 5);
      if (r.ok) logs.push(r.id);
    }

    await engine.syncNow();

    expect(server.pushes.map((p) => p.ops.length)).toEqual([2, 2, 1]);
    const seqs = server.pushes.flatMap((p) => p.ops.map((o) => o.seq));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(server.pushes.map((p) => p.clientId)).size).toBe(1);
    expect(server.pushes[0]?.ops[0]).toMatchObject({ entity: 'ticket', kind: 'patch', fields: { status: 'in_progress' } });
    expect(server.all<Worklog>('worklog').map((w) => w.body)).toEqual(['one', 'two', 'three', 'four']);
    expect(await db.outbox.count()).toBe(0);
    expect(await db.shadows.count()).toBe(0);
    // Applied: the replica holds the server's records (with server revs).
    expect((await db.tickets.get(ticket.id))?.rev).toBe(server.get<Ticket>('ticket', ticket.id)?.rev);
    expect((await db.worklogs.get(logs[0]!))?.rev).toBeGreaterThan(0);
  });

  it('drops an op the server answers as duplicate, and the server holds it once', async () => {
    const { server, db, engine, repo, ticket } = await setup();
    await repo.addWorklog(ticket.id, 'Replaced fuser', 30);
    const [entry] = await db.outbox.toArray();
    // The server already has this op (e.g. a previous push whose answer was lost).
    await server.push({ clientId: (await getMeta(db, 'clientId'))!, ops: [{ ...entry!.op, seq: entry!.seq! }] });

    await engine.syncNow();

    expect(await db.outbox.count()).toBe(0);
    expect(server.all<Worklog>('worklog')).toHaveLength(1);
    expect(await db.worklogs.count()).toBe(1);
  });

  it('keeps an op across a crash before the push, and sends it once after reopening', async () => {
    const { server, db, repo, ticket } = await setup();
    await repo.changeTicketStatus(ticket.id, 'in_progress');
    await repo.addWorklog(ticket.id, 'On site, diagnosing', 10);
    db.close(); // the app dies before any push

    const reopened = new FieldDeskDb(db.name);
    expect(await reopened.outbox.count()).toBe(2);
    expect((await reopened.tickets.get(ticket.id))?.status).toBe('in_progress');

    await makeEngine(reopened, server).syncNow();

    expect(server.get<Ticket>('ticket', ticket.id)?.status).toBe('in_progress');
    expect(server.all<Worklog>('worklog')).toHaveLength(1);
    expect(await reopened.outbox.count()).toBe(0);
  });

  it('keeps the op when the answer is lost after the server applied it; the retry is a duplicate', async () => {
    const { server, db, engine, repo, ticket } = await setup();
    await repo.addWorklog(ticket.id, 'Cable replaced', 12);
    server.loseNextAnswer = true;

    const first = await engine.syncNow();
    expect(first.state).toBe('offline');
    expect(await db.outbox.count()).toBe(1);
    expect((await db.outbox.toArray())[0]).toMatchObject({ state: 'sending', attempts: 1 });

    const second = await engine.syncNow();
    expect(second.state).toBe('idle');
    expect(await db.outbox.count()).toBe(0);
    expect(server.all<Worklog>('worklog')).toHaveLength(1);
    expect(await db.worklogs.count()).toBe(1);
  });

  it('works offline quietly, then sends everything when the server is back', async () => {
    const { server, db, engine, repo, ticket } = await setup();
    server.offline = true;
    await repo.changeTicketStatus(ticket.id, 'in_progress');
    await repo.addWorklog(ticket.id, 'Worked without network', 45);

    const offline = await engine.syncNow();
    expect(offline).toMatchObject({ state: 'offline', online: false });
    expect(offline.message).toContain('Could not reach the FieldDesk server');
    expect(offline.nextRetryAt).not.toBeNull();
    expect(await db.outbox.count()).toBe(2);
    expect((await db.tickets.get(ticket.id))?.status).toBe('in_progress');

    // The platform says the server is reachable again: the engine syncs by itself.
    server.offline = false;
    engine.start();
    server.emit({ type: 'connectivity', state: { online: true, reason: null, checkedAt: new Date().toISOString() } });
    await expect.poll(() => db.outbox.count()).toBe(0);
    await expect.poll(() => engine.getStatus().state).toBe('idle');
    expect(server.get<Ticket>('ticket', ticket.id)?.status).toBe('in_progress');
    expect(server.all<Worklog>('worklog').map((w) => w.body)).toEqual(['Worked without network']);
  });

  it('rebases pending changes over a pull: server fields arrive, local pending fields stay', async () => {
    const { server, db, engine, repo, ticket } = await setup({ status: 'assigned' });
    // A colleague retitles the ticket and raises its priority on the server...
    const colleague = server.serverWrite('ticket', { ...server.get<Ticket>('ticket', ticket.id)!, title: 'Printer jams (all trays)', priority: 1 });
    // ...and the technician changes its status while the pull is on its way (after the push).
    const realPull = server.pull.bind(server);
    let changedDuringPull = false;
    server.pull = async (query) => {
      if (!changedDuringPull) {
        changedDuringPull = true;
        expect((await repo.changeTicketStatus(ticket.id, 'in_progress')).ok).toBe(true);
      }
      return realPull(query);
    };

    await engine.syncNow();

    expect(await db.outbox.count()).toBe(1);
    expect(await db.tickets.get(ticket.id)).toMatchObject({ title: 'Printer jams (all trays)', priority: 1, status: 'in_progress', rev: colleague.rev });
    expect((await db.shadows.get(recordKey('ticket', ticket.id)))?.record).toMatchObject({ status: 'assigned', rev: colleague.rev });

    // The next run pushes the pending change on top of the colleague's.
    await engine.syncNow();
    expect(server.get<Ticket>('ticket', ticket.id)).toMatchObject({ title: 'Printer jams (all trays)', priority: 1, status: 'in_progress' });
    expect(await db.tickets.get(ticket.id)).toMatchObject({ title: 'Printer jams (all trays)', status: 'in_progress' });
    expect(await db.outbox.count()).toBe(0);
    expect(await db.shadows.count()).toBe(0);
  });

  it('keeps the reason of a rejected op, drops the op and rolls the record back', async () => {
    const { server, db, engine, repo, ticket } = await setup({ status: 'assigned' });
    await repo.changeTicketStatus(ticket.id, 'in_progress');
    server.decide = (op) => ({ opId: op.opId, status: 'rejected', reason: 'This ticket was closed by the desk; it cannot change state.' });
    const notices: SyncNotice[] = [];
    engine.onNotice((n) => notices.push(n));

    await engine.syncNow();

    expect(await db.outbox.count()).toBe(0);
    const [rejection] = await db.rejections.toArray();
    expect(rejection).toMatchObject({
      recordKey: recordKey('ticket', ticket.id),
      reason: 'This ticket was closed by the desk; it cannot change state.',
      op: { kind: 'patch', fields: { status: 'in_progress' } },
      acknowledged: 0,
    });
    expect(notices).toEqual([expect.objectContaining({ kind: 'rejected', reason: rejection!.reason })]);
    expect((await db.tickets.get(ticket.id))?.status).toBe('assigned');
    expect(await db.shadows.count()).toBe(0);
  });

  it('keeps the server record on a conflict and stores the local values', async () => {
    const { server, db, engine, repo, ticket } = await setup({ status: 'in_progress' });
    await repo.changeTicketStatus(ticket.id, 'on_hold', { onHoldReason: 'Waiting for the vendor' });
    const serverRecord = server.serverWrite('ticket', { ...ticket, status: 'on_hold', onHoldReason: 'Customer away' });
    server.decide = (op) => ({ opId: op.opId, status: 'conflict', fields: ['onHoldReason'], server: serverRecord });

    await engine.syncNow();

    expect(await db.outbox.count()).toBe(0);
    const conflicts = await db.fieldConflicts.toArray();
    expect(conflicts).toEqual([
      expect.objectContaining({ field: 'onHoldReason', local: 'Waiting for the vendor', server: 'Customer away', resolved: 0, recordId: ticket.id }),
    ]);
    expect((await db.tickets.get(ticket.id))?.onHoldReason).toBe('Customer away');
  });

  it('stops on an expired session, keeps the ops, and pushes them after signing in again', async () => {
    const { server, db, engine, repo, ticket } = await setup();
    server.sessionUser = null;
    engine.start();
    server.emit({ type: 'session-expired' });
    await repo.addWorklog(ticket.id, 'Done while signed out', 5);

    const status = await engine.syncNow();
    expect(status).toMatchObject({ state: 'unauthorized', message: SESSION_EXPIRED_MESSAGE });
    expect(await db.outbox.count()).toBe(1);

    server.sessionUser = user;
    const resumed = await engine.resume();
    expect(resumed.state).toBe('idle');
    expect(await db.outbox.count()).toBe(0);
    expect(server.all<Worklog>('worklog')).toHaveLength(1);
  });

  it('never pushes one user\'s ops in another user\'s session', async () => {
    const { server, db, engine, repo, ticket } = await setup();
    await repo.addWorklog(ticket.id, 'Mine', 5);
    server.offline = true;
    await engine.syncNow(); // offline: the session will be checked again
    server.offline = false;
    server.sessionUser = { ...user, id: requester.id, displayName: 'Riley Chen' };

    const status = await engine.syncNow();

    expect(status.state).toBe('unauthorized');
    expect(status.message).toContain('Riley Chen');
    expect(server.pushes).toHaveLength(0);
    expect(await db.outbox.count()).toBe(1);
  });

  it('removes records the server deleted', async () => {
    const { server, db, engine, ticket } = await setup();
    server.serverDelete('ticket', ticket.id);
    await engine.syncNow();
    expect(await db.tickets.get(ticket.id)).toBeUndefined();
  });

  it('halves the batch when the server says the push is too large', async () => {
    const { server, db, engine, repo, ticket } = await setup();
    for (let i = 0; i < 4; i++) await repo.addWorklog(ticket.id, `log ${i}`, 1);
    const realPush = server.push.bind(server);
    const { ApiError } = await import('@fielddesk/common/ipc/contract');
    server.push = async (req) => {
      if (req.ops.length > 2) throw new ApiError('too_large', 'A push may carry at most 2 ops.');
      return realPush(req);
    };

    await engine.syncNow();

    expect(server.pushes.map((p) => p.ops.length)).toEqual([2, 2]);
    expect(await db.outbox.count()).toBe(0);
  });

  it('pulls when the server pokes, and shows the upload queue from the platform', async () => {
    const { server, db, engine } = await setup();
    server.uploadQueue = { pending: 2, bytesPending: 2048, lastError: null };
    engine.start();
    await vi.waitFor(() => expect(engine.getStatus().uploads).toEqual({ pending: 2, bytesPending: 2048, lastError: null }));
    await vi.waitFor(() => expect(engine.getStatus().state).toBe('idle'));
    const pullsBefore = server.pulls.length;
    const colleague = server.serverWrite('ticket', makeTicket({ number: 'INC-7777' }));

    server.emit({ type: 'poke' });

    await vi.waitFor(async () => expect(await db.tickets.get(colleague.id)).toBeDefined());
    expect(server.pulls.length).toBeGreaterThan(pullsBefore);
    server.emit({ type: 'uploads', state: { pending: 0, bytesPending: 0, lastError: null } });
    expect(engine.getStatus().uploads?.pending).toBe(0);
  });

  it('ignores pokes while the session is expired', async () => {
    const { server, engine } = await setup();
    engine.start();
    await vi.waitFor(() => expect(engine.getStatus().state).toBe('idle'));
    server.emit({ type: 'session-expired' });
    const pulls = server.pulls.length;
    server.emit({ type: 'poke' });
    await new Promise((r) => setTimeout(r, 20));
    expect(server.pulls.length).toBe(pulls);
    expect(engine.getStatus().state).toBe('unauthorized');
  });

  it('backs off exponentially with jitter after failures', async () => {
    const server = new FakeServer(user);
    server.offline = true;
    const db = freshDb('sync');
    let now = Date.parse('2026-03-02T09:00:00.000Z');
    const engine = makeEngine(db, server, { retryMinMs: 1000, retryMaxMs: 8000, random: () => 1, now: () => new Date(now) });
    engine.start();
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      const status = await engine.syncNow();
      delays.push(Date.parse(status.nextRetryAt!) - now);
      now += 1;
    }
    // base 1s doubling, capped at 8s, times the jitter factor (0.8 + 0.4 * random) = 1.2
    expect(delays).toEqual([1200, 2400, 4800, 9600, 9600]);
  });
});

describe('issue-4 records through sync', () => {
  it('a task, a link and its unlink reach the server, and the unlinked link stays gone on the device', async () => {
    const { server, db, engine, ticket } = await setup();
    const asset = server.serverWrite('asset', {
      id: '01900000-0000-7000-8000-0000000000a1',
      tag: 'LAP-0001',
      serial: null,
      name: 'Laptop',
      model: 'X1',
      manufacturer: 'Lenovo',
      type: 'laptop',
      status: 'deployed',
      siteId: site.id,
      locationId: null,
      assignedToId: null,
      rev: 0,
    });
    await engine.syncNow();
    const ctx = { db, userId: tech.id };
    const links = createLinkRepository(ctx);
    const task = await createTaskRepository(ctx).createTask({ ticketId: ticket.id, title: 'Swap the battery' });
    const link = await links.link(ticket.id, 'asset', asset.id);
    expect(task.ok && link.ok).toBe(true);
    await engine.syncNow();
    expect(server.all('task').map((t) => (t as { number: string }).number)).toEqual([expect.stringMatching(/^TASK-\d+$/)]);
    expect(server.all('ticket_link')).toHaveLength(1);
    expect((await db.tasks.toArray())[0]?.number).toMatch(/^TASK-/);

    if (!link.ok) return;
    expect((await links.unlink(link.id)).ok).toBe(true);
    expect(await db.ticketLinks.count()).toBe(0);
    await engine.syncNow();
    expect(server.all('ticket_link')).toHaveLength(0);
    expect(await db.ticketLinks.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });
});
