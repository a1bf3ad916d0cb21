/** Connectivity monitor: change-only events, OS signal first, backoff with jitter, bounded timers. */
import { describe, expect, it } from 'vitest';
import type { ConnectivityState } from '@fielddesk/common/ipc/contract';
import type { Clock } from './clock';
import { OS_OFFLINE_REASON, createConnectivityMonitor } from './connectivity';
import { watchOsNetwork } from './os-network-watch';

/** A manual clock: timers fire only when the test advances time. */
function manualClock() {
  let now = Date.parse('2026-01-01T08:00:00Z');
  let nextId = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const clock: Clock = {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = nextId++;
      timers.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimeout: (id) => void timers.delete(id as number),
  };
  return {
    clock,
    timers,
    /** Delay of the single pending timer. */
    pendingDelay(): number {
      expect(timers.size).toBe(1);
      return [...timers.values()][0]!.at - now;
    },
    async fireNext(): Promise<void> {
      const [id, t] = [...timers.entries()].sort((a, b) => a[1].at - b[1].at)[0]!;
      timers.delete(id);
      now = t.at;
      t.fn();
      await new Promise((r) => setTimeout(r, 0));
    },
  };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('connectivity monitor', () => {
  it('emits only when the state changes', async () => {
    const clock = manualClock();
    let up = true;
    const events: ConnectivityState[] = [];
    const monitor = createConnectivityMonitor({
      probe: async () => {
        if (!up) throw new Error('Could not reach the FieldDesk server at http://x: connection refused.');
      },
      onChange: (s) => events.push(s),
      clock: clock.clock,
      random: () => 0.5,
    });
    monitor.start();
    await flush();
    await clock.fireNext();
    await clock.fireNext();
    expect(events.map((e) => e.online)).toEqual([true]);
    up = false;
    await clock.fireNext();
    await clock.fireNext();
    expect(events.map((e) => e.online)).toEqual([true, false]);
    expect(events[1]?.reason).toContain('connection refused');
    up = true;
    await clock.fireNext();
    expect(events.map((e) => e.online)).toEqual([true, false, true]);
    expect(events[2]?.reason).toBeNull();
    monitor.dispose();
  });

  it('backs off exponentially with jitter while offline, capped, and keeps one timer', async () => {
    const clock = manualClock();
    let r = 0;
    const randoms = [0, 1, 0, 1, 0, 1, 0, 1, 0, 1];
    const monitor = createConnectivityMonitor({
      probe: async () => {
        throw new Error('down');
      },
      onChange: () => {},
      clock: clock.clock,
      random: () => randoms[r++ % randoms.length]!,
      minBackoffMs: 1_000,
      maxBackoffMs: 8_000,
    });
    monitor.start();
    await flush();
    const delays: number[] = [];
    for (let i = 0; i < 7; i++) {
      delays.push(clock.pendingDelay());
      await clock.fireNext();
    }
    // Equal jitter: between half and all of 1s, 2s, 4s, 8s, 8s, ...
    expect(delays).toEqual([500, 2_000, 2_000, 8_000, 4_000, 8_000, 4_000]);
    for (const [i, d] of delays.entries()) {
      const cap = Math.min(8_000, 1_000 * 2 ** i);
      expect(d).toBeGreaterThanOrEqual(cap / 2);
      expect(d).toBeLessThanOrEqual(cap);
    }
    monitor.dispose();
    expect(clock.timers.size).toBe(0);
  });

  it('checks steadily while online and resets the backoff when the server is back', async () => {
    const clock = manualClock();
    let up = false;
    const monitor = createConnectivityMonitor({
      probe: async () => {
        if (!up) throw new Error('down');
      },
      onChange: () => {},
      clock: clock.clock,
      random: () => 1,
      onlineIntervalMs: 30_000,
      minBackoffMs: 1_000,
    });
    monitor.start();
    await flush();
    await clock.fireNext();
    await clock.fireNext();
    expect(clock.pendingDelay()).toBe(4_000);
    up = true;
    await clock.fireNext();
    expect(clock.pendingDelay()).toBe(30_000);
    up = false;
    await clock.fireNext();
    expect(clock.pendingDelay()).toBe(1_000);
    monitor.dispose();
  });

  it('trusts the OS when it says there is no network, without probing', async () => {
    const clock = manualClock();
    let probes = 0;
    const monitor = createConnectivityMonitor({
      probe: async () => {
        probes++;
      },
      isOsOnline: () => false,
      onChange: () => {},
      clock: clock.clock,
    });
    const state = await monitor.checkNow();
    expect(state).toMatchObject({ online: false, reason: OS_OFFLINE_REASON });
    expect(probes).toBe(0);
    monitor.dispose();
  });

  it('joins a check already under way instead of starting another', async () => {
    const clock = manualClock();
    let probes = 0;
    let release: () => void = () => {};
    const monitor = createConnectivityMonitor({
      probe: () => {
        probes++;
        return new Promise<void>((r) => (release = r));
      },
      onChange: () => {},
      clock: clock.clock,
    });
    const a = monitor.checkNow();
    const b = monitor.checkNow();
    release();
    expect(await a).toEqual(await b);
    expect(probes).toBe(1);
    monitor.dispose();
  });

  it('counts reports from sync calls as checks and stops everything on dispose', async () => {
    const clock = manualClock();
    const events: boolean[] = [];
    const monitor = createConnectivityMonitor({ probe: async () => {}, onChange: (s) => events.push(s.online), clock: clock.clock });
    monitor.report(false, 'Could not reach the FieldDesk server at http://x: connection refused.');
    monitor.report(false, 'Could not reach the FieldDesk server at http://x: connection refused.');
    monitor.report(true);
    expect(events).toEqual([false, true]);
    expect(monitor.current()?.online).toBe(true);
    monitor.dispose();
    monitor.report(false, 'late');
    expect(events).toEqual([false, true]);
    expect(clock.timers.size).toBe(0);
  });
});

describe('OS network watch', () => {
  it('calls back when net.isOnline() flips, and stops', async () => {
    const clock = manualClock();
    let online = true;
    const changes: boolean[] = [];
    const stop = watchOsNetwork({ isOnline: () => online, onChange: (o) => changes.push(o), clock: clock.clock, intervalMs: 1_000 });
    await clock.fireNext();
    online = false;
    await clock.fireNext();
    await clock.fireNext();
    online = true;
    await clock.fireNext();
    expect(changes).toEqual([false, true]);
    stop();
    expect(clock.timers.size).toBe(0);
  });
});
