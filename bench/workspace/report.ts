/**
 * bench:workspace output, in the format of the sync benchmarks (bench/lib/report.ts): one
 * JSON object per line on stdout — metric lines {metric, value, unit, target, direction, ok,
 * where, ...details}, skip lines {metric, skipped: true, reason}, error lines {metric, ok:
 * false, error} — then a summary. Progress goes to stderr (bench/lib/report.ts log).
 */
import os from 'node:os';
import { metricLine, type RatioFields } from '../lib/report';

export { log } from '../lib/report';

/** A workspace metric: with its same-run reference (lib/report.ts RatioFields), judged on the ratio. */
export interface WorkspaceMetric extends RatioFields {
  metric: string;
  value: number;
  unit: string;
  /** The target on `ratio` (value ÷ reference_value). */
  target: number;
  direction: 'min' | 'max';
  /** Where it ran: Debian's Chromium on the web build, or Node. */
  where: 'chromium' | 'node';
  [detail: string]: unknown;
}

const results: boolean[] = [];
let skipped = 0;

export function metric(line: WorkspaceMetric): boolean {
  const { json, ok } = metricLine(line);
  // The 1-minute load average: on a 2-core machine shared with other work it explains a lot.
  const load = Math.round(os.loadavg()[0]! * 10) / 10;
  process.stdout.write(`${JSON.stringify({ ...json, load_avg_1m: load, cpus: os.cpus().length })}\n`);
  results.push(ok);
  return ok;
}

/** A metric that was not measured, and why (not counted as missed). */
export function skip(name: string, reason: string): void {
  skipped++;
  process.stdout.write(`${JSON.stringify({ metric: name, skipped: true, reason })}\n`);
}

/** A metric that could not be measured because something broke (counted as missed). */
export function failure(name: string, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  process.stdout.write(`${JSON.stringify({ metric: name, ok: false, error: message })}\n`);
  if (error instanceof Error && error.stack) process.stderr.write(`[bench] ${error.stack}\n`);
  results.push(false);
}

export function summary(elapsedMs: number): number {
  const passed = results.filter(Boolean).length;
  const failed = results.length - passed;
  process.stdout.write(`${JSON.stringify({ summary: true, passed, failed, skipped, elapsed_s: Math.round(elapsedMs / 100) / 10 })}\n`);
  const verdict = failed === 0 ? 'all measured targets met' : `${failed} target(s) missed`;
  process.stdout.write(`bench:workspace: ${passed} targets met, ${failed} missed, ${skipped} skipped in ${Math.round(elapsedMs / 1000)} s — ${verdict}\n`);
  return failed === 0 ? 0 : 1;
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile (p in 0..100) of the values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1]!;
}
