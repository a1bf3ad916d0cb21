/**
 * The same-run reference of the SLA benchmarks (bench:sla and bench:workspace's
 * sla_compute_per_s): the same tickets' two clocks computed on the WALL CLOCK by a plain loop.
 * It does the date arithmetic computeSla must do whatever its calendars — read the ISO times,
 * subtract the holds, find the ticket's policy, the elapsed share and the level, format both
 * due times as ISO strings and return the same kind of object — with the platform's own
 * Date.parse and toISOString, no FieldDesk code, and nothing of business hours, time zones or
 * holidays. Both are plain single-threaded JavaScript over the same objects, so a slow or busy
 * machine slows both alike and the ratio computeSla ÷ baseline stays put; a regression anywhere
 * in computeSla (its parser and formatter, the calendar's caches, a linear scan over days)
 * moves it. computeSla is faster than this loop (its ISO parser and formatter beat Date's), so
 * the ratio is above 1.
 */
import type { SlaConfig, TicketSlaFacts } from '@fielddesk/common/itsm/sla';

const MINUTE_MS = 60_000;

export interface WallClock {
  targetMinutes: number;
  elapsedMinutes: number;
  percent: number;
  dueAt: string | null;
  paused: boolean;
}

export interface WallClockSla {
  policyName: string;
  response: WallClock;
  resolution: WallClock;
  level: 'ok' | 'warning' | 'breached';
}

/** A wall-clock SLA computation for `config`'s policies (built once, like computeSla's calendars). */
export function wallClockSla(config: SlaConfig): (t: TicketSlaFacts, now: number) => WallClockSla | null {
  const policies = new Map<number, SlaConfig['slaPolicies'][number]>(config.slaPolicies.map((p) => [p.priority, p]));
  const warn = config.slaWarningPercent;
  return (t, now) => {
    const policy = policies.get(t.priority);
    if (!policy) return null;
    const created = Date.parse(t.createdAt);
    const responded = t.respondedAt === null ? null : Date.parse(t.respondedAt);
    const resolved = t.resolvedAt === null ? null : Date.parse(t.resolvedAt);
    let closedHolds = 0;
    let openFrom: number | null = null;
    for (const h of t.slaHolds) {
      const from = Date.parse(h.from);
      if (h.to === null) openFrom = from;
      else closedHolds += Date.parse(h.to) - from;
    }
    const clock = (stop: number | null, targetMinutes: number): WallClock => {
      const end = stop ?? now;
      const held = closedHolds + (openFrom !== null && openFrom < end ? end - openFrom : 0);
      const elapsed = Math.max(0, end - created - held);
      const target = targetMinutes * MINUTE_MS;
      const paused = stop === null && openFrom !== null;
      return {
        targetMinutes,
        elapsedMinutes: elapsed / MINUTE_MS,
        percent: (elapsed * 100) / target,
        dueAt: paused && elapsed < target ? null : new Date(created + held + target).toISOString(),
        paused,
      };
    };
    const response = clock(responded, policy.responseMinutes);
    const resolution = clock(resolved, policy.resolutionMinutes);
    const levelOf = (c: WallClock, stopped: boolean) => (c.percent >= 100 ? 2 : !stopped && c.percent >= warn ? 1 : 0);
    const level = Math.max(levelOf(response, responded !== null), levelOf(resolution, resolved !== null));
    return { policyName: policy.name, response, resolution, level: level === 2 ? 'breached' : level === 1 ? 'warning' : 'ok' };
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** One pass of fn over every ticket: seconds taken and a checksum (so nothing is optimised away). */
function pass<T>(tickets: readonly T[], fn: (t: T) => number): { seconds: number; checksum: number } {
  const started = performance.now();
  let checksum = 0;
  for (const t of tickets) checksum += fn(t);
  return { seconds: (performance.now() - started) / 1000, checksum };
}

export interface InterleavedRates {
  /** Per-second rate of each timed round of the measured function, and of the baseline. */
  rates: number[];
  referenceRates: number[];
  median: number;
  referenceMedian: number;
  /** The measured function's warm-up rate (its first round also builds the calendars' days). */
  warmUp: number;
  checksum: number;
}

/**
 * One warm-up round of each, then `rounds` timed rounds of the measured function, each followed
 * by a round of the wall-clock baseline over the same tickets, so both see the same machine
 * at (nearly) the same moment. The figures are the medians.
 */
export function interleavedRates<T extends TicketSlaFacts>(
  tickets: readonly T[],
  config: SlaConfig,
  now: number,
  rounds: number,
  measured: (t: T) => number,
  onRound?: (round: number, perSecond: number, referencePerSecond: number) => void,
): InterleavedRates {
  const compute = wallClockSla(config);
  const baseline = (t: T): number => {
    const sla = compute(t, now);
    return sla === null ? 0 : sla.resolution.percent + (sla.level === 'breached' ? 2 : sla.level === 'warning' ? 1 : 0);
  };
  const warm = pass(tickets, measured);
  pass(tickets, baseline);
  const rates: number[] = [];
  const referenceRates: number[] = [];
  let checksum = 0;
  for (let r = 0; r < rounds; r++) {
    const m = pass(tickets, measured);
    const b = pass(tickets, baseline);
    rates.push(tickets.length / m.seconds);
    referenceRates.push(tickets.length / b.seconds);
    checksum += m.checksum + b.checksum;
    onRound?.(r, tickets.length / m.seconds, tickets.length / b.seconds);
  }
  return { rates, referenceRates, median: median(rates), referenceMedian: median(referenceRates), warmUp: tickets.length / warm.seconds, checksum };
}

/** What the reference is, in the words the metric lines print. */
export const SLA_REFERENCE = 'wall-clock SLA loop over the same tickets (Date.parse, holds, level, both due times as ISO strings; no business calendar), interleaved rounds, median';
