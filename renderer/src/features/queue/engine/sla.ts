/**
 * SLA levels for the queue, memoised per ticket. Computing the clocks of 100,000 tickets takes
 * about a second, so the queue never does it all at once on a filter change: each row keeps its
 * memo with the earliest instant it can change (`nextCheckMs`). Business time never runs faster
 * than wall time, so a clock at 40% of an 8-hour target cannot reach the 75% warning within
 * the next 35% × 8 h = 2.8 h of wall time; until then the memo stands. Breached and stopped
 * clocks never change while the ticket does not. A changed ticket gets a fresh row (no memo).
 */
import { computeSla, type SlaClock, type SlaConfig } from '@fielddesk/common/itsm/sla';
import type { QueueItem, SlaMemo } from './item';

const MINUTE_MS = 60_000;
/** Never re-check more often than this (a clock about to cross a line is re-checked soon, not in a loop). */
const MIN_RECHECK_MS = 30_000;

/** Wall time until this clock can next change level, in ms (Infinity when it cannot). */
function quietFor(clock: SlaClock, warnPercent: number): number {
  if (clock.stoppedAt !== null) return Infinity;
  const minutesTo = (percent: number) => ((percent - clock.percent) / 100) * clock.targetMinutes;
  if (clock.percent < warnPercent) return minutesTo(warnPercent) * MINUTE_MS;
  if (clock.percent < 100) return minutesTo(100) * MINUTE_MS;
  return Infinity;
}

/** Computes a row's SLA memo at `nowMs` (no memo reuse: see `slaOf`). */
export function computeSlaMemo(item: QueueItem, config: SlaConfig, nowMs: number): SlaMemo {
  const t = item.ticket;
  let sla;
  try {
    sla = computeSla(
      { priority: t.priority, createdAt: t.createdAt, respondedAt: t.respondedAt, resolvedAt: t.resolvedAt, status: t.status, slaHolds: t.slaHolds },
      config,
      nowMs,
    );
  } catch {
    // A ticket whose facts do not parse has no clock to show; the ticket screen says why.
    sla = null;
  }
  if (!sla) return { level: null, resolutionState: null, resolutionDueMs: null, nextCheckMs: Infinity };
  const quiet = Math.min(quietFor(sla.response, config.slaWarningPercent), quietFor(sla.resolution, config.slaWarningPercent));
  return {
    level: sla.level,
    resolutionState: sla.resolution.state,
    resolutionDueMs: sla.resolution.dueAt ? Date.parse(sla.resolution.dueAt) : null,
    nextCheckMs: quiet === Infinity ? Infinity : nowMs + Math.max(MIN_RECHECK_MS, quiet),
  };
}

/** The row's memo, recomputed only when missing or possibly out of date. */
export function slaOf(item: QueueItem, config: SlaConfig, nowMs: number): SlaMemo {
  const memo = item.sla;
  if (memo && memo.nextCheckMs > nowMs) return memo;
  item.sla = computeSlaMemo(item, config, nowMs);
  return item.sla;
}
