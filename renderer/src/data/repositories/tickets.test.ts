import { describe, expect, it } from 'vitest';
import { createTicketRepository } from './tickets';
import { freshDb, makeTicket, seed, tech } from '../../../test/fixtures';
import { recordKey } from '../db';

const NOW = new Date('2026-03-03T10:00:00.000Z');

describe('ticket repository', () => {
  it('changes a status and appends the op in one transaction', async () => {
    const db = freshDb('repo');
    const ticket = makeTicket();
    await seed(db, [ticket]);
    const repo = createTicketRepository({ db, userId: tech.id, now: () => NOW });

    const result = await repo.changeTicketStatus(ticket.id, 'in_progress');

    expect(result.ok).toBe(true);
    const stored = await db.tickets.get(ticket.id);
    expect(stored?.status).toBe('in_progress');
    expect(stored?.updatedAt).toBe(NOW.toISOString());
    expect(stored?.rev).toBe(ticket.rev);
    const outbox = await db.outbox.toArray();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({
      recordKey: recordKey('ticket', ticket.id),
      state: 'pending',
      op: { entity: 'ticket', kind: 'patch', id: ticket.id, baseRev: 10, fields: { status: 'in_progress' }, clientTime: NOW.toISOString() },
    });
    // The server's copy is kept so a refused change can be rolled back.
    expect((await db.shadows.get(recordKey('ticket', ticket.id)))?.record).toEqual(ticket);
  });

  it('refuses a transition the lifecycle forbids and writes nothing', async () => {
    const db = freshDb('repo');
    const ticket = makeTicket({ status: 'assigned' });
    await seed(db, [ticket]);
    const repo = createTicketRepository({ db, userId: tech.id });

    const result = await repo.changeTicketStatus(ticket.id, 'closed');

    expect(result).toEqual({ ok: false, reason: 'A ticket cannot go from "Assigned" to "Closed".' });
    expect(await db.tickets.get(ticket.id)).toEqual(ticket);
    expect(await db.outbox.count()).toBe(0);
    expect(await db.shadows.count()).toBe(0);
  });

  it('needs a reason to put a ticket on hold, and keeps it', async () => {
    const db = freshDb('repo');
    const ticket = makeTicket({ status: 'in_progress' });
    await seed(db, [ticket]);
    const repo = createTicketRepository({ db, userId: tech.id });

    expect(await repo.changeTicketStatus(ticket.id, 'on_hold', { onHoldReason: '  ' })).toEqual({
      ok: false,
      reason: 'Putting a ticket on hold needs a reason.',
    });
    expect(await db.outbox.count()).toBe(0);

    const ok = await repo.changeTicketStatus(ticket.id, 'on_hold', { onHoldReason: 'Waiting for a part' });
    expect(ok.ok).toBe(true);
    expect((await db.tickets.get(ticket.id))?.onHoldReason).toBe('Waiting for a part');
  });

  it('uses the rev last seen from the server as baseRev for a second change', async () => {
    const db = freshDb('repo');
    const ticket = makeTicket({ status: 'assigned', rev: 42 });
    await seed(db, [ticket]);
    const repo = createTicketRepository({ db, userId: tech.id });
    await repo.changeTicketStatus(ticket.id, 'in_progress');
    await repo.changeTicketStatus(ticket.id, 'resolved', { resolutionNotes: 'Replaced the roller', resolutionCode: 'fixed' });

    const ops = (await db.outbox.orderBy('seq').toArray()).map((e) => e.op);
    expect(ops.map((o) => (o.kind === 'patch' ? o.baseRev : null))).toEqual([42, 42]);
    const stored = await db.tickets.get(ticket.id);
    expect(stored).toMatchObject({ status: 'resolved', resolutionNotes: 'Replaced the roller', resolutionCode: 'fixed' });
    expect(stored?.resolvedAt).not.toBeNull();
  });

  it('rolls the record back when appending the op fails', async () => {
    const db = freshDb('repo');
    const ticket = makeTicket();
    await seed(db, [ticket]);
    db.outbox.hook('creating', () => {
      throw new Error('disk full');
    });
    const repo = createTicketRepository({ db, userId: tech.id });

    await expect(repo.changeTicketStatus(ticket.id, 'in_progress')).rejects.toThrow('disk full');
    expect(await db.tickets.get(ticket.id)).toEqual(ticket);
    expect(await db.shadows.count()).toBe(0);
  });

  it('adds a worklog with its op, authored by the signed-in user', async () => {
    const db = freshDb('repo');
    const ticket = makeTicket();
    await seed(db, [ticket]);
    const repo = createTicketRepository({ db, userId: tech.id, now: () => NOW });

    const result = await repo.addWorklog(ticket.id, '  Swapped the toner  ', 20);

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(await db.worklogs.get(result.id)).toEqual({
      id: result.id,
      ticketId: ticket.id,
      authorId: tech.id,
      body: 'Swapped the toner',
      minutes: 20,
      visibility: 'internal',
      createdAt: NOW.toISOString(),
      rev: 0,
    });
    const [entry] = await db.outbox.toArray();
    expect(entry?.op).toMatchObject({ entity: 'worklog', kind: 'create', id: result.id, data: { ticketId: ticket.id, body: 'Swapped the toner', minutes: 20 } });
  });

  it('refuses an empty worklog or impossible minutes and writes nothing', async () => {
    const db = freshDb('repo');
    const ticket = makeTicket();
    await seed(db, [ticket]);
    const repo = createTicketRepository({ db, userId: tech.id });

    expect(await repo.addWorklog(ticket.id, '   ', 5)).toEqual({ ok: false, reason: 'A worklog needs text.' });
    expect(await repo.addWorklog(ticket.id, 'ok', 2000)).toEqual({
      ok: false,
      reason: 'Time spent must be a whole number of minutes between 0 and 1440.',
    });
    expect(await db.worklogs.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });
});
