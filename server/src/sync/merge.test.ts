import { beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '@fielddesk/common/domain/entities';
import type { TicketStatus } from '@fielddesk/common/itsm/lifecycle';
import { TICKET_FIELD_POLICIES } from '@fielddesk/common/sync/merge';
import type { OpResult, TicketPatchFields } from '@fielddesk/common/sync/protocol';
import type { FieldDeskServer } from '../app';
import { getTicket, loginDesktop, OpFactory, personId, push } from '../../test/http';
import { describeStores } from '../../test/stores';

type Conflict = Extract<OpResult, { status: 'conflict' }>;

describeStores('sync push: three-way merge', (h) => {
  let s: FieldDeskServer;
  let tech1: string;
  let desk1: string;
  let tech1Id: string;
  let hqSiteId: string;
  let fieldGroupId: string;
  const used = new Set<string>();

  /** A fresh ticket (not used by an earlier test) that tech1 may see, in the given state. */
  async function ticketIn(status: TicketStatus): Promise<Ticket> {
    const rows = await s.db
      .selectFrom('tickets')
      .select('id')
      .where('status', '=', status)
      .where((eb) => eb.or([eb('group_id', '=', fieldGroupId), eb('site_id', '=', hqSiteId)]))
      .orderBy('number')
      .execute();
    const row = rows.find((r) => !used.has(r.id));
    if (!row) throw new Error(`no unused ${status} ticket left in the seed`);
    used.add(row.id);
    return getTicket(s, row.id);
  }

  /** The desk changes the ticket first (so the server's fields move past the technician's baseRev). */
  async function deskEdits(t: Ticket, fields: TicketPatchFields): Promise<Ticket> {
    const desk = new OpFactory();
    const { body } = await push(s.app, desk1, desk.clientId, [desk.patch(t.id, t.rev, fields)]);
    expect(body?.results[0]?.status).toBe('applied');
    return getTicket(s, t.id);
  }

  const conflictsOf = (opId: string) => s.db.selectFrom('sync_conflicts').selectAll().where('op_id', '=', opId).orderBy('field').execute();

  beforeAll(async () => {
    s = await h.start();
    tech1 = (await loginDesktop(s.app, 'tech1')).token;
    desk1 = (await loginDesktop(s.app, 'desk1')).token;
    tech1Id = await personId(s, 'tech1');
    hqSiteId = (await s.db.selectFrom('sites').select('id').where('code', '=', 'HQ').executeTakeFirstOrThrow()).id;
    fieldGroupId = (await s.db.selectFrom('groups').select('id').where('name', '=', 'Field Support').executeTakeFirstOrThrow()).id;
  });

  it('uses the policies of common/sync/merge.ts: status goes through the lifecycle, the rest conflict', () => {
    expect(TICKET_FIELD_POLICIES.status).toBe('lifecycle');
    expect(Object.entries(TICKET_FIELD_POLICIES).filter(([, p]) => p === 'conflict').map(([f]) => f)).toContain('title');
  });

  const clashes: [keyof TicketPatchFields, unknown, unknown][] = [
    ['title', 'Desk title', 'Tech title'],
    ['description', 'Desk notes', 'Tech notes'],
    ['priority', 1, 5],
    ['category', 'Network', 'Hardware'],
    ['resolutionCode', 'workaround', 'fixed'],
  ];
  it.each(clashes)('a "%s" clash keeps the server value, records both values, and answers conflict', async (field, deskValue, techValue) => {
    const t = await ticketIn('in_progress');
    const after = await deskEdits(t, { [field]: deskValue });
    const tech = new OpFactory();
    const op = tech.patch(t.id, t.rev, { [field]: techValue });
    const { body } = await push(s.app, tech1, tech.clientId, [op]);
    const result = body?.results[0] as Conflict;
    expect(result).toMatchObject({ status: 'conflict', fields: [field], server: { [field]: deskValue, rev: after.rev } });
    expect(result.reason).toBeUndefined();
    // Nothing applied, so nothing written: same rev.
    expect(await getTicket(s, t.id)).toEqual(after);
    const rows = await conflictsOf(op.opId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      client_id: tech.clientId,
      person_id: tech1Id,
      op_id: op.opId,
      entity: 'ticket',
      record_id: t.id,
      field,
      reason: null,
    });
    expect(JSON.parse(rows[0]?.local_value ?? 'null')).toEqual(techValue);
    expect(JSON.parse(rows[0]?.server_value ?? 'null')).toEqual(deskValue);
  });

  it('applies the other fields of an op that has a clash, and answers conflict with the merged record', async () => {
    const t = await ticketIn('in_progress');
    await deskEdits(t, { title: 'Desk: printer on floor 2', category: 'Printing' });
    const tech = new OpFactory();
    const op = tech.patch(t.id, t.rev, { title: 'Tech: printer jammed', category: 'Hardware', description: 'Cleared the jam, ordered a roller.', priority: 2 });
    const { body } = await push(s.app, tech1, tech.clientId, [op]);
    const result = body?.results[0] as Conflict;
    expect(result.status).toBe('conflict');
    expect([...result.fields].sort()).toEqual(['category', 'title']);
    expect(result.server).toMatchObject({ title: 'Desk: printer on floor 2', category: 'Printing', description: 'Cleared the jam, ordered a roller.', priority: 2 });
    const stored = await getTicket(s, t.id);
    expect(stored).toEqual(result.server);
    expect((await conflictsOf(op.opId)).map((r) => r.field)).toEqual(['category', 'title']);
    // sync_ops keeps the answer without the record body.
    const answer = await s.db.selectFrom('sync_ops').select(['status', 'result']).where('op_id', '=', op.opId).executeTakeFirstOrThrow();
    expect(answer.status).toBe('conflict');
    expect(JSON.parse(answer.result)).toEqual({ opId: op.opId, status: 'conflict', fields: result.fields, rev: stored.rev, id: t.id });
  });

  it('is no clash when both sides changed a field to the same value', async () => {
    const t = await ticketIn('in_progress');
    await deskEdits(t, { priority: 1, title: 'Same words' });
    const tech = new OpFactory();
    const op = tech.patch(t.id, t.rev, { priority: 1, title: 'Same words' });
    const { body } = await push(s.app, tech1, tech.clientId, [op]);
    expect(body?.results[0]).toMatchObject({ status: 'applied', record: { priority: 1, title: 'Same words' } });
    expect(await conflictsOf(op.opId)).toEqual([]);
  });

  it('applies a status both sides changed when the lifecycle allows it from the server state', async () => {
    const t = await ticketIn('assigned');
    await deskEdits(t, { status: 'in_progress' });
    const tech = new OpFactory();
    const op = tech.patch(t.id, t.rev, { status: 'on_hold', onHoldReason: 'Waiting for the vendor' });
    const { body } = await push(s.app, tech1, tech.clientId, [op]);
    expect(body?.results[0]).toMatchObject({ status: 'applied', record: { status: 'on_hold', onHoldReason: 'Waiting for the vendor' } });
    expect(await conflictsOf(op.opId)).toEqual([]);
  });

  it('answers conflict with the reason in words when the lifecycle refuses a status both sides changed, and applies the rest', async () => {
    const t = await ticketIn('in_progress');
    await deskEdits(t, { status: 'resolved', resolutionCode: 'fixed', resolutionNotes: 'Desk fixed it remotely.' });
    const closed = await deskEdits(await getTicket(s, t.id), { status: 'closed' });
    expect(closed.status).toBe('closed');
    const tech = new OpFactory();
    const op = tech.patch(t.id, t.rev, { status: 'on_hold', description: 'On site: needs a new fuser' });
    const { body } = await push(s.app, tech1, tech.clientId, [op]);
    const result = body?.results[0] as Conflict;
    expect(result).toMatchObject({
      status: 'conflict',
      fields: ['status'],
      reason: 'A closed ticket cannot change state (asked for "On hold").',
      server: { status: 'closed', description: 'On site: needs a new fuser' },
    });
    const rows = await conflictsOf(op.opId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ field: 'status', reason: 'A closed ticket cannot change state (asked for "On hold").' });
    expect(JSON.parse(rows[0]?.local_value ?? 'null')).toBe('on_hold');
    expect(JSON.parse(rows[0]?.server_value ?? 'null')).toBe('closed');
  });

  it('still rejects a status change the lifecycle forbids when only the client changed the status', async () => {
    const t = await ticketIn('new');
    const tech = new OpFactory();
    const op = tech.patch(t.id, t.rev, { status: 'closed', title: 'Should not apply' });
    const { body } = await push(s.app, tech1, tech.clientId, [op]);
    expect(body?.results[0]).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/cannot go from "New" to "Closed"/) });
    expect(await getTicket(s, t.id)).toEqual(t);
    expect(await conflictsOf(op.opId)).toEqual([]);
  });

  it('applies a resolution: a patch based on the server rev the technician saw', async () => {
    const t = await ticketIn('in_progress');
    await deskEdits(t, { title: 'Desk wording' });
    const tech = new OpFactory();
    const clash = await push(s.app, tech1, tech.clientId, [tech.patch(t.id, t.rev, { title: 'Tech wording' })]);
    const conflict = clash.body?.results[0] as Conflict;
    expect(conflict.status).toBe('conflict');
    // "Keep mine": the same value again, based on the server's record from the conflict.
    const keep = await push(s.app, tech1, tech.clientId, [tech.patch(t.id, conflict.server.rev, { title: 'Tech wording' })]);
    expect(keep.body?.results[0]).toMatchObject({ status: 'applied', record: { title: 'Tech wording' } });
    expect((await getTicket(s, t.id)).title).toBe('Tech wording');
  });

  it("does not clash with the client's own earlier op in the same batch (same baseRev)", async () => {
    const t = await ticketIn('in_progress');
    const tech = new OpFactory();
    const ops = [tech.patch(t.id, t.rev, { title: 'First try' }), tech.patch(t.id, t.rev, { title: 'Second try', priority: 2 })];
    const { body } = await push(s.app, tech1, tech.clientId, ops);
    expect(body?.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    expect(await getTicket(s, t.id)).toMatchObject({ title: 'Second try', priority: 2 });
  });

  it("does not clash with the client's own op pushed in an earlier batch, but does with a colleague's change after it", async () => {
    const t = await ticketIn('in_progress');
    const tech = new OpFactory();
    const first = await push(s.app, tech1, tech.clientId, [tech.patch(t.id, t.rev, { title: 'Offline edit 1', priority: 4 })]);
    expect(first.body?.results[0]?.status).toBe('applied');
    // The outbox split the offline session: the next op, made before any pull, has the same baseRev.
    const second = await push(s.app, tech1, tech.clientId, [tech.patch(t.id, t.rev, { title: 'Offline edit 2' })]);
    expect(second.body?.results[0]).toMatchObject({ status: 'applied', record: { title: 'Offline edit 2', priority: 4 } });
    // Another client (the desk) changes the title after that: now the same baseRev clashes.
    await deskEdits(await getTicket(s, t.id), { title: 'Desk edit' });
    const third = await push(s.app, tech1, tech.clientId, [tech.patch(t.id, t.rev, { title: 'Offline edit 3', priority: 3 })]);
    expect(third.body?.results[0]).toMatchObject({ status: 'conflict', fields: ['title'], server: { title: 'Desk edit', priority: 3 } });
    // A different device of the same technician is a different client: it clashes too.
    const laptop2 = new OpFactory();
    const other = await push(s.app, tech1, laptop2.clientId, [laptop2.patch(t.id, t.rev, { priority: 1 })]);
    expect(other.body?.results[0]).toMatchObject({ status: 'conflict', fields: ['priority'] });
  });

  it('patches a ticket created offline and pushed in an earlier batch (baseRev 0)', async () => {
    const tech = new OpFactory();
    const create = tech.createTicket({ title: 'Created offline, pushed alone' });
    expect((await push(s.app, tech1, tech.clientId, [create])).body?.results[0]?.status).toBe('applied');
    const { body } = await push(s.app, tech1, tech.clientId, [tech.patch(create.id, 0, { title: 'Renamed before the pull', description: 'More detail' })]);
    expect(body?.results[0]).toMatchObject({ status: 'applied', record: { title: 'Renamed before the pull', description: 'More detail' } });
  });

  it('patches a ticket created earlier in the same batch', async () => {
    const tech = new OpFactory();
    const create = tech.createTicket({ title: 'Created offline' });
    const patch = tech.patch(create.id, 0, { title: 'Renamed offline', priority: 1 });
    const log = tech.worklog(create.id, 'Worked on it offline.');
    const { body } = await push(s.app, tech1, tech.clientId, [create, patch, log]);
    expect(body?.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    expect(await getTicket(s, create.id)).toMatchObject({ title: 'Renamed offline', priority: 1, status: 'new' });
  });
});

describe('conflict results', () => {
  it('keep the shape of common/sync/protocol.ts OpResult', () => {
    const r: Conflict = { opId: 'x', status: 'conflict', fields: ['status'], server: {} as Ticket, reason: 'why' };
    expect(Object.keys(r)).toEqual(['opId', 'status', 'fields', 'server', 'reason']);
  });
});
