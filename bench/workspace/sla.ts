/**
 * sla_compute_per_s: SLA clocks (common/itsm/sla.ts computeSla) computed per second in Node,
 * over the same kind of 100,000 tickets the browser benchmarks put in the replica (data.ts,
 * two years of history, holds, every status) with the server's default ITSM configuration
 * (24x7 and business-hours calendars with holidays). bench/sla.ts (npm run bench:sla) measures
 * the same function on its own synthetic mix; it exports no measuring function to reuse, so
 * this one calls computeSla directly.
 *
 * One warm-up round over all tickets (compiles the calendars, warms the JIT), then timed
 * rounds; the figure is the median round.
 */
import { DEFAULT_ITSM_CONFIG } from '@fielddesk/common/itsm/defaults';
import { computeSla } from '@fielddesk/common/itsm/sla';
import { generateTickets } from './data';
import { demoReference } from './reference';
import { log, median, metric } from './report';

const LEVEL = { ok: 0, warning: 1, breached: 2 } as const;

export function measureSla(tickets: number, rounds: number): void {
  const now = Date.now();
  const data = generateTickets(tickets, demoReference(), now);
  const run = (): { seconds: number; checksum: number; mix: Record<string, number> } => {
    const mix: Record<string, number> = { ok: 0, warning: 0, breached: 0, no_policy: 0 };
    let checksum = 0;
    const started = performance.now();
    for (const t of data) {
      const sla = computeSla(t, DEFAULT_ITSM_CONFIG, now);
      if (sla === null) mix.no_policy!++;
      else {
        mix[sla.level]!++;
        checksum += LEVEL[sla.level] + sla.resolution.percent;
      }
    }
    return { seconds: (performance.now() - started) / 1000, checksum, mix };
  };
  const warm = run();
  log(`SLA warm-up: ${Math.round(tickets / warm.seconds)} clocks/s`);
  const rates: number[] = [];
  for (let r = 0; r < rounds; r++) rates.push(tickets / run().seconds);
  metric({
    metric: 'sla_compute_per_s',
    value: median(rates),
    unit: 'tickets/s',
    target: 100_000,
    direction: 'min',
    where: 'node',
    tickets,
    rounds,
    min_per_s: Math.round(Math.min(...rates)),
    max_per_s: Math.round(Math.max(...rates)),
    warm_up_per_s: Math.round(tickets / warm.seconds),
    levels: warm.mix,
    checksum: Math.round(warm.checksum),
  });
}
