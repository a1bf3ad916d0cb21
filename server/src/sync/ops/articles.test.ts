/**
 * Knowledge article create and patch ops (ops/articles.ts) on SQLite and PostgreSQL: KB
 * numbering, author and source ticket (an invisible one refused), who may edit which article,
 * and the per-field merge with its conflict audit.
 */
import { beforeAll, expect, it } from 'vitest';
import type { KnowledgeArticle, Ticket } from '@fielddesk/common/domain/entities';
import type { FieldDeskServer } from '../../app';
import { pushWorld, type PushWorld } from '../../../test/push';
import { describeStores } from '../../../test/stores';

describeStores('sync push: knowledge_article', (h) => {
  let s: FieldDeskServer;
  let world: PushWorld<'tech1' | 'desk1'>;

  beforeAll(async () => {
    s = await h.start();
    world = await pushWorld(s, ['tech1', 'desk1']);
  });

  it('creates an article from a ticket: KB number, author, source ticket; an invisible source ticket is refused', async () => {
    const t = await world.fieldTicket();
    const article = await world.applied<KnowledgeArticle>('tech1', (f) => f.createArticle({ title: 'Fuser swaps', body: 'Steps…', sourceTicketId: t.id, tags: ['printer'] }));
    expect(article).toMatchObject({ authorId: world.ids.tech1, sourceTicketId: t.id, published: false, tags: ['printer'] });
    expect(article.number).toMatch(/^KB-\d{4}$/);
    const numbers = (await s.db.selectFrom('knowledge_articles').select('number').execute()).map((r) => r.number);
    expect(numbers.filter((n) => n === article.number)).toHaveLength(1);
    const elsewhere = await world.applied<Ticket>('desk1', (f) => f.createTicket({ title: 'DC switch', groupId: world.ids.desk, siteId: world.ids.dc }));
    expect(await world.refused('tech1', (f) => f.createArticle({ title: 'x', body: 'y', sourceTicketId: elsewhere.id }))).toBe(
      'The ticket this article is written from does not exist or is not visible to you.',
    );
  });

  it('lets technicians edit published articles and their own drafts, not others\' drafts; merges per field', async () => {
    const draft = await world.applied<KnowledgeArticle>('desk1', (f) => f.createArticle({ title: 'Draft', body: 'Not yet' }));
    expect(await world.refused('tech1', (f) => f.patchArticle(draft.id, draft.rev, { title: 'Mine now' }))).toBe('Article not found or not visible to you.');
    const own = await world.applied<KnowledgeArticle>('tech1', (f) => f.createArticle({ title: 'My draft', body: 'Notes' }));
    await world.applied<KnowledgeArticle>('tech1', (f) => f.patchArticle(own.id, own.rev, { published: true }));

    const pub = await world.applied<KnowledgeArticle>('desk1', (f) => f.createArticle({ title: 'VPN', body: 'Reconnect', published: true }));
    const byDesk = await world.applied<KnowledgeArticle>('desk1', (f) => f.patchArticle(pub.id, pub.rev, { body: 'Reconnect, then reboot' }));
    const byTech = await world.applied<KnowledgeArticle>('tech1', (f) => f.patchArticle(pub.id, pub.rev, { tags: ['vpn'] }));
    expect(byTech).toMatchObject({ body: byDesk.body, tags: ['vpn'] });
    const clash = await world.one('tech1', (f) => f.patchArticle(pub.id, pub.rev, { body: 'Reboot' }));
    expect(clash).toMatchObject({ status: 'conflict', fields: ['body'], server: { body: byDesk.body } });
    const audit = await s.db.selectFrom('sync_conflicts').select(['entity', 'field']).where('record_id', '=', pub.id).execute();
    expect(audit).toEqual([{ entity: 'knowledge_article', field: 'body' }]);
  });
});
