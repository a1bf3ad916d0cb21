/**
 * Helpers of the sync golden tests (golden.test.ts): the normal form of pulled changes and
 * push answers, the golden files and a readable difference between a golden and a run.
 *
 * What varies between runs and stores is normalised; everything else is kept as it is:
 * - revs (every `rev` property and every change's rev) become their rank among all revs
 *   seen by one scenario (1 = the smallest), so only their order counts, not the numbers
 *   the change sequence happened to hand out;
 * - ids the server makes at random (ticket history events, …) become `new-1`, `new-2`, … in
 *   the order they first appear; ids of the demo seed and of the test's own ops are kept;
 * - timestamps are kept: the server's clock is pinned by the test (ServerConfig.now), so the
 *   seed and every write are stamped the same on every run.
 * A pulled record is kept as a content hash of its normal form (canonical JSON: keys sorted).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Change } from '@fielddesk/common/sync/protocol';

export const GOLDEN_DIR = path.dirname(fileURLToPath(import.meta.url));
/** FIELDDESK_GOLDEN_UPDATE=1 re-records the golden files instead of comparing against them. */
export const UPDATE = process.env.FIELDDESK_GOLDEN_UPDATE === '1';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A stable UUID (version 4 layout) named by a string: ids and opIds of the test's own ops. */
export function uuidFrom(name: string): string {
  const h = createHash('sha256').update(name).digest('hex').split('');
  h[12] = '4';
  h[16] = '8';
  const x = h.slice(0, 32).join('');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** JSON with the keys of every object sorted: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, 16);
}

/** Every rev in a value: `rev` properties (records, answers, verdicts) — changes are walked by the caller. */
function collectRevs(value: unknown, into: Set<number>): void {
  if (Array.isArray(value)) for (const v of value) collectRevs(v, into);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'rev' && typeof v === 'number') into.add(v);
      else collectRevs(v, into);
    }
  }
}

/**
 * Normal form for one scenario. Feed it everything the scenario saw first (`see`), then
 * normalise: ranks need every rev.
 */
export class Normaliser {
  private readonly revs = new Set<number>();
  private rank: Map<number, number> | null = null;
  private readonly known = new Set<string>();
  private readonly fresh = new Map<string, string>();

  /** Ids that stay as they are (seed, test ops). */
  know(ids: Iterable<string>): void {
    for (const id of ids) this.known.add(id);
  }

  see(value: unknown): void {
    this.rank = null;
    collectRevs(value, this.revs);
  }

  seeChanges(changes: readonly Change[]): void {
    this.rank = null;
    for (const c of changes) {
      this.revs.add(c.rev);
      if (c.op === 'put') collectRevs(c.data, this.revs);
    }
  }

  rev(rev: number): number {
    if (!this.rank) this.rank = new Map([...this.revs].sort((a, b) => a - b).map((r, i) => [r, i + 1]));
    const r = this.rank.get(rev);
    if (r === undefined) throw new Error(`rev ${rev} was not seen before normalising`);
    return r;
  }

  id(value: string): string {
    if (!UUID.test(value) || this.known.has(value)) return value;
    let name = this.fresh.get(value);
    if (!name) {
      name = `new-${this.fresh.size + 1}`;
      this.fresh.set(value, name);
    }
    return name;
  }

  /** Unknown UUIDs met so far (new-n names given). */
  get freshCount(): number {
    return this.fresh.size;
  }

  /** A value with its revs ranked and its random ids named; object keys in canonical order. */
  value(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.value(v));
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([k, v]) => [k, k === 'rev' && typeof v === 'number' ? this.rev(v) : this.value(v)]),
      );
    }
    if (typeof value === 'string') return this.id(value);
    return value;
  }

  /** One pulled change as a line: "<rev rank> <entity> <id> put <content hash>" or "… delete". */
  change(c: Change): string {
    const head = `${this.rev(c.rev)} ${c.entity} ${this.id(c.id)} ${c.op}`;
    return c.op === 'put' ? `${head} ${contentHash(this.value(c.data))}` : head;
  }
}

/** Records per entity among pulled changes (puts and deletes counted apart). */
export function countsOf(changes: readonly Change[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const c of changes) {
    const key = c.op === 'put' ? c.entity : `${c.entity} (delete)`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : 1)));
}

const show = (v: unknown, max = 160): string => {
  const text = v === undefined ? 'undefined' : JSON.stringify(v);
  return text.length > max ? `${text.slice(0, max)}…` : text;
};

/**
 * Where two JSON values differ, one line per difference (at most `limit`). Lists of change
 * lines ("<rev> <entity> <id> <op> <hash>") are compared as lists of records: which are
 * missing, which are extra, which have other content, and whether the order differs.
 */
export function differences(expected: unknown, actual: unknown, limit = 40): string[] {
  const out: string[] = [];
  const add = (line: string) => {
    if (out.length < limit) out.push(line);
    else if (out.length === limit) out.push('… (more differences left out)');
  };
  const isChangeLines = (v: unknown): v is string[] => Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string' && / (put|delete)( |$)/.test(x));
  const walk = (e: unknown, a: unknown, at: string): void => {
    if (canonicalJson(e) === canonicalJson(a)) return;
    if (isChangeLines(e) && isChangeLines(a)) {
      const key = (line: string) => line.split(' ').slice(1, 4).join(' ');
      const ek = new Map(e.map((l) => [key(l), l]));
      const ak = new Map(a.map((l) => [key(l), l]));
      for (const [k, l] of ek) if (!ak.has(k)) add(`${at}: missing ${l}`);
      for (const [k, l] of ak) if (!ek.has(k)) add(`${at}: extra   ${l}`);
      for (const [k, l] of ek) {
        const other = ak.get(k);
        if (other !== undefined && other !== l) add(`${at}: ${k}: expected "${l}", got "${other}"`);
      }
      const common = (lines: string[], other: Map<string, string>) => lines.map(key).filter((k) => other.has(k));
      if (common(e, ak).join('\n') !== common(a, ek).join('\n')) add(`${at}: the records common to both come in another order`);
      if (e.length !== a.length) add(`${at}: ${e.length} changes expected, ${a.length} pulled`);
      return;
    }
    if (Array.isArray(e) && Array.isArray(a)) {
      if (e.length !== a.length) add(`${at}: ${e.length} items expected, ${a.length} got`);
      for (let i = 0; i < Math.min(e.length, a.length); i++) walk(e[i], a[i], `${at}[${i}]`);
      return;
    }
    if (e && a && typeof e === 'object' && typeof a === 'object' && !Array.isArray(e) && !Array.isArray(a)) {
      const eo = e as Record<string, unknown>;
      const ao = a as Record<string, unknown>;
      for (const k of new Set([...Object.keys(eo), ...Object.keys(ao)])) walk(eo[k], ao[k], at ? `${at}.${k}` : k);
      return;
    }
    add(`${at || '(root)'}: expected ${show(e)}, got ${show(a)}`);
  };
  walk(expected, actual, '');
  return out;
}

/** Files written by this test process: the first store re-records, the next one is compared with it. */
const recorded = new Set<string>();

/**
 * Compares `actual` with the golden file `name` (in this directory), or writes it when
 * re-recording. Returns the differences (empty when equal) and a hint how to re-record.
 */
export function checkGolden(name: string, actual: unknown): { problems: string[]; hint: string } {
  const file = path.join(GOLDEN_DIR, name);
  const text = `${JSON.stringify(actual, null, 1)}\n`;
  if (UPDATE && !recorded.has(file)) {
    recorded.add(file);
    fs.writeFileSync(file, text);
    return { problems: [], hint: '' };
  }
  const hint = `${path.relative(process.cwd(), file)} differs from this run. If the change is intended, re-record with FIELDDESK_GOLDEN_UPDATE=1 npx vitest run --project server golden`;
  if (!fs.existsSync(file)) return { problems: [`${name} does not exist yet: record it with FIELDDESK_GOLDEN_UPDATE=1`], hint };
  const expected: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  return { problems: differences(expected, JSON.parse(text)), hint };
}
