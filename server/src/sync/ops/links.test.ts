/**
 * Ticket link create and delete ops (ops/links.ts) on SQLite and PostgreSQL: a ticket linked to
 * an asset or an article, the same link or a missing target refused, and unlinking (a
 * tombstone; unlinking again is a duplicate, not an error).
 */
import { beforeAll, expect, it } from 'vitest';
import type { Ticket, TicketLink } from '@fielddesk/common/domain/entities';
import type { Op, OpResult } from '@fielddesk/common/sync/protocol';
import type { FieldDeskServer } from '../../app';
import { loginDesktop, OpFactory, personId, push } from '../../../test/http';
import { describeStores } from '../../../test/stores';

type Applied = Extract<OpResult, { status: 'applied' }>;

describeStores('sync push: ticket_link', (h) => {
  let s: FieldDeskServer;
  const tokens: Record<string, string> = {};
  /** Person, group and site ids by name (filled before the tests run). */
  const ids = {} as Record<'tech1' | 'field' | 'hq', string>;
  const clients: Record<string, OpFactory> = {};

  beforeAll(async () => {
    s = await h.start();
    for (const user of ['tech1', 'desk1']) {
      tokens[user] = (await loginDesktop(s.app, user)).token;
      clients[user] = new OpFactory();
    }
    ids.tech1 = await personId(s, 'tech1');
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
  async function refused(user: string, make: (f: OpFactory) => Op): Promise<string> {
    const result = await one(user, make);
    expect(result, JSON.stringify(result)).toMatchObject({ status: 'rejected' });
    return (result as Extract<OpResult, { status: 'rejected' }>).reason;
  }
  const fieldTicket = (extra: Parameters<OpFactory['createTicket']>[0] = { title: 'Printer jams' }) =>
    applied<Ticket>('desk1', (f) => f.createTicket({ groupId: ids.field, siteId: ids.hq, ...extra }));

  it('links a ticket to an asset, refuses the same link twice and a target that does not exist', async () => {
    const t = await fieldTicket();
    const asset = await s.db.selectFrom('assets').select('id').where('site_id', '=', ids.hq).executeTakeFirstOrThrow();
    const link = await applied<TicketLink>('tech1', (f) => f.link({ ticketId: t.id, targetEntity: 'asset', targetId: asset.id }));
    expect(link).toMatchObject({ ticketId: t.id, targetEntity: 'asset', targetId: asset.id, authorId: ids.tech1 });
    expect(await refused('desk1', (f) => f.link({ ticketId: t.id, targetEntity: 'asset', targetId: asset.id }))).toBe('This asset is already linked to the ticket.');
    expect(await refused('tech1', (f) => f.link({ ticketId: t.id, targetEntity: 'configuration_item', targetId: t.id }))).toBe(
      'The configuration item to link does not exist or is not visible to you.',
    );
    const article = await s.db.selectFrom('knowledge_articles').select('id').where('published', '=', 1).executeTakeFirstOrThrow();
    await applied<TicketLink>('tech1', (f) => f.link({ ticketId: t.id, targetEntity: 'knowledge_article', targetId: article.id }));
  });

  it('unlinking writes a tombstone; unlinking again changes nothing and is no error', async () => {
    const t = await fieldTicket();
    const asset = await s.db.selectFrom('assets').select('id').where('site_id', '=', ids.hq).executeTakeFirstOrThrow();
    const link = await applied<TicketLink>('tech1', (f) => f.link({ ticketId: t.id, targetEntity: 'asset', targetId: asset.id }));
    const f = clients.tech1 as OpFactory;
    const unlink = f.unlink(link.id);
    const first = (await push(s.app, tokens.tech1 as string, f.clientId, [unlink])).body?.results[0] as Applied;
    expect(first).toMatchObject({ status: 'applied', record: { id: link.id } });
    expect(await s.db.selectFrom('ticket_links').select('id').where('id', '=', link.id).execute()).toEqual([]);
    const tombstone = await s.db.selectFrom('tombstones').selectAll().where('entity', '=', 'ticket_link').where('id', '=', link.id).executeTakeFirstOrThrow();
    expect(Number(tombstone.rev)).toBe(first.rev);

    // Another device unlinks too (a new op): already gone, the same result, no new rev.
    const revBefore = await s.store.currentRev();
    const again = await one('desk1', (g) => g.unlink(link.id));
    expect(again).toEqual({ opId: expect.any(String), status: 'duplicate', original: { status: 'applied', rev: first.rev } });
    expect(await s.store.currentRev()).toBe(revBefore);
    // A replay of the first op answers duplicate with its first verdict.
    const replay = (await push(s.app, tokens.tech1 as string, f.clientId, [unlink])).body?.results[0];
    expect(replay).toMatchObject({ status: 'duplicate', original: { status: 'applied', rev: first.rev } });
    // The same target can be linked again afterwards (a new link).
    await applied<TicketLink>('tech1', (g) => g.link({ ticketId: t.id, targetEntity: 'asset', targetId: asset.id }));
  });
});
