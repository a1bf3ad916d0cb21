import { z } from 'zod';
import { KnowledgeArticleSchema } from '../domain/entities';
import { IdSchema } from '../domain/ids';
import { defineEntity, patchOf } from './define';
import { scope } from './scope';
import { stringArray, trimmedTitle } from './strings';

const TagsSchema = z.array(z.string().trim().min(1).max(50)).max(20);

/** A knowledge article; `sourceTicketId` when written from a ticket's resolution. */
export const ArticleCreateDataSchema = z
  .object({
    title: z.string().trim().min(1, 'an article needs a title').max(300),
    body: z.string().trim().min(1, 'an article needs a body').max(100_000),
    category: z.string().max(100).default(''),
    tags: TagsSchema.default([]),
    published: z.boolean().default(false),
    sourceTicketId: IdSchema.nullable().default(null),
  })
  .strict();

const articlePatch = patchOf(
  KnowledgeArticleSchema,
  { title: 'conflict', body: 'conflict', category: 'conflict', tags: 'conflict', published: 'conflict' },
  { title: trimmedTitle, body: z.string().trim().min(1).max(100_000), tags: TagsSchema },
);

/** A knowledge article: published for all, or a draft its author sees. */
export const knowledgeArticle = defineEntity({
  name: 'knowledge_article',
  schema: KnowledgeArticleSchema,
  table: 'knowledge_articles',
  scope: scope.anyOf(scope.isTrue('published'), scope.isViewer('authorId')),
  columns: { tags: { read: stringArray } },
  replica: { table: 'knowledgeArticles', indexes: ['number', 'category', 'updatedAt'] },
  ops: { create: ArticleCreateDataSchema, patch: articlePatch },
  numbering: { prefixes: { knowledge_article: 'KB' } },
});
