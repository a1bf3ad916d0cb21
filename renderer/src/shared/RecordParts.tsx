/**
 * The parts of a record's read-only screen (an asset, a configuration item, a person): the link
 * back to where it was opened from, a labelled fact, "not on this device", and the tickets that
 * point at the record, all from the local replica so they show offline.
 */
import type { ReactNode } from 'react';
import { Anchor, Badge, Button, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { useLiveQuery } from 'dexie-react-hooks';
import { Link } from 'react-router';
import type { Ticket } from '@fielddesk/common/domain/entities';
import { STATUS_LABELS } from '@fielddesk/common/itsm/lifecycle';
import { useWorkspace } from '../app/workspaceContext';
import { ticketNumber } from '../data/display';

/** At most this many tickets are listed on a record's screen. */
export const MAX_TICKETS = 25;

export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm">{children || '—'}</Text>
    </Stack>
  );
}

/** The small link above a record's title back to its list (or the record it belongs to). */
export function BackLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <Anchor component={Link} to={to} size="sm">
      <Group gap={4} component="span">
        <IconArrowLeft size={14} aria-hidden="true" /> {children}
      </Group>
    </Anchor>
  );
}

export function NotHere({ what }: { what: string }) {
  return (
    <Stack align="flex-start">
      <Title order={1} size="h3">
        {what} not found
      </Title>
      <Text>This {what.toLowerCase()} is not on this device.</Text>
      <Button component={Link} to="/" variant="default" leftSection={<IconArrowLeft size={16} />}>
        Back to the queue
      </Button>
    </Stack>
  );
}

export function TicketList({ title, tickets }: { title: string; tickets: Ticket[] | undefined }) {
  return (
    <Stack gap={4}>
      <Title order={2} size="h4">
        {title}
      </Title>
      {tickets === undefined ? (
        <Loader size="xs" />
      ) : tickets.length === 0 ? (
        <Text size="sm" c="dimmed">
          None on this device.
        </Text>
      ) : (
        <Stack gap={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {tickets.map((t) => (
            <Paper component="li" key={t.id} withBorder px="sm" py={6} data-testid="record-ticket">
              <Group justify="space-between" wrap="nowrap">
                <Anchor component={Link} to={`/tickets/${t.id}`} size="sm" truncate>
                  {ticketNumber(t)} · {t.title}
                </Anchor>
                <Badge variant="light" size="sm">
                  {STATUS_LABELS[t.status]}
                </Badge>
              </Group>
            </Paper>
          ))}
        </Stack>
      )}
    </Stack>
  );
}

/** Tickets linked to a target (asset, CI) through ticket links. */
export function useLinkedTickets(targetId: string | undefined): Ticket[] | undefined {
  const { db } = useWorkspace();
  return useLiveQuery(async () => {
    if (!targetId) return [];
    const links = await db.ticketLinks.where('targetId').equals(targetId).limit(MAX_TICKETS).toArray();
    return (await db.tickets.bulkGet(links.map((l) => l.ticketId))).filter((t): t is Ticket => t !== undefined);
  }, [db, targetId]);
}
