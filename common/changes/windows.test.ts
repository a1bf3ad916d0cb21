import { RRuleTemporal } from 'rrule-temporal';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { checkWindowRule, describeWindowRule, nextOccurrence, occurrencesOf, WINDOW_RULE_REASONS, type Occurrence, type WindowRule } from './windows';

const DAY_MS = 86_400_000;
const at = (iso: string) => Date.parse(iso);
/** Occurrences as readable UTC instants: "2026-03-29T01:00Z..2026-03-29T04:00Z". */
const utc = (o: Occurrence) => `${new Date(o.start).toISOString().slice(0, 16)}Z..${new Date(o.end).toISOString().slice(0, 16)}Z`;
const within = (rule: WindowRule, from: string, to: string) => occurrencesOf(rule, at(from), at(to)).map(utc);

function windowRule(fields: Partial<WindowRule>): WindowRule {
  return { id: 'w1', kind: 'maintenance', timeZone: 'Europe/Paris', startsOn: '2026-01-04', startTime: '02:00', durationMinutes: 240, rrule: 'FREQ=WEEKLY;BYDAY=SU', ...fields };
}

/** Sunday 02:00–06:00 in Paris, every week from 2026-01-04 (a Sunday). */
const sundays = windowRule({});

describe('occurrencesOf: a weekly window keeps its local time across daylight saving time', () => {
  it.each([
    ['the Sunday before spring forward (CET, +01:00)', '2026-03-22', '2026-03-22T01:00Z..2026-03-22T05:00Z'],
    ['2026-03-29: 02:00 does not exist, it opens at 03:00 CEST and still ends at 06:00', '2026-03-29', '2026-03-29T01:00Z..2026-03-29T04:00Z'],
    ['the Sunday after (CEST, +02:00)', '2026-04-05', '2026-04-05T00:00Z..2026-04-05T04:00Z'],
    ['the Sunday before fall back (CEST)', '2026-10-18', '2026-10-18T00:00Z..2026-10-18T04:00Z'],
    ['2026-10-25: 02:00 happens twice, it opens at the first (CEST) and ends at 06:00 CET: 5 hours', '2026-10-25', '2026-10-25T00:00Z..2026-10-25T05:00Z'],
    ['the Sunday after (CET)', '2026-11-01', '2026-11-01T01:00Z..2026-11-01T05:00Z'],
  ])('%s', (_name, day, expected) => {
    expect(within(sundays, `${day}T00:00Z`, `${day}T12:00Z`)).toEqual([expected]);
  });

  it('gives every Sunday of a range, in order, with the window id', () => {
    const found = occurrencesOf(sundays, at('2026-03-01T00:00Z'), at('2026-04-01T00:00Z'));
    expect(found.map((o) => new Date(o.start).toISOString().slice(0, 10))).toEqual(['2026-03-01', '2026-03-08', '2026-03-15', '2026-03-22', '2026-03-29']);
    expect(found.every((o) => o.windowId === 'w1')).toBe(true);
  });

  it('does not drop the Sunday whose 02:00 does not exist, as plain rrule-temporal with a TZID does', () => {
    const plain = new RRuleTemporal({ rruleString: 'DTSTART;TZID=Europe/Paris:20260104T020000\nRRULE:FREQ=WEEKLY;BYDAY=SU' });
    const days = plain.between(new Date('2026-03-28T00:00Z'), new Date('2026-03-30T00:00Z'), true);
    expect(days).toEqual([]);
    expect(within(sundays, '2026-03-28T00:00Z', '2026-03-30T00:00Z')).toHaveLength(1);
  });
});

describe('occurrencesOf: a daily window in New York across 2026-03-08 and 2026-11-01', () => {
  const nightly = windowRule({ timeZone: 'America/New_York', startsOn: '2026-01-01', startTime: '22:00', durationMinutes: 180, rrule: 'FREQ=DAILY' });
  it.each([
    ['2026-03-07 (EST): ends at 01:00, before the clocks jump', '2026-03-08T03:00Z', '2026-03-08T03:00Z..2026-03-08T06:00Z'],
    ['2026-03-08 (EDT)', '2026-03-09T02:00Z', '2026-03-09T02:00Z..2026-03-09T05:00Z'],
    ['2026-10-31 (EDT): ends at 01:00 on 2026-11-01, which happens twice: the first (EDT)', '2026-11-01T02:00Z', '2026-11-01T02:00Z..2026-11-01T05:00Z'],
    ['2026-11-01 (EST)', '2026-11-02T03:00Z', '2026-11-02T03:00Z..2026-11-02T06:00Z'],
  ])('22:00 for 3 hours on %s', (_name, startUtc, expected) => {
    expect(occurrencesOf(nightly, at(startUtc), at(startUtc) + 1).map(utc)).toEqual([expected]);
  });

  const early = windowRule({ timeZone: 'America/New_York', startsOn: '2026-01-01', startTime: '01:30', durationMinutes: 60, rrule: 'FREQ=DAILY' });
  it.each([
    ['2026-03-07 (EST)', '2026-03-07', '2026-03-07T06:30Z..2026-03-07T07:30Z'],
    ['2026-03-08: ends at 02:30, which does not exist: 03:30 EDT, so it lasts 1 hour', '2026-03-08', '2026-03-08T06:30Z..2026-03-08T07:30Z'],
    ['2026-03-09 (EDT)', '2026-03-09', '2026-03-09T05:30Z..2026-03-09T06:30Z'],
    ['2026-11-01: 01:30 happens twice, the first (EDT); ends at 02:30 EST, so it lasts 2 hours', '2026-11-01', '2026-11-01T05:30Z..2026-11-01T07:30Z'],
    ['2026-11-02 (EST)', '2026-11-02', '2026-11-02T06:30Z..2026-11-02T07:30Z'],
  ])('01:30 for an hour on %s', (_name, day, expected) => {
    expect(within(early, `${day}T04:00Z`, `${day}T12:00Z`)).toEqual([expected]);
  });

  it('01:00–02:00 on 2026-11-01 runs from the first 01:00 (EDT) to 02:00 EST: 2 hours', () => {
    const rule = windowRule({ timeZone: 'America/New_York', startsOn: '2026-11-01', startTime: '01:00', durationMinutes: 60, rrule: null });
    expect(within(rule, '2026-11-01T00:00Z', '2026-11-02T00:00Z')).toEqual(['2026-11-01T05:00Z..2026-11-01T07:00Z']);
  });
});

describe('occurrencesOf: windows crossing midnight and long windows', () => {
  const fridayNights = windowRule({ startsOn: '2026-06-05', startTime: '23:00', durationMinutes: 240, rrule: 'FREQ=WEEKLY;BYDAY=FR' });

  it('23:00 for 4 hours ends at 03:00 the next day', () => {
    expect(within(fridayNights, '2026-06-05T00:00Z', '2026-06-07T00:00Z')).toEqual(['2026-06-05T21:00Z..2026-06-06T01:00Z']);
  });

  it('is found from the next day, while it still runs', () => {
    expect(within(fridayNights, '2026-06-06T00:00Z', '2026-06-06T00:30Z')).toEqual(['2026-06-05T21:00Z..2026-06-06T01:00Z']);
  });

  it('ends at 03:00 local on the night the clocks jump: 3 hours that night', () => {
    const saturdayNights = windowRule({ startsOn: '2026-03-07', startTime: '23:00', durationMinutes: 240, rrule: 'FREQ=WEEKLY;BYDAY=SA' });
    expect(within(saturdayNights, '2026-03-28T12:00Z', '2026-03-29T12:00Z')).toEqual(['2026-03-28T22:00Z..2026-03-29T01:00Z']);
  });

  it('a quarter-end freeze: the 5th-last day of March, June, September and December, 00:00 for 5 days', () => {
    const freeze = windowRule({ kind: 'freeze', startsOn: '2026-01-01', startTime: '00:00', durationMinutes: 5 * 1440, rrule: 'FREQ=MONTHLY;BYMONTH=3,6,9,12;BYMONTHDAY=-5' });
    expect(within(freeze, '2026-01-01T00:00Z', '2027-01-01T00:00Z')).toEqual([
      '2026-03-26T23:00Z..2026-03-31T22:00Z',
      '2026-06-25T22:00Z..2026-06-30T22:00Z',
      '2026-09-25T22:00Z..2026-09-30T22:00Z',
      // 2026-12-27 00:00 to 2027-01-01 00:00 in Paris.
      '2026-12-26T23:00Z..2026-12-31T23:00Z',
    ]);
  });

  it('a window starting in the skipped hour and shorter than the jump keeps its length from its moved start', () => {
    // 02:30 becomes 03:30 CEST; the end, 03:10 CEST, would come before it.
    const rule = windowRule({ startTime: '02:30', durationMinutes: 40 });
    expect(within(rule, '2026-03-29T00:00Z', '2026-03-30T00:00Z')).toEqual(['2026-03-29T01:30Z..2026-03-29T02:10Z']);
    // Ending after 03:30, it ends at its time: 02:30–04:00 runs from 03:30 to 04:00 CEST.
    expect(within(windowRule({ startTime: '02:30', durationMinutes: 90 }), '2026-03-29T00:00Z', '2026-03-30T00:00Z')).toEqual(['2026-03-29T01:30Z..2026-03-29T02:00Z']);
  });
});

describe('occurrencesOf: once, COUNT, UNTIL, and the range asked', () => {
  const christmas = windowRule({ kind: 'freeze', startsOn: '2026-12-24', startTime: '18:00', durationMinutes: 3 * 1440, rrule: null });

  it.each([
    ['a range holding it', '2026-12-01T00:00Z', '2027-01-01T00:00Z', ['2026-12-24T17:00Z..2026-12-27T17:00Z']],
    ['a range inside it', '2026-12-26T00:00Z', '2026-12-26T01:00Z', ['2026-12-24T17:00Z..2026-12-27T17:00Z']],
    ['a range ending as it starts', '2026-12-01T00:00Z', '2026-12-24T17:00Z', []],
    ['a range starting as it ends', '2026-12-27T17:00Z', '2027-01-01T00:00Z', []],
    ['a range a year later', '2027-12-01T00:00Z', '2028-01-01T00:00Z', []],
  ])('a one-off window, %s', (_name, from, to, expected) => {
    expect(within(christmas, from, to)).toEqual(expected);
  });

  it('an empty or reversed range has nothing', () => {
    expect(occurrencesOf(sundays, at('2026-03-22T03:00Z'), at('2026-03-22T03:00Z'))).toEqual([]);
    expect(occurrencesOf(sundays, at('2026-03-23T00:00Z'), at('2026-03-22T00:00Z'))).toEqual([]);
  });

  it('includes the occurrence already running at fromMs', () => {
    expect(within(sundays, '2026-03-22T03:00Z', '2026-03-29T00:00Z')).toEqual(['2026-03-22T01:00Z..2026-03-22T05:00Z']);
  });

  it('COUNT counts from the first day, even for a range that starts later', () => {
    const three = windowRule({ rrule: 'FREQ=WEEKLY;BYDAY=SU;COUNT=3' });
    expect(within(three, '2026-01-01T00:00Z', '2027-01-01T00:00Z').map((o) => o.slice(0, 10))).toEqual(['2026-01-04', '2026-01-11', '2026-01-18']);
    expect(within(three, '2026-01-12T00:00Z', '2027-01-01T00:00Z').map((o) => o.slice(0, 10))).toEqual(['2026-01-18']);
  });

  it('COUNT with a monthly rule', () => {
    const two = windowRule({ startsOn: '2026-01-01', rrule: 'FREQ=MONTHLY;BYDAY=-1SU;COUNT=2' });
    expect(within(two, '2026-01-01T00:00Z', '2027-01-01T00:00Z').map((o) => o.slice(0, 10))).toEqual(['2026-01-25', '2026-02-22']);
  });

  it.each([
    ['a day', 'FREQ=DAILY;UNTIL=20260105'],
    ['a UTC time at midnight: still that day', 'FREQ=DAILY;UNTIL=20260105T000000Z'],
    ['a monthly rule', 'FREQ=MONTHLY;BYMONTHDAY=1,2,3,4,5;UNTIL=20260105'],
  ])('UNTIL as %s: the last day a window may start on', (_name, rrule) => {
    const rule = windowRule({ startsOn: '2026-01-01', startTime: '22:00', durationMinutes: 60, rrule });
    expect(within(rule, '2025-12-01T00:00Z', '2026-02-01T00:00Z').map((o) => o.slice(0, 10))).toEqual(['2026-01-01', '2026-01-02', '2026-01-03', '2026-01-04', '2026-01-05']);
  });

  it('tolerates "RRULE:" before the rule, lower case and a trailing ";"', () => {
    const rule = windowRule({ rrule: 'RRULE:freq=weekly;byday=su;' });
    expect(within(rule, '2026-03-22T00:00Z', '2026-03-23T00:00Z')).toEqual(['2026-03-22T01:00Z..2026-03-22T05:00Z']);
  });

  it('throws, with the reason, on a rule checkWindowRule refuses', () => {
    expect(() => occurrencesOf(windowRule({ rrule: 'FREQ=HOURLY' }), 0, DAY_MS)).toThrow(WINDOW_RULE_REASONS.subDailyRule('HOURLY'));
    expect(() => occurrencesOf(windowRule({ timeZone: 'Mars/Olympus' }), 0, DAY_MS)).toThrow(WINDOW_RULE_REASONS.unknownTimeZone('Mars/Olympus'));
  });
});

describe('occurrencesOf: the days expanded here match rrule-temporal', () => {
  // DAILY and WEEKLY rules are expanded without rrule-temporal (for speed); in UTC, at midnight,
  // an occurrence's start is its day, so both can be compared day for day. 2026-01-07 is a Wednesday.
  it.each([
    'FREQ=DAILY',
    'FREQ=DAILY;INTERVAL=3',
    'FREQ=DAILY;BYDAY=MO,WE,FR',
    'FREQ=DAILY;INTERVAL=2;BYDAY=SA,SU',
    'FREQ=DAILY;BYMONTH=2,3;BYMONTHDAY=1,-1',
    'FREQ=DAILY;INTERVAL=2;COUNT=10',
    'FREQ=DAILY;BYDAY=TU;COUNT=30',
    'FREQ=WEEKLY',
    'FREQ=WEEKLY;BYDAY=MO,SU',
    'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,SU',
    'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,SU;WKST=SU',
    'FREQ=WEEKLY;INTERVAL=3;BYDAY=TU,SA;COUNT=7',
    'FREQ=WEEKLY;BYMONTH=1,7;BYDAY=FR',
    'FREQ=WEEKLY;INTERVAL=2;UNTIL=20260601',
  ])('%s', (rrule) => {
    const rule = windowRule({ timeZone: 'UTC', startsOn: '2026-01-07', startTime: '00:00', durationMinutes: 1, rrule });
    const library = new RRuleTemporal({ rruleString: `DTSTART:20260107T000000Z\nRRULE:${rrule}` });
    for (const [from, to] of [
      ['2026-01-01', '2027-07-01'],
      ['2026-05-10', '2026-09-01'],
    ] as const) {
      const expected = library.between(new Date(`${from}T00:00Z`), new Date(at(`${to}T00:00Z`) - 1), true).map((d) => d.epochMilliseconds);
      expect(occurrencesOf(rule, at(`${from}T00:00Z`), at(`${to}T00:00Z`)).map((o) => o.start)).toEqual(expected);
    }
  });
});

describe('occurrencesOf: local times are placed as Temporal places them', () => {
  // Zones with unusual changes: a 30-minute one (Lord Howe), at midnight (Santiago), 45-minute
  // offsets (Chatham), a month-long change for Ramadan (Casablanca), a skipped day (Apia, 2011).
  it.each([
    ['Europe/Paris', 2026],
    ['America/New_York', 2026],
    ['Australia/Lord_Howe', 2026],
    ['America/Santiago', 2026],
    ['Pacific/Chatham', 2026],
    ['Africa/Casablanca', 2026],
    ['Asia/Kolkata', 2026],
    ['Pacific/Apia', 2011],
  ])('%s, every day of %i', (timeZone, year) => {
    const from = at(`${year}-01-01T00:00Z`);
    const to = at(`${year + 1}-01-01T00:00Z`);
    for (const startTime of ['00:00', '00:30', '01:30', '02:00', '02:30', '23:30']) {
      const rule = windowRule({ timeZone, startsOn: `${year - 1}-12-01`, startTime, durationMinutes: 150, rrule: 'FREQ=DAILY' });
      const expected: string[] = [];
      const last = Temporal.PlainDate.from(`${year + 1}-01-03`);
      for (let day = Temporal.PlainDate.from(`${year - 1}-12-29`); Temporal.PlainDate.compare(day, last) < 0; day = day.add({ days: 1 })) {
        const local = day.toPlainDateTime(Temporal.PlainTime.from(startTime));
        const start = local.toZonedDateTime(timeZone, { disambiguation: 'compatible' }).epochMilliseconds;
        const placedEnd = local.add({ minutes: 150 }).toZonedDateTime(timeZone, { disambiguation: 'compatible' }).epochMilliseconds;
        // A window inside a gap keeps its length (Apia skipped 2011-12-30: 23:30 moves a day on, 02:00 does not).
        const end = placedEnd > start ? placedEnd : start + 150 * 60_000;
        if (start < to && end > from) expected.push(`${local.toString()} ${utc({ windowId: rule.id, start, end })}`);
      }
      const found = occurrencesOf(rule, from, to);
      // Every day has its window: none vanishes, whatever the zone does.
      expect(found.map((o, i) => `${expected[i]?.slice(0, 19)} ${utc(o)}`)).toEqual(expected);
    }
  });
});

describe('nextOccurrence', () => {
  it.each([
    ['before a Sunday: that Sunday', '2026-03-20T00:00Z', '2026-03-22T01:00Z..2026-03-22T05:00Z'],
    ['during one: the one after', '2026-03-22T03:00Z', '2026-03-29T01:00Z..2026-03-29T04:00Z'],
    ['at one start: the one after (strictly after)', '2026-03-29T01:00Z', '2026-04-05T00:00Z..2026-04-05T04:00Z'],
    ['before the first day: the first', '2025-06-01T00:00Z', '2026-01-04T01:00Z..2026-01-04T05:00Z'],
  ])('%s', (_name, after, expected) => {
    const found = nextOccurrence(sundays, at(after));
    expect(found && utc(found)).toBe(expected);
  });

  it.each([
    ['a one-off window, before it', windowRule({ startsOn: '2026-12-24', rrule: null }), '2026-01-01T00:00Z', '2026-12-24'],
    ['a one-off window, after it', windowRule({ startsOn: '2026-12-24', rrule: null }), '2026-12-25T00:00Z', null],
    ['after the last of COUNT', windowRule({ rrule: 'FREQ=WEEKLY;BYDAY=SU;COUNT=3' }), '2026-01-18T12:00Z', null],
    ['after UNTIL', windowRule({ rrule: 'FREQ=WEEKLY;BYDAY=SU;UNTIL=20260201' }), '2026-02-02T00:00Z', null],
    ['a leap day, two years away', windowRule({ startsOn: '2024-02-29', rrule: 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29' }), '2026-03-01T00:00Z', '2028-02-29'],
    ['a day that never comes (30 February)', windowRule({ rrule: 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30' }), '2026-03-01T00:00Z', null],
    ['a day that never comes, daily', windowRule({ rrule: 'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30' }), '2026-03-01T00:00Z', null],
  ])('%s', (_name, rule, after, expectedDay) => {
    const found = nextOccurrence(rule, at(after));
    expect(found && new Date(found.start).toISOString().slice(0, 10)).toBe(expectedDay);
  });
});

describe('checkWindowRule', () => {
  it.each([
    ['a weekly window', sundays],
    ['a one-off window', windowRule({ rrule: null })],
    ['the longest window', windowRule({ durationMinutes: 44640 })],
    ['a numbered weekday, with a sign', windowRule({ rrule: 'FREQ=MONTHLY;BYDAY=+2TU' })],
    ['the last weekday of the month', windowRule({ rrule: 'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1' })],
    ['week numbers and year days', windowRule({ rrule: 'FREQ=YEARLY;BYWEEKNO=1;BYDAY=MO' })],
    ['UNTIL as a UTC time', windowRule({ rrule: 'FREQ=WEEKLY;UNTIL=20261231T000000Z' })],
    ['WKST', windowRule({ rrule: 'FREQ=WEEKLY;INTERVAL=2;WKST=SU' })],
    ['"RRULE:" before the rule, in lower case', windowRule({ rrule: ' rrule:freq=weekly;byday=su ' })],
  ])('accepts %s', (_name, rule) => {
    expect(checkWindowRule(rule)).toEqual({ ok: true });
  });

  const FIX = 'Write it as in RFC 5545 (iCalendar), for example FREQ=WEEKLY;BYDAY=SU.';
  const ZONE = 'Choose a time zone by its IANA name, for example Europe/Paris or America/New_York.';
  it.each<[string, Partial<WindowRule>, string]>([
    ['an unknown time zone', { timeZone: 'Mars/Olympus' }, `"Mars/Olympus" is not a time zone this device knows. ${ZONE}`],
    ['an offset for a time zone', { timeZone: '+01:00' }, `"+01:00" is a fixed offset from UTC, which does not follow daylight saving time. ${ZONE}`],
    ['a first day that does not exist', { startsOn: '2026-02-30' }, 'The first day "2026-02-30" is not a date. Write it as YYYY-MM-DD, for example 2026-03-01.'],
    ['a first day not as YYYY-MM-DD', { startsOn: '26-03-01' }, 'The first day "26-03-01" is not a date. Write it as YYYY-MM-DD, for example 2026-03-01.'],
    ['24:00', { startTime: '24:00' }, 'The start time "24:00" is not a time of day. Write it as HH:mm on a 24-hour clock, for example 02:00 or 22:30.'],
    ['a time without its leading 0', { startTime: '2:00' }, 'The start time "2:00" is not a time of day. Write it as HH:mm on a 24-hour clock, for example 02:00 or 22:30.'],
    ['no length', { durationMinutes: 0 }, "The window's length must be a whole number of minutes from 1 to 44640 (31 days), not 0."],
    ['a part of a minute', { durationMinutes: 1.5 }, "The window's length must be a whole number of minutes from 1 to 44640 (31 days), not 1.5."],
    ['more than 31 days', { durationMinutes: 44641 }, "The window's length must be a whole number of minutes from 1 to 44640 (31 days), not 44641."],
    ['an hourly rule', { rrule: 'FREQ=HOURLY' }, 'A window repeats on days, so its rule\'s FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY, not HOURLY. For several windows a day, make one window per start time.'],
    ['a minutely rule', { rrule: 'FREQ=MINUTELY;INTERVAL=30' }, 'A window repeats on days, so its rule\'s FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY, not MINUTELY. For several windows a day, make one window per start time.'],
    ['a secondly rule', { rrule: 'FREQ=SECONDLY' }, 'A window repeats on days, so its rule\'s FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY, not SECONDLY. For several windows a day, make one window per start time.'],
    ['BYHOUR', { rrule: 'FREQ=WEEKLY;BYHOUR=3' }, "A window's rule must not set BYHOUR: the time of day is the window's start time. Remove BYHOUR from the rule and set the start time instead."],
    ['BYMINUTE', { rrule: 'FREQ=DAILY;BYMINUTE=30' }, "A window's rule must not set BYMINUTE: the time of day is the window's start time. Remove BYMINUTE from the rule and set the start time instead."],
    ['BYSECOND', { rrule: 'FREQ=DAILY;BYSECOND=0' }, "A window's rule must not set BYSECOND: the time of day is the window's start time. Remove BYSECOND from the rule and set the start time instead."],
    ['UNTIL before the first day', { rrule: 'FREQ=WEEKLY;UNTIL=20251231' }, 'The rule ends on 2025-12-31 (UNTIL), before the window\'s first day 2026-01-04, so the window would never open. Move UNTIL after the first day, or the first day before it.'],
  ])('refuses %s', (_name, fields, reason) => {
    expect(checkWindowRule(windowRule(fields))).toEqual({ ok: false, reason });
  });

  // A rule that cannot be read: what is wrong, then rrule-temporal's own words in brackets when it has some.
  it.each([
    ['', 'it is empty; it needs at least FREQ'],
    ['RRULE:', 'it is empty; it needs at least FREQ'],
    ['FREQ', '"FREQ" is not of the form NAME=VALUE'],
    ['FREQ=WEEKLY;BYDAY', '"BYDAY" is not of the form NAME=VALUE'],
    ['BYDAY=SU', 'FREQ is missing; it says how often: DAILY, WEEKLY, MONTHLY or YEARLY (RRULE must include FREQ)'],
    ['FREQ=FORTNIGHTLY', 'FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY, not FORTNIGHTLY (Invalid FREQ value: FORTNIGHTLY)'],
    ['FREQ=WEEKLY;BYDAY=XX', 'BYDAY must name a weekday as MO, TU, WE, TH, FR, SA or SU, not "XX" (Invalid BYDAY value: XX)'],
    ['FREQ=MONTHLY;BYDAY=0SU', 'BYDAY must list weekdays such as SU, MO,WE,FR, 2TU (the second Tuesday) or -1SU (the last Sunday), not "0SU" (Invalid BYDAY value: 0SU)'],
    ['FREQ=WEEKLY;WKST=XX', 'WKST must name a weekday as MO, TU, WE, TH, FR, SA or SU, not "XX" (Invalid WKST value: XX)'],
    ['FREQ=WEEKLY;INTERVAL=0', 'INTERVAL must be a whole number, 1 or more, not "0" (Cannot create RRule: interval must be greater than 0)'],
    ['FREQ=WEEKLY;INTERVAL=1.5', 'INTERVAL must be a whole number, 1 or more, not "1.5"'],
    ['FREQ=WEEKLY;COUNT=0', 'COUNT must be a whole number, 1 or more, not "0"'],
    ['FREQ=WEEKLY;UNTIL=2026', 'UNTIL must be a day as YYYYMMDD (or a UTC time as YYYYMMDDTHHMMSSZ), not "2026" (Cannot parse: 2026--)'],
    ['FREQ=WEEKLY;UNTIL=20261231T000000', 'UNTIL must be a day as YYYYMMDD (or a UTC time as YYYYMMDDTHHMMSSZ), not "20261231T000000" (UNTIL rule part MUST always be specified as a date with UTC time)'],
    ['FREQ=WEEKLY;FOO=1', "FOO is not a part a window's rule can have (it can have FREQ, INTERVAL, COUNT, UNTIL, BYDAY, BYMONTHDAY, BYMONTH, BYSETPOS, BYYEARDAY, BYWEEKNO and WKST)"],
    ['FREQ=YEARLY;RSCALE=HEBREW', "RSCALE is not a part a window's rule can have (it can have FREQ, INTERVAL, COUNT, UNTIL, BYDAY, BYMONTHDAY, BYMONTH, BYSETPOS, BYYEARDAY, BYWEEKNO and WKST)"],
    ['FREQ=WEEKLY;BYDAY=SU;BYDAY=MO', 'BYDAY is given twice'],
    ['FREQ=MONTHLY;BYMONTHDAY=40', 'BYMONTHDAY must list whole numbers from 1 to 31 or -31 to -1, not "40"'],
    ['FREQ=MONTHLY;BYMONTHDAY=0', 'BYMONTHDAY must list whole numbers from 1 to 31 or -31 to -1, not "0"'],
    ['FREQ=YEARLY;BYMONTH=13', 'BYMONTH must list whole numbers from 1 to 12, not "13"'],
    ['FREQ=YEARLY;BYWEEKNO=54', 'BYWEEKNO must list whole numbers from 1 to 53 or -53 to -1, not "54"'],
    ['FREQ=MONTHLY;BYSETPOS=0;BYDAY=MO', 'BYSETPOS must list whole numbers from 1 to 366 or -366 to -1, not "0" (bySetPos may not contain 0)'],
    ['FREQ=DAILY;COUNT=3;UNTIL=20261231', 'COUNT and UNTIL cannot both be given; keep one'],
    ['FREQ=WEEKLY;BYMONTHDAY=3', 'BYMONTHDAY cannot be used with FREQ=WEEKLY'],
    ['FREQ=WEEKLY;BYDAY=2TU', 'a numbered weekday in BYDAY (such as -1SU or 2TU) needs FREQ=MONTHLY or FREQ=YEARLY'],
    ['FREQ=MONTHLY;BYDAY=6SU', 'in a monthly rule a weekday is numbered from 1 to 5, or -1 to -5 from the end of the month'],
    ['FREQ=MONTHLY;BYSETPOS=1', 'BYSETPOS picks among the days another BY part gives (such as BYDAY), and there is none'],
    ['FREQ=MONTHLY;BYYEARDAY=100', 'BYYEARDAY can only be used with FREQ=YEARLY'],
    ['FREQ=MONTHLY;BYWEEKNO=3', 'BYWEEKNO can only be used with FREQ=YEARLY'],
  ])('refuses the rule "%s"', (rrule, problem) => {
    expect(checkWindowRule(windowRule({ rrule }))).toEqual({ ok: false, reason: `The recurrence rule "${rrule}" is not valid: ${problem}. ${FIX}` });
  });
});

describe('describeWindowRule', () => {
  it.each<[Partial<WindowRule>, string]>([
    [{}, 'Every Sunday, 02:00–06:00 (Europe/Paris)'],
    [{ startsOn: '2026-12-24', startTime: '18:00', durationMinutes: 3 * 1440, rrule: null }, 'Once, 2026-12-24 18:00 for 3 days (Europe/Paris)'],
    [{ startsOn: '2026-12-24', startTime: '18:00', durationMinutes: 90, rrule: null }, 'Once, 2026-12-24 18:00–19:30 (Europe/Paris)'],
    [{ timeZone: 'America/New_York', startTime: '22:00', durationMinutes: 180, rrule: 'FREQ=DAILY' }, 'Every day, 22:00–01:00 the next day (America/New_York)'],
    [{ startTime: '23:00', durationMinutes: 1500, rrule: 'FREQ=DAILY;INTERVAL=2' }, 'Every 2 days, 23:00 for 1 day and 1 hour (Europe/Paris)'],
    [{ durationMinutes: 1440 + 90, rrule: 'FREQ=WEEKLY' }, 'Every Sunday, 02:00 for 1 day, 1 hour and 30 minutes (Europe/Paris)'],
    [{ rrule: 'FREQ=WEEKLY;BYDAY=MO,WE,FR' }, 'Every Monday, Wednesday and Friday, 02:00–06:00 (Europe/Paris)'],
    [{ rrule: 'FREQ=WEEKLY;BYDAY=FR,MO,TU,WE,TH' }, 'Every weekday (Monday to Friday), 02:00–06:00 (Europe/Paris)'],
    [{ rrule: 'FREQ=DAILY;BYDAY=SA,SU' }, 'Every Saturday and Sunday, 02:00–06:00 (Europe/Paris)'],
    [{ rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=SU' }, 'Every 2 weeks on Sunday, 02:00–06:00 (Europe/Paris)'],
    [{ rrule: 'FREQ=WEEKLY;BYDAY=SU;COUNT=4' }, 'Every Sunday, 02:00–06:00 (Europe/Paris), 4 times from 2026-01-04'],
    [{ rrule: 'FREQ=WEEKLY;BYDAY=SU;UNTIL=20261231T000000Z' }, 'Every Sunday, 02:00–06:00 (Europe/Paris), until 2026-12-31'],
    [{ rrule: 'FREQ=MONTHLY;BYDAY=-1SU' }, 'On the last Sunday of every month, 02:00–06:00 (Europe/Paris)'],
    [{ rrule: 'FREQ=MONTHLY;BYDAY=2TU,-2FR' }, 'On the 2nd Tuesday and 2nd-last Friday of every month, 02:00–06:00 (Europe/Paris)'],
    [{ rrule: 'FREQ=MONTHLY;BYMONTHDAY=1,15,-1' }, 'On the 1st, 15th and last day of every month, 02:00–06:00 (Europe/Paris)'],
    [{ startsOn: '2026-01-22', rrule: 'FREQ=MONTHLY;INTERVAL=3' }, 'On the 22nd of every 3 months, 02:00–06:00 (Europe/Paris)'],
    [
      { startTime: '00:00', durationMinutes: 5 * 1440, rrule: 'FREQ=MONTHLY;BYMONTH=3,6,9,12;BYMONTHDAY=-5' },
      'On the 5th-last day of March, June, September and December, 00:00 for 5 days (Europe/Paris)',
    ],
    [{ startsOn: '2026-12-24', rrule: 'FREQ=YEARLY' }, 'On the 24th of December every year, 02:00–06:00 (Europe/Paris)'],
    [{ rrule: 'FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU' }, 'On the last Sunday of March every year, 02:00–06:00 (Europe/Paris)'],
    [{ rrule: 'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1' }, 'Repeats as FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1, 02:00–06:00 (Europe/Paris)'],
    [{ rrule: 'FREQ=YEARLY;BYMONTHDAY=1' }, 'Repeats as FREQ=YEARLY;BYMONTHDAY=1, 02:00–06:00 (Europe/Paris)'],
    [{ rrule: 'FREQ=HOURLY' }, 'Repeats as FREQ=HOURLY, 02:00–06:00 (Europe/Paris)'],
  ])('%o', (fields, expected) => {
    expect(describeWindowRule(windowRule(fields))).toBe(expected);
  });
});
