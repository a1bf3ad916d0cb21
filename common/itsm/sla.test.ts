import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { BusinessCalendar, SlaPolicy } from './config';
import type { TicketStatus } from './lifecycle';
import { computeSla, slaLevel, type SlaConfig, type SlaState, type TicketSlaFacts } from './sla';

/*
 * The Paris office is open Monday–Friday 08:00–18:00 (UTC+1 in March), closed on Christmas
 * (Thursday 25 December 2025). Monday 3 March 2025 is an ordinary Monday. Targets:
 *   priority 1 "Critical": 24x7, respond in 15 min, resolve in 240 min (4 h);
 *   priority 2 "High": office hours, respond in 60 min, resolve in 480 min (8 business hours);
 *   priority 3 "Medium": office hours, respond in 240 min, resolve in 1,200 min (2 business days);
 *   priorities 4 and 5: no policy.
 * Warnings at 75%.
 */
const PARIS: BusinessCalendar = {
  id: 'paris',
  name: 'Paris office',
  timeZone: 'Europe/Paris',
  hours: [1, 2, 3, 4, 5].map((day) => ({ day, start: '08:00', end: '18:00' })),
  holidays: [{ date: '2025-12-25', name: 'Christmas' }],
};
const ALWAYS: BusinessCalendar = {
  id: '24x7',
  name: 'Around the clock',
  timeZone: 'Europe/Paris',
  hours: [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, start: '00:00', end: '24:00' })),
  holidays: [],
};
const policy = (priority: 1 | 2 | 3, name: string, responseMinutes: number, resolutionMinutes: number, calendarId: string): SlaPolicy => ({
  priority,
  name,
  responseMinutes,
  resolutionMinutes,
  calendarId,
});
const CONFIG: SlaConfig = {
  calendars: [PARIS, ALWAYS],
  slaPolicies: [policy(1, 'Critical', 15, 240, '24x7'), policy(2, 'High', 60, 480, 'paris'), policy(3, 'Medium', 240, 1200, 'paris')],
  slaWarningPercent: 75,
};

/** Monday 3 March 2025 (or another day of that week: 4 = Tuesday…) at a Paris time. */
const mon = (hhmm: string, day = 3) => `2025-03-0${day}T${hhmm}:00+01:00`;

function ticket(f: Partial<TicketSlaFacts> & { priority: number; createdAt: string }): TicketSlaFacts {
  return { respondedAt: null, resolvedAt: null, status: 'new' as TicketStatus, slaHolds: [], ...f };
}

interface ClockExpectation {
  state: SlaState;
  elapsed: number;
  dueAt: string | null;
  paused?: boolean;
}
interface Row {
  why: string;
  facts: TicketSlaFacts;
  now: string;
  response: ClockExpectation;
  resolution: ClockExpectation;
  level: 'ok' | 'warning' | 'breached';
}

const rows: Row[] = [
  {
    why: 'a fresh ticket in office hours: 30 of 60 (50%) and 30 of 480',
    facts: ticket({ priority: 2, createdAt: mon('09:00') }),
    now: mon('09:30'),
    response: { state: 'ok', elapsed: 30, dueAt: mon('10:00') },
    resolution: { state: 'ok', elapsed: 30, dueAt: mon('17:00') },
    level: 'ok',
  },
  {
    why: 'just below the warning: 44 of 60 is 73%',
    facts: ticket({ priority: 2, createdAt: mon('09:00') }),
    now: mon('09:44'),
    response: { state: 'ok', elapsed: 44, dueAt: mon('10:00') },
    resolution: { state: 'ok', elapsed: 44, dueAt: mon('17:00') },
    level: 'ok',
  },
  {
    why: 'warning at 75%: 45 of 60',
    facts: ticket({ priority: 2, createdAt: mon('09:00') }),
    now: mon('09:45'),
    response: { state: 'warning', elapsed: 45, dueAt: mon('10:00') },
    resolution: { state: 'ok', elapsed: 45, dueAt: mon('17:00') },
    level: 'warning',
  },
  {
    why: 'breach at 100%: 60 of 60 at the due time itself',
    facts: ticket({ priority: 2, createdAt: mon('09:00') }),
    now: mon('10:00'),
    response: { state: 'breached', elapsed: 60, dueAt: mon('10:00') },
    resolution: { state: 'ok', elapsed: 60, dueAt: mon('17:00') },
    level: 'breached',
  },
  {
    why: 'created on Saturday: the clocks start Monday 08:00, 20 minutes by 08:20',
    facts: ticket({ priority: 2, createdAt: '2025-03-01T10:00:00+01:00' }),
    now: mon('08:20'),
    response: { state: 'ok', elapsed: 20, dueAt: mon('09:00') },
    resolution: { state: 'ok', elapsed: 20, dueAt: mon('16:00') },
    level: 'ok',
  },
  {
    why: 'created at night: nothing counted yet, due the next morning',
    facts: ticket({ priority: 2, createdAt: mon('22:00') }),
    now: mon('23:00'),
    response: { state: 'ok', elapsed: 0, dueAt: mon('09:00', 4) },
    resolution: { state: 'ok', elapsed: 0, dueAt: mon('16:00', 4) },
    level: 'ok',
  },
  {
    why: 'created Friday 17:30: 30 min that evening, the other 30 on Monday; the weekend does not count',
    facts: ticket({ priority: 2, createdAt: mon('17:30', 7) }),
    now: '2025-03-08T12:00:00+01:00',
    response: { state: 'ok', elapsed: 30, dueAt: '2025-03-10T08:30:00+01:00' },
    resolution: { state: 'ok', elapsed: 30, dueAt: '2025-03-10T15:30:00+01:00' }, // 450 left from Monday 08:00
    level: 'ok',
  },
  {
    why: 'response met: responded after 20 minutes; the deadline it met stays shown',
    facts: ticket({ priority: 2, createdAt: mon('09:00'), respondedAt: mon('09:20'), status: 'assigned' }),
    now: mon('14:00'),
    response: { state: 'met', elapsed: 20, dueAt: mon('10:00') },
    resolution: { state: 'ok', elapsed: 300, dueAt: mon('17:00') }, // 300 of 480 = 62.5%
    level: 'ok',
  },
  {
    why: 'response missed: responded after 90 minutes; the queue level stays breached',
    facts: ticket({ priority: 2, createdAt: mon('09:00'), respondedAt: mon('10:30'), status: 'in_progress' }),
    now: mon('14:00'),
    response: { state: 'missed', elapsed: 90, dueAt: mon('10:00') },
    resolution: { state: 'ok', elapsed: 300, dueAt: mon('17:00') },
    level: 'breached',
  },
  {
    why: 'resolution warning: 360 of 480 is 75%',
    facts: ticket({ priority: 2, createdAt: mon('09:00'), respondedAt: mon('09:10'), status: 'in_progress' }),
    now: mon('15:00'),
    response: { state: 'met', elapsed: 10, dueAt: mon('10:00') },
    resolution: { state: 'warning', elapsed: 360, dueAt: mon('17:00') },
    level: 'warning',
  },
  {
    why: 'resolution breached overnight: Monday 09–18 (540) + Tuesday 08–09 (60)',
    facts: ticket({ priority: 2, createdAt: mon('09:00'), respondedAt: mon('09:10'), status: 'in_progress' }),
    now: mon('09:00', 4),
    response: { state: 'met', elapsed: 10, dueAt: mon('10:00') },
    resolution: { state: 'breached', elapsed: 600, dueAt: mon('17:00') },
    level: 'breached',
  },
  {
    why: 'resolved in time: 420 of 480; the clock stays stopped days later',
    facts: ticket({ priority: 2, createdAt: mon('09:00'), respondedAt: mon('09:10'), resolvedAt: mon('16:00'), status: 'resolved' }),
    now: mon('12:00', 5),
    response: { state: 'met', elapsed: 10, dueAt: mon('10:00') },
    resolution: { state: 'met', elapsed: 420, dueAt: mon('17:00') },
    level: 'ok',
  },
  {
    why: 'a closed ticket keeps its resolvedAt: same as resolved',
    facts: ticket({ priority: 2, createdAt: mon('09:00'), respondedAt: mon('09:10'), resolvedAt: mon('16:00'), status: 'closed' }),
    now: '2025-03-20T12:00:00+01:00',
    response: { state: 'met', elapsed: 10, dueAt: mon('10:00') },
    resolution: { state: 'met', elapsed: 420, dueAt: mon('17:00') },
    level: 'ok',
  },
  {
    why: 'resolved late: 600 of 480 (Monday 540 + Tuesday 60) is missed',
    facts: ticket({ priority: 2, createdAt: mon('09:00'), respondedAt: mon('09:10'), resolvedAt: mon('09:00', 4), status: 'closed' }),
    now: mon('12:00', 7),
    response: { state: 'met', elapsed: 10, dueAt: mon('10:00') },
    resolution: { state: 'missed', elapsed: 600, dueAt: mon('17:00') },
    level: 'breached',
  },
  {
    why: 'reopened (resolvedAt null again): the resolution clock runs again from creation, 390 of 480 = 81%',
    facts: ticket({ priority: 2, createdAt: mon('09:00'), respondedAt: mon('09:10'), resolvedAt: null, status: 'in_progress' }),
    now: mon('15:30'),
    response: { state: 'met', elapsed: 10, dueAt: mon('10:00') },
    resolution: { state: 'warning', elapsed: 390, dueAt: mon('17:00') },
    level: 'warning',
  },
  {
    why: 'a hold in office hours (10–12) takes 120 off, and pushes the deadline 2 business hours: Monday 17:00 -> Tuesday 09:00',
    facts: ticket({ priority: 2, createdAt: mon('09:00'), respondedAt: mon('09:10'), status: 'in_progress', slaHolds: [{ from: mon('10:00'), to: mon('12:00') }] }),
    now: mon('13:00'),
    response: { state: 'met', elapsed: 10, dueAt: mon('10:00') },
    resolution: { state: 'ok', elapsed: 120, dueAt: mon('09:00', 4) },
    level: 'ok',
  },
  {
    why: 'a hold outside office hours (19:00 to 07:00) changes nothing: 540 + 60 = 600 of 1,200',
    facts: ticket({ priority: 3, createdAt: mon('09:00'), respondedAt: mon('09:10'), status: 'in_progress', slaHolds: [{ from: mon('19:00'), to: mon('07:00', 4) }] }),
    now: mon('09:00', 4),
    response: { state: 'met', elapsed: 10, dueAt: mon('13:00') },
    resolution: { state: 'ok', elapsed: 600, dueAt: mon('09:00', 5) }, // Monday 540 + Tuesday 600 + Wednesday 60
    level: 'ok',
  },
  {
    why: 'a hold partly in hours (Mon 17:00 to Tue 09:00) takes off Mon 17–18 and Tue 08–09',
    facts: ticket({ priority: 3, createdAt: mon('09:00'), respondedAt: mon('09:10'), status: 'in_progress', slaHolds: [{ from: mon('17:00'), to: mon('09:00', 4) }] }),
    now: mon('10:00', 4),
    response: { state: 'met', elapsed: 10, dueAt: mon('13:00') },
    // 660 counted - 120 held = 540. Due: Mon 09–17 (480), Tue 09–18 (540), Wed 08–11 (180) = 1,200.
    resolution: { state: 'ok', elapsed: 540, dueAt: mon('11:00', 5) },
    level: 'ok',
  },
  {
    why: 'overlapping holds (10–12 and 11–13) count once: 300 - 180 = 120',
    facts: ticket({
      priority: 3,
      createdAt: mon('09:00'),
      respondedAt: mon('09:10'),
      status: 'in_progress',
      slaHolds: [
        { from: mon('10:00'), to: mon('12:00') },
        { from: mon('11:00'), to: mon('13:00') },
      ],
    }),
    now: mon('14:00'),
    response: { state: 'met', elapsed: 10, dueAt: mon('13:00') },
    // Mon 09–10 (60) + Mon 13–18 (300) + Tue (600) + Wed 08–12 (240) = 1,200.
    resolution: { state: 'ok', elapsed: 120, dueAt: mon('12:00', 5) },
    level: 'ok',
  },
  {
    why: 'still on hold since 11:00: paused at 120 of 480, no due time while the hold lasts',
    facts: ticket({ priority: 2, createdAt: mon('09:00'), respondedAt: mon('09:10'), status: 'on_hold', slaHolds: [{ from: mon('11:00'), to: null }] }),
    now: mon('15:00'),
    response: { state: 'met', elapsed: 10, dueAt: mon('10:00') },
    resolution: { state: 'paused', elapsed: 120, dueAt: null, paused: true },
    level: 'ok',
  },
  {
    why: 'on hold past the warning share (390 of 480 = 81%): paused, but the queue still warns',
    facts: ticket({ priority: 2, createdAt: mon('09:00'), respondedAt: mon('09:10'), status: 'on_hold', slaHolds: [{ from: mon('15:30'), to: null }] }),
    now: mon('10:00', 4),
    response: { state: 'met', elapsed: 10, dueAt: mon('10:00') },
    resolution: { state: 'paused', elapsed: 390, dueAt: null, paused: true },
    level: 'warning',
  },
  {
    why: 'put on hold after its breach: stays breached (24x7: 300 of 240), due time in the past',
    facts: ticket({ priority: 1, createdAt: '2025-03-03T00:00:00Z', respondedAt: '2025-03-03T00:05:00Z', status: 'on_hold', slaHolds: [{ from: '2025-03-03T05:00:00Z', to: null }] }),
    now: '2025-03-03T06:00:00Z',
    response: { state: 'met', elapsed: 5, dueAt: '2025-03-03T00:15:00Z' },
    resolution: { state: 'breached', elapsed: 300, dueAt: '2025-03-03T04:00:00Z', paused: true },
    level: 'breached',
  },
  {
    why: 'a hold before anyone responded pauses the response clock too: 60 - 30 held = 30 of 60',
    facts: ticket({ priority: 2, createdAt: mon('09:00'), status: 'assigned', slaHolds: [{ from: mon('09:10'), to: mon('09:40') }] }),
    now: mon('10:00'),
    response: { state: 'ok', elapsed: 30, dueAt: mon('10:30') },
    resolution: { state: 'ok', elapsed: 30, dueAt: mon('17:30') },
    level: 'ok',
  },
  {
    why: 'a hold after the response does not move the response deadline (met at 09:20, due 10:00)',
    facts: ticket({ priority: 2, createdAt: mon('09:00'), respondedAt: mon('09:20'), status: 'in_progress', slaHolds: [{ from: mon('09:30'), to: mon('11:00') }] }),
    now: mon('12:00'),
    response: { state: 'met', elapsed: 20, dueAt: mon('10:00') },
    // 180 - 90 held = 90; due Mon 17:00 + 90 business minutes = Mon 18:00 (60) + Tue 08:30 (30).
    resolution: { state: 'ok', elapsed: 90, dueAt: mon('08:30', 4) },
    level: 'ok',
  },
  {
    why: 'still on hold, status says so but no open hold recorded: shown paused, time counted to now',
    facts: ticket({ priority: 2, createdAt: mon('09:00'), respondedAt: mon('09:10'), status: 'on_hold' }),
    now: mon('10:00'),
    response: { state: 'met', elapsed: 10, dueAt: mon('10:00') },
    resolution: { state: 'paused', elapsed: 60, dueAt: null, paused: true },
    level: 'ok',
  },
  {
    why: '24x7 counts nights and the Paris clock change in real time: 180 minutes from 23:00Z to 02:00Z',
    facts: ticket({ priority: 1, createdAt: '2025-03-29T23:00:00Z' }),
    now: '2025-03-30T02:00:00Z',
    response: { state: 'breached', elapsed: 180, dueAt: '2025-03-29T23:15:00Z' },
    resolution: { state: 'warning', elapsed: 180, dueAt: '2025-03-30T03:00:00Z' }, // 75% of 240
    level: 'breached',
  },
  {
    why: 'Christmas is skipped: Wed 17–18 (60) + Fri 08–10 (120) = 180 of 1,200',
    facts: ticket({ priority: 3, createdAt: '2025-12-24T17:00:00+01:00', respondedAt: '2025-12-24T17:05:00+01:00', status: 'in_progress' }),
    now: '2025-12-26T10:00:00+01:00',
    // 240: Wed 60 + Fri 08–11 (180).
    response: { state: 'met', elapsed: 5, dueAt: '2025-12-26T11:00:00+01:00' },
    // 1,200: Wed 60 + Fri 600 + Mon 29th 08–17 (540).
    resolution: { state: 'ok', elapsed: 180, dueAt: '2025-12-29T17:00:00+01:00' },
    level: 'ok',
  },
];

describe('computeSla', () => {
  it.each(rows)('$why', ({ facts, now, response, resolution, level }) => {
    const sla = computeSla(facts, CONFIG, Date.parse(now));
    expect(sla).not.toBeNull();
    if (!sla) return;
    for (const [clock, expected] of [
      [sla.response, response],
      [sla.resolution, resolution],
    ] as const) {
      expect({ kind: clock.kind, state: clock.state, elapsed: clock.elapsedMinutes, dueAt: clock.dueAt, paused: clock.paused }).toEqual({
        kind: clock.kind,
        state: expected.state,
        elapsed: expected.elapsed,
        dueAt: expected.dueAt === null ? null : new Date(expected.dueAt).toISOString(),
        paused: expected.paused ?? false,
      });
      expect(clock.percent).toBeCloseTo((expected.elapsed / clock.targetMinutes) * 100, 9);
    }
    expect(sla.response.stoppedAt).toBe(facts.respondedAt);
    expect(sla.resolution.stoppedAt).toBe(facts.resolvedAt);
    expect(sla.level).toBe(level);
    // The queue's cheap helper agrees.
    expect(slaLevel(facts, CONFIG, Date.parse(now))).toBe(level);
  });

  it('names the policy and its targets', () => {
    const sla = computeSla(ticket({ priority: 3, createdAt: mon('09:00') }), CONFIG, Date.parse(mon('09:00')));
    expect(sla?.policyName).toBe('Medium');
    expect(sla?.response.targetMinutes).toBe(240);
    expect(sla?.resolution.targetMinutes).toBe(1200);
  });

  it('answers null for a priority without a policy', () => {
    expect(computeSla(ticket({ priority: 4, createdAt: mon('09:00') }), CONFIG, Date.parse(mon('10:00')))).toBeNull();
    expect(slaLevel(ticket({ priority: 5, createdAt: mon('09:00') }), CONFIG, Date.parse(mon('10:00')))).toBeNull();
  });

  it('says what is wrong with bad facts', () => {
    const now = Date.parse(mon('10:00'));
    expect(() => computeSla(ticket({ priority: 2, createdAt: 'yesterday' }), CONFIG, now)).toThrow(/createdAt time "yesterday" is not an ISO 8601 timestamp/);
    expect(() => computeSla(ticket({ priority: 2, createdAt: mon('09:00'), slaHolds: [{ from: mon('09:30'), to: mon('09:10') }] }), CONFIG, now)).toThrow(
      /hold period ends .* before it starts/,
    );
    expect(() => computeSla(ticket({ priority: 2, createdAt: mon('09:00'), status: 'closed' }), CONFIG, now)).toThrow(/closed ticket needs resolvedAt/);
    expect(() => computeSla(ticket({ priority: 2, createdAt: mon('09:00') }), CONFIG, Number.NaN)).toThrow(/now must be an instant/);
  });

  it('uses the configured warning share', () => {
    const facts = ticket({ priority: 2, createdAt: mon('09:00') });
    expect(computeSla(facts, { ...CONFIG, slaWarningPercent: 50 }, Date.parse(mon('09:30')))?.response.state).toBe('warning');
    expect(computeSla(facts, { ...CONFIG, slaWarningPercent: 90 }, Date.parse(mon('09:45')))?.response.state).toBe('ok');
  });
});

describe('properties', () => {
  const MINUTE = 60_000;
  const start = Date.parse('2025-01-06T00:00:00Z');
  /** A running ticket with closed holds, all before `now`. */
  const runningTicket = fc
    .record({
      priority: fc.constantFrom(1, 2, 3),
      created: fc.integer({ min: 0, max: 60 * 24 * 120 }),
      holds: fc.array(fc.tuple(fc.integer({ min: 0, max: 60 * 24 * 20 }), fc.integer({ min: 0, max: 60 * 24 * 5 })), { maxLength: 4 }),
      after: fc.integer({ min: 0, max: 60 * 24 * 30 }),
    })
    .map(({ priority, created, holds, after }) => {
      const createdAt = start + created * MINUTE;
      const slaHolds = holds.map(([offset, length]) => ({ from: createdAt + offset * MINUTE, to: createdAt + (offset + length) * MINUTE }));
      const lastEnd = Math.max(createdAt, ...slaHolds.map((h) => h.to));
      const facts = ticket({
        priority,
        createdAt: new Date(createdAt).toISOString(),
        status: 'in_progress',
        slaHolds: slaHolds.map((h) => ({ from: new Date(h.from).toISOString(), to: new Date(h.to).toISOString() })),
      });
      return { facts, now: lastEnd + after * MINUTE };
    });

  it('a running clock reaches exactly its target at its due time, and not a millisecond before', () => {
    fc.assert(
      fc.property(runningTicket, ({ facts, now }) => {
        const sla = computeSla(facts, CONFIG, now);
        if (!sla) throw new Error('every generated priority has a policy');
        for (const kind of ['response', 'resolution'] as const) {
          const due = sla[kind].dueAt;
          expect(due).not.toBeNull();
          const dueMs = Date.parse(due ?? '');
          const atDue = computeSla(facts, CONFIG, Math.max(dueMs, now))?.[kind];
          // Holds are all before now; at the due time (if later) the clock is exactly at 100%.
          if (dueMs >= now) expect(atDue?.elapsedMinutes).toBe(sla[kind].targetMinutes);
          expect(atDue?.state).toBe('breached');
          if (dueMs > now) expect(computeSla(facts, CONFIG, dueMs - 1)?.[kind].state).not.toBe('breached');
        }
      }),
    );
  });

  it('elapsed time never goes down as now moves on, and holds never add time', () => {
    fc.assert(
      fc.property(runningTicket, fc.integer({ min: 0, max: 60 * 24 * 10 }), ({ facts, now }, later) => {
        const a = computeSla(facts, CONFIG, now);
        const b = computeSla(facts, CONFIG, now + later * MINUTE);
        const noHolds = computeSla({ ...facts, slaHolds: [] }, CONFIG, now);
        expect(b?.resolution.elapsedMinutes).toBeGreaterThanOrEqual(a?.resolution.elapsedMinutes ?? Infinity);
        expect(noHolds?.resolution.elapsedMinutes).toBeGreaterThanOrEqual(a?.resolution.elapsedMinutes ?? Infinity);
      }),
    );
  });
});
