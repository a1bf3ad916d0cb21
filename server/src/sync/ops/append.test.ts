/**
 * Worklog and attachment create ops (ops/append.ts) on SQLite and PostgreSQL: a worklog keeps
 * its visibility. (Attachment creates, with their uploads, are tested in
 * attachments/attachments.test.ts.)
 */
import { beforeAll, expect, it } from 'vitest';
import type { Ticket, Worklog } from '@fielddesk/common/domain/entities';
import type { Op, OpResult } from '@fielddesk/common/sync/protocol';
import type { FieldDeskServer } from '../../app';
import { loginDesktop, OpFactory, push } from '../../../test/http';
import { describeStores } from '../../../test/stores';

type Applied = Extract<OpResult, { status: 'applied' }>;

describeStores('sync push: worklog and attachment', (h) => {
  let s: FieldDeskServer;
  const tokens: Record<string, string> = {};
  /** Person, group and site ids by name (filled before the tests run). */
  const ids = {} as Record<'field' | 'hq', string>;
  const clients: Record<string, OpFactory> = {};

  beforeAll(async () => {
    s = await h.start();
    for (const user of ['tech1', 'desk1']) {
      tokens[user] = (await loginDesktop(s.app, user)).token;
      clients[user] = new OpFactory();
    }
    const group = (name: string) => s.db.selectFrom('groups').select('id').where('name', '=', name).executeTakeFirstOrThrow();
    const site = (code: string) => s.db.selectFrom('sites').select('id').where('code', '=', code).executeTakeFirstOrThrow();
    ids.field = (await group('Field Support')).id;
    ids.hq = (await site('HQ')).id;
  });

  /** Pushes one op as a user (with that user's client) and returns its answer. */
  async function one(user: string, make: (f: OpFactory) => Op): Promise<OpResult> {
    const f = clients[user] as OpFactory;
    const { res, body } = await push(s.app, tokens[user] as string, f.clientId, [make(f)]);
    expect(res.statusCode, res.body).toBe(200);
    return body?.results[0] as OpResult;
  }
  async function applied<R>(user: string, make: (f: OpFactory) => Op): Promise<R> {
    const result = await one(user, make);
    expect(result, JSON.stringify(result)).toMatchObject({ status: 'applied' });
    return (result as Applied).record as R;
  }
  const fieldTicket = (extra: Parameters<OpFactory['createTicket']>[0] = { title: 'Printer jams' }) =>
    applied<Ticket>('desk1', (f) => f.createTicket({ groupId: ids.field, siteId: ids.hq, ...extra }));

  it('keeps a worklog\'s visibility', async () => {
    const t = await fieldTicket();
    const reply = await applied<Worklog>('tech1', (f) => f.worklog(t.id, 'On my way', 0, undefined, 'public'));
    const note = await applied<Worklog>('tech1', (f) => f.worklog(t.id, 'Fuser worn', 10));
    expect([reply.visibility, note.visibility]).toEqual(['public', 'internal']);
    const rows = await s.db.selectFrom('worklogs').select(['id', 'visibility']).where('ticket_id', '=', t.id).orderBy('rev').execute();
    expect(rows).toEqual([
      { id: reply.id, visibility: 'public' },
      { id: note.id, visibility: 'internal' },
    ]);
  });
});
