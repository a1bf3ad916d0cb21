/**
 * What the change calendar draws, from the replica's records (pure, so it is tested without a
 * browser): each change as an event coloured by its state, with its risk on its edge; each
 * maintenance or freeze window's occurrences in the visible range as background events; and the
 * filters a person picks (mine, site, state). The collision index the calendar checks a drag
 * against is common/changes/schedule.ts, built from the same records.
 */
import { CHANGE_RISK_LABELS, type ChangeRisk } from '@fielddesk/common/changes/risk';
import { BOOKED_CHANGE_STATES, CHANGE_STATE_LABELS, isFinalChangeState, type ChangeState } from '@fielddesk/common/changes/lifecycle';
import type { ChangeRequest, ChangeWindow } from '@fielddesk/common/changes/records';
import { changeLabel } from '@fielddesk/common/changes/schedule';
import { occurrencesOf } from '@fielddesk/common/changes/windows';

/** State colours (Mantine's palette, as hex for the calendar's own styles). */
export const STATE_COLOURS: Record<ChangeState, string> = {
  new: '#868e96',
  assess: '#15aabf',
  authorize: '#7950f2',
  scheduled: '#228be6',
  implement: '#fd7e14',
  review: '#fab005',
  closed: '#12b886',
  rejected: '#fa5252',
  cancelled: '#adb5bd',
};

export interface CalendarFilters {
  mine: boolean;
  siteId: string | null;
  states: readonly ChangeState[];
}
export const ALL_FILTERS: CalendarFilters = { mine: false, siteId: null, states: [] };

export interface ChangeEventInput {
  id: string;
  title: string;
  start: string;
  end: string;
  /** FullCalendar 7's event colour and the text drawn on it. */
  color: string;
  contrastColor: string;
  /** Only a change that still holds its plan can be dragged. */
  editable: boolean;
  /** `fd-change`, its state, and its risk (calendar.css draws the risk as the event's left edge). */
  className: string;
  extendedProps: { kind: 'change'; state: ChangeState; risk: ChangeRisk; tooltip: string };
}

export interface WindowEventInput {
  id: string;
  /** An instant, or a day (YYYY-MM-DD) for a window of whole days, so the month view draws it too. */
  start: string;
  end: string;
  allDay: boolean;
  display: 'background';
  className: string;
  color: string;
  title: string;
  extendedProps: { kind: 'window'; windowKind: ChangeWindow['kind'] };
}

/** Whether a change passes the filters (its owner or assignee for "mine"). */
export function passes(change: ChangeRequest, filters: CalendarFilters, userId: string): boolean {
  if (filters.mine && change.assigneeId !== userId && change.ownerId !== userId) return false;
  if (filters.siteId && change.siteId !== filters.siteId) return false;
  if (filters.states.length > 0 && !filters.states.includes(change.status)) return false;
  return true;
}

/** The changes as calendar events. */
export function changeEvents(changes: readonly ChangeRequest[], filters: CalendarFilters, userId: string): ChangeEventInput[] {
  return changes
    .filter((c) => passes(c, filters, userId))
    .map((c) => ({
      id: c.id,
      title: changeLabel(c),
      start: c.windowStart,
      end: c.windowEnd,
      color: STATE_COLOURS[c.status],
      contrastColor: c.status === 'review' ? '#212529' : '#ffffff',
      editable: !isFinalChangeState(c.status) && c.status !== 'implement' && c.status !== 'review',
      className: `fd-change fd-change-${c.status} fd-risk-${c.risk}`,
      extendedProps: { kind: 'change', state: c.status, risk: c.risk, tooltip: `${changeLabel(c)} · ${CHANGE_STATE_LABELS[c.status]} · ${CHANGE_RISK_LABELS[c.risk]} risk` },
    }));
}

/** The windows' occurrences in [from, to) as background events: freezes red, maintenance green. */
export function windowEvents(windows: readonly ChangeWindow[], from: number, to: number): WindowEventInput[] {
  const out: WindowEventInput[] = [];
  for (const w of windows) {
    let occurrences: { start: number; end: number }[] = [];
    try {
      occurrences = occurrencesOf({ id: w.id, kind: w.kind, timeZone: w.timeZone, startsOn: w.startsOn, startTime: w.startTime, durationMinutes: w.durationMinutes, rrule: w.rrule }, from, to);
    } catch {
      // A rule the server refuses never reaches the replica; one that did draws nothing.
    }
    // A window of whole days (a freeze from midnight) is drawn as days in its own time zone: the
    // month view draws only such background events.
    const wholeDays = w.startTime === '00:00' && w.durationMinutes % 1440 === 0;
    const dayIn = (ms: number) => new Date(ms).toLocaleDateString('en-CA', { timeZone: w.timeZone });
    for (const o of occurrences) {
      out.push({
        id: `${w.id}:${o.start}`,
        start: wholeDays ? dayIn(o.start) : new Date(o.start).toISOString(),
        end: wholeDays ? dayIn(o.end) : new Date(o.end).toISOString(),
        allDay: wholeDays,
        display: 'background',
        className: `fd-window fd-window-${w.kind}`,
        color: w.kind === 'freeze' ? (w.enforcement === 'block' ? 'rgba(250, 82, 82, 0.28)' : 'rgba(250, 176, 5, 0.25)') : 'rgba(18, 184, 134, 0.18)',
        title: w.name,
        extendedProps: { kind: 'window', windowKind: w.kind },
      });
    }
  }
  return out;
}

/** The changes booked in a day (today's implementation work, for the panel beside the calendar). */
export function bookedOn(changes: readonly ChangeRequest[], dayStart: number, userId: string | null): ChangeRequest[] {
  const dayEnd = dayStart + 86_400_000;
  return changes
    .filter((c) => BOOKED_CHANGE_STATES.includes(c.status) && Date.parse(c.windowStart) < dayEnd && Date.parse(c.windowEnd) > dayStart && (!userId || c.assigneeId === userId))
    .sort((a, b) => a.windowStart.localeCompare(b.windowStart));
}
