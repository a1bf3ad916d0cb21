/** How records are named on screen: the server's number, or a provisional one until it has numbered them. */
import type { KnowledgeArticle, Task, Ticket } from '@fielddesk/common/domain/entities';
import { provisionalNumber } from '@fielddesk/common/itsm/numbering';

export function ticketNumber(ticket: Pick<Ticket, 'number' | 'kind' | 'id'>): string {
  return ticket.number ?? provisionalNumber(ticket.kind, ticket.id);
}

export function taskNumber(task: Pick<Task, 'number' | 'id'>): string {
  return task.number ?? provisionalNumber('task', task.id);
}

export function articleNumber(article: Pick<KnowledgeArticle, 'number' | 'id'>): string {
  return article.number ?? provisionalNumber('knowledge_article', article.id);
}
