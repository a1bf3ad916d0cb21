import { HoldPeriodSchema, TicketSchema, type HoldPeriod, type Impact } from '../domain/entities';
import { defineEntity } from './define';
import { scope } from './scope';

/** Impact and urgency are 1..3; anything else stored (never written by FieldDesk) reads as medium. */
function level(stored: unknown): Impact {
  const n = Number(stored);
  return n === 1 || n === 3 ? n : 2;
}

/** The SLA hold periods; entries that are not hold periods are dropped, a damaged value counts as none. */
function holds(stored: unknown): HoldPeriod[] {
  try {
    const value: unknown = typeof stored === 'string' ? JSON.parse(stored) : stored;
    if (!Array.isArray(value)) return [];
    return value.flatMap((h) => {
      const parsed = HoldPeriodSchema.safeParse(h);
      return parsed.success ? [parsed.data] : [];
    });
  } catch {
    return [];
  }
}

/** An incident, service request or problem. */
export const ticket = defineEntity({
  name: 'ticket',
  schema: TicketSchema,
  table: 'tickets',
  scope: scope.anyOf(scope.inViewerGroups('groupId'), scope.atViewerSite('siteId')),
  columns: { impact: { read: level }, urgency: { read: level }, slaHolds: { read: holds } },
  replica: { table: 'tickets', indexes: ['status', 'problemId'] },
});
