import { describe, expect, it } from 'vitest';
import type { Ticket } from '@fielddesk/common/domain/entities';
import { fieldConflictId, recordKey, type FieldDeskDb } from '../db';
import { createConflictRepository } from './conflicts';
import { createTicketRepository } from './tickets';
import { freshDb, makeTicket, seed, tech } from '../../../test/fixtures';

const NOW = new Date('2026-03-04T08:00:00.000Z');

/** A ticket the server changed under us (rev 15), and one open conflict on `field`. */
async function setup(field: string, local: unknown, server: unknown, overrides: Partial<Ticket> = {}) {
  const db = freshDb('conflicts');
  const ticket = makeTicket({ rev: 15, [field]: server, ...overrides });
  await seed(db, [ticket]);
  await db.fieldConflicts.put({
    id: fieldConflictId('op-1', field),
    opId: 'op-1',
    recordKey: recordKey('ticket', ticket.id),
    entity: 'ticket',
    recordId: ticket.id,
    field,
    local,
    server,
    detectedAt: NOW.toISOString(),
    resolved: 0,
  });
  const repo = createConflictRepository({ db, userId: tech.id, now: () => NOW });
  return { db, ticket, repo, id: fieldConflictId('op-1', field) };
}

async function ops(db: FieldDeskDb) {
  return (await db.outbox.toArray()).map((e) => e.op);
}

describe('conflict repository', () => {
  it('"Keep mine" writes a patch with the local value based on the current server rev, and resolves', async () => {
    const { db, ticket, repo, id } = await setup('title', 'Printer jams on tray 2', 'Printer jams');

    const result = await repo.keepMine(id);

    expect(result).toMatchObject({ ok: true, opId: expect.any(String) });
    expect(await ops(db)).toEqual([
      expect.objectContaining({ entity: 'ticket', kind: 'patch', id: ticket.id, baseRev: 15, fields: { title: 'Printer jams on tray 2' } }),
    ]);
    expect((await db.tickets.get(ticket.id))?.title).toBe('Printer jams on tray 2');
    expect(await db.fieldConflicts.get(id)).toMatchObject({ resolved: 1, resolution: 'mine', resolvedAt: NOW.toISOString() });
  });

  it('uses the server copy\'s rev when the record already has pending changes', async () => {
    const { db, ticket, repo, id } = await setup('category', 'network', 'hardware');
    await createTicketRepository({ db, userId: tech.id }).addWorklog(ticket.id, 'x', 1);
    await db.shadows.put({ key: recordKey('ticket', ticket.id), record: { ...ticket, rev: 21 } });

    await repo.keepMine(id);

    expect((await ops(db)).at(-1)).toMatchObject({ kind: 'patch', baseRev: 21, fields: { category: 'network' } });
  });

  it('"Take server\'s" only closes the conflict: no op, the record keeps the server value', async () => {
    const { db, ticket, repo, id } = await setup('title', 'Mine', 'Theirs');

    expect(await repo.takeServer(id)).toEqual({ ok: true, opId: null });

    expect(await db.outbox.count()).toBe(0);
    expect((await db.tickets.get(ticket.id))?.title).toBe('Theirs');
    expect(await db.fieldConflicts.get(id)).toMatchObject({ resolved: 1, resolution: 'server' });
  });

  it('"Edit" writes a patch with the edited value (typed values converted)', async () => {
    const { db, repo, id } = await setup('priority', 2, 4);

    await repo.saveEdited(id, '1');

    expect(await ops(db)).toEqual([expect.objectContaining({ kind: 'patch', baseRev: 15, fields: { priority: 1 } })]);
    expect(await db.fieldConflicts.get(id)).toMatchObject({ resolved: 1, resolution: 'edited' });
  });

  it('an edited empty on-hold reason is stored as null', async () => {
    const { db, repo, id } = await setup('resolutionCode', 'fixed', 'workaround');
    await repo.saveEdited(id, '  ');
    expect((await ops(db))[0]).toMatchObject({ fields: { resolutionCode: null } });
  });

  it('refuses an invalid edit and leaves the conflict open, writing nothing (one transaction)', async () => {
    const { db, repo, id } = await setup('title', 'Mine', 'Theirs');

    const result = await repo.saveEdited(id, '   ');

    expect(result.ok).toBe(false);
    expect(await db.outbox.count()).toBe(0);
    expect(await db.fieldConflicts.get(id)).toMatchObject({ resolved: 0 });
  });

  it('refuses to settle twice', async () => {
    const { repo, id } = await setup('title', 'Mine', 'Theirs');
    await repo.takeServer(id);
    expect(await repo.keepMine(id)).toEqual({ ok: false, reason: 'This conflict was already settled.' });
  });
});
