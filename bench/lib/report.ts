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
  /** The target; `direction` says whether value must be at least or at most this. */
  target: number;
  direction: 'min' | 'max';
  /** How the server was reached: "inject" (in-process, no sockets) or "http" (127.0.0.1); absent without a server. */
  transport?: 'inject' | 'http';
}
export type MetricInput = MetricFields & { value: number } & Record<string, unknown>;

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

function round(value: number): number {
  return value >= 100 ? Math.round(value) : Math.round(value * 100) / 100;
}

/** Prints one metric line and remembers whether it met its target. */
export function metric(line: MetricInput): boolean {
  // Key order: the essentials first, extras after.
  const { metric: name, store, value: rawValue, unit, target, direction, transport, ...extra } = line;
  const value = round(rawValue);
  const ok = Number.isFinite(value) && (direction === 'min' ? value >= target : value <= target);
  process.stdout.write(`${JSON.stringify({ metric: name, store, value, unit, target, direction, ok, transport, ...extra })}\n`);
  results.push({ ok });
  return ok;
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
