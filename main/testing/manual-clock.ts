/**
 * A manual Clock for tests: timers fire only when the test says so, so backoff,
 * coalescing and reconnect delays are checked exactly and without waiting.
 */
import type { Clock } from '../transport/clock';

export interface ManualClock {
  clock: Clock;
  /** Pending timers' delays from now, soonest first. */
  pendingDelays(): number[];
  /** Moves time forward by `ms`, firing every timer due on the way (in order). */
  advance(ms: number): Promise<void>;
  /** Fires the soonest timer (moving time to it); throws when none is pending. */
  fireNext(): Promise<number>;
  now(): number;
}

/** Lets promise chains and I/O callbacks run. */
export const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5));

export function createManualClock(start = Date.parse('2026-01-01T08:00:00Z')): ManualClock {
  let now = start;
  let nextId = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const soonest = () => [...timers.entries()].sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
  return {
    clock: {
      now: () => now,
      setTimeout: (fn, ms) => {
        const id = nextId++;
        timers.set(id, { at: now + ms, fn });
        return id;
      },
      clearTimeout: (id) => void timers.delete(id as number),
    },
    now: () => now,
    pendingDelays: () => [...timers.values()].map((t) => t.at - now).sort((a, b) => a - b),
    async advance(ms) {
      const end = now + ms;
      for (;;) {
        const next = soonest();
        if (!next || next[1].at > end) break;
        timers.delete(next[0]);
        now = next[1].at;
        next[1].fn();
        await settle();
      }
      now = end;
    },
    async fireNext() {
      const next = soonest();
      if (!next) throw new Error('No timer is pending.');
      const delay = next[1].at - now;
      timers.delete(next[0]);
      now = next[1].at;
      next[1].fn();
      await settle();
      return delay;
    },
  };
}
