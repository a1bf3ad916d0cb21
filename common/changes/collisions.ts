/**
 * Change collisions: what stands in the way of a change at the time it is scheduled, found the
 * same way offline in the app (on every pointer move while a technician drags a change on the
 * calendar) and on the server (when the change is saved), with the words a person reads. After
 * ServiceNow's change conflict detection, a change collides when, in an overlapping time:
 * - `same_ci`: another scheduled change affects one of its CIs;
 * - `related_ci`: another scheduled change affects a parent or a child of one of its CIs (one
 *   relationship hop; the other change's CIs that the change affects itself count as `same_ci`);
 * - `freeze`: a freeze window covers it (one of its CIs, one of its services, its site, or
 *   everything when the window names nothing); a freeze with enforcement 'block' refuses it;
 * - `assignee_busy`: its assignee is assigned to another scheduled change;
 * and `outside_maintenance` when one of its CIs has maintenance windows and the change is not
 * entirely inside one occurrence of them. Only a blocking freeze blocks; the rest warns.
 *
 * Times are [start, end) in epoch milliseconds: a change ending at 10:00 and one starting at
 * 10:00 do not overlap. Windows come with their occurrences already expanded over the horizon
 * (changes/windows.ts expands the rules); this module does not read rules.
 *
 * Parent and child are ServiceNow's: a relation reads "parent <type> child" ("web01 runs on
 * vm-host-3": web01 is the parent), so the parent is the `from` end of cmdb/relations.ts and
 * relies on its child (`ciLinksFromRelations`).
 *
 * Speed: `CollisionIndex` is built once from the schedule; a check is then a few look-ups. The
 * scheduled changes are kept per CI and per assignee, and each window's occurrences per window
 * (maintenance: per CI), as interval lists sorted by start with an implicit balanced tree over
 * the sorted array whose nodes hold the latest end of their subtree, so the intervals that
 * overlap a span are found in O(log n + k). Each CI's parents and children, and the freezes
 * that name a CI, a service or a site, are looked up in maps.
 */
import type { RelationEnds } from '../cmdb/relations';
import type { TransitionCheck } from '../itsm/lifecycle';

/** A change already on the schedule (scheduled or being implemented). */
export interface ScheduledChange {
  id: string;
  /** How a sentence names it, e.g. 'CHG-0042 Core switch firmware'. */
  label: string;
  start: number;
  end: number;
  ciIds: readonly string[];
  assigneeId: string | null;
}

/** A maintenance or freeze window, with what it covers and its occurrences over the horizon. */
export interface WindowScope {
  windowId: string;
  name: string;
  kind: 'maintenance' | 'freeze';
  /** For a freeze: whether a change in it is refused ('block') or only warned about ('warn'). */
  enforcement: 'warn' | 'block';
  ciIds: readonly string[];
  serviceIds: readonly string[];
  siteIds: readonly string[];
  /** Expanded over the horizon, sorted by start. */
  occurrences: readonly { start: number; end: number }[];
}

/** One CMDB relation hop: the parent relies on the child. */
export interface CiLink {
  parentId: string;
  childId: string;
}

/** The change being placed (or moved): its own id is ignored among the scheduled changes. */
export interface Candidate {
  id: string;
  start: number;
  end: number;
  ciIds: readonly string[];
  serviceIds: readonly string[];
  siteId: string | null;
  assigneeId: string | null;
}

export const COLLISION_KINDS = ['same_ci', 'related_ci', 'outside_maintenance', 'freeze', 'assignee_busy'] as const;
export type CollisionKind = (typeof COLLISION_KINDS)[number];

export const COLLISION_KIND_LABELS: Record<CollisionKind, string> = {
  same_ci: 'Same configuration item',
  related_ci: 'Related configuration item',
  outside_maintenance: 'Outside maintenance window',
  freeze: 'Change freeze',
  assignee_busy: 'Assignee busy',
};

export interface Collision {
  kind: CollisionKind;
  severity: 'warn' | 'block';
  message: string;
  /** The other scheduled change (same_ci, related_ci, assignee_busy). */
  changeId?: string;
  /** The window (freeze; outside_maintenance: the window of `at`). */
  windowId?: string;
  /** same_ci: the shared CI; related_ci: the other change's CI related to this change's;
   * outside_maintenance: the CI outside its windows; freeze: the CI it covers, if by CI. */
  ciId?: string;
  /** The other change's times, the freeze occurrence, or the nearest maintenance occurrence. */
  at?: { start: number; end: number };
}

/** How a freeze covers a change: by one of its CIs (named), a service, its site, or everything. */
export type FreezeCover = { by: 'ci'; ciName: string } | { by: 'service' } | { by: 'site' } | { by: 'all' };

// ---------------------------------------------------------------------------------------------
// Words

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** "2026-03-01 22:00": an instant in UTC to the minute (the UI formats `at` in local time). */
export function utcMinute(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}

/** "from 2026-03-01 22:00 to 23:30 UTC", or with the end's date when it is another day. */
export function spanWords(at: { start: number; end: number }): string {
  const from = utcMinute(at.start);
  const to = utcMinute(at.end);
  return `from ${from} to ${to.slice(0, 10) === from.slice(0, 10) ? to.slice(11) : to} UTC`;
}

export function sameCiMessage(otherLabel: string, ciName: string, at: { start: number; end: number }): string {
  return `${otherLabel} also affects ${ciName}, ${spanWords(at)}.`;
}

/**
 * `relation`: what the other change's CI is to this change's CI. A parent relies on its child:
 * "… affects web01, which relies on vm-host-3" / "… affects vm-host-3, which web01 relies on".
 */
export function relatedCiMessage(otherLabel: string, otherCiName: string, ownCiName: string, relation: 'parent' | 'child', at: { start: number; end: number }): string {
  const which = relation === 'parent' ? `which relies on ${ownCiName}` : `which ${ownCiName} relies on`;
  return `${otherLabel} affects ${otherCiName}, ${which}, ${spanWords(at)}.`;
}

/** `nearest`: the first occurrence that ends after the change starts, or null when none does. */
export function outsideMaintenanceMessage(ciName: string, windowNames: readonly string[], nearest: { start: number; end: number } | null): string {
  const names = windowNames.map((n) => `"${n}"`).join(', ');
  const windows = windowNames.length === 1 ? `its maintenance window ${names}` : `its maintenance windows ${names}`;
  const head = `${ciName} should only be changed in ${windows}`;
  if (!nearest) return `${head}, and none is scheduled after this change starts.`;
  return `${head}; this change is not entirely inside one (the nearest is ${spanWords(nearest)}).`;
}

export function freezeMessage(windowName: string, enforcement: 'warn' | 'block', covers: FreezeCover, at: { start: number; end: number }): string {
  const what =
    covers.by === 'ci' ? covers.ciName : covers.by === 'service' ? 'a service this change affects' : covers.by === 'site' ? "this change's site" : 'every change';
  const rule = enforcement === 'block' ? 'no change may be made then' : 'changes should not be made then without good reason';
  return `This change falls in the change freeze "${windowName}", ${spanWords(at)}, which covers ${what}: ${rule}.`;
}

export function assigneeBusyMessage(otherLabel: string, at: { start: number; end: number }): string {
  return `The assignee is already working on ${otherLabel}, ${spanWords(at)}.`;
}

/** Whether a change with these collisions may be saved: refused, in the first block's words, when any blocks. */
export function collisionCheck(collisions: readonly Collision[]): TransitionCheck {
  const block = collisions.find((c) => c.severity === 'block');
  return block ? { ok: false, reason: block.message } : { ok: true };
}

/** Blocks first, then by kind (COLLISION_KINDS order), then by time, then by ids (stable across app and server). */
export function compareCollisions(a: Collision, b: Collision): number {
  return (
    (a.severity === b.severity ? 0 : a.severity === 'block' ? -1 : 1) ||
    COLLISION_KINDS.indexOf(a.kind) - COLLISION_KINDS.indexOf(b.kind) ||
    (a.at?.start ?? Infinity) - (b.at?.start ?? Infinity) ||
    (a.at?.end ?? Infinity) - (b.at?.end ?? Infinity) ||
    compareText(a.changeId, b.changeId) ||
    compareText(a.windowId, b.windowId) ||
    compareText(a.ciId, b.ciId)
  );
}

function compareText(a: string | undefined, b: string | undefined): number {
  const x = a ?? '';
  const y = b ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The parent → child links of CMDB relations: the `from` end is the parent (it relies on the `to` end). */
export function ciLinksFromRelations(relations: readonly Pick<RelationEnds, 'fromId' | 'toId'>[]): CiLink[] {
  return relations.map((r) => ({ parentId: r.fromId, childId: r.toId }));
}

// ---------------------------------------------------------------------------------------------
// Interval lists

/**
 * Intervals sorted by start, over which the array is read as a balanced binary tree (the middle
 * of a range is its root) whose nodes hold the latest end in their subtree; `prefixEnd[i]` is the
 * latest end among the first i + 1. Built once; queries allocate nothing. Plain arrays, not typed
 * ones: thousands of small lists are built at once, and small typed arrays cost more to make.
 */
class IntervalList<T> {
  readonly starts: number[];
  readonly ends: number[];
  readonly items: T[];
  private readonly subtreeEnd: number[];
  private readonly prefixEnd: number[];

  /** From parallel arrays, in any order (sorted here by start, then end, then given order). */
  constructor(starts: readonly number[], ends: readonly number[], items: readonly T[]) {
    const n = starts.length;
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => starts[a]! - starts[b]! || ends[a]! - ends[b]! || a - b);
    this.starts = order.map((i) => starts[i]!);
    this.ends = order.map((i) => ends[i]!);
    this.items = order.map((i) => items[i]!);
    this.subtreeEnd = new Array<number>(n).fill(-Infinity);
    this.prefixEnd = new Array<number>(n);
    let latest = -Infinity;
    for (let i = 0; i < n; i++) {
      latest = Math.max(latest, this.ends[i]!);
      this.prefixEnd[i] = latest;
    }
    this.build(0, n);
  }

  private build(lo: number, hi: number): number {
    if (lo >= hi) return -Infinity;
    const mid = (lo + hi) >>> 1;
    const end = Math.max(this.ends[mid]!, this.build(lo, mid), this.build(mid + 1, hi));
    this.subtreeEnd[mid] = end;
    return end;
  }

  /**
   * Calls `visit(i)` for each interval overlapping [start, end), in order of start, until it
   * returns true. Returns true when stopped.
   */
  forEachOverlap(start: number, end: number, visit: (i: number) => boolean | void): boolean {
    return this.walk(0, this.starts.length, start, end, visit);
  }

  private walk(lo: number, hi: number, start: number, end: number, visit: (i: number) => boolean | void): boolean {
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      // Nothing in this subtree ends after the span starts.
      if (this.subtreeEnd[mid]! <= start) return false;
      if (this.walk(lo, mid, start, end, visit)) return true;
      // This one and everything to its right start at or after the span's end.
      if (this.starts[mid]! >= end) return false;
      if (this.ends[mid]! > start && visit(mid) === true) return true;
      lo = mid + 1;
    }
    return false;
  }

  /** Whether one interval holds all of [start, end): one starting at or before `start` ends at or after `end`. */
  contains(start: number, end: number): boolean {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.starts[mid]! <= start) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && this.prefixEnd[lo - 1]! >= end;
  }
}

// ---------------------------------------------------------------------------------------------
// The index

/** What a check found, before it is put in words; `clearAt`: no start before it can avoid this one. */
type Hit =
  | { kind: 'same_ci'; change: number; ciId: string; clearAt: number }
  | { kind: 'related_ci'; change: number; ciId: string; ownCiId: string; relation: 'parent' | 'child'; clearAt: number }
  | { kind: 'assignee_busy'; change: number; clearAt: number }
  | { kind: 'freeze'; window: number; cover: { by: 'ci'; ciId: string } | { by: 'service' | 'site' | 'all' }; at: { start: number; end: number }; clearAt: number }
  | { kind: 'outside_maintenance'; ciId: string; window: number; nearest: { start: number; end: number } | null; clearAt: number };

interface Maintenance {
  /** Occurrences of all the CI's maintenance windows; item: the window's index. */
  occurrences: IntervalList<number>;
  windows: number[];
  names: string[];
}

export interface FreeSlotOptions {
  /** How far after `fromMs` a slot may start, in days (default 90). */
  horizonDays?: number;
  /** Slots start on multiples of this many minutes since the epoch, in UTC (default 15). */
  stepMinutes?: number;
}

/**
 * The schedule (scheduled changes, windows with their occurrences, CMDB links), indexed once for
 * checks as fast as a pointer moves. It keeps the arrays it is given: build a new one when the
 * schedule changes (a saved change, a sync), not on every move of the change being dragged.
 */
export class CollisionIndex {
  private readonly changes: readonly ScheduledChange[];
  private readonly windows: readonly WindowScope[];
  private readonly ciNames: ReadonlyMap<string, string>;
  private readonly byCi = new Map<string, IntervalList<number>>();
  private readonly byAssignee = new Map<string, IntervalList<number>>();
  private readonly parents = new Map<string, string[]>();
  private readonly children = new Map<string, string[]>();
  private readonly freezeOccurrences = new Map<number, IntervalList<null>>();
  private readonly freezesByCi = new Map<string, number[]>();
  private readonly freezesByService = new Map<string, number[]>();
  private readonly freezesBySite = new Map<string, number[]>();
  private readonly freezesEverywhere: number[] = [];
  private readonly maintenance = new Map<string, Maintenance>();

  constructor(input: { changes: readonly ScheduledChange[]; windows: readonly WindowScope[]; links: readonly CiLink[]; ciNames?: ReadonlyMap<string, string> }) {
    this.changes = input.changes;
    this.windows = input.windows;
    this.ciNames = input.ciNames ?? new Map();

    const byCi = new Map<string, number[]>();
    const byAssignee = new Map<string, number[]>();
    input.changes.forEach((c, i) => {
      for (const ciId of unique(c.ciIds)) push(byCi, ciId, i);
      if (c.assigneeId !== null) push(byAssignee, c.assigneeId, i);
    });
    const changeList = (indices: number[]) =>
      new IntervalList(
        indices.map((i) => input.changes[i]!.start),
        indices.map((i) => input.changes[i]!.end),
        indices,
      );
    for (const [ciId, indices] of byCi) this.byCi.set(ciId, changeList(indices));
    for (const [id, indices] of byAssignee) this.byAssignee.set(id, changeList(indices));

    for (const { parentId, childId } of input.links) {
      if (parentId === childId) continue;
      pushUnique(this.parents, childId, parentId);
      pushUnique(this.children, parentId, childId);
    }

    const maintenance = new Map<string, { starts: number[]; ends: number[]; items: number[]; windows: number[] }>();
    input.windows.forEach((w, i) => {
      if (w.kind === 'maintenance') {
        for (const ciId of unique(w.ciIds)) {
          let m = maintenance.get(ciId);
          if (!m) maintenance.set(ciId, (m = { starts: [], ends: [], items: [], windows: [] }));
          m.windows.push(i);
          for (const o of w.occurrences) {
            m.starts.push(o.start);
            m.ends.push(o.end);
            m.items.push(i);
          }
        }
        return;
      }
      const starts = w.occurrences.map((o) => o.start);
      this.freezeOccurrences.set(i, new IntervalList(starts, w.occurrences.map((o) => o.end), starts.map(() => null)));
      if (w.ciIds.length === 0 && w.serviceIds.length === 0 && w.siteIds.length === 0) this.freezesEverywhere.push(i);
      for (const id of unique(w.ciIds)) push(this.freezesByCi, id, i);
      for (const id of unique(w.serviceIds)) push(this.freezesByService, id, i);
      for (const id of unique(w.siteIds)) push(this.freezesBySite, id, i);
    });
    for (const [ciId, m] of maintenance) {
      const names = m.windows.map((i) => input.windows[i]!.name);
      this.maintenance.set(ciId, { occurrences: new IntervalList(m.starts, m.ends, m.items), windows: m.windows, names });
    }
  }

  /** What stands in the way of the candidate at its times, blocks first (see compareCollisions). */
  check(candidate: Candidate): Collision[] {
    const out = this.scan(candidate, candidate.start, candidate.end, Infinity).map((h) => this.describe(h));
    return out.sort(compareCollisions);
  }

  /**
   * The earliest slot for the candidate, keeping its duration, that starts at or after `fromMs`
   * on a step (multiples of `stepMinutes` since the epoch) and before `horizonDays` days after
   * `fromMs`, where `check` finds nothing at all; null when there is none. A slot that collides
   * moves straight past what it collided with (the end of the other change or the freeze, or the
   * next maintenance occurrence long enough), since every start before that collides too.
   */
  nextFreeSlot(candidate: Candidate, fromMs: number, options: FreeSlotOptions = {}): { start: number; end: number } | null {
    const stepMs = Math.max(1, Math.round(options.stepMinutes ?? 15)) * MINUTE_MS;
    const limit = fromMs + (options.horizonDays ?? 90) * DAY_MS;
    const duration = Math.max(0, candidate.end - candidate.start);
    let start = alignUp(fromMs, stepMs);
    while (start < limit) {
      const hits = this.scan(candidate, start, start + duration, stepMs);
      if (hits.length === 0) return { start, end: start + duration };
      let clear = start + 1;
      for (const h of hits) clear = Math.max(clear, h.clearAt);
      if (clear === Infinity) return null;
      start = alignUp(clear, stepMs);
    }
    return null;
  }

  private nameOf(ciId: string): string {
    return this.ciNames.get(ciId) ?? ciId;
  }

  /** Everything the candidate collides with if it ran over [start, end); `stepMs` aligns maintenance `clearAt`. */
  private scan(candidate: Candidate, start: number, end: number, stepMs: number): Hit[] {
    const hits: Hit[] = [];
    const own = candidate.id;
    const ciIds = unique(candidate.ciIds);
    const ownCis = new Set(ciIds);

    for (const ciId of ciIds) {
      const list = this.byCi.get(ciId);
      list?.forEachOverlap(start, end, (i) => {
        const change = list.items[i]!;
        if (this.changes[change]!.id !== own) hits.push({ kind: 'same_ci', change, ciId, clearAt: list.ends[i]! });
      });
    }

    // One hop in the CMDB; each (other change, its CI) once, for the first of the candidate's CIs it is related to.
    let seen: Set<string> | null = null;
    for (const ownCiId of ciIds) {
      for (const relation of ['parent', 'child'] as const) {
        for (const ciId of (relation === 'parent' ? this.parents : this.children).get(ownCiId) ?? []) {
          if (ownCis.has(ciId)) continue;
          const list = this.byCi.get(ciId);
          list?.forEachOverlap(start, end, (i) => {
            const change = list.items[i]!;
            if (this.changes[change]!.id === own) return;
            const key = `${change}\u0000${ciId}`;
            seen ??= new Set();
            if (seen.has(key)) return;
            seen.add(key);
            hits.push({ kind: 'related_ci', change, ciId, ownCiId, relation, clearAt: list.ends[i]! });
          });
        }
      }
    }

    if (candidate.assigneeId !== null) {
      const list = this.byAssignee.get(candidate.assigneeId);
      list?.forEachOverlap(start, end, (i) => {
        const change = list.items[i]!;
        if (this.changes[change]!.id !== own) hits.push({ kind: 'assignee_busy', change, clearAt: list.ends[i]! });
      });
    }

    this.scanFreezes(candidate, ciIds, start, end, hits);

    for (const ciId of ciIds) {
      const m = this.maintenance.get(ciId);
      if (!m || m.occurrences.contains(start, end)) continue;
      const occ = m.occurrences;
      let first = -1;
      occ.forEachOverlap(start, Infinity, (i) => {
        first = i;
        return true;
      });
      const nearest = first < 0 ? null : { start: occ.starts[first]!, end: occ.ends[first]! };
      const window = first < 0 ? m.windows[0]! : occ.items[first]!;
      const clearAt = stepMs === Infinity ? Infinity : fitAfter(occ, start, end - start, stepMs);
      hits.push({ kind: 'outside_maintenance', ciId, window, nearest, clearAt });
    }
    return hits;
  }

  /** The freezes covering the candidate (by CI first, then service, site, everything) that its span overlaps. */
  private scanFreezes(candidate: Candidate, ciIds: readonly string[], start: number, end: number, hits: Hit[]): void {
    let done: Set<number> | null = null;
    const consider = (window: number, cover: Extract<Hit, { kind: 'freeze' }>['cover']) => {
      done ??= new Set();
      if (done.has(window)) return;
      done.add(window);
      const occ = this.freezeOccurrences.get(window)!;
      let first = -1;
      let clearAt = -Infinity;
      occ.forEachOverlap(start, end, (i) => {
        if (first < 0) first = i;
        clearAt = Math.max(clearAt, occ.ends[i]!);
      });
      if (first >= 0) hits.push({ kind: 'freeze', window, cover, at: { start: occ.starts[first]!, end: occ.ends[first]! }, clearAt });
    };
    for (const ciId of ciIds) for (const w of this.freezesByCi.get(ciId) ?? []) consider(w, { by: 'ci', ciId });
    for (const serviceId of candidate.serviceIds) for (const w of this.freezesByService.get(serviceId) ?? []) consider(w, { by: 'service' });
    if (candidate.siteId !== null) for (const w of this.freezesBySite.get(candidate.siteId) ?? []) consider(w, { by: 'site' });
    for (const w of this.freezesEverywhere) consider(w, { by: 'all' });
  }

  private describe(h: Hit): Collision {
    switch (h.kind) {
      case 'same_ci': {
        const c = this.changes[h.change]!;
        const at = { start: c.start, end: c.end };
        return { kind: h.kind, severity: 'warn', message: sameCiMessage(c.label, this.nameOf(h.ciId), at), changeId: c.id, ciId: h.ciId, at };
      }
      case 'related_ci': {
        const c = this.changes[h.change]!;
        const at = { start: c.start, end: c.end };
        const message = relatedCiMessage(c.label, this.nameOf(h.ciId), this.nameOf(h.ownCiId), h.relation, at);
        return { kind: h.kind, severity: 'warn', message, changeId: c.id, ciId: h.ciId, at };
      }
      case 'assignee_busy': {
        const c = this.changes[h.change]!;
        const at = { start: c.start, end: c.end };
        return { kind: h.kind, severity: 'warn', message: assigneeBusyMessage(c.label, at), changeId: c.id, at };
      }
      case 'freeze': {
        const w = this.windows[h.window]!;
        const cover: FreezeCover = h.cover.by === 'ci' ? { by: 'ci', ciName: this.nameOf(h.cover.ciId) } : h.cover;
        const out: Collision = { kind: h.kind, severity: w.enforcement, message: freezeMessage(w.name, w.enforcement, cover, h.at), windowId: w.windowId, at: h.at };
        if (h.cover.by === 'ci') out.ciId = h.cover.ciId;
        return out;
      }
      case 'outside_maintenance': {
        const m = this.maintenance.get(h.ciId)!;
        const out: Collision = { kind: h.kind, severity: 'warn', message: outsideMaintenanceMessage(this.nameOf(h.ciId), m.names, h.nearest), windowId: this.windows[h.window]!.windowId, ciId: h.ciId };
        if (h.nearest) out.at = h.nearest;
        return out;
      }
    }
  }
}

/**
 * The earliest start on a step, at or after `from`, at which `duration` fits entirely inside one
 * of the occurrences; Infinity when none. In order of start, an occurrence's earliest fitting
 * start never decreases, so the first one that fits gives it.
 */
function fitAfter(occurrences: IntervalList<number>, from: number, duration: number, stepMs: number): number {
  let found = Infinity;
  occurrences.forEachOverlap(from, Infinity, (i) => {
    const start = alignUp(Math.max(from, occurrences.starts[i]!), stepMs);
    if (start + duration > occurrences.ends[i]!) return false;
    found = start;
    return true;
  });
  return found;
}

function alignUp(ms: number, stepMs: number): number {
  return Math.ceil(ms / stepMs) * stepMs;
}

function unique(ids: readonly string[]): readonly string[] {
  return ids.length < 2 || new Set(ids).size === ids.length ? ids : [...new Set(ids)];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function pushUnique<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (!list) map.set(key, [value]);
  else if (!list.includes(value)) list.push(value);
}
