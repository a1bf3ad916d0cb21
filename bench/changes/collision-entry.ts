/**
 * collision_check_ms in the browser: a data set the size issue 15 names (10,000 scheduled changes
 * on 2,000 CIs with 200 assignees, 500 recurring windows, CMDB links), the collision index built
 * once from records as the calendar builds it from the replica (common/changes/schedule.ts), then
 * one change dragged across a fortnight in 15-minute steps, each step checked as the calendar
 * checks it while the pointer moves. Deterministic (a seeded generator).
 */
import { newChange } from '@fielddesk/common/changes/new-change';
import type { ChangeRequest, ChangeWindow } from '@fielddesk/common/changes/records';
import { buildCollisionIndex, candidateOf, type ScheduleCi } from '@fielddesk/common/changes/schedule';

const DAY = 86_400_000;
const STEP = 15 * 60_000;

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

export interface CollisionMeasurement {
  buildMs: number;
  checks: number[];
  collisionsSeen: number;
}

function measure(now: number, steps: number): CollisionMeasurement {
  const r = rng(15);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
  const cis: ScheduleCi[] = Array.from({ length: 2_000 }, (_, i) => ({ id: `ci-${i}`, name: `ci-${i}`, siteId: `site-${i % 3}`, ciType: i % 50 === 0 ? 'business_service' : 'server' }));
  const relations = Array.from({ length: 3_000 }, () => ({ fromId: pick(cis).id, toId: pick(cis).id }));
  const assignees = Array.from({ length: 200 }, (_, i) => `person-${i}`);
  const changes: ChangeRequest[] = [];
  const changeCis: { changeId: string; configurationItemId: string }[] = [];
  for (let i = 0; i < 10_000; i++) {
    const start = now - 30 * DAY + Math.floor(r() * 120 * 96) * STEP;
    const id = `change-${i}`;
    changes.push(newChange({ id, number: `CHG-${i}`, title: `Change ${i}`, status: 'scheduled', windowStart: new Date(start).toISOString(), windowEnd: new Date(start + (1 + Math.floor(r() * 8)) * STEP * 2).toISOString(), assigneeId: pick(assignees), createdAt: new Date(now - 60 * DAY).toISOString(), rev: i + 1 }));
    for (let k = 0, n = 1 + Math.floor(r() * 3); k < n; k++) changeCis.push({ changeId: id, configurationItemId: pick(cis).id });
  }
  const windows: ChangeWindow[] = Array.from({ length: 500 }, (_, i) => ({
    id: `window-${i}`,
    name: `Window ${i}`,
    kind: i % 10 === 0 ? 'freeze' : 'maintenance',
    enforcement: i % 20 === 0 ? 'block' : 'warn',
    timeZone: pick(['Europe/Paris', 'America/New_York', 'Europe/London']),
    startsOn: '2026-01-04',
    startTime: `0${Math.floor(r() * 6)}:00`,
    durationMinutes: 240,
    rrule: `FREQ=WEEKLY;BYDAY=${pick(['SU', 'SA', 'WE'])}`,
    ciIds: Array.from({ length: 4 }, () => pick(cis).id),
    serviceIds: [],
    siteIds: [],
    notes: '',
    updatedAt: new Date(now).toISOString(),
    rev: 1,
  }));

  const began = performance.now();
  const index = buildCollisionIndex({ changes, changeCis, windows, cis, relations, from: now - 30 * DAY, to: now + 120 * DAY });
  const buildMs = performance.now() - began;

  // The change being dragged: on three CIs, two hours long, moved 15 minutes per pointer move.
  const dragged = changes[0]!;
  const ciIds = changeCis.filter((l) => l.changeId === dragged.id).map((l) => l.configurationItemId);
  const types = new Map(cis.map((c) => [c.id, c.ciType]));
  const checks: number[] = [];
  let collisionsSeen = 0;
  for (let i = 0; i < steps; i++) {
    const start = now + i * STEP;
    const t0 = performance.now();
    const found = index.check(candidateOf(dragged, ciIds, types, { start, end: start + 2 * 3_600_000 }));
    checks.push(performance.now() - t0);
    collisionsSeen += found.length;
  }
  return { buildMs, checks, collisionsSeen };
}

declare global {
  interface Window {
    fielddeskCollisionBench: { measure: typeof measure };
  }
}
window.fielddeskCollisionBench = { measure };
