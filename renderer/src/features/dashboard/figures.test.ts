import { describe, expect, it } from 'vitest';
import { DEFAULT_ITSM_CONFIG } from '@fielddesk/common/itsm/defaults';
import { levelOf, parseQueueQuery, resolutionOf, runQueue, toQueueItem, weekStart, type FilterContext } from '../queue';
import { ME_ID, MY_GROUP, OTHER_GROUP, OTHER_ID, ticket } from '../../../test/queueTickets';
import { compliancePercent, countFigures, dashboardFigures, figureHref } from './figures';

const NOW = Date.parse('2026-03-04T15:00:00.000Z'); // a Wednesday
const ctx: FilterContext = {
  userId: ME_ID,
  groupIds: new Set([MY_GROUP]),
  nowMs: NOW,
  slaLevel: (item) => levelOf(item, DEFAULT_ITSM_CONFIG, NOW),
  resolution: (item) => resolutionOf(item, DEFAULT_ITSM_CONFIG, NOW),
};
const names = { person: () => '', group: () => '', site: () => '' };
const ago = (h: number) => new Date(NOW - h * 3_600_000).toISOString();
// Resolved this week (after Monday 00:00 local): leave a margin of a day from Monday for any time zone.
const sinceMonday = (NOW - weekStart(NOW)) / 3_600_000;

const items = [
  // Mine, P1 around the clock, open 10 h: breached (overdue).
  ticket({ number: 'INC-1', priority: 1, createdAt: ago(10), respondedAt: ago(9), updatedAt: ago(1) }),
  // Mine, P1 open 1 h: due in 3 h.
  ticket({ number: 'INC-2', priority: 1, status: 'in_progress', createdAt: ago(1), respondedAt: ago(1), updatedAt: ago(1) }),
  // My group, unassigned, on hold.
  ticket({ number: 'INC-3', assigneeId: null, status: 'on_hold', priority: 4, createdAt: ago(2), respondedAt: ago(2), slaHolds: [{ from: ago(1), to: null }] }),
  // Another group's ticket.
  ticket({ number: 'INC-4', groupId: OTHER_GROUP, assigneeId: OTHER_ID, status: 'new', priority: 3, respondedAt: null, createdAt: ago(1) }),
  // Resolved this week within target (P1, 1 h), and one that missed (P1, 6 h).
  ticket({ number: 'INC-5', priority: 1, status: 'resolved', createdAt: ago(sinceMonday / 2 + 1), respondedAt: ago(sinceMonday / 2 + 1), resolvedAt: ago(sinceMonday / 2) }),
  ticket({ number: 'INC-6', priority: 1, status: 'closed', createdAt: ago(sinceMonday / 2 + 6), respondedAt: ago(sinceMonday / 2 + 6), resolvedAt: ago(sinceMonday / 2), closedAt: ago(1) }),
].map(toQueueItem);

describe('dashboard figures', () => {
  it('counts each figure for my groups', () => {
    const counts = countFigures(items, dashboardFigures('groups'), ctx);
    expect(Object.fromEntries(counts)).toMatchObject({
      'my-open': 2,
      overdue: 1,
      'resolved-week': 2,
      'resolved-week-met': 1,
      'resolved-week-missed': 1,
      'state-assigned': 1,
      'state-in_progress': 1,
      'state-on_hold': 1,
      'state-new': 0,
      'priority-1': 2,
      'priority-4': 1,
    });
    expect(compliancePercent(1, 1)).toBe(50);
    expect(compliancePercent(0, 0)).toBeNull();
  });

  it('everything on the device includes other groups', () => {
    const counts = countFigures(items, dashboardFigures('all'), ctx);
    expect(counts.get('state-new')).toBe(1);
    expect(counts.get('priority-3')).toBe(1);
  });

  it('each figure links to a queue view that lists exactly the tickets it counts', () => {
    for (const scope of ['mine', 'groups', 'all'] as const) {
      const figures = dashboardFigures(scope).filter((f) => !f.extra);
      const counts = countFigures(items, figures, ctx);
      for (const f of figures) {
        const url = new URL(figureHref(f), 'http://x');
        expect(url.pathname).toBe('/');
        const listed = runQueue(items, parseQueueQuery(url.searchParams), [], ctx, names).rows.length;
        expect({ figure: f.id, scope, listed }).toEqual({ figure: f.id, scope, listed: counts.get(f.id) });
      }
    }
  });
});
