/**
 * The benchmark's output: one JSON object per line on stdout (metrics, skips, the
 * summary); progress and explanations go to stderr so stdout stays machine-readable.
 */
export type StoreName = 'sqlite' | 'postgres';

export interface MetricFields {
  metric: string;
  /** The database measured; absent for metrics that use none (bench:sla). */
  store?: StoreName;
  unit: string;
  /**
   * The target; `direction` says whether the judged figure must be at least or at most this.
   * With a reference (see RatioFields) the judged figure is `ratio`, otherwise `value`.
   */
  target: number;
  direction: 'min' | 'max';
  /** How the server was reached: "inject" (in-process, no sockets) or "http" (127.0.0.1); absent without a server. */
  transport?: 'inject' | 'http';
}

/**
 * A figure that depends on the machine is printed with a reference measured in the same run
 * (the physical limit, or a peer doing the same job) and the ratio value ÷ reference_value;
 * the target then applies to the ratio, so a slow or busy machine does not fail it and a
 * real regression still does.
 */
export interface RatioFields {
  /** What was measured as the reference, in a few words. */
  reference: string;
  /** The reference's figure, in the metric's unit. */
  reference_value: number;
  /** The former target on the absolute value: printed for information, not judged. */
  absolute_target?: number;
}

export type MetricInput = MetricFields & { value: number } & Partial<RatioFields> & Record<string, unknown>;
export type RatioMetricInput = MetricFields & { value: number } & RatioFields & Record<string, unknown>;

function round(value: number): number {
  return Math.abs(value) >= 100 ? Math.round(value) : Math.round(value * 100) / 100;
}

/** A ratio keeps three significant digits (ratios of 0.004 and of 250 both occur). */
function roundRatio(value: number): number {
  if (!Number.isFinite(value) || value === 0) return value;
  return Number(value.toPrecision(3));
}

/**
 * The JSON object of one metric line and whether it met its target: the essentials first
 * (metric, store, value, unit, then reference, reference_value, ratio when there is a
 * reference, then target, direction, ok), extras after. Shared by every bench's output.
 */
export function metricLine(line: MetricInput): { json: Record<string, unknown>; ok: boolean } {
  const { metric: name, store, value: rawValue, unit, target, direction, transport, reference, reference_value: rawReference, absolute_target, ...extra } = line;
  const value = round(rawValue);
  const meets = (x: number) => Number.isFinite(x) && (direction === 'min' ? x >= target : x <= target);
  if (reference === undefined || rawReference === undefined) {
    const ok = meets(value);
    return { json: { metric: name, store, value, unit, target, direction, ok, transport, ...extra }, ok };
  }
  const reference_value = round(rawReference);
  const ratio = roundRatio(rawValue / rawReference);
  const ok = Number.isFinite(rawValue) && rawReference > 0 && meets(ratio);
  return {
    json: { metric: name, store, value, unit, reference, reference_value, ratio, target, direction, ok, absolute_target, transport, ...extra },
    ok,
  };
}

export interface SkipLine {
  metric: string;
  /** Absent for metrics that use no database. */
  store?: StoreName;
  skipped: true;
  reason: string;
}

const results: { ok: boolean }[] = [];
const skips: SkipLine[] = [];

export function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

/** Prints one metric line and remembers whether it met its target (on `ratio` when it has a reference). */
export function metric(line: MetricInput): boolean {
  const { json, ok } = metricLine(line);
  process.stdout.write(`${JSON.stringify(json)}\n`);
  results.push({ ok });
  return ok;
}

/**
 * Prints a machine-dependent metric with its same-run reference: `value` stays the absolute
 * figure; `reference`, `reference_value` and `ratio` (value ÷ reference_value) are added, and
 * `target`/`direction`/`ok` apply to the ratio. The one way the benches print such metrics.
 */
export function ratioMetric(line: RatioMetricInput): boolean {
  return metric(line);
}

/** Prints why a metric was not measured. */
export function skip(metric: string, store: StoreName | undefined, reason: string): void {
  const line: SkipLine = { metric, store, skipped: true, reason };
  skips.push(line);
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

/** Prints that a metric could not be measured because something broke; counts as missed. */
export function failure(metric: string, store: StoreName | undefined, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  process.stdout.write(`${JSON.stringify({ metric, store, ok: false, error: message })}\n`);
  if (error instanceof Error && error.stack) log(error.stack);
  results.push({ ok: false });
}

/** Prints the summary (a JSON line and a human line, headed by the bench's name); returns the process exit code. */
export function summary(elapsedMs: number, bench = 'bench:sync'): number {
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  process.stdout.write(`${JSON.stringify({ summary: true, passed, failed, skipped: skips.length, elapsed_s: Math.round(elapsedMs / 100) / 10 })}\n`);
  const verdict = failed === 0 ? 'all measured targets met' : `${failed} target(s) missed`;
  process.stdout.write(`${bench}: ${passed} targets met, ${failed} missed, ${skips.length} skipped in ${Math.round(elapsedMs / 1000)} s — ${verdict}\n`);
  return failed === 0 ? 0 : 1;
}
