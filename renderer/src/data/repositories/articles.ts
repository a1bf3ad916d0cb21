/**
 * Knowledge articles written on this device: new ones (also "from this resolution", with the
 * ticket they came from) and edits. ONE Dexie transaction each (record + outbox op).
 */
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import { ArticleCreateDataSchema, ArticlePatchFieldsSchema, type ArticlePatchFields } from '@fielddesk/common/sync/protocol';
import { recordKey } from '../db';
import { serverBaseOf, writeLocal } from './write';
import { firstIssue } from './rules';
import type { IntentResult, RepositoryContext } from './tickets';

export type NewArticle = z.input<typeof ArticleCreateDataSchema>;

export interface ArticleRepository {
  createArticle(data: NewArticle): Promise<IntentResult>;
  updateArticle(articleId: string, fields: ArticlePatchFields): Promise<IntentResult>;
}

export function createArticleRepository(ctx: RepositoryContext): ArticleRepository {
  const { db } = ctx;
  const now = ctx.now ?? (() => new Date());
  return {
    async createArticle(input) {
      const parsed = ArticleCreateDataSchema.safeParse(input);
      if (!parsed.success) return { ok: false, reason: firstIssue(parsed.error, 'article') };
      return db.transaction('rw', [db.knowledgeArticles, db.tickets, db.outbox, db.shadows], async (): Promise<IntentResult> => {
        if (parsed.data.sourceTicketId && !(await db.tickets.get(parsed.data.sourceTicketId))) {
          return { ok: false, reason: 'The ticket this article comes from is not on this device.' };
        }
        const id = uuidv7();
        const entry = await writeLocal(db, ctx.userId, undefined, { entity: 'knowledge_article', kind: 'create', id, data: parsed.data, clientTime: now().toISOString() });
        return { ok: true, id, opId: entry.opId };
      });
    },

    async updateArticle(articleId, requested) {
      const parsed = ArticlePatchFieldsSchema.safeParse(requested);
      if (!parsed.success) return { ok: false, reason: firstIssue(parsed.error, 'article') };
      return db.transaction('rw', [db.knowledgeArticles, db.outbox, db.shadows], async (): Promise<IntentResult> => {
        const article = await db.knowledgeArticles.get(articleId);
        if (!article) return { ok: false, reason: 'This article is not on this device.' };
        const fields = Object.fromEntries(
          Object.entries(parsed.data).filter(([k, v]) => JSON.stringify(article[k as keyof typeof article]) !== JSON.stringify(v)),
        ) as ArticlePatchFields;
        if (Object.keys(fields).length === 0) return { ok: false, reason: 'Nothing changed.' };
        const { baseRev, known } = await serverBaseOf(db, recordKey('knowledge_article', articleId), article);
        const entry = await writeLocal(db, ctx.userId, article, { entity: 'knowledge_article', kind: 'patch', id: articleId, baseRev, fields, clientTime: now().toISOString() }, known);
        return { ok: true, id: articleId, opId: entry.opId };
      });
    },
  };
}
