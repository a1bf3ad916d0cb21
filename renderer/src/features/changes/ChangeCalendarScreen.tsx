/**
 * The change calendar (/changes/calendar), on the replica, offline: month, week, day and list
 * views (FullCalendar 7's free views), changes coloured by state with their risk as the left edge
 * (calendar.css), maintenance windows (green) and freezes (red: blocking, amber: warning) as
 * background, filters (mine, state), and today's implementation work beside it.
 *
 * Dragging a change runs the collision check on every move (common/changes/collisions.ts, the
 * index built once from the replica): what it would collide with shows live under the calendar,
 * and a blocking freeze refuses the drop there and then. A drop is saved through the change
 * repository, which checks again in the server's words; a refusal puts the change back and says
 * why. Only a change that still holds its plan (not implementing, in review or done) can move.
 */
import { useMemo, useRef, useState } from 'react';
import { Alert, Badge, Checkbox, Group, Loader, MultiSelect, Paper, Stack, Text, Title } from '@mantine/core';
import FullCalendar from '@fullcalendar/react';
import classicThemePlugin from '@fullcalendar/react/themes/classic';
import dayGridPlugin from '@fullcalendar/react/daygrid';
import timeGridPlugin from '@fullcalendar/react/timegrid';
import listPlugin from '@fullcalendar/react/list';
import interactionPlugin from '@fullcalendar/react/interaction';
import '@fullcalendar/react/skeleton.css';
import '@fullcalendar/react/themes/classic/theme.css';
import '@fullcalendar/react/themes/classic/palette.css';
import './calendar.css';
import type { Collision } from '@fielddesk/common/changes/collisions';
import { CHANGE_STATES, CHANGE_STATE_LABELS, type ChangeState } from '@fielddesk/common/changes/lifecycle';
import { candidateOf } from '@fielddesk/common/changes/schedule';
import { useWorkspace } from '../../app/workspaceContext';
import { bookedOn, changeEvents, STATE_COLOURS, windowEvents, type CalendarFilters } from './calendarModel';
import { useChangeCalendar, useChangeRepository } from './useChangeCalendar';

const DAY_MS = 86_400_000;
const timeOf = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

export function ChangeCalendarScreen() {
  const { user } = useWorkspace();
  const data = useChangeCalendar();
  const repo = useChangeRepository();
  const [filters, setFilters] = useState<CalendarFilters>({ mine: false, siteId: null, states: [] });
  const [range, setRange] = useState<{ from: number; to: number }>(() => ({ from: Date.now() - 40 * DAY_MS, to: Date.now() + 40 * DAY_MS }));
  const [dragging, setDragging] = useState<Collision[] | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const lastCheck = useRef<string>('');

  const events = useMemo(() => (data ? changeEvents(data.changes, filters, user.id) : []), [data, filters, user.id]);
  const background = useMemo(() => (data ? windowEvents(data.windows, range.from, range.to) : []), [data, range]);
  const today = useMemo(() => {
    const start = new Date();
    start.setHours(0, 0, 0, 0);
    return data ? bookedOn(data.changes, start.getTime(), filters.mine ? user.id : null) : [];
  }, [data, filters.mine, user.id]);

  if (!data) return <Loader size="sm" />;
  const changeById = new Map(data.changes.map((c) => [c.id, c]));

  /** The collisions of a change placed at [start, end), as the calendar shows them during a drag. */
  const collisionsAt = (changeId: string, start: number, end: number): Collision[] => {
    const change = changeById.get(changeId);
    if (!change) return [];
    return data.index.check(candidateOf(change, data.ciIdsOf.get(changeId) ?? [], data.ciTypes, { start, end }));
  };

  return (
    <Stack gap="md" maw={1500} data-testid="change-calendar">
      <Group justify="space-between" align="flex-end">
        <Title order={2}>Change calendar</Title>
        <Group gap="md">
          <Checkbox label="Mine" checked={filters.mine} onChange={(e) => setFilters({ ...filters, mine: e.currentTarget.checked })} />
          <MultiSelect
            placeholder="Every state"
            aria-label="States"
            w={280}
            clearable
            data={CHANGE_STATES.map((s) => ({ value: s, label: CHANGE_STATE_LABELS[s] }))}
            value={[...filters.states]}
            onChange={(v) => setFilters({ ...filters, states: v as ChangeState[] })}
          />
        </Group>
      </Group>
      <Group gap="xs">
        {CHANGE_STATES.map((s) => (
          <Badge key={s} variant="filled" style={{ backgroundColor: STATE_COLOURS[s] }} size="sm">
            {CHANGE_STATE_LABELS[s]}
          </Badge>
        ))}
        <Badge variant="light" color="teal" size="sm">Maintenance window</Badge>
        <Badge variant="light" color="red" size="sm">Freeze</Badge>
      </Group>
      {refused && (
        <Alert color="red" title="Not moved" withCloseButton onClose={() => setRefused(null)} data-testid="calendar-refused">
          {refused}
        </Alert>
      )}
      <Group align="flex-start" gap="md" wrap="wrap">
        <Paper withBorder p="sm" style={{ flex: '1 1 720px', minWidth: 320 }}>
          <FullCalendar
            plugins={[classicThemePlugin, dayGridPlugin, timeGridPlugin, listPlugin, interactionPlugin]}
            initialView="dayGridMonth"
            headerToolbar={{ start: 'prev,next today', center: 'title', end: 'dayGridMonth,timeGridWeek,timeGridDay,listMonth' }}
            height="auto"
            firstDay={1}
            nowIndicator
            dayMaxEvents={4}
            eventDisplay="block"
            eventDidMount={(info) => {
              if (info.event.display !== 'background') info.el.setAttribute('data-change-id', info.event.id);
              info.el.setAttribute('title', String(info.event.extendedProps.tooltip ?? info.event.title));
            }}
            events={[...events, ...background]}
            datesSet={(info) => setRange({ from: info.start.getTime() - DAY_MS, to: info.end.getTime() + DAY_MS })}
            eventAllow={(span, moving) => {
              if (!moving) return true;
              const found = collisionsAt(moving.id, span.start.getTime(), span.end.getTime());
              const key = `${moving.id}:${span.start.getTime()}:${found.map((c) => c.message).join('|')}`;
              if (key !== lastCheck.current) {
                lastCheck.current = key;
                setDragging(found);
              }
              return !found.some((c) => c.severity === 'block');
            }}
            eventDragStop={() => setDragging(null)}
            eventDrop={(info) => {
              const start = info.event.start;
              const end = info.event.end ?? (start ? new Date(start.getTime() + (Date.parse(changeById.get(info.event.id)?.windowEnd ?? '') - Date.parse(changeById.get(info.event.id)?.windowStart ?? ''))) : null);
              if (!start || !end) return info.revert();
              void repo.updateChange(info.event.id, { windowStart: start.toISOString(), windowEnd: end.toISOString() }).then((result) => {
                if (!result.ok) {
                  info.revert();
                  setRefused(result.reason);
                } else setRefused(null);
              });
            }}
          />
        </Paper>
        <Paper withBorder p="sm" w={320} data-testid="calendar-today">
          <Title order={4} mb="xs">
            Today's implementation work
          </Title>
          {today.length === 0 ? (
            <Text size="sm" c="dimmed">
              Nothing booked today.
            </Text>
          ) : (
            <Stack gap={6}>
              {today.map((c) => (
                <Text key={c.id} size="sm">
                  <b>{timeOf(c.windowStart)}–{timeOf(c.windowEnd)}</b> {c.number ?? ''} {c.title}
                </Text>
              ))}
            </Stack>
          )}
        </Paper>
      </Group>
      {dragging && (
        <Paper withBorder p="sm" data-testid="calendar-collisions" aria-live="polite">
          {dragging.length === 0 ? (
            <Text size="sm" c="teal">
              No collision here.
            </Text>
          ) : (
            <Stack gap={4}>
              {dragging.map((c, i) => (
                <Text key={i} size="sm" c={c.severity === 'block' ? 'red' : 'orange'}>
                  {c.message}
                </Text>
              ))}
            </Stack>
          )}
        </Paper>
      )}
    </Stack>
  );
}
