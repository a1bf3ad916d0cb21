/**
 * A ticket's SLA clocks (response and resolution), computed on this device with the same
 * function the server uses (common/itsm/sla.ts) and the synced ITSM configuration, so they
 * are right offline. Recomputed every 30 seconds while shown.
 */
import { Badge, Group, Progress, Stack, Text, Tooltip, type MantineColor } from '@mantine/core';
import { format } from 'date-fns';
import type { Ticket } from '@fielddesk/common/domain/entities';
import { computeSla, type SlaClock, type SlaState } from '@fielddesk/common/itsm/sla';
import { useItsmConfig } from '../../../data/config';
import { useNow } from '../../../shared/useNow';

const STATE_LABELS: Record<SlaState, string> = {
  ok: 'On track',
  warning: 'At risk',
  breached: 'Breached',
  met: 'Met',
  missed: 'Missed',
  paused: 'Paused',
};
const STATE_COLORS: Record<SlaState, MantineColor> = {
  ok: 'teal',
  warning: 'orange',
  breached: 'red',
  met: 'teal',
  missed: 'red',
  paused: 'gray',
};

/** Business minutes as "2 h 05 min", "45 min", "3 d 2 h" (days of 24 business hours are rare; hours read better). */
export function formatMinutes(minutes: number): string {
  const m = Math.max(0, Math.floor(minutes));
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  const rest = m % 60;
  return rest ? `${h} h ${String(rest).padStart(2, '0')} min` : `${h} h`;
}

function ClockRow({ clock }: { clock: SlaClock }) {
  const label = clock.kind === 'response' ? 'Response' : 'Resolution';
  const color = STATE_COLORS[clock.state];
  const due = clock.dueAt ? format(new Date(clock.dueAt), 'd MMM HH:mm') : null;
  const dueText = clock.stoppedAt
    ? `stopped ${format(new Date(clock.stoppedAt), 'd MMM HH:mm')}`
    : clock.paused
      ? 'paused while on hold'
      : due
        ? `${clock.state === 'breached' ? 'was due' : 'due'} ${due}`
        : '';
  return (
    <Stack gap={2} data-testid={`sla-${clock.kind}`} data-state={clock.state}>
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Group gap={6} wrap="nowrap">
          <Text size="xs" fw={600}>
            {label}
          </Text>
          <Badge size="xs" variant="light" color={color} data-testid={`sla-${clock.kind}-state`}>
            {STATE_LABELS[clock.state]}
          </Badge>
        </Group>
        <Text size="xs" c="dimmed" ta="right">
          {formatMinutes(clock.elapsedMinutes)} / {formatMinutes(clock.targetMinutes)}
        </Text>
      </Group>
      <Tooltip label={`${Math.round(clock.percent)}% of the ${label.toLowerCase()} target used (business time)`}>
        <Progress value={Math.min(100, clock.percent)} color={color} size="sm" striped={clock.paused} aria-label={`${label} SLA: ${Math.round(clock.percent)}%`} />
      </Tooltip>
      <Text size="xs" c="dimmed">
        {Math.round(clock.percent)}%{dueText ? ` · ${dueText}` : ''}
      </Text>
    </Stack>
  );
}

export function SlaClocks({ ticket }: { ticket: Ticket }) {
  const config = useItsmConfig();
  const now = useNow();
  let sla;
  try {
    sla = computeSla(ticket, config, now);
  } catch (e) {
    // Bad facts on a record (a timestamp that does not parse) must not take the screen down.
    return (
      <Text size="xs" c="red" data-testid="sla-error">
        SLA clocks unavailable: {e instanceof Error ? e.message : String(e)}
      </Text>
    );
  }
  if (!sla) {
    return (
      <Text size="xs" c="dimmed" data-testid="sla-none">
        No SLA policy for this priority.
      </Text>
    );
  }
  return (
    <Stack gap="xs" data-testid="sla-clocks" data-level={sla.level}>
      <Text size="xs" c="dimmed">
        SLA: {sla.policyName}
      </Text>
      <ClockRow clock={sla.response} />
      <ClockRow clock={sla.resolution} />
    </Stack>
  );
}
