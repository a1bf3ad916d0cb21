/**
 * Knowledge article create and patch. Anyone who works tickets may write an article (a
 * draft until published), numbered KB-nnnn, authored by the viewer; an article written from
 * a ticket's resolution names that ticket, which the viewer must be able to see. Technicians
 * may edit published articles and their own drafts (exactly the articles they can see,
 * sync/scope.ts canSeeArticle); admins and agents any; requesters none. Patches merge
 * three-way with ARTICLE_FIELD_POLICIES, like tickets (sync/field-state.ts).
 */
import type { KnowledgeArticle } from '@fielddesk/common/domain/entities';
import { ARTICLE_FIELD_POLICIES } from '@fielddesk/common/sync/merge';
import type { ArticleCreateOp, ArticlePatchOp, OpResult } from '@fielddesk/common/sync/protocol';
import type { BatchContext } from './context';
import { createdFieldState, planPatch } from '../field-state';
import { canSeeArticle, seesEverything } from '../scope';
import { applyPlan, checkBaseRev, finishPatch } from './patch';
import { clampTime, definedFields, reject } from './shared';

export const ARTICLE_NOT_VISIBLE = 'Article not found or not visible to you.';

/** The ticket an article was written from: the batch reads it up front. */
export const articleRefs = (op: ArticleCreateOp | ArticlePatchOp) => (op.kind === 'create' ? ([['ticket', op.data.sourceTicketId]] as const) : []);

export async function articleCreate(b: BatchContext, op: ArticleCreateOp): Promise<OpResult> {
  const { viewer, info } = b;
  if (!seesEverything(viewer) && viewer.role !== 'technician') reject('Only technicians, agents and admins can write knowledge articles.');
  if (await b.article(op.id)) reject('An article with this id already exists.');
  const { data } = op;
  if (data.sourceTicketId && !(await b.visibleTicket(data.sourceTicketId))) {
    reject('The ticket this article is written from does not exist or is not visible to you.');
  }
  const at = clampTime(op.clientTime, info.nowIso);
  const rev = await b.nextRev();
  const article: KnowledgeArticle = {
    id: op.id,
    number: await b.nextNumber('knowledge_article'),
    title: data.title,
    body: data.body,
    category: data.category,
    tags: data.tags,
    published: data.published,
    authorId: viewer.id,
    sourceTicketId: data.sourceTicketId,
    createdAt: at,
    updatedAt: info.nowIso,
    rev,
  };
  b.putArticle({ record: article, ...createdFieldState(article, rev, info.clientId, ARTICLE_FIELD_POLICIES) });
  return { opId: op.opId, status: 'applied', rev, record: { ...article } };
}

export async function articlePatch(b: BatchContext, op: ArticlePatchOp): Promise<OpResult> {
  const state = await b.article(op.id);
  if (!state || !canSeeArticle(b.viewer, state.record)) return reject(ARTICLE_NOT_VISIBLE);
  checkBaseRev(op.baseRev, state.record, 'article');
  const plan = planPatch(state, definedFields(op.fields), op.baseRev, ARTICLE_FIELD_POLICIES, b.info.clientId);
  const { next, changed } = applyPlan(state.record, plan);
  return finishPatch(b, op, 'knowledge_article', state, { next, changed, conflicts: plan.conflicts }, ARTICLE_FIELD_POLICIES, (s) => b.putArticle(s));
}
