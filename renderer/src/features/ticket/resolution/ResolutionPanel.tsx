/**
 * Resolving, reopening and closing. An open ticket shows the resolution form (a code from
 * the configuration and notes, both required); a resolved one shows its resolution with
 * Reopen (refused with the reason once the reopen period has passed) and Close; a closed one
 * shows how it ended. Every refusal is the repository's reason, shown as is.
 */
import { useState, type FormEvent, type ReactNode, type Ref } from 'react';
import { Alert, Button, Group, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconLock, IconRotateClockwise } from '@tabler/icons-react';
import { format } from 'date-fns';
import type { Ticket } from '@fielddesk/common/domain/entities';
import { STATUS_LABELS, type TicketStatus } from '@fielddesk/common/itsm/lifecycle';
import { useWorkspace } from '../../../app/workspaceContext';
import { useIntent } from '../../../app/useIntent';
import { useItsmConfig } from '../../../data/config';
import type { StatusDetails } from '../../../data/repositories/tickets';

function useStatusChange(ticketId: string) {
  const { tickets } = useWorkspace();
  const { run, error, setError, busy } = useIntent((to: TicketStatus, details?: StatusDetails) => tickets.changeTicketStatus(ticketId, to, details));
  async function change(to: TicketStatus, details?: StatusDetails): Promise<boolean> {
    if (!(await run(to, details))) return false;
    notifications.show({ color: 'teal', message: `Status changed to "${STATUS_LABELS[to]}".` });
    return true;
  }
  return { change, error, setError, busy };
}

function ResolutionFacts({ ticket }: { ticket: Ticket }) {
  return (
    <Stack gap={4} data-testid="resolution-facts">
      <Text size="sm">
        <Text span fw={600}>
          {ticket.resolutionCode ?? 'No resolution code'}
        </Text>
        {ticket.resolvedAt && (
          <Text span c="dimmed" size="xs">
            {' '}
            · resolved {format(new Date(ticket.resolvedAt), 'd MMM yyyy HH:mm')}
          </Text>
        )}
        {ticket.closedAt && (
          <Text span c="dimmed" size="xs">
            {' '}
            · closed {format(new Date(ticket.closedAt), 'd MMM yyyy HH:mm')}
          </Text>
        )}
      </Text>
      <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="resolution-notes">
        {ticket.resolutionNotes ?? ''}
      </Text>
    </Stack>
  );
}

function ResolveForm({ ticket, notesRef }: { ticket: Ticket; notesRef?: Ref<HTMLTextAreaElement> }) {
  const config = useItsmConfig();
  const { change, error, setError, busy } = useStatusChange(ticket.id);
  const [code, setCode] = useState<string | null>(null);
  const [notes, setNotes] = useState('');

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!code) {
      setError('Choose a resolution code.');
      return;
    }
    if (await change('resolved', { resolutionCode: code, resolutionNotes: notes })) {
      setCode(null);
      setNotes('');
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Resolve">
      <Stack gap="sm">
        <Select
          label="Resolution code"
          placeholder="How was it resolved?"
          data={config.resolutionCodes}
          value={code}
          onChange={(v) => {
            setCode(v);
            setError(null);
          }}
          withAsterisk
          comboboxProps={{ keepMounted: false }}
        />
        <Textarea
          ref={notesRef}
          label="Resolution notes"
          placeholder="What was wrong and what fixed it"
          value={notes}
          onChange={(e) => setNotes(e.currentTarget.value)}
          autosize
          minRows={3}
          maxLength={20_000}
          withAsterisk
        />
        {error && (
          <Alert color="red" data-testid="resolution-error">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button type="submit" color="teal" leftSection={<IconCheck size={16} />} loading={busy}>
            Resolve
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function ResolvedActions({ ticket, after }: { ticket: Ticket; after?: ReactNode }) {
  const config = useItsmConfig();
  const { change, error, busy } = useStatusChange(ticket.id);
  // Reopening puts the ticket back in progress with its assignee (the lifecycle needs one).
  const reopenTo: TicketStatus = 'in_progress';
  return (
    <Stack gap="sm">
      <ResolutionFacts ticket={ticket} />
      <Text size="xs" c="dimmed">
        A resolved ticket can be reopened within {config.reopenPeriodDays === 1 ? '1 day' : `${config.reopenPeriodDays} days`} of being resolved.
      </Text>
      {error && (
        <Alert color="red" data-testid="resolution-error">
          {error}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" leftSection={<IconRotateClockwise size={16} />} onClick={() => void change(reopenTo)} loading={busy}>
          Reopen
        </Button>
        <Button color="gray" leftSection={<IconLock size={16} />} onClick={() => void change('closed')} loading={busy}>
          Close
        </Button>
      </Group>
      {after}
    </Stack>
  );
}

/** `afterResolution`: shown under a resolved or closed ticket's resolution (e.g. "create an article from it"). */
export function ResolutionPanel({ ticket, notesRef, afterResolution }: { ticket: Ticket; notesRef?: Ref<HTMLTextAreaElement>; afterResolution?: ReactNode }) {
  const title = ticket.status === 'closed' ? 'Closed' : ticket.status === 'resolved' ? 'Resolution' : 'Resolve';
  return (
    <Stack gap="sm" data-testid="resolution-panel">
      <Title order={2} size="h4">
        {title}
      </Title>
      {ticket.status === 'closed' ? (
        <>
          <ResolutionFacts ticket={ticket} />
          {afterResolution}
        </>
      ) : ticket.status === 'resolved' ? (
        <ResolvedActions ticket={ticket} after={afterResolution} />
      ) : (
        <ResolveForm ticket={ticket} notesRef={notesRef} />
      )}
    </Stack>
  );
}
