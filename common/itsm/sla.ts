import { compileCalendar, type BusinessClock } from './calendar';
import { slaPolicyFor, type ItsmConfig } from './config';
import { formatIsoTimestamp, parseIsoTimestamp } from './iso-time';
import type { TicketStatus } from './lifecycle';

/**
 * A ticket's SLA clocks, computed the same way by the app (offline) and the server, from the
 * ticket's own facts and the synced ITSM configuration, at an instant `now`.
 *
 * The rules:
 * - The policy is the one for the ticket's priority (`slaPolicies`); no policy, no clocks
 *   (`computeSla` answers null). Both clocks count business time of the policy's calendar
 *   only (common/itsm/calendar.ts: local hours, holidays, daylight saving time).
 * - The response clock runs from createdAt until respondedAt; the resolution clock from
 *   createdAt until resolvedAt. A closed ticket keeps its resolvedAt, so its clock stays
 *   stopped; a reopened ticket has resolvedAt null again, so its resolution clock runs again,
 *   counting from createdAt; the time it sat resolved is one of its slaHolds (statusEffects
 *   records it at the reopen), so it does not count.
 * - Hold periods (`slaHolds`; `to: null` = still on hold) pause every clock that is still
 *   running at the time: the resolution clock, and the response clock too if nobody has
 *   responded yet (the lifecycle stamps respondedAt when a ticket first leaves "new", so in
 *   practice a hold only pauses the resolution clock). Only business time inside a hold is
 *   taken off: a hold over a weekend changes nothing. Overlapping holds count once.
 * - A ticket whose status is "on hold" but that has no open hold period is shown paused too;
 *   its time still counts until `now`, since nothing says when the hold began.
 * - The target is the business time allowed. The states of a clock:
 *   - running: 'ok' below the warning share (`slaWarningPercent`, e.g. 75%); 'warning' from
 *     it; 'breached' once the elapsed time reaches the target (100%); 'paused' while on
 *     hold and not breached (a breach stays a breach on hold);
 *   - stopped: 'met' when it stopped before reaching its target, 'missed' otherwise.
 * - `dueAt` is the instant the clock reaches (or reached) 100%, given the holds so far: for a
 *   running clock, counting on from now with no further hold; for a stopped clock, the
 *   deadline as it stood when it stopped (in the past for a missed one). While paused and not
 *   yet breached it is null: the deadline moves for as long as the hold lasts.
 * - `level`, for queues: the worse of the two clocks, where 'met' counts as 'ok', 'missed' as
 *   'breached', and a paused clock at or past the warning share as 'warning'.
 *
 * Times are ISO 8601 strings; `now` is epoch ms. Elapsed minutes and percentages are not
 * rounded (display rounds them). A timestamp that does not parse, a hold that ends before it
 * starts, or a resolved or closed ticket without resolvedAt is an error that says so.
 */

export interface TicketSlaFacts {
  priority: number;
  createdAt: string;
  respondedAt: string | null;
  resolvedAt: string | null;
  status: TicketStatus;
  slaHolds: ReadonlyArray<{ from: string; to: string | null }>;
}

export type SlaState = 'ok' | 'warning' | 'breached' | 'met' | 'missed' | 'paused';
export type SlaLevel = 'ok' | 'warning' | 'breached';

export interface SlaClock {
  kind: 'response' | 'resolution';
  targetMinutes: number;
  /** Business minutes counted so far (until now, or until the clock stopped). */
  elapsedMinutes: number;
  /** elapsedMinutes / targetMinutes × 100. */
  percent: number;
  /** When the clock reaches (or reached) 100%; null while paused and not yet breached. */
  dueAt: string | null;
  state: SlaState;
  /** True while the clock is running but on hold. */
  paused: boolean;
  /** When the clock stopped (respondedAt or resolvedAt), or null while it runs. */
  stoppedAt: string | null;
}

export interface TicketSla {
  policyName: string;
  response: SlaClock;
  resolution: SlaClock;
  /** The worst running/stopped state, for queues. */
  level: SlaLevel;
}

export type SlaConfig = Pick<ItsmConfig, 'slaPolicies' | 'calendars' | 'slaWarningPercent'>;

const MINUTE_MS = 60_000;
const DONE: ReadonlySet<TicketStatus> = new Set<TicketStatus>(['resolved', 'closed']);

/** The SLA clocks of a ticket at `now` (epoch ms), or null when its priority has no SLA policy. */
export function computeSla(facts: TicketSlaFacts, config: SlaConfig, now: number): TicketSla | null {
  const found = slaPolicyFor(config, facts.priority);
  if (!found) return null;
  const { policy, calendar } = found;
  const ticket = readFacts(facts, now);
  const clock = compileCalendar(calendar);
  const response = measure(clock, ticket, ticket.respondedAt, policy.responseMinutes * MINUTE_MS, now);
  const resolution = measure(clock, ticket, ticket.resolvedAt, policy.resolutionMinutes * MINUTE_MS, now);
  const warn = config.slaWarningPercent;
  return {
    policyName: policy.name,
    response: toClock('response', response, facts.respondedAt, warn, clock),
    resolution: toClock('resolution', resolution, facts.resolvedAt, warn, clock),
    level: worse(levelOf(response, warn), levelOf(resolution, warn)),
  };
}

/**
 * Just the queue level of a ticket at `now` (same rules as computeSla().level), or null when
 * its priority has no SLA policy; it skips the due dates and strings computeSla builds.
 */
export function slaLevel(facts: TicketSlaFacts, config: SlaConfig, now: number): SlaLevel | null {
  const found = slaPolicyFor(config, facts.priority);
  if (!found) return null;
  const ticket = readFacts(facts, now);
  const clock = compileCalendar(found.calendar);
  const warn = config.slaWarningPercent;
  const response = measure(clock, ticket, ticket.respondedAt, found.policy.responseMinutes * MINUTE_MS, now);
  const responseLevel = levelOf(response, warn);
  if (responseLevel === 'breached') return responseLevel;
  const resolution = measure(clock, ticket, ticket.resolvedAt, found.policy.resolutionMinutes * MINUTE_MS, now);
  return worse(responseLevel, levelOf(resolution, warn));
}

/** A ticket's facts as epoch ms, holds sorted and merged. */
interface Ticket {
  createdAt: number;
  respondedAt: number | null;
  resolvedAt: number | null;
  /** Closed holds as [from, to] pairs, sorted, disjoint. */
  holds: readonly number[];
  /** Start of the hold still open (the latest one), or null. */
  openHoldFrom: number | null;
  onHoldStatus: boolean;
}

interface Measure {
  targetMs: number;
  elapsedMs: number;
  stopped: boolean;
  paused: boolean;
  /** Where the clock starts (createdAt), to find dueAt lazily (only computeSla needs it). */
  from: number;
  /** The holds that count, clipped to [from, stop or now]: [from, to] pairs, sorted, disjoint. */
  holds: readonly number[];
  /** The last of `holds` is still open (the clock is running and on hold). */
  openEnded: boolean;
}

const NO_HOLDS: readonly number[] = [];

function readFacts(facts: TicketSlaFacts, now: number): Ticket {
  if (!Number.isFinite(now)) throw new RangeError(`now must be an instant in epoch milliseconds, got ${now}.`);
  const createdAt = parseTime(facts.createdAt, 'createdAt');
  const respondedAt = facts.respondedAt === null ? null : parseTime(facts.respondedAt, 'respondedAt');
  const resolvedAt = facts.resolvedAt === null ? null : parseTime(facts.resolvedAt, 'resolvedAt');
  if (resolvedAt === null && DONE.has(facts.status)) {
    throw new RangeError(`A ${facts.status} ticket needs resolvedAt to compute its resolution clock.`);
  }
  let holds = NO_HOLDS;
  let openHoldFrom: number | null = null;
  if (facts.slaHolds.length > 0) {
    const pairs: Array<[number, number]> = [];
    for (const h of facts.slaHolds) {
      const from = parseTime(h.from, 'a hold start');
      const to = h.to === null ? Infinity : parseTime(h.to, 'a hold end');
      if (to < from) throw new RangeError(`A hold period ends (${h.to}) before it starts (${h.from}).`);
      pairs.push([from, to]);
    }
    pairs.sort((a, b) => a[0] - b[0]);
    const merged: number[] = [];
    for (const [from, to] of pairs) {
      const last = merged.length - 1;
      if (last > 0 && from <= merged[last]!) merged[last] = Math.max(merged[last]!, to);
      else merged.push(from, to);
    }
    if (merged[merged.length - 1] === Infinity) {
      openHoldFrom = merged[merged.length - 2]!;
      merged.length -= 2;
    }
    holds = merged;
  }
  return { createdAt, respondedAt, resolvedAt, holds, openHoldFrom, onHoldStatus: facts.status === 'on_hold' };
}

function parseTime(value: string, what: string): number {
  const ms = parseIsoTimestamp(value);
  if (Number.isNaN(ms)) throw new RangeError(`The ${what} time "${value}" is not an ISO 8601 timestamp.`);
  return ms;
}

/** Elapsed business time of one clock, from createdAt to its stop (or now), less the holds. */
function measure(clock: BusinessClock, t: Ticket, stop: number | null, targetMs: number, now: number): Measure {
  const from = t.createdAt;
  const end = stop ?? now;
  let elapsedMs = clock.businessMsBetween(from, end);
  let holds = NO_HOLDS;
  let openEnded = false;
  if (t.holds.length > 0 || t.openHoldFrom !== null) {
    const clipped: number[] = [];
    // The closed holds, then the open one: a stopped clock was on hold until it stopped; a running one until now.
    const last = t.openHoldFrom === null ? t.holds.length : t.holds.length + 2;
    for (let i = 0; i < last; i += 2) {
      const a = Math.max(i < t.holds.length ? t.holds[i]! : (t.openHoldFrom ?? end), from);
      const b = Math.min(i < t.holds.length ? t.holds[i + 1]! : end, end);
      if (b <= a) continue;
      clipped.push(a, b);
      elapsedMs -= clock.businessMsBetween(a, b);
      if (i >= t.holds.length) openEnded = stop === null;
    }
    holds = clipped;
  }
  const stopped = stop !== null;
  const paused = !stopped && (openEnded || t.onHoldStatus);
  return { targetMs, elapsedMs, stopped, paused, from, holds, openEnded };
}

function stateOf(m: Measure, warnPercent: number): SlaState {
  const reached = m.elapsedMs >= m.targetMs;
  if (m.stopped) return reached ? 'missed' : 'met';
  if (reached) return 'breached';
  if (m.paused) return 'paused';
  return m.elapsedMs * 100 >= m.targetMs * warnPercent ? 'warning' : 'ok';
}

function levelOf(m: Measure, warnPercent: number): SlaLevel {
  if (m.elapsedMs >= m.targetMs) return 'breached';
  // A clock stopped in time is done: no warning left in it.
  if (m.stopped) return 'ok';
  return m.elapsedMs * 100 >= m.targetMs * warnPercent ? 'warning' : 'ok';
}

function worse(a: SlaLevel, b: SlaLevel): SlaLevel {
  if (a === 'breached' || b === 'breached') return 'breached';
  return a === 'warning' || b === 'warning' ? 'warning' : 'ok';
}

function toClock(kind: SlaClock['kind'], m: Measure, stoppedAt: string | null, warnPercent: number, clock: BusinessClock): SlaClock {
  // Paused and not yet breached: the deadline moves for as long as the hold lasts.
  const due = m.paused && m.elapsedMs < m.targetMs ? null : dueAt(clock, m);
  return {
    kind,
    targetMinutes: m.targetMs / MINUTE_MS,
    elapsedMinutes: m.elapsedMs / MINUTE_MS,
    percent: (m.elapsedMs * 100) / m.targetMs,
    dueAt: due === null ? null : formatIsoTimestamp(due),
    state: stateOf(m, warnPercent),
    paused: m.paused,
    stoppedAt,
  };
}

/**
 * The instant the clock reaches its target: walk the stretches between holds from createdAt,
 * and finish inside the one where the target is reached. The last stretch runs on without
 * end, unless a hold is still open: then the target is not reachable yet (null).
 */
function dueAt(clock: BusinessClock, m: Measure): number | null {
  let remaining = m.targetMs;
  let cursor = m.from;
  const holds = m.holds;
  for (let i = 0; i < holds.length; i += 2) {
    const hFrom = holds[i]!;
    if (hFrom > cursor) {
      const free = clock.businessMsBetween(cursor, hFrom);
      if (free >= remaining) return clock.addBusinessMs(cursor, remaining);
      remaining -= free;
    }
    cursor = holds[i + 1]!;
  }
  return m.openEnded ? null : clock.addBusinessMs(cursor, remaining);
}
