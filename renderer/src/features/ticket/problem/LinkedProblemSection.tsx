/**
 * An incident's linked problem: pick or change it, unlink it. When the problem is a known
 * error, its workaround is shown prominently at the top of the incident (`KnownErrorBanner`),
 * so the technician can apply it at once.
 */
import { useState } from 'react';
import { Alert, Anchor, Badge, Button, Group, Stack, Text, Title } from '@mantine/core';
import { IconBulb, IconUnlink } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { Ticket } from '@fielddesk/common/domain/entities';
import { ticketNumber } from '../../../data/display';
import { StatusBadge } from '../../../shared/badges';
import type { TicketUpdate } from '../fields/useTicketUpdate';
import { missingText, type Ref } from '../useTicketRelations';
import { TicketSearchPicker } from './TicketSearchPicker';

/** What the index looks in for this picker. */
const PROBLEMS = ['problem'] as const;

export function KnownErrorBanner({ problem }: { problem: Ticket }) {
  if (!problem.knownError || !problem.workaround) return null;
  return (
    <Alert color="grape" variant="light" icon={<IconBulb size={18} />} title={`Known error ${ticketNumber(problem)}: workaround`} data-testid="known-error-workaround">
      <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {problem.workaround}
      </Text>
    </Alert>
  );
}

export function LinkedProblemSection({ ticket, problem, update, readOnly }: { ticket: Ticket; problem: Ref<Ticket> | undefined; update: TicketUpdate; readOnly: boolean }) {
  const [picking, setPicking] = useState(false);
  return (
    <Stack gap="sm" data-testid="linked-problem-section">
      <Title order={2} size="h4">
        Linked problem
      </Title>
      {problem?.state === 'found' && (
        <Group justify="space-between" wrap="nowrap" data-testid="linked-problem">
          <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
            <Anchor component={Link} to={`/tickets/${problem.record.id}`} size="sm" ff="monospace">
              {ticketNumber(problem.record)}
            </Anchor>
            <Text size="sm" truncate>
              {problem.record.title}
            </Text>
            <StatusBadge status={problem.record.status} size="xs" />
            {problem.record.knownError && (
              <Badge size="xs" color="grape" variant="light">
                Known error
              </Badge>
            )}
          </Group>
        </Group>
      )}
      {problem?.state === 'missing' && (
        <Text size="sm" c="orange" data-testid="linked-problem-missing">
          {missingText('Linked problem')}
        </Text>
      )}
      {problem?.state === 'none' && !picking && (
        <Text size="sm" c="dimmed">
          Not linked to a problem.
        </Text>
      )}
      {!readOnly && (
        <Group gap="xs">
          {!picking && (
            <Button size="compact-sm" variant="default" onClick={() => setPicking(true)}>
              {ticket.problemId ? 'Change problem' : 'Link to a problem'}
            </Button>
          )}
          {ticket.problemId && (
            <Button size="compact-sm" variant="subtle" color="red" leftSection={<IconUnlink size={12} />} onClick={() => void update.save({ problemId: null })}>
              Unlink
            </Button>
          )}
        </Group>
      )}
      {picking && (
        <TicketSearchPicker
          label="Problem"
          placeholder="Type a problem number or words of its title"
          types={PROBLEMS}
          accept={(t) => t.kind === 'problem' && t.id !== ticket.problemId}
          onPick={(t) => {
            setPicking(false);
            void update.save({ problemId: t.id });
          }}
          testId="problem-search"
        />
      )}
    </Stack>
  );
}
