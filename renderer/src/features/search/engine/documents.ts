/**
 * What the search index holds for each kind of record: the Dexie table it comes from, and
 * how a record becomes a SearchDoc (title, number, searchable text, the line shown under it).
 * Pure functions, so the worker and the tests use exactly the same mapping.
 */
import { stateLabel } from '@fielddesk/common/assets/lifecycle';
import { ciTypeLabel } from '@fielddesk/common/cmdb/classes';
import type { Asset, ConfigurationItem, KnowledgeArticle, Person, Task, Ticket } from '@fielddesk/common/domain/entities';
import { TICKET_KIND_LABELS } from '@fielddesk/common/domain/entities';
import { STATUS_LABELS, TASK_STATUS_LABELS, isOpenStatus } from '@fielddesk/common/itsm/lifecycle';
import { provisionalNumber } from '@fielddesk/common/itsm/numbering';
import type { SearchDoc } from './types';

/** The Dexie tables the index reads, smallest first (so people and articles are findable early). */
export const INDEXED_TABLES = ['persons', 'knowledgeArticles', 'configurationItems', 'assets', 'tasks', 'tickets'] as const;
export type IndexedTable = (typeof INDEXED_TABLES)[number];

export function docKey(table: IndexedTable, id: string): string {
  return `${table}:${id}`;
}

function join(...parts: (string | null | undefined)[]): string {
  return parts.filter((p): p is string => typeof p === 'string' && p.length > 0).join(' · ');
}

function text(...parts: (string | null | undefined)[]): string {
  return parts.filter((p): p is string => typeof p === 'string' && p.length > 0).join('\n');
}

export function ticketDoc(t: Ticket): SearchDoc {
  const number = t.number ?? provisionalNumber(t.kind, t.id);
  return {
    key: docKey('tickets', t.id),
    type: t.kind === 'problem' ? 'problem' : 'ticket',
    id: t.id,
    title: t.title,
    number,
    text: text(t.description, t.category, t.subcategory, t.resolutionNotes, t.rootCause, t.workaround, t.onHoldReason),
    subtitle: join(number, TICKET_KIND_LABELS[t.kind], STATUS_LABELS[t.status], t.category, t.knownError ? 'Known error' : null),
    boost: isOpenStatus(t.status) ? 1 : 0,
    extra: { status: t.status, kind: t.kind },
  };
}

export function taskDoc(t: Task): SearchDoc {
  const number = t.number ?? provisionalNumber('task', t.id);
  return {
    key: docKey('tasks', t.id),
    type: 'task',
    id: t.id,
    title: t.title,
    number,
    text: t.description,
    subtitle: join(number, TASK_STATUS_LABELS[t.status]),
    boost: t.status === 'open' || t.status === 'in_progress' ? 1 : 0,
    extra: { ticketId: t.ticketId, status: t.status },
  };
}

export function articleDoc(a: KnowledgeArticle): SearchDoc {
  const number = a.number ?? provisionalNumber('knowledge_article', a.id);
  return {
    key: docKey('knowledgeArticles', a.id),
    type: 'article',
    id: a.id,
    title: a.title,
    number,
    text: text(a.body, a.category, a.tags.join(' ')),
    subtitle: join(number, a.category, a.published ? null : 'Draft'),
    boost: a.published ? 1 : 0.5,
    extra: { category: a.category, published: a.published ? 'yes' : 'no' },
  };
}

export function assetDoc(a: Asset): SearchDoc {
  return {
    key: docKey('assets', a.id),
    type: 'asset',
    id: a.id,
    title: a.name,
    number: a.tag,
    text: text(a.serial, a.model, a.manufacturer, a.type),
    subtitle: join(a.tag, a.manufacturer, a.model, a.serial ? `S/N ${a.serial}` : null, stateLabel(a)),
    boost: a.state === 'retired' || a.state === 'disposed' ? 0 : 1,
    extra: {},
  };
}

export function ciDoc(c: ConfigurationItem): SearchDoc {
  return {
    key: docKey('configurationItems', c.id),
    type: 'configuration_item',
    id: c.id,
    title: c.name,
    number: '',
    text: text(ciTypeLabel(c.ciType), c.description),
    subtitle: join(ciTypeLabel(c.ciType), c.status),
    boost: c.status === 'retired' ? 0 : 1,
    extra: {},
  };
}

export function personDoc(p: Person): SearchDoc {
  return {
    key: docKey('persons', p.id),
    type: 'person',
    id: p.id,
    title: p.displayName,
    number: '',
    text: text(p.username, p.email),
    subtitle: join(p.email || p.username, p.role),
    boost: p.role === 'requester' ? 0.5 : 1,
    extra: {},
  };
}

/** The SearchDoc of a record read from one of the indexed tables. */
export function toSearchDoc(table: IndexedTable, record: unknown): SearchDoc {
  switch (table) {
    case 'tickets':
      return ticketDoc(record as Ticket);
    case 'tasks':
      return taskDoc(record as Task);
    case 'knowledgeArticles':
      return articleDoc(record as KnowledgeArticle);
    case 'assets':
      return assetDoc(record as Asset);
    case 'configurationItems':
      return ciDoc(record as ConfigurationItem);
    case 'persons':
      return personDoc(record as Person);
  }
}

/** Where a search hit opens (hash routes of the workspace). */
export function routeOf(hit: { type: SearchDoc['type']; id: string; extra: Record<string, string | null> }): string {
  switch (hit.type) {
    case 'ticket':
    case 'problem':
      return `/tickets/${hit.id}`;
    case 'task':
      return hit.extra.ticketId ? `/tickets/${hit.extra.ticketId}?task=${hit.id}` : `/tasks?task=${hit.id}`;
    case 'article':
      return `/kb/${hit.id}`;
    case 'asset':
      return `/assets/${hit.id}`;
    case 'configuration_item':
      return `/cis/${hit.id}`;
    case 'person':
      return `/people/${hit.id}`;
  }
}
