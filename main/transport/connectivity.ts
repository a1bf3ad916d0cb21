/**
 * Knows whether the FieldDesk server is reachable. It asks the OS first (no network
 * => offline, without trying), then the server's GET /healthz. While online it
 * checks every `onlineIntervalMs`; while offline it retries with exponential
 * backoff and jitter, capped at `maxBackoffMs`. Other modules report what they saw
 * (a sync call that failed or succeeded), which also counts as a check.
 * A 'connectivity' state is emitted only when it changes. One timer at most; dispose() stops it.
 */
import type { ConnectivityState } from '@fielddesk/common/ipc/contract';
import type { Clock } from './clock';

export interface ConnectivityMonitorOptions {
  /** Checks the server; resolves when it is healthy, rejects with the reason (an Error) when not. */
  probe(): Promise<void>;
  /** The OS's view (Electron: net.isOnline()). */
  isOsOnline?: () => boolean;
  onChange(state: ConnectivityState): void;
  clock: Clock;
  random?: () => number;
  onlineIntervalMs?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

export interface ConnectivityMonitor {
  /** Starts periodic checks with one check now. */
  start(): void;
  /** Checks now (joining a check already under way) and answers the result. */
  checkNow(): Promise<ConnectivityState>;
  /** The last known state, or null before the first check. */
  current(): ConnectivityState | null;
  /** Something else reached the server (online) or failed to (offline, with the reason). */
  report(online: boolean, reason?: string | null): void;
  dispose(): void;
}

export const OS_OFFLINE_REASON = 'This computer is not connected to a network.';

export function createConnectivityMonitor(options: ConnectivityMonitorOptions): ConnectivityMonitor {
  const { clock } = options;
  const random = options.random ?? Math.random;
  const onlineIntervalMs = options.onlineIntervalMs ?? 30_000;
  const minBackoffMs = options.minBackoffMs ?? 2_000;
  const maxBackoffMs = options.maxBackoffMs ?? 5 * 60_000;

  let state: ConnectivityState | null = null;
  let failures = 0;
  let timer: unknown = null;
  let running = false;
  let disposed = false;
  let inFlight: Promise<ConnectivityState> | null = null;

  /** Delay before the next check: steady while online, doubling with jitter while offline. */
  function nextDelay(): number {
    if (state?.online) return onlineIntervalMs;
    const exp = Math.min(maxBackoffMs, minBackoffMs * 2 ** Math.max(0, failures - 1));
    // "Equal jitter": half fixed, half random, so retries of many clients spread out.
    return Math.round(exp / 2 + random() * (exp / 2));
  }

  function schedule(): void {
    if (!running || disposed) return;
    if (timer !== null) clock.clearTimeout(timer);
    timer = clock.setTimeout(() => {
      timer = null;
      void checkNow();
    }, nextDelay());
  }

  function record(online: boolean, reason: string | null): ConnectivityState {
    failures = online ? 0 : failures + 1;
    const next: ConnectivityState = { online, reason: online ? null : reason, checkedAt: new Date(clock.now()).toISOString() };
    const changed = !state || state.online !== next.online || state.reason !== next.reason;
    state = next;
    if (changed && !disposed) options.onChange(next);
    return next;
  }

  async function runCheck(): Promise<ConnectivityState> {
    if (options.isOsOnline && !options.isOsOnline()) return record(false, OS_OFFLINE_REASON);
    try {
      await options.probe();
      return record(true, null);
    } catch (e) {
      return record(false, e instanceof Error ? e.message : String(e));
    }
  }

  function checkNow(): Promise<ConnectivityState> {
    if (disposed) return Promise.resolve(state ?? { online: false, reason: 'FieldDesk is shutting down.', checkedAt: new Date(clock.now()).toISOString() });
    inFlight ??= runCheck().finally(() => {
      inFlight = null;
      schedule();
    });
    return inFlight;
  }

  return {
    start() {
      if (running || disposed) return;
      running = true;
      void checkNow();
    },
    checkNow,
    current: () => state,
    report(online, reason = null) {
      if (disposed) return;
      const wasOnline = state?.online;
      record(online, reason);
      // Coming back online or going offline changes the cadence: re-plan the next check.
      if (wasOnline !== online && !inFlight) schedule();
    },
    dispose() {
      disposed = true;
      running = false;
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
    },
  };
}
