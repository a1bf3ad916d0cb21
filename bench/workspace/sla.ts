/**
 * sla_compute_per_s: SLA clocks (common/itsm/sla.ts computeSla) computed per second in Node,
 * over the same kind of 100,000 tickets the browser benchmarks put in the replica (data.ts,
 * two years of history, holds, every status) with the server's default ITSM configuration
 * (24x7 and business-hours calendars with holidays). bench/sla.ts (npm run bench:sla) measures
 * the same function on its own synthetic mix; it exports no measuring function to reuse, so
 * this one calls computeSla directly.
 *
 * One warm-up round over all tickets (compiles the calendars, warms the JIT), then timed
 * rounds, each followed by a round of the same-run reference (lib/sla-baseline.ts: the same
 * tickets' clocks on the wall clock); the figure is the median round, the target is on the
 * ratio of the medians.
 */
import { DEFAULT_ITSM_CONFIG } from '@fielddesk/common/itsm/defaults';
import { computeSla } from '@fielddesk/common/itsm/sla';
import { generateTickets } from './data';
import { demoReference } from './reference';
import { interleavedRates, SLA_REFERENCE } from '../lib/sla-baseline';
import { log, metric } from './report';

/** computeSla's rate ÷ the wall-clock baseline's over the same tickets (see bench/README.md). */
const SLA_RATIO_TARGET = 1;

const LEVEL = { ok: 0, warning: 1, breached: 2 } as const;

export function measureSla(tickets: number, rounds: number): void {
  const now = Date.now();
  const data = generateTickets(tickets, demoReference(), now);
  const mix: Record<string, number> = { ok: 0, warning: 0, breached: 0, no_policy: 0 };
  for (const t of data) {
    const sla = computeSla(t, DEFAULT_ITSM_CONFIG, now);
    mix[sla === null ? 'no_policy' : sla.level]!++;
  }
  const measured = (t: (typeof data)[number]): number => {
    const sla = computeSla(t, DEFAULT_ITSM_CONFIG, now);
    return sla === null ? 0 : LEVEL[sla.level] + sla.resolution.percent;
  };
  const timed = interleavedRates(data, DEFAULT_ITSM_CONFIG, now, rounds, measured);
  log(`SLA warm-up: ${Math.round(timed.warmUp)} clocks/s`);
  metric({
    metric: 'sla_compute_per_s',
    value: timed.median,
    unit: 'tickets/s',
    reference: SLA_REFERENCE,
    reference_value: timed.referenceMedian,
    target: SLA_RATIO_TARGET,
    direction: 'min',
    absolute_target: 100_000,
    where: 'node',
    tickets,
    rounds,
    min_per_s: Math.round(Math.min(...timed.rates)),
    max_per_s: Math.round(Math.max(...timed.rates)),
    warm_up_per_s: Math.round(timed.warmUp),
    reference_rounds_per_s: timed.referenceRates.map(Math.round),
    levels: mix,
    checksum: Math.round(timed.checksum),
  });
}
