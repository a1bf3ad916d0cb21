import { afterEach, describe, expect, it } from 'vitest';
import type { Attachment, ConfigurationItem, Ticket } from '@fielddesk/common/domain/entities';
import { provisionalNumber } from '@fielddesk/common/itsm/numbering';
import { recordKey, type FieldDeskDb } from '../db';
import { getMeta } from '../meta';
import { createTicketRepository } from '../repositories/tickets';
import { SyncEngine, type SyncProgress } from './engine';
import { applyPullPage } from './reconcile';
import { ticketNumber } from '../display';
import { FakeServer } from '../../../test/fakeServer';
import { freshDb, group, makeTicket, site, tech } from '../../../test/fixtures';
import { sessionUser } from '../../../test/render';

const engines: SyncEngine[] = [];
function makeEngine(db: FieldDeskDb, server: FakeServer, extra: Partial<ConstructorParameters<typeof SyncEngine>[0]> = {}) {
  const engine = new SyncEngine({ db, platform: server, userId: tech.id, periodicMs: 0, retryMinMs: 60_000, debounceMs: 1, ...extra });
  engines.push(engine);
  return engine;
}
afterEach(() => {
  for (const e of engines.splice(0)) e.stop();
});

const ci = (overrides: Partial<ConfigurationItem> = {}): ConfigurationItem => ({
  id: crypto.randomUUID(),
  name: 'core-switch-1',
  ciType: 'switch',
  status: 'active',
  assetId: null,
  siteId: site.id,
  description: '',
  rev: 0,
  ...overrides,
});

describe('pull', () => {
  it('stores every entity kind, and removes records deleted or gone out of scope', async () => {
    const server = new FakeServer(sessionUser);
    server.serverWrite('site', site);
    const inScope = server.serverWrite('ticket', makeTicket({ siteId: site.id }));
    const leaving = server.serverWrite('ticket', makeTicket({ number: 'INC-1002', siteId: site.id }));
    const item = server.serverWrite('configuration_item', ci());
    const db = freshDb('pull');
    const engine = makeEngine(db, server);
    await engine.syncNow();
    expect(await db.tickets.count()).toBe(2);
    expect(await db.configurationItems.get(item.id)).toEqual(item);

    // The ticket moves to a site this user does not see; the CI is deleted.
    const otherSite = crypto.randomUUID();
    server.visible = (entity, record) => entity !== 'ticket' || (record as Ticket).siteId === site.id;
    server.serverWrite('ticket', { ...leaving, siteId: otherSite });
    server.serverDelete('configuration_item', item.id);
    await engine.syncNow();

    expect(await db.tickets.get(leaving.id)).toBeUndefined();
    expect(await db.tickets.get(inScope.id)).toBeDefined();
    expect(await db.configurationItems.count()).toBe(0);
  });

  it('on reset drops pulled records but keeps the outbox, pending records, their shadows and conflicts', async () => {
    const db = freshDb('pull');
    const ctx = { userId: tech.id };
    const kept = makeTicket({ number: 'INC-1', rev: 5 });
    const dropped = makeTicket({ number: 'INC-2', rev: 6 });
    await applyPullPage(
      db,
      { cursor: '6.1', changes: [kept, dropped].map((t) => ({ entity: 'ticket' as const, id: t.id, rev: t.rev, op: 'put' as const, data: t })) },
      ctx,
    );
    await db.groups.put(group);
    const repo = createTicketRepository({ db, userId: tech.id });
    await repo.changeTicketStatus(kept.id, 'in_progress');
    const created = await repo.createTicket({ kind: 'incident', title: 'Made offline' });
    if (!created.ok) throw new Error(created.reason);
    await db.fieldConflicts.put({
      id: 'op:title',
      opId: 'op',
      recordKey: recordKey('ticket', dropped.id),
      entity: 'ticket',
      recordId: dropped.id,
      field: 'title',
      local: 'a',
      server: 'b',
      detectedAt: kept.updatedAt,
      resolved: 0,
    });
    const fresh = makeTicket({ number: 'INC-3', rev: 20 });

    await applyPullPage(db, { cursor: '20.2', reset: true, changes: [{ entity: 'ticket', id: fresh.id, rev: 20, op: 'put', data: fresh }] }, ctx);

    expect(await db.tickets.get(dropped.id)).toBeUndefined();
    expect(await db.groups.count()).toBe(0);
    expect(await db.tickets.get(fresh.id)).toEqual(fresh);
    // Pending work survives, shown as before (server copy + pending ops).
    expect(await db.outbox.count()).toBe(2);
    expect((await db.tickets.get(kept.id))?.status).toBe('in_progress');
    expect((await db.shadows.get(recordKey('ticket', kept.id)))?.record).toEqual(kept);
    expect((await db.tickets.get(created.id))?.title).toBe('Made offline');
    expect(await db.fieldConflicts.count()).toBe(1);
    expect(await getMeta(db, 'cursor')).toBe('20.2');
  });

  it('a scope change on the server makes the engine start a fresh download', async () => {
    const server = new FakeServer(sessionUser);
    const t1 = server.serverWrite('ticket', makeTicket());
    const db = freshDb('pull');
    const engine = makeEngine(db, server);
    await engine.syncNow();
    await db.tickets.put(makeTicket({ number: 'INC-stale' })); // something the server no longer sends
    server.scopeVersion = 2;

    await engine.syncNow();

    expect((await db.tickets.toArray()).map((t) => t.id)).toEqual([t1.id]);
    expect(await getMeta(db, 'cursor')).toBe(`${t1.rev}.2`);
  });

  it('reports progress with counts during the first download, then clears it', async () => {
    const server = new FakeServer(sessionUser);
    for (let i = 0; i < 10; i++) server.serverWrite('ticket', makeTicket({ number: `INC-${5000 + i}` }));
    const db = freshDb('pull');
    const engine = makeEngine(db, server, { pullLimit: 4 });
    const seen: (SyncProgress | null)[] = [];
    let last: SyncProgress | null = null;
    engine.subscribe(() => {
      const p = engine.getStatus().progress;
      if (p !== last) seen.push(p);
      last = p;
    });

    await engine.syncNow();

    expect(seen).toEqual([
      { received: 4, remaining: 6 },
      { received: 8, remaining: 2 },
      null,
    ]);
    expect(await db.tickets.count()).toBe(10);
  });

  it('shows progress for a large incremental pull, not for a small one', async () => {
    const server = new FakeServer(sessionUser);
    server.serverWrite('ticket', makeTicket());
    const db = freshDb('pull');
    const engine = makeEngine(db, server, { pullLimit: 5, progressThreshold: 12 });
    await engine.syncNow();
    const seen: SyncProgress[] = [];
    engine.subscribe(() => {
      const p = engine.getStatus().progress;
      if (p && seen.at(-1) !== p) seen.push(p);
    });

    for (let i = 0; i < 6; i++) server.serverWrite('ticket', makeTicket());
    await engine.syncNow();
    expect(seen).toEqual([]);

    for (let i = 0; i < 14; i++) server.serverWrite('ticket', makeTicket());
    await engine.syncNow();
    expect(seen).toEqual([
      { received: 5, remaining: 9 },
      { received: 10, remaining: 4 },
    ]);
  });
});

describe('provisional numbers', () => {
  it('a ticket created offline shows a provisional number until the server numbers it, everywhere', async () => {
    const server = new FakeServer(sessionUser);
    const db = freshDb('numbers');
    const engine = makeEngine(db, server);
    await engine.syncNow();
    server.offline = true;
    const repo = createTicketRepository({ db, userId: tech.id });
    const created = await repo.createTicket({ kind: 'incident', title: 'Switch in room 4 is dead', siteId: site.id });
    if (!created.ok) throw new Error(created.reason);
    await db.fieldConflicts.put({
      id: 'x:title',
      opId: 'x',
      recordKey: recordKey('ticket', created.id),
      entity: 'ticket',
      recordId: created.id,
      field: 'title',
      local: 'a',
      server: 'b',
      detectedAt: new Date().toISOString(),
      resolved: 0,
    });

    const local = await db.tickets.get(created.id);
    expect(local?.number).toBeNull();
    expect(ticketNumber(local!)).toBe(provisionalNumber('incident', created.id));
    expect(ticketNumber(local!)).toMatch(/^INC-new-[0-9a-f]{6}$/);
    expect((await db.outbox.toArray())[0]?.op).toMatchObject({ entity: 'ticket', kind: 'create', id: created.id, data: { title: 'Switch in room 4 is dead' } });

    server.offline = false;
    await engine.syncNow();

    const numbered = await db.tickets.get(created.id);
    expect(numbered?.number).toBe('INC-2000');
    expect(ticketNumber(numbered!)).toBe('INC-2000');
    expect(await db.outbox.count()).toBe(0);
  });
});

describe('attachments through sync', () => {
  it('an attachment record syncs, and the pull brings uploaded: true', async () => {
    const server = new FakeServer(sessionUser);
    const ticket = server.serverWrite('ticket', makeTicket());
    const db = freshDb('attach');
    const engine = makeEngine(db, server);
    await engine.syncNow();
    const saved = await server.saveAttachment({ fileName: 'a.txt', mimeType: 'text/plain', bytes: new TextEncoder().encode('hello') });
    await db.transaction('rw', [db.attachments, db.outbox, db.shadows], async () => {
      const { writeLocal } = await import('../repositories/write');
      await writeLocal(db, tech.id, undefined, {
        entity: 'attachment',
        kind: 'create',
        id: crypto.randomUUID(),
        data: { ticketId: ticket.id, sha256: saved.sha256, fileName: 'a.txt', mimeType: 'text/plain', size: 5, kind: 'file' },
        clientTime: new Date().toISOString(),
      });
    });
    expect((await db.attachments.toArray())[0]).toMatchObject({ uploaded: false, authorId: tech.id, rev: 0 });

    await engine.syncNow();

    const [stored] = await db.attachments.toArray();
    expect(stored).toMatchObject({ uploaded: true, fileName: 'a.txt' } satisfies Partial<Attachment>);
    expect(stored!.rev).toBeGreaterThan(0);
  });
});
