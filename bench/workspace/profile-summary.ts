/**
 * Reads a V8 CPU profile of the web app (BENCH_CPU_PROF) and says where the time went: the
 * functions with the most self time, each with the start of its source. The web build is
 * minified and has no source maps, so a name like `HV` means little; the first characters of
 * its code (e.g. `(e,t,r,o){const a=new Set(o.user.groupIds)…`) show which function it is.
 */
import fs from 'node:fs';
import path from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface CpuProfile {
  nodes: { id: number; callFrame: CallFrame }[];
  samples: number[];
  timeDeltas: number[];
}

export interface HotFunction {
  selfMs: number;
  name: string;
  where: string;
  code: string;
}

/**
 * The `top` functions by self time, plus the totals of V8's own buckets (idle, GC, program).
 * `webDir` is the built renderer: script URLs under the origin are read from there.
 */
export function summarizeProfile(file: string, webDir: string, top = 10): { totalMs: number; buckets: Record<string, number>; hot: HotFunction[] } {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const self = new Map<string, { ms: number; frame: CallFrame }>();
  const buckets: Record<string, number> = {};
  let totalMs = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    totalMs += ms;
    const frame = frames.get(id);
    if (!frame) return;
    if (!frame.url) {
      // V8's own buckets ((idle), (program), (garbage collector)); every native function in one.
      const name = frame.functionName.startsWith('(') ? frame.functionName : '(native)';
      buckets[name] = (buckets[name] ?? 0) + ms;
      return;
    }
    const key = `${frame.url}|${frame.lineNumber}|${frame.columnNumber}|${frame.functionName}`;
    const entry = self.get(key) ?? { ms: 0, frame };
    entry.ms += ms;
    self.set(key, entry);
  });
  const sources = new Map<string, string[] | null>();
  const lineOf = (url: string, line: number): string => {
    if (!sources.has(url)) {
      let lines: string[] | null = null;
      try {
        const file = path.join(webDir, new URL(url).pathname);
        if (file.startsWith(webDir) && fs.existsSync(file)) lines = fs.readFileSync(file, 'utf8').split('\n');
      } catch {
        lines = null;
      }
      sources.set(url, lines);
    }
    return sources.get(url)?.[line] ?? '';
  };
  const hot = [...self.values()]
    .sort((a, b) => b.ms - a.ms)
    .slice(0, top)
    .map(({ ms, frame }) => ({
      selfMs: Math.round(ms),
      name: frame.functionName || '(anonymous)',
      where: `${frame.url.split('/').pop()}:${frame.lineNumber + 1}:${frame.columnNumber + 1}`,
      code: lineOf(frame.url, frame.lineNumber).slice(frame.columnNumber, frame.columnNumber + 160),
    }));
  for (const k of Object.keys(buckets)) buckets[k] = Math.round(buckets[k]!);
  return { totalMs: Math.round(totalMs), buckets, hot };
}
