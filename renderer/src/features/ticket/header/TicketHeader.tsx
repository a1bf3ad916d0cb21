/**
 * The top of a ticket: number (provisional until the server numbers it), kind, state,
 * priority with the impact × urgency it came from, the SLA clocks, and who/where. Missing
 * linked records are named as missing, never hidden.
 */
import type { ReactNode } from 'react';
import { Anchor, Badge, Group, Paper, SimpleGrid, Stack, Text, Title, Tooltip } from '@mantine/core';
import { Link } from 'react-router';
import { IconAlertCircle } from '@tabler/icons-react';
import { format } from 'date-fns';
import { TICKET_KIND_LABELS, type Ticket } from '@fielddesk/common/domain/entities';
import { LEVEL_LABELS, priorityFor } from '@fielddesk/common/itsm/config';
import { useItsmConfig } from '../../../data/config';
import { ticketNumber } from '../../../data/display';
import { NotSyncedMarker, PriorityLabel, StatusBadge } from '../../../shared/badges';
import { SlaClocks } from '../sla/SlaClocks';
import { refName, type Ref, type TicketRelations } from '../useTicketRelations';

export function Fact({ label, value, testId, missing }: { label: string; value: ReactNode; testId?: string; missing?: boolean }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" component="div" data-testid={testId} c={missing ? 'orange' : undefined} style={{ overflowWrap: 'anywhere' }}>
        {missing && <IconAlertCircle size={13} style={{ verticalAlign: -2, marginRight: 3 }} aria-hidden="true" />}
        {value}
      </Text>
    </div>
  );
}

function RefFact<T>({
  label,
  what,
  refValue,
  name,
  none,
  testId,
  href,
}: {
  label: string;
  what: string;
  refValue: Ref<T> | undefined;
  name: (r: T) => string;
  none?: string;
  testId?: string;
  /** Where the record opens, when it is on this device. */
  href?: (r: T) => string;
}) {
  if (!refValue) return <Fact label={label} value="…" testId={testId} />;
  const text = refName(refValue, name, what, none);
  const value =
    refValue.state === 'found' && href ? (
      <Anchor component={Link} to={href(refValue.record)} size="sm" inherit>
        {text}
      </Anchor>
    ) : (
      text
    );
  return <Fact label={label} value={value} missing={refValue.state === 'missing'} testId={testId} />;
}

export function TicketHeader({ ticket, relations, pending }: { ticket: Ticket; relations: TicketRelations | undefined; pending: boolean }) {
  const config = useItsmConfig();
  const matrixPriority = priorityFor(config.priorityMatrix, ticket.impact, ticket.urgency);
  const overridden = matrixPriority !== ticket.priority;
  const catalogItem = ticket.catalogItemId ? config.catalog.find((c) => c.id === ticket.catalogItemId) : undefined;
  const location = relations ? refName(relations.location, (l) => l.name, 'Location', '') : '';
  return (
    <Stack gap="sm">
      <div>
        <Group gap="sm" align="center">
          <Text
            ff="monospace"
            c="dimmed"
            data-testid="ticket-number"
            title={ticket.number ? undefined : 'Provisional number: the server gives the real one at the next sync'}
          >
            {ticketNumber(ticket)}
          </Text>
          {!ticket.number && (
            <Badge size="xs" variant="outline" color="gray" data-testid="provisional-number">
              Provisional
            </Badge>
          )}
          <Badge size="md" variant="default" data-testid="ticket-kind">
            {TICKET_KIND_LABELS[ticket.kind]}
          </Badge>
          <StatusBadge status={ticket.status} size="md" testId="ticket-status" />
          {ticket.kind === 'problem' && ticket.knownError && (
            <Badge size="md" color="grape" variant="light" data-testid="known-error-badge">
              Known error
            </Badge>
          )}
          {pending && <NotSyncedMarker />}
        </Group>
        <Title order={1} size="h2" mt={4} data-testid="ticket-title" style={{ overflowWrap: 'anywhere' }}>
          {ticket.title}
        </Title>
      </div>
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="lg">
          <Stack gap="sm">
            <Fact
              label="Priority"
              testId="fact-priority"
              value={
                <Stack gap={0}>
                  <PriorityLabel priority={ticket.priority} />
                  <Tooltip label={overridden ? `The matrix gives P${matrixPriority}; the priority was set by hand.` : 'From the impact × urgency matrix.'}>
                    <Text size="xs" c="dimmed" data-testid="priority-basis">
                      Impact {LEVEL_LABELS[ticket.impact]} × Urgency {LEVEL_LABELS[ticket.urgency]}
                      {overridden ? ' · set by hand' : ''}
                    </Text>
                  </Tooltip>
                </Stack>
              }
            />
            {ticket.status === 'on_hold' ? (
              <Fact label="Status" value={`On hold: ${ticket.onHoldReason ?? 'no reason given'}`} testId="fact-status" />
            ) : (
              <Fact label="Opened" value={format(new Date(ticket.createdAt), 'd MMM yyyy HH:mm')} testId="fact-opened" />
            )}
          </Stack>
          <SimpleGrid cols={2} spacing="sm" verticalSpacing="sm">
            <RefFact label="Requester" what="Requester" refValue={relations?.requester} name={(p) => p.displayName} href={(p) => `/people/${p.id}`} testId="fact-requester" />
            <RefFact
              label="Assignee"
              what="Assignee"
              refValue={relations?.assignee}
              name={(p) => p.displayName}
              href={(p) => `/people/${p.id}`}
              none="Unassigned"
              testId="fact-assignee"
            />
            <RefFact label="Group" what="Group" refValue={relations?.group} name={(g) => g.name} testId="fact-group" />
            <RefFact
              label="Site / location"
              what="Site"
              refValue={relations?.site}
              name={(s) => `${s.name} (${s.code})${location ? ` · ${location}` : ''}`}
              testId="fact-site"
            />
            <Fact label="Category" value={[ticket.category, ticket.subcategory].filter(Boolean).join(' › ') || '—'} testId="fact-category" />
            {catalogItem ? (
              <Fact label="Catalog item" value={catalogItem.name} testId="fact-catalog-item" />
            ) : ticket.catalogItemId ? (
              <Fact label="Catalog item" value={`Catalog item "${ticket.catalogItemId}" not in the configuration`} missing />
            ) : null}
          </SimpleGrid>
          <SlaClocks ticket={ticket} />
        </SimpleGrid>
      </Paper>
    </Stack>
  );
}
