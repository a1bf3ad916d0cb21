/**
 * One ticket: its facts, its description (untrusted text, shown as text, never as HTML),
 * the status change form, the worklog and attachments. Live from Dexie: a local change shows at once.
 */
import type { ReactNode } from 'react';
import { Anchor, Button, Divider, Grid, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { useLiveQuery } from 'dexie-react-hooks';
import { format } from 'date-fns';
import { Link, useParams } from 'react-router';
import type { Ticket } from '@fielddesk/common/domain/entities';
import { STATUS_LABELS } from '@fielddesk/common/itsm/lifecycle';
import { useWorkspace } from '../../app/workspaceContext';
import { recordKey } from '../../data/db';
import { usePendingKeys } from '../sync/hooks';
import { ticketNumber } from '../queue/filterQueue';
import { NotSyncedMarker, PriorityLabel, StatusBadge } from './badges';
import { StatusChangeForm } from './StatusChangeForm';
import { WorklogSection } from './WorklogSection';
import { AttachmentsSection } from './AttachmentsSection';

function useTicketFacts(ticket: Ticket | null | undefined) {
  const { db } = useWorkspace();
  return useLiveQuery(
    async () => {
      if (!ticket) return null;
      const [requester, assignee] = await db.persons.bulkGet([ticket.requesterId ?? '', ticket.assigneeId ?? '']);
      const group = ticket.groupId ? await db.groups.get(ticket.groupId) : undefined;
      const site = ticket.siteId ? await db.sites.get(ticket.siteId) : undefined;
      const location = ticket.locationId ? await db.locations.get(ticket.locationId) : undefined;
      return {
        requester: requester?.displayName ?? (ticket.requesterId ? 'Unknown person' : '—'),
        assignee: assignee?.displayName ?? (ticket.assigneeId ? 'Unknown person' : 'Unassigned'),
        group: group?.name ?? (ticket.groupId ? 'Unknown group' : '—'),
        site: site ? `${site.name} (${site.code})` : ticket.siteId ? 'Unknown site' : '—',
        location: location?.name ?? (ticket.locationId ? 'Unknown location' : '—'),
      };
    },
    [db, ticket],
  );
}

function Fact({ label, value, testId }: { label: string; value: ReactNode; testId?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" component="div" data-testid={testId}>
        {value}
      </Text>
    </div>
  );
}

export function TicketDetailScreen() {
  const { id = '' } = useParams();
  const { db } = useWorkspace();
  // undefined while loading, null when this device does not have the ticket.
  const ticket = useLiveQuery(async () => (await db.tickets.get(id)) ?? null, [db, id]);
  const facts = useTicketFacts(ticket);
  const pending = usePendingKeys();

  if (ticket === undefined) return <Text c="dimmed">Loading ticket…</Text>;
  if (ticket === null) {
    return (
      <Stack align="flex-start">
        <Title order={1} size="h3">
          Ticket not found
        </Title>
        <Text>This ticket is not on this device. It may belong to another group or site, or it has not been synced yet.</Text>
        <Button component={Link} to="/" variant="default" leftSection={<IconArrowLeft size={16} />}>
          Back to the queue
        </Button>
      </Stack>
    );
  }

  return (
    <Stack gap="md" maw={1200}>
      <Anchor component={Link} to="/" size="sm">
        <Group gap={4} component="span">
          <IconArrowLeft size={14} /> Queue
        </Group>
      </Anchor>
      <div>
        <Group gap="sm" align="center">
          <Text ff="monospace" c="dimmed" data-testid="ticket-number" title={ticket.number ? undefined : 'Provisional number: the server gives the real one at the next sync'}>
            {ticketNumber(ticket)}
          </Text>
          <StatusBadge status={ticket.status} size="md" testId="ticket-status" />
          {pending.records.has(recordKey('ticket', ticket.id)) && <NotSyncedMarker />}
        </Group>
        <Title order={1} size="h2" mt={4} data-testid="ticket-title" style={{ overflowWrap: 'anywhere' }}>
          {ticket.title}
        </Title>
      </div>

      <Grid gutter="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="lg">
            <Paper withBorder p="md">
              <Title order={2} size="h4" mb="xs">
                Description
              </Title>
              {ticket.description.trim() ? (
                <Text size="sm" data-testid="ticket-description" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                  {ticket.description}
                </Text>
              ) : (
                <Text size="sm" c="dimmed" data-testid="ticket-description">
                  No description.
                </Text>
              )}
              {(ticket.onHoldReason || ticket.resolutionNotes) && <Divider my="sm" />}
              {ticket.status === 'on_hold' && ticket.onHoldReason && <Fact label="On hold because" value={ticket.onHoldReason} />}
              {ticket.resolutionNotes && (
                <Fact
                  label={`Resolution${ticket.resolutionCode ? ` (${ticket.resolutionCode})` : ''}`}
                  value={<span style={{ whiteSpace: 'pre-wrap' }}>{ticket.resolutionNotes}</span>}
                />
              )}
            </Paper>
            <Paper withBorder p="md">
              <WorklogSection ticketId={ticket.id} />
            </Paper>
            <Paper withBorder p="md">
              <AttachmentsSection ticketId={ticket.id} />
            </Paper>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="lg">
            <Paper withBorder p="md">
              <SimpleGrid cols={2} spacing="sm" verticalSpacing="sm">
                <Fact label="Status" value={STATUS_LABELS[ticket.status]} testId="fact-status" />
                <Fact label="Priority" value={<PriorityLabel priority={ticket.priority} />} />
                <Fact label="Requester" value={facts?.requester ?? '…'} />
                <Fact label="Assignee" value={facts?.assignee ?? '…'} testId="fact-assignee" />
                <Fact label="Group" value={facts?.group ?? '…'} />
                <Fact label="Site" value={facts?.site ?? '…'} />
                <Fact label="Location" value={facts?.location ?? '…'} />
                <Fact label="Type" value={ticket.kind === 'incident' ? 'Incident' : 'Service request'} />
                <Fact label="Category" value={ticket.category || '—'} />
                <Fact label="Updated" value={format(new Date(ticket.updatedAt), 'd MMM yyyy HH:mm')} />
              </SimpleGrid>
            </Paper>
            <Paper withBorder p="md">
              <Title order={2} size="h4" mb="xs">
                Change status
              </Title>
              <StatusChangeForm key={`${ticket.id}:${ticket.status}`} ticket={ticket} />
            </Paper>
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
