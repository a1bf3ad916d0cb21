/**
 * Electron's main process has no "network changed" event, only net.isOnline().
 * This polls it cheaply and calls onChange when the answer flips, so the app
 * notices a returning network at once instead of at the next backoff step.
 */
import type { Clock } from './clock';

export function watchOsNetwork(options: { isOnline: () => boolean; onChange: (online: boolean) => void; clock: Clock; intervalMs?: number }): () => void {
  const intervalMs = options.intervalMs ?? 3_000;
  let last = options.isOnline();
  let timer: unknown = null;
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    const now = options.isOnline();
    if (now !== last) {
      last = now;
      options.onChange(now);
    }
    timer = options.clock.setTimeout(tick, intervalMs);
  };
  timer = options.clock.setTimeout(tick, intervalMs);
  return () => {
    stopped = true;
    if (timer !== null) options.clock.clearTimeout(timer);
  };
}
