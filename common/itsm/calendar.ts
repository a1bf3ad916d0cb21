import type { BusinessCalendar } from './config';

/**
 * Business-hours arithmetic for SLA clocks, shared by the app (offline, in the browser) and
 * the server (Node), so both show the same clocks.
 *
 * How a calendar is read:
 * - `hours` are LOCAL wall-clock times in `timeZone`; a weekday may have several windows;
 *   overlapping or touching windows merge; "24:00" is the end of the local day.
 * - `holidays` are local dates: the whole day is off.
 * - A night shift is written as two windows, e.g. Mon 22:00–24:00 and Tue 00:00–06:00; they
 *   join seamlessly at local midnight.
 * - Days the clocks change (daylight saving time):
 *   - the day is as long as it really is: 00:00–24:00 is 23 hours on a spring-forward day
 *     and 25 hours on a fall-back day; time is always counted in real elapsed time;
 *   - a window boundary that does not exist (inside the skipped hour, e.g. 02:30 in Paris
 *     on the last Sunday of March) moves to the instant the clocks jump (03:00 new time);
 *   - a window boundary that occurs twice (inside the repeated hour) opens at its FIRST
 *     occurrence and closes at its LAST one, so the window covers the repeated hour whenever
 *     the wall clock is inside it (02:30–03:30 on a fall-back day in Paris lasts 2 hours).
 * - A calendar open 00:00–24:00 every day with no holidays is "always open": business time
 *   is simply real elapsed time.
 *
 * Precision: instants are epoch milliseconds; business time is counted in whole
 * milliseconds. Minutes are fractional (milliseconds / 60,000); `addBusinessMinutes` rounds
 * the minutes it is given to the millisecond.
 *
 * Speed: the first query that reaches a local day builds that day's working windows as UTC
 * instants (the only place time-zone offsets are computed, with Intl), together with running
 * totals of business time; a query is then a binary search, with no Intl and no allocation.
 * The days built are one run from the earliest to the latest day asked for (grown in chunks),
 * of at most MAX_SPAN_DAYS; days asked for further apart than that start a fresh run.
 */
export interface BusinessClock {
  readonly calendar: BusinessCalendar;
  /** True when every instant is business time (open 00:00–24:00 every day, no holidays). */
  readonly alwaysOpen: boolean;
  /** Business minutes in [fromMs, toMs); 0 when toMs <= fromMs. Fractional. */
  businessMinutesBetween(fromMs: number, toMs: number): number;
  /** Business milliseconds in [fromMs, toMs); 0 when toMs <= fromMs. */
  businessMsBetween(fromMs: number, toMs: number): number;
  /**
   * The earliest instant at which `minutes` business minutes have elapsed since `startMs`.
   * Counting starts at the next opening when `startMs` is outside hours; a target reached
   * exactly at a closing time answers that closing time. 0 minutes answers `startMs`.
   */
  addBusinessMinutes(startMs: number, minutes: number): number;
  /** Same as addBusinessMinutes with a whole number of milliseconds. */
  addBusinessMs(startMs: number, ms: number): number;
  /** Whether `ms` falls inside a working window. */
  isOpenAt(ms: number): boolean;
}

/** No calendar is built over more than this many days (100 years): a query beyond is bad data. */
export const MAX_SPAN_DAYS = 36_525;

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const DAY_MINUTES = 1_440;
/** How many days a calendar grows by at least, each time a query reaches past the days built. */
const GROW_DAYS = 64;
/** …and at most this many (days built ahead of need cost Intl calls for nothing). */
const MAX_GROW_DAYS = 366;

/**
 * The compiled clock of a calendar. Cached by the calendar object and by its content, so a
 * config record read anew (a new object with the same calendars) reuses the days built.
 */
export function compileCalendar(cal: BusinessCalendar): BusinessClock {
  const byObject = compiledByObject.get(cal);
  if (byObject) return byObject;
  const key = JSON.stringify([cal.id, cal.timeZone, cal.hours, cal.holidays.map((h) => h.date)]);
  let clock = compiledByKey.get(key);
  if (!clock) {
    clock = new CompiledClock(cal);
    if (compiledByKey.size >= MAX_CACHED_CALENDARS) {
      // Forget the oldest entry (Map iterates in insertion order).
      const oldest = compiledByKey.keys().next();
      if (!oldest.done) compiledByKey.delete(oldest.value);
    }
    compiledByKey.set(key, clock);
  }
  compiledByObject.set(cal, clock);
  return clock;
}

const MAX_CACHED_CALENDARS = 64;
const compiledByObject = new WeakMap<BusinessCalendar, BusinessClock>();
const compiledByKey = new Map<string, BusinessClock>();

/** Weekly hours as local minutes of the day: for each weekday (0 = Sunday) merged [start, end) pairs. */
type WeeklyWindows = ReadonlyArray<ReadonlyArray<readonly [number, number]>>;

class CompiledClock implements BusinessClock {
  readonly alwaysOpen: boolean;
  private readonly weekly: WeeklyWindows;
  private readonly holidays: ReadonlySet<number>;
  private readonly zone: ZoneOffsets;
  /** Business ms in an ordinary week (no holiday, no clock change): the pace for growing. */
  private readonly weeklyMs: number;

  /** Local days built: [firstDay, lastDay], days since 1970-01-01 (local date). Empty when lastDay < firstDay. */
  private firstDay = 0;
  private lastDay = -1;
  /** Working windows of the days built, in UTC ms, sorted and disjoint. */
  private starts = new Float64Array(0);
  private ends = new Float64Array(0);
  /** Business ms of the days built before window i. */
  private before = new Float64Array(0);
  private count = 0;
  /** Instants covered by the days built: [coveredFrom, coveredTo). */
  private coveredFrom = 0;
  private coveredTo = 0;
  /** Each local day's windows once computed (Intl is slow: never twice for a day). */
  private readonly dayWindows = new Map<number, Float64Array>();

  constructor(readonly calendar: BusinessCalendar) {
    this.zone = zoneOffsets(calendar.timeZone);
    this.weekly = weeklyWindows(calendar);
    this.holidays = new Set(calendar.holidays.map((h) => localDay(h.date, `holiday "${h.name}"`)));
    this.weeklyMs = this.weekly.reduce((sum, windows) => sum + windows.reduce((s, [start, end]) => s + (end - start) * MINUTE_MS, 0), 0);
    this.alwaysOpen = this.holidays.size === 0 && this.weekly.every((w) => w.length === 1 && w[0]?.[0] === 0 && w[0][1] === DAY_MINUTES);
  }

  businessMinutesBetween(fromMs: number, toMs: number): number {
    return this.businessMsBetween(fromMs, toMs) / MINUTE_MS;
  }

  businessMsBetween(fromMs: number, toMs: number): number {
    checkInstant(fromMs, 'fromMs');
    checkInstant(toMs, 'toMs');
    if (toMs <= fromMs) return 0;
    if (this.alwaysOpen) return toMs - fromMs;
    this.cover(fromMs, toMs);
    return this.elapsedBefore(toMs) - this.elapsedBefore(fromMs);
  }

  addBusinessMinutes(startMs: number, minutes: number): number {
    if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`addBusinessMinutes needs a number of minutes >= 0, got ${minutes}.`);
    return this.addBusinessMs(startMs, Math.round(minutes * MINUTE_MS));
  }

  addBusinessMs(startMs: number, ms: number): number {
    checkInstant(startMs, 'startMs');
    if (!Number.isSafeInteger(ms) || ms < 0) throw new RangeError(`addBusinessMs needs a whole number of milliseconds >= 0, got ${ms}.`);
    if (ms === 0) return startMs;
    if (this.alwaysOpen) return startMs + ms;
    this.cover(startMs, startMs);
    let target = this.elapsedBefore(startMs) + ms;
    // Grow forwards until the days built hold enough business time.
    while (this.count === 0 || this.totalMs() < target) {
      const before = this.elapsedBefore(startMs);
      // Enough days for what is left at the calendar's weekly rate, with room for holidays.
      const daysLeft = Math.ceil(((target - this.totalMs()) / this.weeklyMs) * 7 * 1.25) + 14;
      this.cover(startMs, this.coveredTo + Math.max(daysLeft, GROW_DAYS) * DAY_MS);
      // Growing backwards would shift the running totals; the start's own total moves with them.
      target += this.elapsedBefore(startMs) - before;
    }
    // First window whose running total at its end reaches the target.
    let lo = 0;
    let hi = this.count - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.before[mid]! + (this.ends[mid]! - this.starts[mid]!) >= target) hi = mid;
      else lo = mid + 1;
    }
    return this.starts[lo]! + (target - this.before[lo]!);
  }

  isOpenAt(ms: number): boolean {
    checkInstant(ms, 'ms');
    if (this.alwaysOpen) return true;
    this.cover(ms, ms);
    const i = this.windowAtOrBefore(ms);
    return i >= 0 && ms < this.ends[i]!;
  }

  /** Business ms of the days built before instant t (t must be covered). */
  private elapsedBefore(t: number): number {
    const i = this.windowAtOrBefore(t);
    if (i < 0) return 0;
    const start = this.starts[i]!;
    const end = this.ends[i]!;
    return this.before[i]! + (t < end ? t - start : end - start);
  }

  /** Index of the last window starting at or before t, or -1. */
  private windowAtOrBefore(t: number): number {
    let lo = 0;
    let hi = this.count - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.starts[mid]! <= t) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  private totalMs(): number {
    const last = this.count - 1;
    return last < 0 ? 0 : this.before[last]! + (this.ends[last]! - this.starts[last]!);
  }

  /**
   * Makes sure the days built cover every instant in [fromMs, toMs]. The days built stay one
   * run of at most MAX_SPAN_DAYS: when the days asked for cannot join the run within that,
   * the run starts afresh around them (running totals are only ever compared within a run).
   */
  private cover(fromMs: number, toMs: number): void {
    if (this.lastDay >= this.firstDay && fromMs >= this.coveredFrom && toMs < this.coveredTo) return;
    // A UTC instant falls on one of three local dates (offsets stay within ±1 day).
    const needFirst = Math.floor(fromMs / DAY_MS) - 1;
    const needLast = Math.floor(toMs / DAY_MS) + 1;
    if (needLast - needFirst + 1 > MAX_SPAN_DAYS) {
      throw new RangeError(
        `Business hours of calendar "${this.calendar.id}" asked over more than ${MAX_SPAN_DAYS} days (${iso(fromMs)} to ${iso(toMs)}); check the dates.`,
      );
    }
    let first = needFirst;
    let last = Math.max(needLast, needFirst + GROW_DAYS);
    if (this.lastDay >= this.firstDay) {
      // Grow in chunks (doubling, up to a year) so a clock moving forward rebuilds rarely.
      const grow = Math.min(Math.max(this.lastDay - this.firstDay + 1, GROW_DAYS), MAX_GROW_DAYS);
      const joinedFirst = needFirst < this.firstDay ? Math.min(needFirst, this.firstDay - grow) : this.firstDay;
      const joinedLast = needLast > this.lastDay ? Math.max(needLast, this.lastDay + grow) : this.lastDay;
      if (Math.max(joinedLast, needLast) - Math.min(joinedFirst, needFirst) + 1 <= MAX_SPAN_DAYS) {
        first = joinedFirst;
        last = joinedLast;
      } else if (Math.max(this.lastDay, needLast) - Math.min(this.firstDay, needFirst) + 1 <= MAX_SPAN_DAYS) {
        // Joined without the padding.
        first = Math.min(this.firstDay, needFirst);
        last = Math.max(this.lastDay, needLast);
      } else {
        for (const day of this.dayWindows.keys()) if (day < first || day > last) this.dayWindows.delete(day);
      }
    }
    this.build(first, last);
  }

  /** Lays out the windows of local days [first, last] with their running totals. */
  private build(first: number, last: number): void {
    const perDay: Float64Array[] = [];
    let count = 0;
    for (let day = first; day <= last; day++) {
      let windows = this.dayWindows.get(day);
      if (!windows) {
        windows = this.windowsOfDay(day);
        this.dayWindows.set(day, windows);
      }
      perDay.push(windows);
      count += windows.length / 2;
    }
    const starts = new Float64Array(count);
    const ends = new Float64Array(count);
    const before = new Float64Array(count);
    let i = 0;
    let total = 0;
    for (const windows of perDay) {
      for (let w = 0; w < windows.length; w += 2) {
        starts[i] = windows[w]!;
        ends[i] = windows[w + 1]!;
        before[i] = total;
        total += windows[w + 1]! - windows[w]!;
        i++;
      }
    }
    this.starts = starts;
    this.ends = ends;
    this.before = before;
    this.count = count;
    this.firstDay = first;
    this.lastDay = last;
    this.coveredFrom = this.zone.dayStart(first);
    this.coveredTo = this.zone.dayStart(last + 1);
  }

  /** One local day's working windows as UTC ms [start, end, start, end…], sorted and disjoint. */
  private windowsOfDay(day: number): Float64Array {
    if (this.holidays.has(day)) return EMPTY;
    const local = this.weekly[weekdayOf(day)] ?? [];
    if (local.length === 0) return EMPTY;
    const midnight = day * DAY_MS;
    // Most days the offset holds all day: every boundary is then plain arithmetic.
    const steady = this.zone.steadyOffset(day);
    const toUtc = (minute: number, prefer: 'earlier' | 'later') => (steady === null ? this.zone.toUtc(day, minute, prefer) : midnight + minute * MINUTE_MS - steady);
    const dayStart = toUtc(0, 'earlier');
    const dayEnd = steady === null ? this.zone.dayStart(day + 1) : midnight + DAY_MS - steady;
    const out: number[] = [];
    for (const [startMin, endMin] of local) {
      // Clipped to the day, so days never overlap whatever a time-zone change does.
      const start = Math.max(dayStart, startMin === 0 ? dayStart : toUtc(startMin, 'earlier'));
      const end = Math.min(dayEnd, endMin === DAY_MINUTES ? dayEnd : toUtc(endMin, 'later'));
      if (end <= start) continue;
      const prevEnd = out.length > 0 ? out[out.length - 1]! : -Infinity;
      if (start <= prevEnd) out[out.length - 1] = Math.max(prevEnd, end);
      else out.push(start, end);
    }
    return Float64Array.from(out);
  }
}

const EMPTY = new Float64Array(0);

/** The calendar's hours as merged local-minute windows per weekday; explains bad hours. */
function weeklyWindows(cal: BusinessCalendar): WeeklyWindows {
  const days: Array<Array<[number, number]>> = [[], [], [], [], [], [], []];
  for (const h of cal.hours) {
    const start = minuteOfDay(h.start);
    const end = minuteOfDay(h.end);
    if (!Number.isInteger(h.day) || h.day < 0 || h.day > 6) throw new RangeError(`Calendar "${cal.id}": weekday ${h.day} is not 0 (Sunday) to 6 (Saturday).`);
    if (end <= start) throw new RangeError(`Calendar "${cal.id}": working hours ${h.start}–${h.end} must end after they start.`);
    days[h.day]!.push([start, end]);
  }
  return days.map((windows) => {
    windows.sort((a, b) => a[0] - b[0]);
    const merged: Array<[number, number]> = [];
    for (const [s, e] of windows) {
      const prev = merged[merged.length - 1];
      if (prev && s <= prev[1]) prev[1] = Math.max(prev[1], e);
      else merged.push([s, e]);
    }
    return merged;
  });
}

function minuteOfDay(hhmm: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  const minutes = m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
  if (!m || Number(m[2]) > 59 || minutes > DAY_MINUTES) throw new RangeError(`"${hhmm}" is not a time of day as HH:MM (00:00 to 24:00).`);
  return minutes;
}

/** Days since 1970-01-01 of a YYYY-MM-DD date. */
function localDay(date: string, what: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const ms = Date.UTC(y, mo - 1, d);
    const back = new Date(ms);
    if (back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d) return ms / DAY_MS;
  }
  throw new RangeError(`The date of ${what} must be a real date as YYYY-MM-DD, got "${date}".`);
}

/** 0 = Sunday … 6 = Saturday; 1970-01-01 was a Thursday. */
function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

function checkInstant(ms: number, name: string): void {
  if (!Number.isFinite(ms)) throw new RangeError(`${name} must be an instant in epoch milliseconds, got ${ms}.`);
}

function iso(ms: number): string {
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : String(ms);
}

/** Local wall-clock time ↔ UTC in one IANA time zone, with Intl. Only used while building days. */
interface ZoneOffsets {
  /** The first instant of local date `day`. */
  dayStart(day: number): number;
  /**
   * The instant the wall clock shows `minute` on local date `day`. A time skipped by a clock
   * change answers the instant of the jump; a repeated time answers its first occurrence
   * ('earlier') or its last ('later').
   */
  toUtc(day: number, minute: number, prefer: 'earlier' | 'later'): number;
  /**
   * The offset (local minus UTC, ms) in effect from the start of local date `day` to the start
   * of the next, when it is the same a day either side; null around a change.
   */
  steadyOffset(day: number): number | null;
}

const zones = new Map<string, ZoneOffsets>();

function zoneOffsets(timeZone: string): ZoneOffsets {
  let zone = zones.get(timeZone);
  if (zone) return zone;
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    throw new RangeError(`"${timeZone}" is not an IANA time zone such as Europe/Paris.`);
  }

  /** Local time minus UTC, in ms, at instant t. */
  const offset = (t: number): number => {
    const whole = Math.floor(t / 1000) * 1000;
    let year = 0;
    let month = 1;
    let dayOfMonth = 1;
    let hour = 0;
    let minute = 0;
    let second = 0;
    let bc = false;
    for (const part of format.formatToParts(whole)) {
      switch (part.type) {
        case 'year': year = Number(part.value); break;
        case 'month': month = Number(part.value); break;
        case 'day': dayOfMonth = Number(part.value); break;
        case 'hour': hour = Number(part.value) % 24; break;
        case 'minute': minute = Number(part.value); break;
        case 'second': second = Number(part.value); break;
        case 'era': bc = part.value.startsWith('B'); break;
        default: break;
      }
    }
    const d = new Date(0);
    d.setUTCFullYear(bc ? 1 - year : year, month - 1, dayOfMonth);
    d.setUTCHours(hour, minute, second, 0);
    return d.getTime() - whole;
  };

  const toUtc = (day: number, minuteOfDay: number, prefer: 'earlier' | 'later'): number => {
    const naive = day * DAY_MS + minuteOfDay * MINUTE_MS;
    // The offsets a day either side hold before and after any change near this time.
    const offBefore = offset(naive - DAY_MS);
    const offAfter = offset(naive + DAY_MS);
    const a = naive - offBefore;
    if (offBefore === offAfter) return a;
    const b = naive - offAfter;
    const aValid = offset(a) === offBefore;
    const bValid = offset(b) === offAfter;
    if (aValid && bValid) return prefer === 'earlier' ? Math.min(a, b) : Math.max(a, b);
    if (aValid) return a;
    if (bValid) return b;
    // Skipped by the change: find the instant of the jump, to the second.
    let lo = Math.min(a, b);
    let hi = Math.max(a, b);
    while (hi - lo > 1000) {
      const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
      if (mid <= lo) break;
      if (offset(mid) === offAfter) hi = mid;
      else lo = mid;
    }
    return hi;
  };

  const steadyOffset = (day: number): number | null => {
    // The day's instants lie within 14 hours of its UTC date; sample a day either side.
    const before = offset(day * DAY_MS - DAY_MS);
    return before === offset((day + 2) * DAY_MS) ? before : null;
  };

  zone = { dayStart: (day) => toUtc(day, 0, 'earlier'), toUtc, steadyOffset };
  zones.set(timeZone, zone);
  return zone;
}
