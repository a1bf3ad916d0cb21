/**
 * Maintenance windows and freeze (blackout) windows for change management: when changes are
 * welcome (a maintenance window, say every Sunday 02:00–06:00) and when they are not (a freeze
 * over each quarter's close). A window is data (`WindowRule`): a first day, a local start time,
 * a length in minutes, a time zone, and an RFC 5545 recurrence rule, or none for a one-off.
 *
 * Recurrence is by local calendar day. The rule picks DAYS, expanded from a DTSTART at midnight
 * UTC on the first day, where no daylight saving time can drop or shift a day; each day is then
 * given the start time in the window's time zone. So "02:00" stays 02:00 on the wall clock all
 * year. Both ends are placed as Temporal's 'compatible' disambiguation places a local time: a
 * time that does not exist (the spring-forward gap) moves forward by the gap, and a time that
 * happens twice (the fall-back fold) is its first, earlier occurrence. The end is the local start
 * plus the length on the wall clock, so a 02:00–06:00 window ends at 06:00 even on a day with
 * 23 or 25 hours.
 *
 * Note: an RRULE with a TZID (plain rrule-temporal, and RFC 5545) drops an occurrence whose time
 * does not exist, so Sunday 02:00 Paris would vanish on the last Sunday of March. We deliberately
 * do not: a maintenance window must not disappear on a DST Sunday; it opens at 03:00 instead.
 *
 * Only day-based rules are accepted (FREQ DAILY, WEEKLY, MONTHLY, YEARLY; no BYHOUR, BYMINUTE or
 * BYSECOND: the time is the window's start time). `checkWindowRule` says what is wrong with a
 * rule in words, for the app and the server alike.
 *
 * Speed: a calendar asks for hundreds of windows over months, and rrule-temporal costs about
 * 0.2 ms to build a rule, Temporal about 10 µs to place a local time (temporal-polyfill). So the
 * common rules (DAILY and WEEKLY, with BYDAY, BYMONTH, BYMONTHDAY, INTERVAL, COUNT, UNTIL,
 * WKST) are expanded here on day numbers, and local times are placed with each zone's offset
 * changes, read from Temporal once per zone and year (`ZONE_YEARS`). The other rules (MONTHLY,
 * YEARLY, BYSETPOS…) go to rrule-temporal, whose rule objects are kept (`ENGINES`).
 */
import { RRuleTemporal } from 'rrule-temporal';
import { Temporal } from 'temporal-polyfill';
import { dateOfDay, dayNumber, isIsoDate, type IsoDate } from '../assets/dates';
import type { TransitionCheck } from '../itsm/lifecycle';

export type { TransitionCheck };

export type WindowKind = 'maintenance' | 'freeze';

export interface WindowRule {
  id: string;
  kind: WindowKind;
  /** An IANA time zone, e.g. 'Europe/Paris'. */
  timeZone: string;
  /** 'YYYY-MM-DD', the first day (DTSTART's date). A day the rule does not pick is not an occurrence. */
  startsOn: IsoDate;
  /** 'HH:mm', the local wall-clock start. */
  startTime: string;
  /** The wall-clock length: the end is the local start plus this many minutes of local time. */
  durationMinutes: number;
  /** The RRULE value only, e.g. 'FREQ=WEEKLY;BYDAY=SU' (an 'RRULE:' before it is tolerated); null = once. */
  rrule: string | null;
}

/** One opening of a window, in epoch milliseconds: [start, end). */
export interface Occurrence {
  windowId: string;
  start: number;
  end: number;
}

/** The longest window: 31 days (a month-end freeze, a holiday freeze). */
export const MAX_WINDOW_MINUTES = 60 * 24 * 31;

/** The words a refusal uses, shared so the app and the server say the same. */
export const WINDOW_RULE_REASONS = {
  unknownTimeZone: (timeZone: string) =>
    `"${timeZone}" is not a time zone this device knows. Choose a time zone by its IANA name, for example Europe/Paris or America/New_York.`,
  offsetTimeZone: (timeZone: string) =>
    `"${timeZone}" is a fixed offset from UTC, which does not follow daylight saving time. Choose a time zone by its IANA name, for example Europe/Paris or America/New_York.`,
  badStartsOn: (startsOn: string) => `The first day "${startsOn}" is not a date. Write it as YYYY-MM-DD, for example 2026-03-01.`,
  badStartTime: (startTime: string) =>
    `The start time "${startTime}" is not a time of day. Write it as HH:mm on a 24-hour clock, for example 02:00 or 22:30.`,
  badDuration: (minutes: number) =>
    `The window's length must be a whole number of minutes from 1 to ${MAX_WINDOW_MINUTES} (31 days), not ${minutes}.`,
  invalidRule: (rrule: string, problem: string) =>
    `The recurrence rule "${rrule}" is not valid: ${problem}. Write it as in RFC 5545 (iCalendar), for example FREQ=WEEKLY;BYDAY=SU.`,
  subDailyRule: (freq: string) =>
    `A window repeats on days, so its rule's FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY, not ${freq}. For several windows a day, make one window per start time.`,
  timeInRule: (part: string) =>
    `A window's rule must not set ${part}: the time of day is the window's start time. Remove ${part} from the rule and set the start time instead.`,
  endsBeforeStart: (until: IsoDate, startsOn: IsoDate) =>
    `The rule ends on ${until} (UNTIL), before the window's first day ${startsOn}, so the window would never open. Move UNTIL after the first day, or the first day before it.`,
};

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const MINUTES_PER_DAY = 1440;

// ---------------------------------------------------------------------------------------------
// Checking a rule

/** Says whether a window can be saved, and if not, why, in words. */
export function checkWindowRule(rule: WindowRule): TransitionCheck {
  const fields = checkFields(rule);
  if (!fields.ok) return fields;
  if (rule.rrule === null) return { ok: true };
  const parsed = parseRecurrence(rule.rrule);
  if (!parsed.ok && parsed.problem === undefined) return { ok: false, reason: parsed.reason };
  // rrule-temporal reads the rule too; what it cannot read, it says in its own words (after ours,
  // when we found the problem as well). Ours refuses more: what it accepts but a window cannot
  // use, and values it would silently drop (BYMONTHDAY=40).
  const library = libraryProblem(rule.startsOn, rule.rrule);
  if (library !== null) {
    return { ok: false, reason: WINDOW_RULE_REASONS.invalidRule(rule.rrule, parsed.ok ? library : `${parsed.problem} (${library})`) };
  }
  if (!parsed.ok) return { ok: false, reason: parsed.reason };
  const { until } = parsed.recurrence;
  if (until !== null && until < rule.startsOn) return { ok: false, reason: WINDOW_RULE_REASONS.endsBeforeStart(until, rule.startsOn) };
  return { ok: true };
}

/** The checks on everything but the recurrence rule. Cheap: `occurrencesOf` runs them on each call. */
function checkFields(rule: WindowRule): TransitionCheck {
  const zone = checkTimeZone(rule.timeZone);
  if (!zone.ok) return zone;
  if (!isIsoDate(rule.startsOn)) return { ok: false, reason: WINDOW_RULE_REASONS.badStartsOn(rule.startsOn) };
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(rule.startTime)) return { ok: false, reason: WINDOW_RULE_REASONS.badStartTime(rule.startTime) };
  const minutes = rule.durationMinutes;
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_WINDOW_MINUTES) return { ok: false, reason: WINDOW_RULE_REASONS.badDuration(minutes) };
  return { ok: true };
}

/** Time zones Temporal has accepted, so each is asked about once. */
const KNOWN_ZONES = new Set<string>();

function checkTimeZone(timeZone: string): TransitionCheck {
  if (KNOWN_ZONES.has(timeZone)) return { ok: true };
  let id: string;
  try {
    id = Temporal.ZonedDateTime.from({ year: 2000, month: 1, day: 1, timeZone }).timeZoneId;
  } catch {
    return { ok: false, reason: WINDOW_RULE_REASONS.unknownTimeZone(timeZone) };
  }
  if (/^[+-]/.test(id)) return { ok: false, reason: WINDOW_RULE_REASONS.offsetTimeZone(timeZone) };
  KNOWN_ZONES.add(timeZone);
  return { ok: true };
}

// ---------------------------------------------------------------------------------------------
// Reading the recurrence rule

type Freq = 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY';
const DAY_FREQS: readonly string[] = ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'];
const SUB_DAILY_FREQS: readonly string[] = ['HOURLY', 'MINUTELY', 'SECONDLY'];
const TIME_PARTS: readonly string[] = ['BYHOUR', 'BYMINUTE', 'BYSECOND'];
const PARTS: readonly string[] = ['FREQ', 'INTERVAL', 'COUNT', 'UNTIL', 'BYDAY', 'BYMONTHDAY', 'BYMONTH', 'BYSETPOS', 'BYYEARDAY', 'BYWEEKNO', 'WKST'];
/** RRULE weekday codes, in ISO order: Monday is 1, Sunday 7. */
const WEEKDAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

/** A BYDAY entry: a weekday (ISO, 1–7), and its position in the month or year ("-1SU": -1), 0 for every one. */
interface WeekdayRef {
  ordinal: number;
  weekday: number;
}

/** A recurrence rule, read and checked (and shared: never changed). Empty lists are parts the rule does not give. */
interface Recurrence {
  readonly freq: Freq;
  readonly interval: number;
  readonly count: number | null;
  /** UNTIL as a day: the last day a window may start on (its time of day, if any, is ignored). */
  readonly until: IsoDate | null;
  readonly byDay: readonly WeekdayRef[];
  readonly byMonthDay: readonly number[];
  readonly byMonth: readonly number[];
  readonly bySetPos: readonly number[];
  readonly byYearDay: readonly number[];
  readonly byWeekNo: readonly number[];
  /** The day weeks start on (ISO weekday), for WEEKLY with an INTERVAL. */
  readonly wkst: number;
  /** The rule as given to rrule-temporal: upper case, without 'RRULE:' or empty parts. */
  readonly text: string;
}

/** Whole-number parts: the largest value, and whether negative values (from the end) are allowed. */
const NUMBER_LISTS: Record<string, { max: number; negative: boolean }> = {
  BYMONTHDAY: { max: 31, negative: true },
  BYMONTH: { max: 12, negative: false },
  BYSETPOS: { max: 366, negative: true },
  BYYEARDAY: { max: 366, negative: true },
  BYWEEKNO: { max: 53, negative: true },
};

function normalizedRule(rrule: string): string {
  return rrule
    .trim()
    .replace(/^RRULE:/i, '')
    .split(';')
    .map((segment) => segment.trim().toUpperCase())
    .filter((segment) => segment !== '')
    .join(';');
}

/** What rrule-temporal says is wrong with a rule, or null when it reads it. */
function libraryProblem(startsOn: IsoDate, rrule: string): string | null {
  try {
    new RRuleTemporal({ rruleString: `${dtstartLine(startsOn)}\nRRULE:${normalizedRule(rrule)}` });
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** A problem found while reading a rule, said as the part of a sentence after "is not valid:". */
class RuleProblem extends Error {}

/**
 * A rule read, or why not. `problem` is the detail of an invalidRule reason, given when
 * rrule-temporal may have its own words for it too (not when the rule is not even NAME=VALUE parts:
 * then its words are about its own code, such as "Cannot read properties of undefined").
 */
type ReadRule = { ok: true; recurrence: Recurrence } | { ok: false; reason: string; problem?: string };

function invalid(rrule: string, problem: string): ReadRule {
  return { ok: false, reason: WINDOW_RULE_REASONS.invalidRule(rrule, problem), problem };
}

function unreadable(rrule: string, problem: string): ReadRule {
  return { ok: false, reason: WINDOW_RULE_REASONS.invalidRule(rrule, problem) };
}

/** Rules read before, by their text: a calendar reads the same few rules for hundreds of windows, again on each change of view. */
const READ_RULES = new Map<string, ReadRule>();
const MAX_READ_RULES = 1000;

/** Reads a recurrence rule, refusing what a window cannot use. Does not call rrule-temporal (it is slow to build). */
function parseRecurrence(rrule: string): ReadRule {
  const known = READ_RULES.get(rrule);
  if (known) return known;
  const read = readRecurrence(rrule);
  if (READ_RULES.size >= MAX_READ_RULES) READ_RULES.clear();
  READ_RULES.set(rrule, read);
  return read;
}

function readRecurrence(rrule: string): ReadRule {
  const text = normalizedRule(rrule);
  if (text === '') return unreadable(rrule, 'it is empty; it needs at least FREQ');
  const parts = new Map<string, string>();
  for (const segment of text.split(';')) {
    if (!/^[A-Z-]+=[^=]+$/.test(segment)) return unreadable(rrule, `"${segment}" is not of the form NAME=VALUE`);
    const [name = '', value = ''] = segment.split('=');
    if (TIME_PARTS.includes(name)) return { ok: false, reason: WINDOW_RULE_REASONS.timeInRule(name) };
    if (name === 'FREQ' && SUB_DAILY_FREQS.includes(value)) return { ok: false, reason: WINDOW_RULE_REASONS.subDailyRule(value) };
    if (parts.has(name)) return invalid(rrule, `${name} is given twice`);
    parts.set(name, value);
  }
  try {
    return { ok: true, recurrence: readParts(parts, text) };
  } catch (e) {
    if (e instanceof RuleProblem) return invalid(rrule, e.message);
    throw e;
  }
}

function readParts(parts: Map<string, string>, text: string): Recurrence {
  for (const name of parts.keys()) {
    if (!PARTS.includes(name)) throw new RuleProblem(`${name} is not a part a window's rule can have (it can have ${andList(PARTS)})`);
  }
  const freq = parts.get('FREQ');
  if (freq === undefined) throw new RuleProblem('FREQ is missing; it says how often: DAILY, WEEKLY, MONTHLY or YEARLY');
  if (!DAY_FREQS.includes(freq)) throw new RuleProblem(`FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY, not ${freq}`);
  const numbers = (name: string): number[] => {
    const value = parts.get(name);
    return value === undefined ? [] : numberList(name, value);
  };
  const recurrence: Recurrence = {
    freq: freq as Freq,
    interval: parts.has('INTERVAL') ? wholeNumber('INTERVAL', parts.get('INTERVAL') ?? '') : 1,
    count: parts.has('COUNT') ? wholeNumber('COUNT', parts.get('COUNT') ?? '') : null,
    until: parts.has('UNTIL') ? untilDay(parts.get('UNTIL') ?? '') : null,
    byDay: (parts.get('BYDAY')?.split(',') ?? []).map(weekdayRef),
    byMonthDay: numbers('BYMONTHDAY'),
    byMonth: numbers('BYMONTH'),
    bySetPos: numbers('BYSETPOS'),
    byYearDay: numbers('BYYEARDAY'),
    byWeekNo: numbers('BYWEEKNO'),
    wkst: parts.has('WKST') ? weekdayOf(parts.get('WKST') ?? '', 'WKST') : 1,
    text,
  };
  checkCombinations(recurrence);
  return recurrence;
}

/** The combinations RFC 5545 (3.3.10) forbids, which rrule-temporal reads without complaint. */
function checkCombinations(r: Recurrence): void {
  if (r.count !== null && r.until !== null) throw new RuleProblem('COUNT and UNTIL cannot both be given; keep one');
  if (r.byMonthDay.length > 0 && r.freq === 'WEEKLY') throw new RuleProblem('BYMONTHDAY cannot be used with FREQ=WEEKLY');
  if (r.byYearDay.length > 0 && r.freq !== 'YEARLY') throw new RuleProblem('BYYEARDAY can only be used with FREQ=YEARLY');
  if (r.byWeekNo.length > 0 && r.freq !== 'YEARLY') throw new RuleProblem('BYWEEKNO can only be used with FREQ=YEARLY');
  const ordinals = r.byDay.filter((d) => d.ordinal !== 0);
  if (ordinals.length > 0 && r.freq !== 'MONTHLY' && r.freq !== 'YEARLY') {
    throw new RuleProblem('a numbered weekday in BYDAY (such as -1SU or 2TU) needs FREQ=MONTHLY or FREQ=YEARLY');
  }
  if (ordinals.some((d) => Math.abs(d.ordinal) > 5) && r.freq === 'MONTHLY') {
    throw new RuleProblem('in a monthly rule a weekday is numbered from 1 to 5, or -1 to -5 from the end of the month');
  }
  if (r.bySetPos.length > 0 && r.byDay.length + r.byMonthDay.length + r.byMonth.length + r.byYearDay.length + r.byWeekNo.length === 0) {
    throw new RuleProblem('BYSETPOS picks among the days another BY part gives (such as BYDAY), and there is none');
  }
}

function wholeNumber(name: string, value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1) throw new RuleProblem(`${name} must be a whole number, 1 or more, not "${value}"`);
  return n;
}

function numberList(name: string, value: string): number[] {
  const { max, negative } = NUMBER_LISTS[name] ?? { max: 0, negative: false };
  const range = negative ? `from 1 to ${max} or -${max} to -1` : `from 1 to ${max}`;
  return value.split(',').map((item) => {
    const n = Number(item);
    if (!/^[+-]?\d+$/.test(item) || n === 0 || Math.abs(n) > max || (n < 0 && !negative)) {
      throw new RuleProblem(`${name} must list whole numbers ${range}, not "${item}"`);
    }
    return n;
  });
}

function weekdayOf(code: string, name: string): number {
  const index = (WEEKDAY_CODES as readonly string[]).indexOf(code);
  if (index < 0) throw new RuleProblem(`${name} must name a weekday as MO, TU, WE, TH, FR, SA or SU, not "${code}"`);
  return index + 1;
}

function weekdayRef(item: string): WeekdayRef {
  const m = /^([+-]?\d{1,2})?([A-Z]{2})$/.exec(item);
  const ordinal = m?.[1] === undefined ? 0 : Number(m[1]);
  if (!m || (m[1] !== undefined && (ordinal === 0 || Math.abs(ordinal) > 53))) {
    throw new RuleProblem(`BYDAY must list weekdays such as SU, MO,WE,FR, 2TU (the second Tuesday) or -1SU (the last Sunday), not "${item}"`);
  }
  return { ordinal, weekday: weekdayOf(m[2] ?? '', 'BYDAY') };
}

/** UNTIL as YYYYMMDD or YYYYMMDDTHHMMSSZ, read as its day. */
function untilDay(value: string): IsoDate {
  const m = /^(\d{4})(\d{2})(\d{2})(T\d{6}Z)?$/.exec(value);
  const date = m ? `${m[1]}-${m[2]}-${m[3]}` : '';
  if (!isIsoDate(date)) throw new RuleProblem(`UNTIL must be a day as YYYYMMDD (or a UTC time as YYYYMMDDTHHMMSSZ), not "${value}"`);
  return date;
}

function dtstartLine(startsOn: IsoDate): string {
  return `DTSTART:${startsOn.replaceAll('-', '')}T000000Z`;
}

// ---------------------------------------------------------------------------------------------
// Expanding the days (day numbers: days since 1970-01-01)

/** The days in [from, to] (inclusive) a rule picks, in order. */
function daysOf(rule: WindowRule, recurrence: Recurrence | null, from: number, to: number): number[] {
  const first = dayNumber(rule.startsOn);
  if (recurrence === null) return first >= from && first <= to ? [first] : [];
  if (recurrence.until !== null) to = Math.min(to, dayNumber(recurrence.until));
  if (to < from || to < first) return [];
  return isSimple(recurrence) ? simpleDays(recurrence, first, from, to) : engineDays(rule.startsOn, recurrence, from, to);
}

/** DAILY and WEEKLY rules whose BY parts only filter days: expanded here, fast (see the file's head). */
function isSimple(r: Recurrence): boolean {
  return (r.freq === 'DAILY' || r.freq === 'WEEKLY') && r.bySetPos.length === 0;
}

/** The ISO weekday of a day number: 1970-01-01 was a Thursday (4). */
function weekdayOfDay(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/**
 * As RFC 5545 counts: periods of INTERVAL days (DAILY) or INTERVAL weeks beginning on WKST
 * (WEEKLY) from the first day's; in each, the BYDAY weekdays (WEEKLY; else the first day's
 * weekday) or the period's day (DAILY), then kept if BYDAY (DAILY), BYMONTH and BYMONTHDAY allow.
 */
function simpleDays(r: Recurrence, first: number, from: number, to: number): number[] {
  const weekly = r.freq === 'WEEKLY';
  const period = weekly ? 7 * r.interval : r.interval;
  const firstPeriod = weekly ? first - weekdayOffset(weekdayOfDay(first), r.wkst) : first;
  const weekdays = r.byDay.map((d) => d.weekday);
  // In a period: the days after its start that can be picked, in order.
  const offsets = weekly ? [...new Set(weekdays.length > 0 ? weekdays : [weekdayOfDay(first)])].map((w) => weekdayOffset(w, r.wkst)).sort((a, b) => a - b) : [0];
  const keeps = (day: number) => (weekly || weekdays.length === 0 || weekdays.includes(weekdayOfDay(day))) && inMonthParts(r, day);
  // COUNT counts from the first day, so a rule with COUNT is walked from there; others start near `from`.
  const lowest = r.count === null ? Math.max(first, from) : first;
  const days: number[] = [];
  let counted = 0;
  for (let start = firstPeriod + Math.floor((lowest - firstPeriod) / period) * period; start <= to; start += period) {
    for (const offset of offsets) {
      const day = start + offset;
      if (day < first || day > to || !keeps(day)) continue;
      if (r.count !== null && ++counted > r.count) return days;
      if (day >= from) days.push(day);
    }
  }
  return days;
}

/** How many days after the start of a week beginning on `weekStart` a weekday falls (both ISO weekdays). */
function weekdayOffset(weekday: number, weekStart: number): number {
  return (weekday - weekStart + 7) % 7;
}

/** Whether BYMONTH and BYMONTHDAY (negative: from the month's end, -1 its last day) allow a day. */
function inMonthParts(r: Recurrence, day: number): boolean {
  if (r.byMonth.length === 0 && r.byMonthDay.length === 0) return true;
  const date = new Date(day * DAY_MS);
  if (r.byMonth.length > 0 && !r.byMonth.includes(date.getUTCMonth() + 1)) return false;
  if (r.byMonthDay.length === 0) return true;
  const monthDay = date.getUTCDate();
  const monthLength = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  return r.byMonthDay.includes(monthDay) || r.byMonthDay.includes(monthDay - monthLength - 1);
}

/** rrule-temporal rule objects by first day and rule: building one costs about 0.2 ms. */
const ENGINES = new Map<string, RRuleTemporal>();
const MAX_ENGINES = 500;

function engineDays(startsOn: IsoDate, r: Recurrence, from: number, to: number): number[] {
  const key = `${startsOn}|${r.text}`;
  let engine = ENGINES.get(key);
  if (!engine) {
    if (ENGINES.size >= MAX_ENGINES) ENGINES.clear();
    // Midnight UTC on the first day: in UTC no day is dropped or shifted. rrule-temporal gives up
    // after 10,000 steps by default, which a daily rule reaches in 27 years.
    engine = new RRuleTemporal({ rruleString: `${dtstartLine(startsOn)}\nRRULE:${r.text}`, maxIterations: 1_000_000 });
    ENGINES.set(key, engine);
  }
  return engine.between(new Date(from * DAY_MS), new Date(to * DAY_MS), true).map((d) => Math.round(d.epochMilliseconds / DAY_MS));
}

// ---------------------------------------------------------------------------------------------
// Placing local times in a time zone

/**
 * A zone's UTC offsets over a span of time: the offset at its start, and each change. A change
 * also says from which wall-clock time (as milliseconds as if it were UTC) local times take the
 * new offset: after the gap of a spring-forward, after the fold of a fall-back.
 */
interface ZoneSpan {
  offsetMs: number;
  changes: { atMs: number; fromWallMs: number; offsetMs: number }[];
}

/** Each zone's offsets by UTC year, read from Temporal once; then local times are placed without it. */
const ZONE_YEARS = new Map<string, Map<number, ZoneSpan>>();

function zoneYear(timeZone: string, year: number): ZoneSpan {
  let years = ZONE_YEARS.get(timeZone);
  if (!years) ZONE_YEARS.set(timeZone, (years = new Map()));
  const known = years.get(year);
  if (known) return known;
  const end = Date.UTC(year + 1, 0, 1);
  let cursor = Temporal.Instant.fromEpochMilliseconds(Date.UTC(year, 0, 1)).toZonedDateTimeISO(timeZone);
  const found: ZoneSpan = { offsetMs: cursor.offsetNanoseconds / 1e6, changes: [] };
  for (;;) {
    const next = cursor.getTimeZoneTransition('next');
    if (!next || next.epochMilliseconds >= end) break;
    const [before, after] = [cursor.offsetNanoseconds / 1e6, next.offsetNanoseconds / 1e6];
    found.changes.push({ atMs: next.epochMilliseconds, fromWallMs: next.epochMilliseconds + Math.max(before, after), offsetMs: after });
    cursor = next;
  }
  years.set(year, found);
  return found;
}

/** The zone's offsets over the UTC years from one instant to another (whole years, so with room around them). */
function zoneSpan(timeZone: string, fromMs: number, toMs: number): ZoneSpan {
  const first = new Date(fromMs).getUTCFullYear();
  const last = new Date(toMs).getUTCFullYear();
  const span: ZoneSpan = { offsetMs: zoneYear(timeZone, first).offsetMs, changes: [] };
  for (let year = first; year <= last; year++) span.changes.push(...zoneYear(timeZone, year).changes);
  return span;
}

/**
 * The instant of a local wall-clock time (as milliseconds as if it were UTC), placed as Temporal's
 * 'compatible' disambiguation places it: a time in a spring-forward gap moves forward by the gap
 * (it is read with the offset before the change), a time in a fall-back fold is its earlier
 * instant (also the offset before). The tests check it against Temporal itself, over years of
 * days in zones with unusual changes.
 */
function instantOf(span: ZoneSpan, wallMs: number): number {
  let offset = span.offsetMs;
  for (const change of span.changes) {
    if (change.fromWallMs > wallMs) break;
    offset = change.offsetMs;
  }
  return wallMs - offset;
}

/** The local day (day number) an instant falls on. */
function localDay(span: ZoneSpan, epochMs: number): number {
  let offset = span.offsetMs;
  for (const change of span.changes) {
    if (change.atMs > epochMs) break;
    offset = change.offsetMs;
  }
  return Math.floor((epochMs + offset) / DAY_MS);
}

function startMinutes(startTime: string): number {
  return Number(startTime.slice(0, 2)) * 60 + Number(startTime.slice(3, 5));
}

function occurrenceOn(rule: WindowRule, span: ZoneSpan, day: number): Occurrence {
  const wallStart = day * DAY_MS + startMinutes(rule.startTime) * MINUTE_MS;
  const start = instantOf(span, wallStart);
  const end = instantOf(span, wallStart + rule.durationMinutes * MINUTE_MS);
  // A window shorter than a spring-forward gap and inside it (02:30–03:00 on the night 02:00 jumps
  // to 03:00) would end before it starts: it keeps its length from its moved start instead.
  return { windowId: rule.id, start, end: end > start ? end : start + rule.durationMinutes * MINUTE_MS };
}

// ---------------------------------------------------------------------------------------------
// Occurrences

/** The rule's recurrence, or an error saying what is wrong with the rule (check rules with `checkWindowRule` first). */
function readRule(rule: WindowRule): Recurrence | null {
  const fields = checkFields(rule);
  if (!fields.ok) throw new Error(fields.reason);
  if (rule.rrule === null) return null;
  const parsed = parseRecurrence(rule.rrule);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.recurrence;
}

/**
 * Every occurrence that overlaps [fromMs, toMs), sorted by start, including one that began before
 * fromMs and is still running. Throws, with the reason in words, on a rule `checkWindowRule` refuses.
 */
export function occurrencesOf(rule: WindowRule, fromMs: number, toMs: number): Occurrence[] {
  const recurrence = readRule(rule);
  if (!(fromMs < toMs)) return [];
  // Local days, with a margin: a window started up to its length before fromMs may still run, and
  // a start moved by a gap, or a zone's offset, can cross into the next day.
  const longest = Math.ceil(rule.durationMinutes / MINUTES_PER_DAY);
  const span = zoneSpan(rule.timeZone, fromMs - (longest + 3) * DAY_MS, toMs + (longest + 3) * DAY_MS);
  const from = localDay(span, fromMs) - longest - 1;
  const to = localDay(span, toMs) + 1;
  return daysOf(rule, recurrence, from, to)
    .map((day) => occurrenceOn(rule, span, day))
    .filter((o) => o.start < toMs && o.end > fromMs)
    .sort((a, b) => a.start - b.start);
}

/** How far ahead `nextOccurrence` looks: a rule with nothing in 100 years has nothing. */
const NEXT_HORIZON_DAYS = 36_600;

/**
 * The first occurrence that starts after afterMs (strictly: pass an occurrence's start to get the
 * one after it), or null when the rule has ended. One running at afterMs is not "next": ask
 * `occurrencesOf(rule, afterMs, afterMs + 1)` for it.
 */
export function nextOccurrence(rule: WindowRule, afterMs: number): Occurrence | null {
  const recurrence = readRule(rule);
  const lastDay = recurrence === null ? dayNumber(rule.startsOn) : recurrence.until === null ? Infinity : dayNumber(recurrence.until);
  // Look a week ahead, then 8 times further each time: near windows cost little, rare ones are found.
  for (let days = 8; ; days = Math.min(days * 8, NEXT_HORIZON_DAYS)) {
    const found = occurrencesOf(rule, afterMs, afterMs + days * DAY_MS).find((o) => o.start > afterMs);
    if (found) return found;
    if (days === NEXT_HORIZON_DAYS || Math.floor(afterMs / DAY_MS) + days > lastDay + 2) return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Describing a window

const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * A short sentence: "Every Sunday, 02:00–06:00 (Europe/Paris)", "Once, 2026-12-24 18:00 for
 * 3 days (Europe/Paris)". Common rules are said in words; the others show the rule as written.
 */
export function describeWindowRule(rule: WindowRule): string {
  const time = timeText(rule);
  if (rule.rrule === null) return `Once, ${rule.startsOn} ${time} (${rule.timeZone})`;
  const parsed = parseRecurrence(rule.rrule);
  const words = parsed.ok ? recurrenceText(parsed.recurrence, rule.startsOn) : null;
  const repeats = words ?? `Repeats as ${parsed.ok ? parsed.recurrence.text : rule.rrule}`;
  let end = '';
  if (parsed.ok && parsed.recurrence.count !== null) end = `, ${times(parsed.recurrence.count)} from ${rule.startsOn}`;
  if (parsed.ok && parsed.recurrence.until !== null) end = `, until ${parsed.recurrence.until}`;
  return `${repeats}, ${time} (${rule.timeZone})${end}`;
}

/** "02:00–06:00", "23:00–03:00 the next day", or "00:00 for 5 days" from a day long. */
function timeText(rule: WindowRule): string {
  const minutes = rule.durationMinutes;
  if (minutes >= MINUTES_PER_DAY) return `${rule.startTime} for ${durationText(minutes)}`;
  const endMinutes = startMinutes(rule.startTime) + minutes;
  const end = `${pad2(Math.floor(endMinutes / 60) % 24)}:${pad2(endMinutes % 60)}`;
  return `${rule.startTime}–${end}${endMinutes > MINUTES_PER_DAY ? ' the next day' : ''}`;
}

function durationText(minutes: number): string {
  const days = Math.floor(minutes / MINUTES_PER_DAY);
  const hours = Math.floor((minutes % MINUTES_PER_DAY) / 60);
  const rest = minutes % 60;
  const units = [plural(days, 'day'), plural(hours, 'hour'), plural(rest, 'minute')].filter((u) => u !== '');
  return andList(units);
}

/** The recurrence in words ("Every Sunday"), or null when the rule is not one of the common shapes. */
function recurrenceText(r: Recurrence, startsOn: IsoDate): string | null {
  const firstDay = dayNumber(startsOn);
  if (r.bySetPos.length > 0 || r.byYearDay.length > 0 || r.byWeekNo.length > 0) return null;
  if (r.freq === 'DAILY' || r.freq === 'WEEKLY') {
    if (r.byMonth.length > 0 || r.byMonthDay.length > 0) return null;
    if (r.freq === 'DAILY' && r.byDay.length === 0) return r.interval === 1 ? 'Every day' : `Every ${r.interval} days`;
    if (r.freq === 'DAILY' && r.interval !== 1) return null;
    const weekdays = [...new Set(r.byDay.length > 0 ? r.byDay.map((d) => d.weekday) : [weekdayOfDay(firstDay)])].sort((a, b) => a - b);
    const names = andList(weekdays.map((d) => WEEKDAY_NAMES[d - 1] ?? String(d)));
    if (r.interval !== 1) return `Every ${r.interval} weeks on ${names}`;
    if (weekdays.length === 7) return 'Every day';
    return weekdays.join() === '1,2,3,4,5' ? 'Every weekday (Monday to Friday)' : `Every ${names}`;
  }
  // MONTHLY, or YEARLY in given months: which days of which months. (In a YEARLY rule without
  // BYMONTH, BYMONTHDAY and BYDAY count in the year, not in DTSTART's month: said as the rule.)
  if (r.freq === 'YEARLY' && r.byMonth.length === 0 && r.byDay.length + r.byMonthDay.length > 0) return null;
  const months = r.byMonth.length > 0 ? r.byMonth : r.freq === 'YEARLY' ? [monthOf(firstDay)] : [];
  if (r.interval !== 1 && (months.length > 0 || r.freq === 'YEARLY')) return null;
  const days = monthDaysText(r, firstDay);
  if (days === null) return null;
  const of = months.length > 0 ? andList(months.map((m) => MONTH_NAMES[m - 1] ?? String(m))) : r.interval === 1 ? 'every month' : `every ${r.interval} months`;
  return `On ${days} of ${of}${r.freq === 'YEARLY' ? ' every year' : ''}`;
}

/** "the 1st and 15th", "the last Sunday", "the 5th-last day"; null for every Monday of a month and the like. */
function monthDaysText(r: Recurrence, firstDay: number): string | null {
  if (r.byDay.length > 0) {
    if (r.byMonthDay.length > 0 || r.byDay.some((d) => d.ordinal === 0)) return null;
    return `the ${andList(r.byDay.map((d) => `${position(d.ordinal)} ${WEEKDAY_NAMES[d.weekday - 1]}`))}`;
  }
  const monthDays = r.byMonthDay.length > 0 ? r.byMonthDay : [new Date(firstDay * DAY_MS).getUTCDate()];
  return `the ${andList(monthDays.map((n) => (n < 0 ? `${position(n)} day` : ordinal(n))))}`;
}

/** "2nd", "last", "5th-last": a position counted from the start, or from the end when negative. */
function position(n: number): string {
  if (n === -1) return 'last';
  return n < 0 ? `${ordinal(-n)}-last` : ordinal(n);
}

function monthOf(day: number): number {
  return Number(dateOfDay(day).slice(5, 7));
}

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

function times(n: number): string {
  return n === 1 ? 'once' : `${n} times`;
}

function plural(n: number, unit: string): string {
  return n === 0 ? '' : `${n} ${unit}${n === 1 ? '' : 's'}`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** "A, B and C". */
function andList(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}
