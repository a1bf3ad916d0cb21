/**
 * Ticket link create and delete ops (ops/links.ts) on SQLite and PostgreSQL: a ticket linked to
 * an asset or an article, the same link or a missing target refused, and unlinking (a
 * tombstone; unlinking again is a duplicate, not an error).
 */
import { beforeAll, expect, it } from 'vitest';
import type { TicketLink } from '@fielddesk/common/domain/entities';
import type { FieldDeskServer } from '../../app';
import { push } from '../../../test/http';
import { pushWorld, type Applied, type PushWorld } from '../../../test/push';
import { describeStores } from '../../../test/stores';

describeStores('sync push: ticket_link', (h) => {
  let s: FieldDeskServer;
  let world: PushWorld<'tech1' | 'desk1'>;

  beforeAll(async () => {
    s = await h.start();
    world = await pushWorld(s, ['tech1', 'desk1']);
  });

  it('links a ticket to an asset, refuses the same link twice and a target that does not exist', async () => {
    const t = await world.fieldTicket();
    const asset = await s.db.selectFrom('assets').select('id').where('site_id', '=', world.ids.hq).executeTakeFirstOrThrow();
    const link = await world.applied<TicketLink>('tech1', (f) => f.link({ ticketId: t.id, targetEntity: 'asset', targetId: asset.id }));
    expect(link).toMatchObject({ ticketId: t.id, targetEntity: 'asset', targetId: asset.id, authorId: world.ids.tech1 });
    expect(await world.refused('desk1', (f) => f.link({ ticketId: t.id, targetEntity: 'asset', targetId: asset.id }))).toBe('This asset is already linked to the ticket.');
    expect(await world.refused('tech1', (f) => f.link({ ticketId: t.id, targetEntity: 'configuration_item', targetId: t.id }))).toBe(
      'The configuration item to link does not exist or is not visible to you.',
    );
    const article = await s.db.selectFrom('knowledge_articles').select('id').where('published', '=', 1).executeTakeFirstOrThrow();
    await world.applied<TicketLink>('tech1', (f) => f.link({ ticketId: t.id, targetEntity: 'knowledge_article', targetId: article.id }));
  });

  it('unlinking writes a tombstone; unlinking again changes nothing and is no error', async () => {
    const t = await world.fieldTicket();
    const asset = await s.db.selectFrom('assets').select('id').where('site_id', '=', world.ids.hq).executeTakeFirstOrThrow();
    const link = await world.applied<TicketLink>('tech1', (f) => f.link({ ticketId: t.id, targetEntity: 'asset', targetId: asset.id }));
    const f = world.clients.tech1;
    const unlink = f.unlink(link.id);
    const first = (await push(s.app, world.tokens.tech1, f.clientId, [unlink])).body?.results[0] as Applied;
    expect(first).toMatchObject({ status: 'applied', record: { id: link.id } });
    expect(await s.db.selectFrom('ticket_links').select('id').where('id', '=', link.id).execute()).toEqual([]);
    const tombstone = await s.db.selectFrom('tombstones').selectAll().where('entity', '=', 'ticket_link').where('id', '=', link.id).executeTakeFirstOrThrow();
    expect(Number(tombstone.rev)).toBe(first.rev);

    // Another device unlinks too (a new op): already gone, the same result, no new rev.
    const revBefore = await s.store.currentRev();
    const again = await world.one('desk1', (g) => g.unlink(link.id));
    expect(again).toEqual({ opId: expect.any(String), status: 'duplicate', original: { status: 'applied', rev: first.rev } });
    expect(await s.store.currentRev()).toBe(revBefore);
    // A replay of the first op answers duplicate with its first verdict.
    const replay = (await push(s.app, world.tokens.tech1, f.clientId, [unlink])).body?.results[0];
    expect(replay).toMatchObject({ status: 'duplicate', original: { status: 'applied', rev: first.rev } });
    // The same target can be linked again afterwards (a new link).
    await world.applied<TicketLink>('tech1', (g) => g.link({ ticketId: t.id, targetEntity: 'asset', targetId: asset.id }));
  });
});
