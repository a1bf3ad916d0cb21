import { KnowledgeArticleSchema } from '../domain/entities';
import { defineEntity } from './define';
import { scope } from './scope';
import { stringArray } from './strings';

/** A knowledge article: published for all, or a draft its author sees. */
export const knowledgeArticle = defineEntity({
  name: 'knowledge_article',
  schema: KnowledgeArticleSchema,
  table: 'knowledge_articles',
  scope: scope.anyOf(scope.isTrue('published'), scope.isViewer('authorId')),
  columns: { tags: { read: stringArray } },
  replica: { table: 'knowledgeArticles', indexes: ['number', 'category', 'updatedAt'] },
});
