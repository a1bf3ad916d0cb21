/**
 * No op blocks a client's outbox (sync/push.ts), on SQLite and PostgreSQL: an op holding
 * text the server cannot store is rejected naming the field, an op the server fails on
 * unexpectedly is rejected with a generic reason, and the batch's good ops are written
 * either way, once; a retry answers each op 'duplicate' with its first verdict.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { OpResult } from '@fielddesk/common/sync/protocol';
import type { FieldDeskServer } from '../app';
import { loginDesktop, OpFactory, push } from '../../test/http';
import { describeStores } from '../../test/stores';
import { EXPLODING_TEXT, installExplodingWorklogTrigger } from '../../test/faults';
import { isTransientFailure, OP_FAILED } from './push';

const statuses = (results: readonly OpResult[] | undefined) => results?.map((r) => r.status);
const reason = (r: OpResult | undefined) => (r?.status === 'rejected' ? r.reason : '');

describe('isTransientFailure', () => {
  it('tells a database that went away from a failure of the op itself', () => {
    expect(isTransientFailure(Object.assign(new Error('x'), { code: '08006' }))).toBe(true);
    expect(isTransientFailure(Object.assign(new Error('x'), { code: '40001' }))).toBe(true);
    expect(isTransientFailure(Object.assign(new Error('x'), { code: '57P01' }))).toBe(true);
    expect(isTransientFailure(Object.assign(new Error('x'), { code: 'SQLITE_BUSY_SNAPSHOT' }))).toBe(true);
    expect(isTransientFailure(new Error('wrapped', { cause: Object.assign(new Error('x'), { code: 'ECONNRESET' }) }))).toBe(true);
    expect(isTransientFailure(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isTransientFailure(Object.assign(new Error('x'), { code: '22021' }))).toBe(false);
    expect(isTransientFailure(Object.assign(new Error('x'), { code: '23505' }))).toBe(false);
    expect(isTransientFailure(Object.assign(new Error('x'), { code: 'SQLITE_CONSTRAINT_TRIGGER' }))).toBe(false);
    expect(isTransientFailure(new TypeError('undefined is not a function'))).toBe(false);
  });
});

describeStores('sync push: no op blocks the outbox', (h) => {
  let s: FieldDeskServer;
  let tech1: string;
  let ticketId: string;

  beforeAll(async () => {
    s = await h.start();
    tech1 = (await loginDesktop(s.app, 'tech1')).token;
    await installExplodingWorklogTrigger(s);
    // A ticket tech1 may see: one they raise now.
    const f = new OpFactory();
    const created = await push(s.app, tech1, f.clientId, [f.createTicket({ title: 'Printer jams on every page' })]);
    expect(statuses(created.body?.results)).toEqual(['applied']);
    ticketId = (created.body!.results[0] as Extract<OpResult, { status: 'applied' }>).record.id;
  });

  const worklogBodies = async () => (await s.db.selectFrom('worklogs').select('body').where('ticket_id', '=', ticketId).execute()).map((r) => r.body).sort();

  it('rejects an op holding a NUL or a lone surrogate naming the field, and applies the rest of the batch', async () => {
    const f = new OpFactory();
    const before = await s.store.currentRev();
    const ops = [
      f.worklog(ticketId, 'good before NUL'),
      f.worklog(ticketId, 'has a NUL \u0000 in it'),
      f.patch(ticketId, before, { title: 'lone \ud800 surrogate' }),
      f.worklog(ticketId, 'good after NUL'),
    ];
    const { res, body } = await push(s.app, tech1, f.clientId, ops);
    expect(res.statusCode, res.body).toBe(200);
    expect(statuses(body?.results)).toEqual(['applied', 'rejected', 'rejected', 'applied']);
    expect(reason(body?.results[1])).toMatch(/field data\.body contains a NUL character \(U\+0000\)/);
    expect(reason(body?.results[2])).toMatch(/field fields\.title contains an unpaired UTF-16 surrogate \(U\+D800\)/);
    expect(await worklogBodies()).toEqual(expect.arrayContaining(['good after NUL', 'good before NUL']));
    expect((await worklogBodies()).some((b) => b.includes('\u0000'))).toBe(false);
    const title = await s.db.selectFrom('tickets').select('title').where('id', '=', ticketId).executeTakeFirstOrThrow();
    expect(title.title).toBe('Printer jams on every page');

    // The retry answers every op once more with its first verdict, and writes nothing.
    const again = await push(s.app, tech1, f.clientId, ops);
    expect(statuses(again.body?.results)).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate']);
    expect(again.body?.results.map((r) => (r.status === 'duplicate' ? r.original?.status : null))).toEqual(['applied', 'rejected', 'rejected', 'applied']);
    const stored = await s.db.selectFrom('sync_ops').select('status').where('client_id', '=', f.clientId).execute();
    expect(stored.map((r) => r.status).sort()).toEqual(['applied', 'applied', 'rejected', 'rejected']);
  });

  it('answers an op the server fails on as rejected with a generic reason, and still writes the good ops of the batch', async () => {
    const f = new OpFactory();
    const created = f.createTicket({ title: 'Raised in the same batch' });
    const ops = [
      f.worklog(ticketId, 'good one'),
      f.worklog(ticketId, EXPLODING_TEXT),
      created,
      f.worklog(created.id, 'on the new ticket'),
      f.worklog(ticketId, 'good two'),
    ];
    const revBefore = await s.store.currentRev();
    const { res, body } = await push(s.app, tech1, f.clientId, ops);
    expect(res.statusCode, res.body).toBe(200);
    expect(statuses(body?.results)).toEqual(['applied', 'rejected', 'applied', 'applied', 'applied']);
    expect(reason(body?.results[1])).toBe(OP_FAILED);
    expect(reason(body?.results[1])).not.toMatch(/trigger|exploding/);
    const bodies = await worklogBodies();
    expect(bodies).toEqual(expect.arrayContaining(['good one', 'good two']));
    expect(bodies).not.toContain(EXPLODING_TEXT);
    expect(await s.db.selectFrom('worklogs').select('body').where('ticket_id', '=', created.id).execute()).toEqual([{ body: 'on the new ticket' }]);
    // Every applied op got a rev above the old high-water mark, and pulls see them.
    const applied = body!.results.filter((r): r is Extract<OpResult, { status: 'applied' }> => r.status === 'applied');
    expect(Math.min(...applied.map((r) => r.rev))).toBeGreaterThan(revBefore);
    expect(await s.store.currentRev()).toBeGreaterThanOrEqual(Math.max(...applied.map((r) => r.rev)));

    const again = await push(s.app, tech1, f.clientId, ops);
    expect(statuses(again.body?.results)).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate', 'duplicate']);
    expect(again.body?.results[1]).toMatchObject({ original: { status: 'rejected', reason: OP_FAILED } });
    expect(await s.db.selectFrom('sync_ops').select('op_id').where('client_id', '=', f.clientId).execute()).toHaveLength(5);
  });

  it('numbers tickets without a gap when a batch falls back to op by op', async () => {
    const f = new OpFactory();
    const a = f.createTicket({ title: 'First of three' });
    const b = f.createTicket({ title: 'Second of three' });
    const ops = [a, f.worklog(a.id, EXPLODING_TEXT), b];
    const { body } = await push(s.app, tech1, f.clientId, ops);
    expect(statuses(body?.results)).toEqual(['applied', 'rejected', 'applied']);
    const numbers = body!.results.flatMap((r) => (r.status === 'applied' ? [Number(/(\d+)$/.exec(String((r.record as { number: string }).number))?.[1])] : []));
    expect(numbers[1]).toBe(numbers[0]! + 1);
  });

  it('a batch of only failing ops answers each of them and writes nothing else', async () => {
    const f = new OpFactory();
    const ops = [f.worklog(ticketId, EXPLODING_TEXT, 5, randomUUID()), f.worklog(ticketId, EXPLODING_TEXT, 6, randomUUID())];
    const before = await worklogBodies();
    const { res, body } = await push(s.app, tech1, f.clientId, ops);
    expect(res.statusCode, res.body).toBe(200);
    expect(statuses(body?.results)).toEqual(['rejected', 'rejected']);
    expect(await worklogBodies()).toEqual(before);
  });
});
