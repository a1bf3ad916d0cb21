/** How knowledge article ops (create, patch) change the local replica. */
import type { KnowledgeArticle } from '@fielddesk/common/domain/entities';
import { maxTime, type LocalOpApplier, type OpOf } from './types';

export const knowledgeArticleOps: LocalOpApplier<OpOf<'knowledge_article'>> = {
  ticketIdOf: () => null,
  apply: (record, op, ctx) => {
    if (op.kind === 'create') {
      if (record) return record;
      const a: KnowledgeArticle = {
        id: op.id,
        number: null,
        title: op.data.title,
        body: op.data.body,
        category: op.data.category ?? '',
        tags: op.data.tags ?? [],
        published: op.data.published ?? false,
        authorId: ctx.userId,
        sourceTicketId: op.data.sourceTicketId ?? null,
        createdAt: op.clientTime,
        updatedAt: op.clientTime,
        rev: 0,
      };
      return a;
    }
    if (!record) return undefined;
    const article = record as KnowledgeArticle;
    return { ...article, ...op.fields, updatedAt: maxTime(article.updatedAt, op.clientTime) };
  },
};
