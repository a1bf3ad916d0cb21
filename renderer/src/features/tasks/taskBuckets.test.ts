import { describe, expect, it } from 'vitest';
import { bucketOf, localInputToIso, orderTasks } from './taskBuckets';

const now = new Date(2026, 2, 2, 10, 0); // 2 March 2026, 10:00 local time
const at = (h: number, day = 2) => new Date(2026, 2, day, h, 0).toISOString();

describe('task buckets', () => {
  it('puts a task in overdue, today, later or undated by its due date and the local day', () => {
    expect(bucketOf({ dueAt: at(9) }, now)).toBe('overdue');
    expect(bucketOf({ dueAt: at(23) }, now)).toBe('today');
    expect(bucketOf({ dueAt: at(8, 3) }, now)).toBe('later');
    expect(bucketOf({ dueAt: null }, now)).toBe('undated');
  });

  it('orders open tasks overdue first, soonest first, and leaves out done and cancelled ones', () => {
    const base = { createdAt: at(1) };
    const ordered = orderTasks(
      [
        { ...base, id: 'later', dueAt: at(9, 5), status: 'open' as const },
        { ...base, id: 'undated', dueAt: null, status: 'in_progress' as const },
        { ...base, id: 'today', dueAt: at(15), status: 'open' as const },
        { ...base, id: 'overdue', dueAt: at(8), status: 'open' as const },
        { ...base, id: 'done', dueAt: at(8), status: 'done' as const },
        { ...base, id: 'cancelled', dueAt: at(8), status: 'cancelled' as const },
        { ...base, id: 'sooner', dueAt: at(9, 4), status: 'open' as const },
      ],
      now,
    );
    expect(ordered.map((o) => o.task.id)).toEqual(['overdue', 'today', 'sooner', 'later', 'undated']);
  });

  it('reads a datetime-local value as local time', () => {
    expect(localInputToIso('2026-03-02T14:30')).toBe(new Date(2026, 2, 2, 14, 30).toISOString());
    expect(localInputToIso('')).toBeNull();
    expect(localInputToIso('not a date')).toBeNull();
  });
});
