/**
 * The dashboard's figures, each defined AS a queue view (engine/queues.ts): the number shown is
 * the number of rows that view lists, counted with the same predicates, and the figure links to
 * that view. So a figure and the queue it opens can never disagree.
 */
import { TICKET_STATUSES, type TicketStatus } from '@fielddesk/common/itsm/lifecycle';
import type { Priority } from '@fielddesk/common/itsm/config';
import {
  predefinedPredicate,
  queueHref,
  queueQuery,
  refinementPredicate,
  type FilterContext,
  type QueueItem,
  type QueueQuery,
  type RowPredicate,
  type ScopeRefinement,
} from '../queue';

/** Whose work the dashboard shows: mine, my groups', or everything on this device. */
export type DashboardScope = ScopeRefinement | 'all';

export const OPEN_STATES = TICKET_STATUSES.filter((s) => s !== 'resolved' && s !== 'closed') as TicketStatus[];
export const PRIORITIES: Priority[] = [1, 2, 3, 4, 5];

export interface Figure {
  id: string;
  query: QueueQuery;
  /** Counted only when this also holds (the compliance split); the link lists the query's rows. */
  extra?: (ctx: FilterContext) => RowPredicate;
}

const scopeOf = (scope: DashboardScope): ScopeRefinement | null => (scope === 'all' ? null : scope);

export function dashboardFigures(scope: DashboardScope): Figure[] {
  const s = scopeOf(scope);
  const resolvedThisWeek = queueQuery('all', { scope: s, resolved: 'week' });
  return [
    { id: 'my-open', query: queueQuery('my-open') },
    { id: 'overdue', query: queueQuery('all-open', { scope: s, due: 'overdue' }) },
    { id: 'due-today', query: queueQuery('all-open', { scope: s, due: 'today' }) },
    { id: 'at-risk', query: queueQuery('sla', { scope: s }) },
    { id: 'resolved-week', query: resolvedThisWeek },
    { id: 'resolved-week-met', query: resolvedThisWeek, extra: (ctx) => (item) => ctx.resolution(item).state === 'met' },
    { id: 'resolved-week-missed', query: resolvedThisWeek, extra: (ctx) => (item) => ctx.resolution(item).state === 'missed' },
    ...OPEN_STATES.map((status) => ({ id: `state-${status}`, query: queueQuery('all-open', { scope: s, statuses: [status] }) })),
    ...PRIORITIES.map((p) => ({ id: `priority-${p}`, query: queueQuery('all-open', { scope: s, priorities: [p] }) })),
  ];
}

export const figureHref = (figure: Figure): string => {
  const { queue, ...refinements } = figure.query;
  return queueHref(queue, refinements);
};

/** One predicate per figure (predefined base queue AND its refinements AND its extra test). */
export function figurePredicates(figures: readonly Figure[], ctx: FilterContext): { id: string; test: RowPredicate }[] {
  return figures.map((f) => {
    const base = predefinedPredicate(f.query.queue as Parameters<typeof predefinedPredicate>[0], ctx);
    const refine = refinementPredicate(f.query, ctx);
    const extra = f.extra?.(ctx);
    const tests = [base, refine, extra].filter((t): t is RowPredicate => !!t);
    return { id: f.id, test: (item: QueueItem) => tests.every((t) => t(item)) };
  });
}

/** Counts every figure over the rows (synchronous; the screen does the same in slices). */
export function countFigures(items: Iterable<QueueItem>, figures: readonly Figure[], ctx: FilterContext): Map<string, number> {
  const tests = figurePredicates(figures, ctx);
  const counts = new Map<string, number>(tests.map((t) => [t.id, 0]));
  for (const item of items) for (const t of tests) if (t.test(item)) counts.set(t.id, counts.get(t.id)! + 1);
  return counts;
}

/** Share of resolution clocks stopped this week that met their target, in whole percent; null when none stopped. */
export function compliancePercent(met: number, missed: number): number | null {
  const total = met + missed;
  return total === 0 ? null : Math.round((met / total) * 100);
}
