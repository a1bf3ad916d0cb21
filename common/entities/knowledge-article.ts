import { KnowledgeArticleSchema } from '../domain/entities';
import { defineEntity } from './define';
import { stringArray } from './strings';

/** A knowledge article: published for all, or a draft its author sees. */
export const knowledgeArticle = defineEntity({
  name: 'knowledge_article',
  schema: KnowledgeArticleSchema,
  table: 'knowledge_articles',
  columns: { tags: { read: stringArray } },
  replica: { table: 'knowledgeArticles', indexes: ['number', 'category', 'updatedAt'] },
});
