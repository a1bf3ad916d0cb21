/**
 * The queues and how a queue is named in a URL. A queue view is a base queue (predefined, or a
 * saved filter `saved:<id>`) narrowed by optional refinements — kinds, states, priorities, due
 * (overdue / due today), resolved this week — and a quick text filter. All of it lives in the URL
 * (`#/?queue=my-groups&status=on_hold&priority=1`), so a view can be shared, bookmarked, opened
 * from a dashboard figure, and the back button returns to the previous view.
 */
import { TicketKindSchema, type TicketKind } from '@fielddesk/common/domain/entities';
import { PrioritySchema, type Priority } from '@fielddesk/common/itsm/config';
import { TicketStatusSchema, type TicketStatus } from '@fielddesk/common/itsm/lifecycle';
import { allOf, type FilterContext, type RowPredicate } from './compile';
import type { QueueItem } from './item';

export const PREDEFINED_QUEUES = [
  { id: 'my-open', label: 'My open', description: 'Open tickets assigned to me' },
  { id: 'my-groups', label: 'My groups', description: "Open tickets of my groups" },
  { id: 'unassigned', label: 'Unassigned in my groups', description: 'Open tickets of my groups nobody has taken' },
  { id: 'sla', label: 'SLA at risk or breached', description: 'Open tickets whose SLA is at risk (75%) or breached' },
  { id: 'on-hold', label: 'On hold', description: 'Tickets waiting on hold' },
  { id: 'recently-resolved', label: 'Recently resolved', description: 'Resolved or closed in the last 7 days' },
  { id: 'all-open', label: 'All open', description: 'Every open ticket on this device' },
  { id: 'all', label: 'All', description: 'Every ticket on this device' },
] as const;

export type PredefinedQueueId = (typeof PREDEFINED_QUEUES)[number]['id'];
/** All open, so a first visit shows work whoever signs in (a desk agent has no "my" tickets); the last choice is remembered. */
export const DEFAULT_QUEUE: PredefinedQueueId = 'all-open';
const PREDEFINED_IDS = new Set<string>(PREDEFINED_QUEUES.map((q) => q.id));

export function isPredefinedQueue(id: string): id is PredefinedQueueId {
  return PREDEFINED_IDS.has(id);
}

/** `saved:<id>` names a saved filter. */
export const SAVED_PREFIX = 'saved:';
export const savedQueueId = (filterId: string) => `${SAVED_PREFIX}${filterId}`;
export const savedFilterIdOf = (queue: string): string | null => (queue.startsWith(SAVED_PREFIX) ? queue.slice(SAVED_PREFIX.length) : null);

export type DueRefinement = 'overdue' | 'today';
/** Whose tickets: assigned to me, or of my groups (the dashboard's scopes). */
export type ScopeRefinement = 'mine' | 'groups';
export type ResolvedRefinement = 'week';

/** Everything that decides which rows a queue view lists (sorting aside). */
export interface QueueQuery {
  queue: string;
  kinds: TicketKind[];
  scope: ScopeRefinement | null;
  statuses: TicketStatus[];
  priorities: Priority[];
  due: DueRefinement | null;
  resolved: ResolvedRefinement | null;
  text: string;
}

export const EMPTY_REFINEMENTS = { kinds: [], scope: null, statuses: [], priorities: [], due: null, resolved: null, text: '' } as const;

export function queueQuery(queue: string, refinements: Partial<Omit<QueueQuery, 'queue'>> = {}): QueueQuery {
  return { queue, ...EMPTY_REFINEMENTS, kinds: [], statuses: [], priorities: [], ...refinements };
}

function listParam<T>(params: URLSearchParams, name: string, parse: (raw: string) => T | undefined): T[] {
  const raw = params.get(name);
  if (!raw) return [];
  const out: T[] = [];
  for (const part of raw.split(',')) {
    const v = parse(part.trim());
    if (v !== undefined && !out.includes(v)) out.push(v);
  }
  return out;
}

/** Reads a queue view from URL search params; unknown values are dropped (an old link still opens). */
export function parseQueueQuery(params: URLSearchParams, fallbackQueue: string = DEFAULT_QUEUE): QueueQuery {
  const queue = params.get('queue') ?? fallbackQueue;
  const due = params.get('due');
  const scope = params.get('scope');
  return {
    queue: queue.trim() || fallbackQueue,
    kinds: listParam(params, 'kind', (s) => (TicketKindSchema.safeParse(s).success ? (s as TicketKind) : undefined)),
    scope: scope === 'mine' || scope === 'groups' ? scope : null,
    statuses: listParam(params, 'status', (s) => (TicketStatusSchema.safeParse(s).success ? (s as TicketStatus) : undefined)),
    priorities: listParam(params, 'priority', (s) => {
      const parsed = PrioritySchema.safeParse(Number(s));
      return parsed.success ? parsed.data : undefined;
    }),
    due: due === 'overdue' || due === 'today' ? due : null,
    resolved: params.get('resolved') === 'week' ? 'week' : null,
    text: params.get('q') ?? '',
  };
}

/** The URL search string of a queue view (only what differs from the defaults). */
export function queueSearch(query: QueueQuery): string {
  const params = new URLSearchParams();
  params.set('queue', query.queue);
  if (query.kinds.length) params.set('kind', query.kinds.join(','));
  if (query.scope) params.set('scope', query.scope);
  if (query.statuses.length) params.set('status', query.statuses.join(','));
  if (query.priorities.length) params.set('priority', query.priorities.join(','));
  if (query.due) params.set('due', query.due);
  if (query.resolved) params.set('resolved', query.resolved);
  if (query.text) params.set('q', query.text);
  return `?${params.toString()}`;
}

/** A link to a queue view, for the dashboard and anything else that points at a queue. */
export function queueHref(queue: string, refinements: Partial<Omit<QueueQuery, 'queue'>> = {}): string {
  return `/${queueSearch(queueQuery(queue, refinements))}`;
}

const DONE = new Set<TicketStatus>(['resolved', 'closed']);
const DAY_MS = 86_400_000;
export const RECENTLY_RESOLVED_DAYS = 7;

export const isOpenItem = (item: QueueItem) => item.open;

/** The predicate of a predefined queue. */
export function predefinedPredicate(id: PredefinedQueueId, ctx: FilterContext): RowPredicate {
  const inMyGroups = (item: QueueItem) => item.ticket.groupId !== null && ctx.groupIds.has(item.ticket.groupId);
  switch (id) {
    case 'my-open':
      return (item) => item.ticket.assigneeId === ctx.userId && isOpenItem(item);
    case 'my-groups':
      return (item) => isOpenItem(item) && inMyGroups(item);
    case 'unassigned':
      return (item) => item.ticket.assigneeId === null && isOpenItem(item) && inMyGroups(item);
    case 'sla':
      return (item) => {
        if (!isOpenItem(item)) return false;
        const level = ctx.slaLevel(item);
        return level === 'warning' || level === 'breached';
      };
    case 'on-hold':
      return (item) => item.ticket.status === 'on_hold';
    case 'recently-resolved': {
      const since = ctx.nowMs - RECENTLY_RESOLVED_DAYS * DAY_MS;
      return (item) => DONE.has(item.ticket.status) && item.resolvedMs !== null && item.resolvedMs >= since;
    }
    case 'all-open':
      return isOpenItem;
    case 'all':
      return () => true;
  }
}

/** Local midnight today and tomorrow (due today = due before tomorrow's midnight). */
export function todayBounds(nowMs: number): { start: number; end: number } {
  const d = new Date(nowMs);
  const start = new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const end = new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).getTime();
  return { start, end };
}

/** Local midnight of this week's Monday (weeks start on Monday, as ISO 8601 has them). */
export function weekStart(nowMs: number): number {
  const d = new Date(nowMs);
  const sinceMonday = (d.getDay() + 6) % 7;
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() - sinceMonday).getTime();
}

/** The refinements of a view as one predicate (null when there are none). */
export function refinementPredicate(query: QueueQuery, ctx: FilterContext): RowPredicate | null {
  const tests: RowPredicate[] = [];
  if (query.scope === 'mine') tests.push((item) => item.ticket.assigneeId === ctx.userId);
  if (query.scope === 'groups') tests.push((item) => item.ticket.groupId !== null && ctx.groupIds.has(item.ticket.groupId));
  if (query.kinds.length) {
    const kinds = new Set(query.kinds);
    tests.push((item) => kinds.has(item.ticket.kind));
  }
  if (query.statuses.length) {
    const statuses = new Set(query.statuses);
    tests.push((item) => statuses.has(item.ticket.status));
  }
  if (query.priorities.length) {
    const priorities = new Set<number>(query.priorities);
    tests.push((item) => priorities.has(item.ticket.priority));
  }
  if (query.due === 'overdue') {
    tests.push((item) => isOpenItem(item) && ctx.resolution(item).state === 'breached');
  } else if (query.due === 'today') {
    const { end } = todayBounds(ctx.nowMs);
    tests.push((item) => {
      if (!isOpenItem(item)) return false;
      const clock = ctx.resolution(item);
      return (clock.state === 'ok' || clock.state === 'warning') && clock.dueMs !== null && clock.dueMs < end;
    });
  }
  if (query.resolved === 'week') {
    const since = weekStart(ctx.nowMs);
    tests.push((item) => DONE.has(item.ticket.status) && item.resolvedMs !== null && item.resolvedMs >= since);
  }
  return tests.length === 0 ? null : allOf(tests);
}
