/**
 * SLA for the queue, memoised per ticket row. Two memos, because their costs differ tenfold
 * (measured in Node: common/itsm/sla.ts `slaLevel` ~330,000 tickets/s, `computeSla` with due
 * dates ~34,000/s):
 *
 * - the level (ok / at risk / breached), from `slaLevel`: what the SLA queue, column and sort
 *   need. A stopped clock (resolved, closed) or a breach never changes while the ticket does
 *   not, so those memos never expire; a running one is good for LEVEL_TTL_MS (the queue's clock
 *   ticks once a minute anyway). `warmSlaLevels` refreshes them in the background in small
 *   slices, so a filter change finds them ready.
 * - the resolution clock (state and due instant), from `computeSla`: only for "overdue" and
 *   "due today" and the Due column. Its memo lasts until the earliest instant the clock can cross
 *   the next line: business time never runs faster than wall time, so a clock at 40% of an
 *   8-hour target cannot reach 75% within the next 35% × 8 h = 2.8 h.
 *
 * A changed ticket gets a fresh row (toQueueItem), hence no memo; a changed SLA configuration
 * clears every memo (TicketIndex.setSlaConfig).
 */
import { computeSla, slaLevel, type SlaClock, type SlaConfig, type TicketSlaFacts } from '@fielddesk/common/itsm/sla';
import type { QueueItem, ResolutionMemo, SlaLevelMemo } from './item';

const MINUTE_MS = 60_000;
export const LEVEL_TTL_MS = MINUTE_MS;
/** Never re-check a resolution clock more often than this. */
const MIN_RECHECK_MS = 30_000;

function factsOf(item: QueueItem): TicketSlaFacts {
  const t = item.ticket;
  return { priority: t.priority, createdAt: t.createdAt, respondedAt: t.respondedAt, resolvedAt: t.resolvedAt, status: t.status, slaHolds: t.slaHolds };
}

const stopped = (item: QueueItem) => item.ticket.status === 'resolved' || item.ticket.status === 'closed';

/** The row's SLA level at `nowMs`, from its memo while that holds. */
export function levelOf(item: QueueItem, config: SlaConfig, nowMs: number): SlaLevelMemo['level'] {
  const memo = item.slaLevel;
  if (memo && memo.untilMs > nowMs) return memo.level;
  let level: SlaLevelMemo['level'];
  try {
    level = slaLevel(factsOf(item), config, nowMs);
  } catch {
    // Facts that do not parse have no clock to show; the ticket screen says why.
    level = null;
  }
  const final = level === null || level === 'breached' || stopped(item);
  item.slaLevel = { level, untilMs: final ? Infinity : nowMs + LEVEL_TTL_MS };
  return level;
}

/** Wall time until this clock can next change state, in ms (Infinity when it cannot). */
function quietFor(clock: SlaClock, warnPercent: number): number {
  if (clock.stoppedAt !== null) return Infinity;
  const msTo = (percent: number) => ((percent - clock.percent) / 100) * clock.targetMinutes * MINUTE_MS;
  if (clock.percent < warnPercent) return msTo(warnPercent);
  if (clock.percent < 100) return msTo(100);
  return Infinity;
}

/** The row's resolution clock at `nowMs`, from its memo while that holds. */
export function resolutionOf(item: QueueItem, config: SlaConfig, nowMs: number): ResolutionMemo {
  const memo = item.resolution;
  if (memo && memo.untilMs > nowMs) return memo;
  let next: ResolutionMemo;
  try {
    const sla = computeSla(factsOf(item), config, nowMs);
    if (!sla) next = { state: null, dueMs: null, untilMs: Infinity };
    else {
      const quiet = quietFor(sla.resolution, config.slaWarningPercent);
      next = {
        state: sla.resolution.state,
        dueMs: sla.resolution.dueAt ? Date.parse(sla.resolution.dueAt) : null,
        untilMs: quiet === Infinity ? Infinity : nowMs + Math.max(MIN_RECHECK_MS, quiet),
      };
    }
  } catch {
    next = { state: null, dueMs: null, untilMs: Infinity };
  }
  item.resolution = next;
  return next;
}

/**
 * Refreshes the level memos that expire before `horizonMs`, a slice at a time (each slice at most
 * `budgetMs` of main-thread time), so the SLA queue never stalls the screen to catch up. Returns a
 * function that cancels the pass.
 */
export function warmSlaLevels(
  items: () => Iterable<QueueItem>,
  config: () => SlaConfig,
  horizonMs: () => number,
  opts: { budgetMs?: number; onDone?: () => void } = {},
): () => void {
  const budget = opts.budgetMs ?? 8;
  const iterator = items()[Symbol.iterator]();
  let cancelled = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const slice = () => {
    if (cancelled) return;
    const started = performance.now();
    const horizon = horizonMs();
    const cfg = config();
    for (;;) {
      const next = iterator.next();
      if (next.done) {
        opts.onDone?.();
        return;
      }
      const item = next.value;
      if (!item.slaLevel || item.slaLevel.untilMs <= horizon) {
        item.slaLevel = undefined;
        levelOf(item, cfg, Date.now());
      }
      if (performance.now() - started > budget) break;
    }
    timer = setTimeout(slice, 0);
  };
  timer = setTimeout(slice, 0);
  return () => {
    cancelled = true;
    if (timer !== undefined) clearTimeout(timer);
  };
}
