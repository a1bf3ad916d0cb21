/**
 * A Chrome performance trace of the page (BENCH_TRACE=<dir>): where the renderer's main thread
 * spends time that a V8 CPU profile only shows as "(program)" — style recalculation, layout,
 * paint, compositing. Writes <dir>/<name>.json (open it in DevTools' Performance tab or
 * ui.perfetto.dev) and prints the main thread's time by event name.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { log } from './report';

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  args?: { name?: string; data?: { frame?: string } };
}

/** Main-thread time (ms) by top-level-ish event name, for the renderer thread named CrRendererMain. */
export function summarizeTrace(events: readonly TraceEvent[]): Record<string, number> {
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) return {};
  const totals: Record<string, number> = {};
  const names = new Set(['RunTask', 'UpdateLayoutTree', 'Layout', 'Paint', 'PrePaint', 'Layerize', 'Commit', 'FunctionCall', 'EventDispatch', 'TimerFire', 'FireAnimationFrame', 'RunMicrotasks', 'MajorGC', 'MinorGC', 'V8.GC_SCAVENGER', 'ParseHTML', 'HitTest', 'IntersectionObserverController::computeIntersections', 'UpdateLayer', 'ScheduleStyleRecalculation']);
  for (const e of events) {
    if (e.pid !== main.pid || e.tid !== main.tid || e.ph !== 'X' || e.dur === undefined || !names.has(e.name)) continue;
    totals[e.name] = (totals[e.name] ?? 0) + e.dur / 1000;
  }
  for (const k of Object.keys(totals)) totals[k] = Math.round(totals[k]!);
  return totals;
}

/** Traces `fn` when BENCH_TRACE is set; otherwise just runs it. */
export async function traced<T>(page: Page, name: string, fn: () => Promise<T>): Promise<T> {
  const dir = process.env.BENCH_TRACE;
  if (!dir) return fn();
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])));
  const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: { includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink', 'cc', 'gpu', 'toplevel'] },
  });
  try {
    return await fn();
  } finally {
    await cdp.send('Tracing.end');
    await complete;
    await cdp.detach().catch(() => undefined);
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(path.resolve(dir), `${name}.json`);
    fs.writeFileSync(file, JSON.stringify({ traceEvents: events }));
    log(`trace ${file}: renderer main thread ms by event ${JSON.stringify(summarizeTrace(events))}`);
  }
}
