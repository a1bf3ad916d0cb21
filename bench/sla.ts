/**
 * npm run bench:sla — how many tickets' SLA clocks (common/itsm/sla.ts computeSla) Node
 * computes per second: the queue computes one per visible ticket on every render, the server
 * one per ticket it escalates, so this must stay well above 100,000/s.
 *
 * A realistic configuration (a 24x7 calendar, Paris office hours with French holidays, New
 * York office hours with US holidays; five priorities) and 100,000 synthetic tickets created
 * over the last 90 days: mixed priorities and states (new, assigned, in progress, on hold
 * with an open hold, resolved, closed; some reopened), a third with closed hold periods.
 * One warm-up round (which also builds the calendars' days), then timed rounds over all the
 * tickets; the figure is the median round. Each round is followed by a round of the same-run
 * reference (lib/sla-baseline.ts: the same tickets' clocks on the wall clock, no calendar);
 * the target applies to the ratio of the two medians. One JSON line per metric on stdout,
 * then a summary; exit code 1 when the target is missed. See bench/README.md.
 *
 * Environment (optional): BENCH_SLA_TICKETS (default 100000), BENCH_SLA_ROUNDS (default 7).
 */
import { z } from 'zod';
import { compileCalendar } from '@fielddesk/common/itsm/calendar';
import { BusinessCalendarSchema, SlaPolicySchema } from '@fielddesk/common/itsm/config';
import type { TicketStatus } from '@fielddesk/common/itsm/lifecycle';
import { computeSla, slaLevel, type SlaConfig, type TicketSlaFacts } from '@fielddesk/common/itsm/sla';
import { log, ratioMetric, summary } from './lib/report';
import { interleavedRates, SLA_REFERENCE } from './lib/sla-baseline';

const TICKETS = Number(process.env.BENCH_SLA_TICKETS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_SLA_ROUNDS ?? 7);
const TARGET_PER_S = 100_000;
/** computeSla's rate ÷ the wall-clock baseline's (see bench/README.md). */
const RATIO_TARGET = 1;
if (!Number.isInteger(TICKETS) || TICKETS < 1_000) throw new Error(`BENCH_SLA_TICKETS=${process.env.BENCH_SLA_TICKETS} must be a whole number of at least 1000.`);
if (!Number.isInteger(ROUNDS) || ROUNDS < 1 || ROUNDS > 100) throw new Error(`BENCH_SLA_ROUNDS=${process.env.BENCH_SLA_ROUNDS} must be a whole number from 1 to 100.`);

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const weekdays = (start: string, end: string) => [1, 2, 3, 4, 5].map((day) => ({ day, start, end }));
const holidays = (dates: string[]) => dates.map((date) => ({ date, name: `Holiday ${date}` }));

/** Parsed with the real schemas, so the bench runs on a configuration the server would accept. */
const CONFIG: SlaConfig = {
  calendars: z.array(BusinessCalendarSchema).parse([
    { id: '24x7', name: 'Around the clock', timeZone: 'UTC', hours: [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, start: '00:00', end: '24:00' })), holidays: [] },
    {
      id: 'paris',
      name: 'Paris office',
      timeZone: 'Europe/Paris',
      hours: weekdays('08:00', '18:00'),
      // French public holidays 2025–2027.
      holidays: holidays([
        ...['2025-01-01', '2025-04-21', '2025-05-01', '2025-05-08', '2025-05-29', '2025-06-09', '2025-07-14', '2025-08-15', '2025-11-01', '2025-11-11', '2025-12-25'],
        ...['2026-01-01', '2026-04-06', '2026-05-01', '2026-05-08', '2026-05-14', '2026-05-25', '2026-07-14', '2026-08-15', '2026-11-01', '2026-11-11', '2026-12-25'],
        ...['2027-01-01', '2027-03-29', '2027-05-01', '2027-05-08', '2027-05-06', '2027-05-17', '2027-07-14', '2027-08-15', '2027-11-01', '2027-11-11', '2027-12-25'],
      ]),
    },
    {
      id: 'new-york',
      name: 'New York office',
      timeZone: 'America/New_York',
      // A lunch break: two windows a day.
      hours: [...weekdays('08:00', '12:00'), ...weekdays('13:00', '18:00')],
      holidays: holidays([
        ...['2025-01-01', '2025-05-26', '2025-07-04', '2025-09-01', '2025-11-27', '2025-12-25'],
        ...['2026-01-01', '2026-05-25', '2026-07-03', '2026-09-07', '2026-11-26', '2026-12-25'],
        ...['2027-01-01', '2027-05-31', '2027-07-05', '2027-09-06', '2027-11-25', '2027-12-24'],
      ]),
    },
  ]),
  slaPolicies: z.array(SlaPolicySchema).parse([
    { priority: 1, name: 'P1 Critical', responseMinutes: 15, resolutionMinutes: 240, calendarId: '24x7' },
    { priority: 2, name: 'P2 High', responseMinutes: 30, resolutionMinutes: 480, calendarId: 'paris' },
    { priority: 3, name: 'P3 Medium', responseMinutes: 240, resolutionMinutes: 1_800, calendarId: 'new-york' },
    { priority: 4, name: 'P4 Low', responseMinutes: 480, resolutionMinutes: 3_000, calendarId: 'paris' },
    { priority: 5, name: 'P5 Planning', responseMinutes: 1_200, resolutionMinutes: 12_000, calendarId: 'new-york' },
  ]),
  slaWarningPercent: 75,
};

/** mulberry32: a small deterministic PRNG, so every run measures the same tickets. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, weighted: ReadonlyArray<readonly [T, number]>): T {
  let r = random() * weighted.reduce((sum, [, w]) => sum + w, 0);
  for (const [value, w] of weighted) {
    r -= w;
    if (r < 0) return value;
  }
  return weighted[weighted.length - 1]![0];
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Tickets as the app holds them (ISO strings), created over the 90 days before `now`. */
function syntheticTickets(count: number, now: number): TicketSlaFacts[] {
  const random = prng(20_261_121);
  const between = (from: number, to: number) => from + Math.floor(random() * Math.max(0, to - from));
  const tickets: TicketSlaFacts[] = [];
  for (let i = 0; i < count; i++) {
    const priority = pick(random, [
      [1, 5],
      [2, 15],
      [3, 40],
      [4, 30],
      [5, 10],
    ] as const);
    const status: TicketStatus = pick(random, [
      ['new', 10],
      ['assigned', 15],
      ['in_progress', 20],
      ['on_hold', 8],
      ['resolved', 17],
      ['closed', 30],
    ] as const);
    const done = status === 'resolved' || status === 'closed';
    // Finished tickets spread over the 90 days; open ones are mostly recent (a queue is worked).
    const age = done ? random() * 90 * DAY : Math.min(90 * DAY, random() ** 2 * 14 * DAY);
    const createdAt = Math.floor(now - MINUTE - age);
    const respondedAt = status === 'new' ? null : Math.min(now, createdAt + between(MINUTE, random() < 0.8 ? 4 * HOUR : 3 * DAY));
    const resolvedAt = done ? Math.min(now, (respondedAt ?? createdAt) + between(10 * MINUTE, random() < 0.7 ? 2 * DAY : 10 * DAY)) : null;
    const end = resolvedAt ?? now;
    const slaHolds: Array<{ from: string; to: string | null }> = [];
    // A third of the tickets waited on someone once or more (closed holds).
    if (status !== 'new' && random() < 1 / 3) {
      let cursor = respondedAt ?? createdAt;
      const holdCount = 1 + Math.floor(random() * 3);
      for (let h = 0; h < holdCount && cursor < end; h++) {
        const from = between(cursor, end);
        const to = Math.min(end, from + between(30 * MINUTE, 3 * DAY));
        slaHolds.push({ from: iso(from), to: iso(to) });
        cursor = to;
      }
    }
    if (status === 'on_hold') slaHolds.push({ from: iso(between(respondedAt ?? createdAt, now)), to: null });
    tickets.push({ priority, createdAt: iso(createdAt), respondedAt: respondedAt === null ? null : iso(respondedAt), resolvedAt: resolvedAt === null ? null : iso(resolvedAt), status, slaHolds });
  }
  return tickets;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Runs fn over every ticket; answers the seconds taken and a checksum (so nothing is optimised away). */
function round(tickets: readonly TicketSlaFacts[], fn: (t: TicketSlaFacts) => number): { seconds: number; checksum: number } {
  const start = performance.now();
  let checksum = 0;
  for (const t of tickets) checksum += fn(t);
  return { seconds: (performance.now() - start) / 1000, checksum };
}

const LEVEL_CODE = { ok: 0, warning: 1, breached: 2 } as const;

function main(): number {
  const started = performance.now();
  const now = Date.now();
  log(`generating ${TICKETS} tickets over the last 90 days`);
  const tickets = syntheticTickets(TICKETS, now);

  // Cold: compiling the calendars and building their first days (a fresh app start).
  const coldStart = performance.now();
  for (const cal of CONFIG.calendars) compileCalendar(cal).businessMinutesBetween(now - 90 * DAY, now);
  const coldMs = performance.now() - coldStart;

  const full = (t: TicketSlaFacts): number => {
    const sla = computeSla(t, CONFIG, now);
    return sla === null ? 0 : LEVEL_CODE[sla.level] + sla.resolution.percent;
  };
  const levelOnly = (t: TicketSlaFacts): number => {
    const level = slaLevel(t, CONFIG, now);
    return level === null ? 0 : LEVEL_CODE[level];
  };

  log('warming up, then rounds of computeSla each followed by one of the wall-clock baseline');
  const timed = interleavedRates(tickets, CONFIG, now, ROUNDS, full, (r, perSecond, reference) =>
    log(`round ${r + 1}/${ROUNDS}: ${Math.round(perSecond)} computations/s; baseline ${Math.round(reference)}/s`),
  );
  const rates = timed.rates;
  const checksum = timed.checksum;
  round(tickets, levelOnly);
  const levelRates: number[] = [];
  for (let r = 0; r < Math.min(3, ROUNDS); r++) levelRates.push(TICKETS / round(tickets, levelOnly).seconds);

  // What the tickets look like at `now`, so the figure can be judged (are holds and breaches in the mix?).
  const mix = { ok: 0, warning: 0, breached: 0, no_policy: 0, paused: 0, with_holds: 0 };
  for (const t of tickets) {
    const sla = computeSla(t, CONFIG, now);
    if (!sla) mix.no_policy++;
    else {
      mix[sla.level]++;
      if (sla.resolution.paused) mix.paused++;
    }
    if (t.slaHolds.length > 0) mix.with_holds++;
  }

  ratioMetric({
    metric: 'sla_compute_per_s',
    value: timed.median,
    unit: 'computations/s',
    reference: SLA_REFERENCE,
    reference_value: timed.referenceMedian,
    target: RATIO_TARGET,
    direction: 'min',
    absolute_target: TARGET_PER_S,
    tickets: TICKETS,
    rounds: ROUNDS,
    min_per_s: Math.round(Math.min(...rates)),
    max_per_s: Math.round(Math.max(...rates)),
    warm_up_per_s: Math.round(timed.warmUp),
    reference_rounds_per_s: timed.referenceRates.map(Math.round),
    level_only_per_s: Math.round(median(levelRates)),
    cold_calendars_ms: Math.round(coldMs * 10) / 10,
    mix,
    checksum: Math.round(checksum),
  });
  return summary(performance.now() - started, 'bench:sla');
}

process.exitCode = main();
