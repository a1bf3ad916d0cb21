import { describe, expect, it } from 'vitest';
import type { ChangeWindow } from '@fielddesk/common/changes/records';
import { makeChange, tech } from '../../../test/fixtures';
import { bookedOn, changeEvents, passes, STATE_COLOURS, windowEvents } from './calendarModel';

const weekly: ChangeWindow = {
  id: 'w1',
  name: 'Weekly maintenance',
  kind: 'maintenance',
  enforcement: 'warn',
  timeZone: 'Europe/Paris',
  startsOn: '2026-01-04',
  startTime: '02:00',
  durationMinutes: 240,
  rrule: 'FREQ=WEEKLY;BYDAY=SU',
  ciIds: [],
  serviceIds: [],
  siteIds: [],
  notes: '',
  updatedAt: '2026-01-01T00:00:00.000Z',
  rev: 1,
};

describe('change calendar model', () => {
  it('draws changes coloured by state with the risk on the edge; only changes that hold their plan can be dragged', () => {
    const scheduled = makeChange('CHG-0001', 'Firmware', { status: 'scheduled', risk: 'high' });
    const running = makeChange('CHG-0002', 'Patching', { status: 'implement' });
    const [a, b] = changeEvents([scheduled, running], { mine: false, siteId: null, states: [] }, tech.id);
    expect(a).toMatchObject({ id: scheduled.id, title: 'CHG-0001 Firmware', color: STATE_COLOURS.scheduled, className: 'fd-change fd-change-scheduled fd-risk-high', editable: true });
    expect(a!.extendedProps.tooltip).toBe('CHG-0001 Firmware · Scheduled · High risk');
    expect(b).toMatchObject({ editable: false });
  });

  it('filters by mine, site and state', () => {
    const mine = makeChange('CHG-0003', 'Mine', { assigneeId: tech.id });
    const other = makeChange('CHG-0004', 'Other', { status: 'new', siteId: 'elsewhere' });
    expect(passes(mine, { mine: true, siteId: null, states: [] }, tech.id)).toBe(true);
    expect(passes(other, { mine: true, siteId: null, states: [] }, tech.id)).toBe(false);
    expect(passes(other, { mine: false, siteId: mine.siteId, states: [] }, tech.id)).toBe(false);
    expect(passes(other, { mine: false, siteId: null, states: ['new'] }, tech.id)).toBe(true);
    expect(passes(mine, { mine: false, siteId: null, states: ['new'] }, tech.id)).toBe(false);
  });

  it('draws a weekly window in the range as background, at 02:00 Paris across the spring change', () => {
    const events = windowEvents([weekly], Date.parse('2026-03-20T00:00:00Z'), Date.parse('2026-04-06T00:00:00Z'));
    expect(events.map((e) => e.start)).toEqual(['2026-03-22T01:00:00.000Z', '2026-03-29T01:00:00.000Z', '2026-04-05T00:00:00.000Z']);
    expect(events.every((e) => e.display === 'background' && !e.allDay)).toBe(true);
  });

  it('draws a freeze of whole days as days in its time zone, so the month shows it', () => {
    const freeze: ChangeWindow = { ...weekly, id: 'f1', kind: 'freeze', enforcement: 'block', startTime: '00:00', durationMinutes: 7200, rrule: 'FREQ=MONTHLY;BYMONTH=3,6,9,12;BYMONTHDAY=-5' };
    const [event] = windowEvents([freeze], Date.parse('2026-12-01T00:00:00Z'), Date.parse('2027-01-10T00:00:00Z'));
    expect(event).toMatchObject({ start: '2026-12-27', end: '2027-01-01', allDay: true, className: 'fd-window fd-window-freeze' });
  });

  it('lists the work booked on a day, soonest first', () => {
    const day = Date.parse('2026-12-10T00:00:00Z');
    const late = makeChange('CHG-0005', 'Late', { windowStart: '2026-12-10T20:00:00.000Z', windowEnd: '2026-12-10T22:00:00.000Z' });
    const early = makeChange('CHG-0006', 'Early', { windowStart: '2026-12-10T06:00:00.000Z', windowEnd: '2026-12-10T08:00:00.000Z', assigneeId: tech.id });
    const draft = makeChange('CHG-0007', 'Draft', { status: 'new', windowStart: '2026-12-10T06:00:00.000Z', windowEnd: '2026-12-10T08:00:00.000Z' });
    expect(bookedOn([late, early, draft], day, null).map((c) => c.number)).toEqual(['CHG-0006', 'CHG-0005']);
    expect(bookedOn([late, early, draft], day, tech.id).map((c) => c.number)).toEqual(['CHG-0006']);
  });
});
