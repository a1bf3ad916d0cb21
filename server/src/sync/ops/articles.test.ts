/**
 * Knowledge article create and patch ops (ops/articles.ts) on SQLite and PostgreSQL: KB
 * numbering, author and source ticket (an invisible one refused), who may edit which article,
 * and the per-field merge with its conflict audit.
 */
import { beforeAll, expect, it } from 'vitest';
import type { KnowledgeArticle, Ticket } from '@fielddesk/common/domain/entities';
import type { Op, OpResult } from '@fielddesk/common/sync/protocol';
import type { FieldDeskServer } from '../../app';
import { loginDesktop, OpFactory, personId, push } from '../../../test/http';
import { describeStores } from '../../../test/stores';

type Applied = Extract<OpResult, { status: 'applied' }>;

describeStores('sync push: knowledge_article', (h) => {
  let s: FieldDeskServer;
  const tokens: Record<string, string> = {};
  /** Person, group and site ids by name (filled before the tests run). */
  const ids = {} as Record<'tech1' | 'field' | 'desk' | 'hq' | 'dc', string>;
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
    ids.desk = (await group('Service Desk')).id;
    ids.hq = (await site('HQ')).id;
    ids.dc = (await site('DC')).id;
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

  it('creates an article from a ticket: KB number, author, source ticket; an invisible source ticket is refused', async () => {
    const t = await fieldTicket();
    const article = await applied<KnowledgeArticle>('tech1', (f) => f.createArticle({ title: 'Fuser swaps', body: 'Steps…', sourceTicketId: t.id, tags: ['printer'] }));
    expect(article).toMatchObject({ authorId: ids.tech1, sourceTicketId: t.id, published: false, tags: ['printer'] });
    expect(article.number).toMatch(/^KB-\d{4}$/);
    const numbers = (await s.db.selectFrom('knowledge_articles').select('number').execute()).map((r) => r.number);
    expect(numbers.filter((n) => n === article.number)).toHaveLength(1);
    const elsewhere = await applied<Ticket>('desk1', (f) => f.createTicket({ title: 'DC switch', groupId: ids.desk, siteId: ids.dc }));
    expect(await refused('tech1', (f) => f.createArticle({ title: 'x', body: 'y', sourceTicketId: elsewhere.id }))).toBe(
      'The ticket this article is written from does not exist or is not visible to you.',
    );
  });

  it('lets technicians edit published articles and their own drafts, not others\' drafts; merges per field', async () => {
    const draft = await applied<KnowledgeArticle>('desk1', (f) => f.createArticle({ title: 'Draft', body: 'Not yet' }));
    expect(await refused('tech1', (f) => f.patchArticle(draft.id, draft.rev, { title: 'Mine now' }))).toBe('Article not found or not visible to you.');
    const own = await applied<KnowledgeArticle>('tech1', (f) => f.createArticle({ title: 'My draft', body: 'Notes' }));
    await applied<KnowledgeArticle>('tech1', (f) => f.patchArticle(own.id, own.rev, { published: true }));

    const pub = await applied<KnowledgeArticle>('desk1', (f) => f.createArticle({ title: 'VPN', body: 'Reconnect', published: true }));
    const byDesk = await applied<KnowledgeArticle>('desk1', (f) => f.patchArticle(pub.id, pub.rev, { body: 'Reconnect, then reboot' }));
    const byTech = await applied<KnowledgeArticle>('tech1', (f) => f.patchArticle(pub.id, pub.rev, { tags: ['vpn'] }));
    expect(byTech).toMatchObject({ body: byDesk.body, tags: ['vpn'] });
    const clash = await one('tech1', (f) => f.patchArticle(pub.id, pub.rev, { body: 'Reboot' }));
    expect(clash).toMatchObject({ status: 'conflict', fields: ['body'], server: { body: byDesk.body } });
    const audit = await s.db.selectFrom('sync_conflicts').select(['entity', 'field']).where('record_id', '=', pub.id).execute();
    expect(audit).toEqual([{ entity: 'knowledge_article', field: 'body' }]);
  });
});
