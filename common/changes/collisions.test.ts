import { describe, expect, it } from 'vitest';
import {
  type Candidate,
  type CiLink,
  ciLinksFromRelations,
  type Collision,
  COLLISION_KINDS,
  collisionCheck,
  CollisionIndex,
  compareCollisions,
  freezeMessage,
  type FreezeCover,
  outsideMaintenanceMessage,
  relatedCiMessage,
  sameCiMessage,
  assigneeBusyMessage,
  type ScheduledChange,
  spanWords,
  type WindowScope,
} from './collisions';

const MIN = 60_000;
const H = 60 * MIN;
const DAY = 24 * H;
const WEEK = 7 * DAY;
/** Monday 2 March 2026, 00:00 UTC. */
const T0 = Date.UTC(2026, 2, 2);
const at = (hours: number) => T0 + hours * H;
const span = (fromH: number, toH: number) => ({ start: at(fromH), end: at(toH) });

// app01 runs on vm01, which is hosted on host01: vm01's parent is app01, its child host01.
const links: CiLink[] = [
  { parentId: 'app01', childId: 'vm01' },
  { parentId: 'vm01', childId: 'host01' },
];
const ciNames = new Map([
  ['app01', 'App 01'],
  ['vm01', 'VM 01'],
  ['host01', 'Host 01'],
  ['db01', 'DB 01'],
]);

function change(id: string, fromH: number, toH: number, ciIds: string[], assigneeId: string | null = null): ScheduledChange {
  return { id, label: `${id} work`, ...span(fromH, toH), ciIds, assigneeId };
}

function candidate(fromH: number, toH: number, over: Partial<Candidate> = {}): Candidate {
  return { id: 'CHG-NEW', ...span(fromH, toH), ciIds: [], serviceIds: [], siteId: null, assigneeId: null, ...over };
}

function windowScope(over: Partial<WindowScope> & Pick<WindowScope, 'windowId' | 'kind' | 'occurrences'>): WindowScope {
  return { name: over.windowId, enforcement: 'warn', ciIds: [], serviceIds: [], siteIds: [], ...over };
}

/** `count` weekly occurrences from `firstStart`, each `hours` long. */
function weekly(firstStart: number, hours: number, count = 13): { start: number; end: number }[] {
  return Array.from({ length: count }, (_, k) => ({ start: firstStart + k * WEEK, end: firstStart + k * WEEK + hours * H }));
}

function index(changes: ScheduledChange[], windows: WindowScope[] = []): CollisionIndex {
  return new CollisionIndex({ changes, windows, links, ciNames });
}

const kinds = (collisions: Collision[]) => collisions.map((c) => c.kind);

describe('same_ci', () => {
  const idx = index([change('CHG-1', 10, 12, ['db01'])]);
  it.each([
    // candidate from, to (hours), collides
    [8, 10, false], // touching before: [8,10) and [10,12)
    [12, 14, false], // touching after
    [9, 11, true],
    [11, 13, true],
    [10, 12, true],
    [9, 13, true],
    [10.5, 11, true],
    [0, 8, false],
  ])('[%s, %s) against [10, 12): %s', (from, to, collides) => {
    const found = idx.check(candidate(from, to, { ciIds: ['db01'] }));
    expect(found.length > 0).toBe(collides);
    if (collides) {
      expect(found).toEqual([
        { kind: 'same_ci', severity: 'warn', message: 'CHG-1 work also affects DB 01, from 2026-03-02 10:00 to 12:00 UTC.', changeId: 'CHG-1', ciId: 'db01', at: span(10, 12) },
      ]);
    }
  });

  it('reports each shared CI, and nothing for CIs the other change does not affect', () => {
    const idx2 = index([change('CHG-1', 10, 12, ['db01', 'vm01', 'db01'])]);
    const found = idx2.check(candidate(11, 13, { ciIds: ['vm01', 'db01', 'other'] }));
    expect(found.map((c) => [c.kind, c.ciId])).toEqual([
      ['same_ci', 'db01'],
      ['same_ci', 'vm01'],
    ]);
  });

  it('names a CI without a known name by its id', () => {
    const idx2 = new CollisionIndex({ changes: [change('CHG-1', 10, 12, ['x9'])], windows: [], links: [] });
    expect(idx2.check(candidate(10, 11, { ciIds: ['x9'] }))[0]!.message).toBe('CHG-1 work also affects x9, from 2026-03-02 10:00 to 12:00 UTC.');
  });
});

describe('related_ci', () => {
  it('finds a change on a child CI (what the candidate relies on)', () => {
    const found = index([change('CHG-1', 10, 12, ['vm01'])]).check(candidate(11, 12, { ciIds: ['app01'] }));
    expect(found).toEqual([
      {
        kind: 'related_ci',
        severity: 'warn',
        message: 'CHG-1 work affects VM 01, which App 01 relies on, from 2026-03-02 10:00 to 12:00 UTC.',
        changeId: 'CHG-1',
        ciId: 'vm01',
        at: span(10, 12),
      },
    ]);
  });

  it('finds a change on a parent CI (what relies on the candidate)', () => {
    const found = index([change('CHG-1', 10, 12, ['vm01'])]).check(candidate(9, 11, { ciIds: ['host01'] }));
    expect(found.map((c) => [c.kind, c.ciId, c.message])).toEqual([['related_ci', 'vm01', 'CHG-1 work affects VM 01, which relies on Host 01, from 2026-03-02 10:00 to 12:00 UTC.']]);
  });

  it.each([
    ['two hops away', ['host01'], 10, 12, []],
    ['touching in time', ['app01'], 12, 14, []],
    ['the other CI is also the candidate’s own: same_ci only', ['app01', 'vm01'], 10, 12, ['same_ci']],
  ])('%s', (_name, ciIds, from, to, expected) => {
    const other = ciIds[0] === 'host01' ? ['app01'] : ['vm01'];
    expect(kinds(index([change('CHG-1', 10, 12, other)]).check(candidate(from, to, { ciIds })))).toEqual(expected);
  });

  it('reports the other change once per CI, for the first of the candidate’s CIs it relates to', () => {
    // vm01 is the child of app01 and the parent of host01.
    const found = index([change('CHG-1', 10, 12, ['vm01'])]).check(candidate(10, 11, { ciIds: ['host01', 'app01'] }));
    expect(found.map((c) => c.message)).toEqual(['CHG-1 work affects VM 01, which relies on Host 01, from 2026-03-02 10:00 to 12:00 UTC.']);
  });

  it('reads parent and child from CMDB relations: the `from` end is the parent', () => {
    expect(ciLinksFromRelations([{ fromId: 'app01', toId: 'vm01' }])).toEqual([{ parentId: 'app01', childId: 'vm01' }]);
  });
});

describe('outside_maintenance', () => {
  // db01 may be changed on Sundays 02:00–06:00 (first one: Sunday 8 March 2026).
  const sunday = T0 + 6 * DAY;
  const maint = windowScope({ windowId: 'W-SUN', name: 'Sunday patching', kind: 'maintenance', ciIds: ['db01'], occurrences: weekly(sunday + 2 * H, 4, 4) });
  const idx = index([], [maint]);
  const onSunday = (fromH: number, toH: number) => candidate(6 * 24 + fromH, 6 * 24 + toH, { ciIds: ['db01'] });

  it.each([
    ['fully inside', 3, 5, false],
    ['exactly the occurrence', 2, 6, false],
    ['starting before it', 1, 3, true],
    ['ending after it', 5, 7, true],
    ['around it', 1, 7, true],
    ['entirely outside', 8, 9, true],
  ])('%s', (_name, from, to, outside) => {
    expect(kinds(idx.check(onSunday(from, to)))).toEqual(outside ? ['outside_maintenance'] : []);
  });

  it('names the CI, its windows and the nearest occurrence', () => {
    const found = idx.check(onSunday(5, 7));
    expect(found).toEqual([
      {
        kind: 'outside_maintenance',
        severity: 'warn',
        message: 'DB 01 should only be changed in its maintenance window "Sunday patching"; this change is not entirely inside one (the nearest is from 2026-03-08 02:00 to 06:00 UTC).',
        windowId: 'W-SUN',
        ciId: 'db01',
        at: { start: sunday + 2 * H, end: sunday + 6 * H },
      },
    ]);
    // On Monday, the nearest is the next Sunday's.
    expect(idx.check(candidate(10, 11, { ciIds: ['db01'] }))[0]!.at).toEqual({ start: sunday + 2 * H, end: sunday + 6 * H });
  });

  it('says so when no occurrence is left', () => {
    const found = idx.check(candidate(60 * 24, 60 * 24 + 1, { ciIds: ['db01'] }));
    expect(found[0]!.message).toBe('DB 01 should only be changed in its maintenance window "Sunday patching", and none is scheduled after this change starts.');
    expect(found[0]!.at).toBeUndefined();
  });

  it('is not about a CI without maintenance windows', () => {
    expect(idx.check(candidate(10, 11, { ciIds: ['vm01'] }))).toEqual([]);
  });

  it('accepts being inside any one of several windows, not across two', () => {
    const nights = windowScope({ windowId: 'W-NIGHT', name: 'Nights', kind: 'maintenance', ciIds: ['db01'], occurrences: [span(22, 26)] });
    const early = windowScope({ windowId: 'W-EARLY', name: 'Early', kind: 'maintenance', ciIds: ['db01'], occurrences: [span(26, 30)] });
    const idx2 = index([], [nights, early]);
    expect(idx2.check(candidate(23, 25, { ciIds: ['db01'] }))).toEqual([]);
    expect(idx2.check(candidate(27, 29, { ciIds: ['db01'] }))).toEqual([]);
    const across = idx2.check(candidate(25, 27, { ciIds: ['db01'] }));
    expect(across.map((c) => [c.kind, c.windowId])).toEqual([['outside_maintenance', 'W-NIGHT']]);
    expect(across[0]!.message).toContain('its maintenance windows "Nights", "Early"');
  });

  it('finds the occurrence that holds the change behind a later, shorter one', () => {
    const long = windowScope({ windowId: 'W-LONG', kind: 'maintenance', ciIds: ['db01'], occurrences: [span(0, 10)] });
    const short = windowScope({ windowId: 'W-SHORT', kind: 'maintenance', ciIds: ['db01'], occurrences: [span(2, 3)] });
    expect(index([], [short, long]).check(candidate(4, 5, { ciIds: ['db01'] }))).toEqual([]);
    expect(kinds(index([], [short, long]).check(candidate(4, 11, { ciIds: ['db01'] })))).toEqual(['outside_maintenance']);
  });
});

describe('freeze', () => {
  const occurrence = [span(0, 48)];
  const freeze = (windowId: string, enforcement: 'warn' | 'block', scope: Partial<WindowScope>) =>
    windowScope({ windowId, name: `Freeze ${windowId}`, kind: 'freeze', enforcement, occurrences: occurrence, ...scope });

  it.each([
    ['by CI', { ciIds: ['db01'] }, { ciIds: ['db01'] }, 'DB 01'],
    ['by service', { serviceIds: ['svc-mail'] }, { serviceIds: ['svc-web', 'svc-mail'] }, 'a service this change affects'],
    ['by site', { siteIds: ['site-hq'] }, { siteId: 'site-hq' }, "this change's site"],
    ['everything', {}, {}, 'every change'],
  ] as const)('covers a change %s', (_name, scope, over, what) => {
    const found = index([], [freeze('F1', 'warn', scope)]).check(candidate(10, 12, over));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ kind: 'freeze', severity: 'warn', windowId: 'F1', at: span(0, 48) });
    expect(found[0]!.message).toBe(`This change falls in the change freeze "Freeze F1", from 2026-03-02 00:00 to 2026-03-04 00:00 UTC, which covers ${what}: changes should not be made then without good reason.`);
    expect(found[0]!.ciId).toBe('ciIds' in over ? 'db01' : undefined);
  });

  it.each([
    ['another CI', { ciIds: ['db01'] }, { ciIds: ['vm01'] }],
    ['another service', { serviceIds: ['svc-mail'] }, { serviceIds: ['svc-web'] }],
    ['another site', { siteIds: ['site-hq'] }, { siteId: 'site-plant' }],
    ['no site', { siteIds: ['site-hq'] }, { siteId: null }],
  ] as const)('does not cover a change on %s', (_name, scope, over) => {
    expect(index([], [freeze('F1', 'block', scope)]).check(candidate(10, 12, over))).toEqual([]);
  });

  it('blocks with enforcement "block", and touching does not count', () => {
    const idx = index([], [freeze('F1', 'block', {})]);
    const found = idx.check(candidate(47, 49));
    expect(found.map((c) => [c.kind, c.severity])).toEqual([['freeze', 'block']]);
    expect(found[0]!.message).toContain('no change may be made then.');
    expect(collisionCheck(found)).toEqual({ ok: false, reason: found[0]!.message });
    expect(idx.check(candidate(48, 50))).toEqual([]);
  });

  it('reports a window once, with the first occurrence overlapped', () => {
    const w = windowScope({ windowId: 'F2', kind: 'freeze', occurrences: [span(0, 2), span(4, 6), span(8, 10)] });
    const found = index([], [w]).check(candidate(1, 9, { ciIds: ['db01'] }));
    expect(found.map((c) => c.at)).toEqual([span(0, 2)]);
  });
});

describe('assignee_busy', () => {
  const idx = index([change('CHG-1', 10, 12, ['vm01'], 'u-ann')]);
  it.each([
    ['overlapping, same assignee', 11, 13, 'u-ann', true],
    ['touching, same assignee', 12, 13, 'u-ann', false],
    ['overlapping, another assignee', 11, 13, 'u-bob', false],
    ['overlapping, no assignee', 11, 13, null, false],
  ] as const)('%s', (_name, from, to, assigneeId, busy) => {
    const found = idx.check(candidate(from, to, { assigneeId, ciIds: ['db01'] }));
    expect(found).toEqual(
      busy ? [{ kind: 'assignee_busy', severity: 'warn', message: 'The assignee is already working on CHG-1 work, from 2026-03-02 10:00 to 12:00 UTC.', changeId: 'CHG-1', at: span(10, 12) }] : [],
    );
  });
});

describe('check', () => {
  it('ignores the candidate’s own scheduled change (it is being moved)', () => {
    const idx = index([change('CHG-1', 10, 12, ['db01'], 'u-ann'), change('CHG-2', 10, 12, ['vm01'])]);
    expect(idx.check(candidate(11, 13, { id: 'CHG-1', ciIds: ['db01'], assigneeId: 'u-ann' }))).toEqual([]);
    expect(kinds(idx.check(candidate(11, 13, { id: 'CHG-1', ciIds: ['app01'], assigneeId: 'u-ann' })))).toEqual(['related_ci']);
    expect(kinds(idx.check(candidate(11, 13, { id: 'CHG-9', ciIds: ['db01'], assigneeId: 'u-ann' })))).toEqual(['same_ci', 'assignee_busy']);
    // Moved onto the parent of the CI it is scheduled on: its old place is not a related change.
    expect(idx.check(candidate(11, 13, { id: 'CHG-2', ciIds: ['app01'] }))).toEqual([]);
  });

  it('sorts blocks first, then by kind, then by time', () => {
    const idx = index(
      [change('CHG-1', 11, 13, ['db01'], 'u-ann'), change('CHG-2', 9, 11, ['db01']), change('CHG-3', 10, 11, ['vm01'])],
      [
        windowScope({ windowId: 'F-WARN', kind: 'freeze', enforcement: 'warn', occurrences: [span(0, 24)] }),
        windowScope({ windowId: 'F-BLOCK', kind: 'freeze', enforcement: 'block', siteIds: ['site-hq'], occurrences: [span(10, 11)] }),
        windowScope({ windowId: 'M', kind: 'maintenance', ciIds: ['app01'], occurrences: [span(0, 2)] }),
      ],
    );
    const found = idx.check(candidate(10, 12, { ciIds: ['db01', 'app01'], siteId: 'site-hq', assigneeId: 'u-ann' }));
    expect(found.map((c) => [c.kind, c.severity, c.changeId ?? c.windowId])).toEqual([
      ['freeze', 'block', 'F-BLOCK'],
      ['same_ci', 'warn', 'CHG-2'],
      ['same_ci', 'warn', 'CHG-1'],
      ['related_ci', 'warn', 'CHG-3'],
      ['outside_maintenance', 'warn', 'M'],
      ['freeze', 'warn', 'F-WARN'],
      ['assignee_busy', 'warn', 'CHG-1'],
    ]);
    expect(collisionCheck(found.slice(1))).toEqual({ ok: true });
  });

  it('puts times in short UTC words, with the end’s date only when it is another day', () => {
    expect(spanWords(span(22, 23.5))).toBe('from 2026-03-02 22:00 to 23:30 UTC');
    expect(spanWords(span(22, 26))).toBe('from 2026-03-02 22:00 to 2026-03-03 02:00 UTC');
  });
});

describe('nextFreeSlot', () => {
  it('answers the first step at or after fromMs when it is free', () => {
    const idx = index([change('CHG-1', 10, 12, ['db01'])]);
    expect(idx.nextFreeSlot(candidate(10, 11, { ciIds: ['vm01'] }), at(9) + 7 * MIN)).toEqual({ start: at(9) + 15 * MIN, end: at(10) + 15 * MIN });
    expect(idx.nextFreeSlot(candidate(10, 11, { ciIds: ['vm01'] }), at(9), { stepMinutes: 60 })).toEqual(span(9, 10));
  });

  it('jumps past a busy stretch, keeping the duration', () => {
    const idx = index([
      change('CHG-1', 10, 12, ['db01']),
      change('CHG-2', 12, 14, ['vm01'], 'u-ann'),
      change('CHG-3', 13, 16.1, ['other'], 'u-ann'),
      change('CHG-4', 17, 18, ['db01']),
    ]);
    const c = candidate(0, 1, { ciIds: ['db01', 'app01'], assigneeId: 'u-ann' });
    // 10–12 db01, 12–14 vm01 (child of app01), 13–16:06 the assignee; 16:15–17:15 overlaps CHG-4.
    expect(idx.nextFreeSlot(c, at(10))).toEqual({ start: at(18), end: at(19) });
    expect(idx.nextFreeSlot({ ...c, end: c.start + 0.75 * H }, at(10))).toEqual({ start: at(16.25), end: at(17) });
  });

  it('skips a freeze, and ignores the candidate’s own change', () => {
    const idx = index(
      [change('CHG-1', 0, 30, ['db01'])],
      [windowScope({ windowId: 'F', kind: 'freeze', enforcement: 'block', ciIds: ['db01'], occurrences: [span(8, 20), span(31, 33)] })],
    );
    expect(idx.nextFreeSlot(candidate(0, 2, { id: 'CHG-1', ciIds: ['db01'] }), at(9))).toEqual(span(20, 22));
    expect(idx.nextFreeSlot(candidate(0, 2, { id: 'CHG-2', ciIds: ['db01'] }), at(9))).toEqual(span(33, 35));
  });

  it('finds the next maintenance occurrence long enough', () => {
    const maint = windowScope({ windowId: 'M', kind: 'maintenance', ciIds: ['db01'], occurrences: [span(2, 3), span(26, 30), span(50, 56)] });
    const idx = index([change('CHG-1', 50, 51, ['db01'])], [maint]);
    // 2 hours: 02–03 is too short, 26–30 is the one.
    expect(idx.nextFreeSlot(candidate(0, 2, { ciIds: ['db01'] }), at(1))).toEqual(span(26, 28));
    // 4 hours fit 26–30 exactly.
    expect(idx.nextFreeSlot(candidate(0, 4, { ciIds: ['db01'] }), at(1))).toEqual(span(26, 30));
    // 3.5 hours from 27:00 on: 27–30 is too short, 50–56 is taken until 51.
    expect(idx.nextFreeSlot(candidate(0, 3.5, { ciIds: ['db01'] }), at(27))).toEqual(span(51, 54.5));
    // Inside an occurrence already: from the step on.
    expect(idx.nextFreeSlot(candidate(0, 1, { ciIds: ['db01'] }), at(26) + 1)).toEqual(span(26.25, 27.25));
  });

  it('answers null when nothing is free within the horizon', () => {
    const forever = windowScope({ windowId: 'F', kind: 'freeze', occurrences: [{ start: T0, end: T0 + 100 * DAY }] });
    expect(index([], [forever]).nextFreeSlot(candidate(0, 1), T0)).toBeNull();
    expect(index([], [forever]).nextFreeSlot(candidate(0, 1), T0, { horizonDays: 120 })).toEqual({ start: T0 + 100 * DAY, end: T0 + 100 * DAY + H });
    const short = windowScope({ windowId: 'M', kind: 'maintenance', ciIds: ['db01'], occurrences: weekly(at(2), 1) });
    expect(index([], [short]).nextFreeSlot(candidate(0, 2, { ciIds: ['db01'] }), T0)).toBeNull();
    const busy = index([change('CHG-1', 0, 24 * 10, ['db01'])]);
    expect(busy.nextFreeSlot(candidate(0, 1, { ciIds: ['db01'] }), T0, { horizonDays: 10 })).toBeNull();
    expect(busy.nextFreeSlot(candidate(0, 1, { ciIds: ['db01'] }), T0, { horizonDays: 11 })).toEqual(span(240, 241));
  });
});

describe('messages', () => {
  const when = span(10, 12);
  it('are the same words wherever they are built', () => {
    expect(sameCiMessage('CHG-0042 Core switch firmware', 'core-sw01', when)).toBe('CHG-0042 Core switch firmware also affects core-sw01, from 2026-03-02 10:00 to 12:00 UTC.');
    expect(relatedCiMessage('CHG-7', 'web01', 'vm-host-3', 'parent', when)).toBe('CHG-7 affects web01, which relies on vm-host-3, from 2026-03-02 10:00 to 12:00 UTC.');
    expect(assigneeBusyMessage('CHG-7', when)).toBe('The assignee is already working on CHG-7, from 2026-03-02 10:00 to 12:00 UTC.');
    const cover: FreezeCover = { by: 'all' };
    expect(freezeMessage('Year end', 'block', cover, when)).toBe('This change falls in the change freeze "Year end", from 2026-03-02 10:00 to 12:00 UTC, which covers every change: no change may be made then.');
    expect(outsideMaintenanceMessage('db01', ['A', 'B'], null)).toBe('db01 should only be changed in its maintenance windows "A", "B", and none is scheduled after this change starts.');
  });
});

// ---------------------------------------------------------------------------------------------
// The fast path against the obvious one, over a schedule of the size a large desk has.

/** mulberry32: a small seeded generator, so the data set is the same on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface DataSet {
  changes: ScheduledChange[];
  windows: WindowScope[];
  links: CiLink[];
  ciNames: Map<string, string>;
  candidates: Candidate[];
}

function dataSet(seed: number): DataSet {
  const rnd = random(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const pick = <T,>(list: readonly T[]) => list[int(list.length)]!;
  const some = <T,>(list: readonly T[], min: number, max: number) => [...new Set(Array.from({ length: min + int(max - min + 1) }, () => pick(list)))];
  const cis = Array.from({ length: 2000 }, (_, i) => `ci-${i}`);
  const users = Array.from({ length: 200 }, (_, i) => `u-${i}`);
  const services = Array.from({ length: 50 }, (_, i) => `svc-${i}`);
  const sites = Array.from({ length: 20 }, (_, i) => `site-${i}`);
  const QUARTER = 15 * MIN;
  const days = 30;
  const links: CiLink[] = [];
  for (let i = 0; i < 3000; i++) {
    const parentId = pick(cis);
    const childId = pick(cis);
    if (parentId !== childId) links.push({ parentId, childId });
  }
  const slot = (maxHours: number) => {
    const start = T0 + int(days * 96) * QUARTER;
    return { start, end: start + (1 + int(maxHours * 4)) * QUARTER };
  };
  const changes: ScheduledChange[] = Array.from({ length: 10_000 }, (_, i) => ({
    id: `CHG-${i}`,
    label: `CHG-${String(i).padStart(5, '0')} Work`,
    ...slot(6),
    ciIds: some(cis, 1, 3),
    assigneeId: rnd() < 0.1 ? null : pick(users),
  }));
  const windows: WindowScope[] = Array.from({ length: 500 }, (_, i) => {
    const maintenance = rnd() < 0.6;
    const first = T0 - WEEK + int(7 * 96) * QUARTER;
    const hours = maintenance ? 2 + int(7) : 1 + int(12);
    const scope = maintenance ? 0 : int(100);
    return {
      windowId: `W-${i}`,
      name: `Window ${i}`,
      kind: maintenance ? 'maintenance' : 'freeze',
      enforcement: rnd() < 0.5 ? 'warn' : 'block',
      ciIds: maintenance || scope < 40 ? some(cis, 1, 3) : [],
      serviceIds: !maintenance && scope >= 40 && scope < 70 ? some(services, 1, 2) : [],
      siteIds: !maintenance && scope >= 70 && scope < 98 ? [pick(sites)] : [],
      occurrences: weekly(first, hours, 13),
    };
  });
  const maintained = [...new Set(windows.filter((w) => w.kind === 'maintenance').flatMap((w) => w.ciIds))];
  const ciNames = new Map(cis.filter((_, i) => i % 2 === 0).map((id) => [id, `Name of ${id}`]));
  const candidates: Candidate[] = Array.from({ length: 200 }, (_, i) => {
    const own = rnd() < 0.2 ? pick(changes) : null;
    const ciIds = [...some(cis, 1, 3), ...(rnd() < 0.3 ? [pick(maintained)] : [])];
    return {
      id: own?.id ?? `NEW-${i}`,
      ...slot(8),
      ciIds: own && rnd() < 0.5 ? [...own.ciIds] : ciIds,
      serviceIds: some(services, 0, 2),
      siteId: rnd() < 0.2 ? null : pick(sites),
      assigneeId: rnd() < 0.1 ? null : (own?.assigneeId ?? pick(users)),
    };
  });
  return { changes, windows, links, ciNames, candidates };
}

/** The obvious implementation: every change, window and link looked at, for one candidate. */
function referenceCheck(data: DataSet, c: Candidate): Collision[] {
  const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;
  const name = (id: string) => data.ciNames.get(id) ?? id;
  const own = [...new Set(c.ciIds)];
  const parentsOf = new Map(own.map((id) => [id, new Set(data.links.filter((l) => l.childId === id && l.parentId !== id).map((l) => l.parentId))]));
  const childrenOf = new Map(own.map((id) => [id, new Set(data.links.filter((l) => l.parentId === id && l.childId !== id).map((l) => l.childId))]));
  const out: Collision[] = [];
  for (const ch of data.changes) {
    if (ch.id === c.id || !overlaps(ch, c)) continue;
    const when = { start: ch.start, end: ch.end };
    for (const ciId of new Set(ch.ciIds)) {
      if (own.includes(ciId)) {
        out.push({ kind: 'same_ci', severity: 'warn', message: sameCiMessage(ch.label, name(ciId), when), changeId: ch.id, ciId, at: when });
        continue;
      }
      const to = own.find((o) => parentsOf.get(o)!.has(ciId) || childrenOf.get(o)!.has(ciId));
      if (to === undefined) continue;
      const relation = parentsOf.get(to)!.has(ciId) ? 'parent' : 'child';
      out.push({ kind: 'related_ci', severity: 'warn', message: relatedCiMessage(ch.label, name(ciId), name(to), relation, when), changeId: ch.id, ciId, at: when });
    }
    if (c.assigneeId !== null && ch.assigneeId === c.assigneeId) {
      out.push({ kind: 'assignee_busy', severity: 'warn', message: assigneeBusyMessage(ch.label, when), changeId: ch.id, at: when });
    }
  }
  for (const w of data.windows) {
    if (w.kind !== 'freeze') continue;
    const ciId = own.find((id) => w.ciIds.includes(id));
    const everything = w.ciIds.length === 0 && w.serviceIds.length === 0 && w.siteIds.length === 0;
    const cover: FreezeCover | null =
      ciId !== undefined
        ? { by: 'ci', ciName: name(ciId) }
        : c.serviceIds.some((s) => w.serviceIds.includes(s))
          ? { by: 'service' }
          : c.siteId !== null && w.siteIds.includes(c.siteId)
            ? { by: 'site' }
            : everything
              ? { by: 'all' }
              : null;
    const first = w.occurrences.find((o) => overlaps(o, c));
    if (!cover || !first) continue;
    const found: Collision = { kind: 'freeze', severity: w.enforcement, message: freezeMessage(w.name, w.enforcement, cover, first), windowId: w.windowId, at: first };
    if (ciId !== undefined) found.ciId = ciId;
    out.push(found);
  }
  for (const ciId of own) {
    const windows = data.windows.filter((w) => w.kind === 'maintenance' && w.ciIds.includes(ciId));
    if (windows.length === 0) continue;
    const occurrences = windows.flatMap((w) => w.occurrences.map((o) => ({ ...o, w }))).sort((a, b) => a.start - b.start || a.end - b.end);
    if (occurrences.some((o) => o.start <= c.start && c.end <= o.end)) continue;
    const nearest = occurrences.find((o) => o.end > c.start) ?? null;
    const at = nearest ? { start: nearest.start, end: nearest.end } : null;
    const found: Collision = {
      kind: 'outside_maintenance',
      severity: 'warn',
      message: outsideMaintenanceMessage(name(ciId), windows.map((w) => w.name), at),
      windowId: (nearest?.w ?? windows[0]!).windowId,
      ciId,
    };
    if (at) found.at = at;
    out.push(found);
  }
  return out;
}

const canonical = (list: Collision[]) => list.map((c) => JSON.stringify(Object.fromEntries(Object.entries(c).sort()))).sort();

describe('CollisionIndex over a large schedule', () => {
  const data = dataSet(20260302);
  const idx = new CollisionIndex(data);

  it('finds exactly what the obvious scan finds, in the documented order', () => {
    const seen = new Set<string>();
    for (const c of data.candidates) {
      const fast = idx.check(c);
      expect(canonical(fast)).toEqual(canonical(referenceCheck(data, c)));
      for (let i = 1; i < fast.length; i++) expect(compareCollisions(fast[i - 1]!, fast[i]!)).toBeLessThanOrEqual(0);
      const severities = fast.map((f) => f.severity);
      expect(severities).toEqual([...severities].sort((a, b) => (a === b ? 0 : a === 'block' ? -1 : 1)));
      for (const f of fast) seen.add(`${f.kind}/${f.severity}`);
    }
    // The data set exercises every kind (and both severities of freeze).
    for (const kind of COLLISION_KINDS) expect([...seen].some((k) => k.startsWith(`${kind}/`))).toBe(true);
    expect(seen.has('freeze/block') && seen.has('freeze/warn')).toBe(true);
  });

  it('finds the same free slot by jumping as by trying every step', () => {
    const STEP = 15 * MIN;
    const horizonDays = 10;
    let moved = 0;
    for (const c of data.candidates.slice(0, 25)) {
      const duration = c.end - c.start;
      const from = c.start - 7 * MIN;
      let expected: { start: number; end: number } | null = null;
      for (let s = Math.ceil(from / STEP) * STEP; s < from + horizonDays * DAY; s += STEP) {
        if (idx.check({ ...c, start: s, end: s + duration }).length === 0) {
          expected = { start: s, end: s + duration };
          break;
        }
      }
      if (expected && expected.start > from + STEP) moved++;
      expect(idx.nextFreeSlot(c, from, { horizonDays })).toEqual(expected);
    }
    expect(moved).toBeGreaterThan(3);
  });
});
