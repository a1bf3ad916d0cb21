/**
 * A problem's own record: root cause, workaround, the known-error flag (only with a
 * workaround: a known error is one whose workaround is documented), and its linked
 * incidents, which can be linked and unlinked here (each link is the incident's problemId).
 */
import { useState } from 'react';
import { Alert, Anchor, Button, Group, Paper, Stack, Switch, Text, Textarea, Title } from '@mantine/core';
import { IconUnlink } from '@tabler/icons-react';
import { useLiveQuery } from 'dexie-react-hooks';
import { Link } from 'react-router';
import type { Ticket } from '@fielddesk/common/domain/entities';
import { useWorkspace } from '../../../app/workspaceContext';
import { ticketNumber } from '../../../data/display';
import { StatusBadge } from '../../../shared/badges';
import type { TicketUpdate } from '../fields/useTicketUpdate';
import { TicketSearchPicker } from './TicketSearchPicker';

/** What the index looks in for this picker. */
const INCIDENTS = ['ticket'] as const;

function ProblemRecordForm({ ticket, update, readOnly }: { ticket: Ticket; update: TicketUpdate; readOnly: boolean }) {
  const [rootCause, setRootCause] = useState(ticket.rootCause ?? '');
  const [workaround, setWorkaround] = useState(ticket.workaround ?? '');
  const [localError, setLocalError] = useState<string | null>(null);
  const dirty = rootCause !== (ticket.rootCause ?? '') || workaround !== (ticket.workaround ?? '');

  async function saveText() {
    setLocalError(null);
    if (ticket.knownError && !workaround.trim()) {
      setLocalError('A known error needs a workaround: turn off "Known error" before removing the workaround.');
      return;
    }
    await update.save({ rootCause: rootCause.trim() || null, workaround: workaround.trim() || null });
  }

  async function toggleKnownError(on: boolean) {
    setLocalError(null);
    if (on && !(ticket.workaround ?? '').trim()) {
      setLocalError(dirty && workaround.trim() ? 'Save the workaround first, then mark the problem as a known error.' : 'A known error needs a workaround: write and save the workaround first.');
      return;
    }
    await update.save({ knownError: on });
  }

  return (
    <Stack gap="sm">
      <Textarea label="Root cause" placeholder="Not known yet" value={rootCause} onChange={(e) => setRootCause(e.currentTarget.value)} autosize minRows={2} maxLength={20_000} disabled={readOnly} />
      <Textarea
        label="Workaround"
        description="Shown on every incident linked to this problem."
        placeholder="What to do until the root cause is fixed"
        value={workaround}
        onChange={(e) => setWorkaround(e.currentTarget.value)}
        autosize
        minRows={2}
        maxLength={20_000}
        disabled={readOnly}
      />
      <Group justify="space-between">
        <Switch
          label="Known error"
          description="The root cause and a workaround are documented."
          checked={ticket.knownError}
          onChange={(e) => void toggleKnownError(e.currentTarget.checked)}
          disabled={readOnly}
          data-testid="known-error-switch"
        />
        <Button size="sm" onClick={() => void saveText()} disabled={!dirty || readOnly} loading={update.busy}>
          Save root cause and workaround
        </Button>
      </Group>
      {(localError ?? update.error) && (
        <Alert color="red" data-testid="problem-error">
          {localError ?? update.error}
        </Alert>
      )}
    </Stack>
  );
}

function LinkedIncidents({ problem }: { problem: Ticket }) {
  const { db, tickets, engine } = useWorkspace();
  const [error, setError] = useState<string | null>(null);
  const incidents = useLiveQuery(() => db.tickets.where('problemId').equals(problem.id).toArray(), [db, problem.id], [] as Ticket[]);

  async function setProblem(incident: Ticket, problemId: string | null) {
    setError(null);
    const result = await tickets.updateTicket(incident.id, { problemId });
    if (!result.ok) setError(`${ticketNumber(incident)}: ${result.reason}`);
    else engine.requestSync();
  }

  return (
    <Stack gap="sm">
      <Title order={3} size="h5">
        Linked incidents ({incidents.length})
      </Title>
      {incidents.length === 0 && (
        <Text size="sm" c="dimmed">
          No incidents linked yet.
        </Text>
      )}
      <Stack gap={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label="Linked incidents">
        {incidents.map((i) => (
          <Paper component="li" key={i.id} withBorder px="sm" py={6} data-testid="linked-incident">
            <Group justify="space-between" wrap="nowrap">
              <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
                <Anchor component={Link} to={`/tickets/${i.id}`} size="sm" ff="monospace">
                  {ticketNumber(i)}
                </Anchor>
                <Text size="sm" truncate>
                  {i.title}
                </Text>
                <StatusBadge status={i.status} size="xs" />
              </Group>
              <Button size="compact-xs" variant="subtle" color="red" leftSection={<IconUnlink size={12} />} onClick={() => void setProblem(i, null)}>
                Unlink
              </Button>
            </Group>
          </Paper>
        ))}
      </Stack>
      <TicketSearchPicker
        label="Link an incident"
        placeholder="Type an incident number or words of its title"
        types={INCIDENTS}
        accept={(t) => t.kind === 'incident' && t.problemId !== problem.id}
        onPick={(t) => void setProblem(t, problem.id)}
        testId="link-incident-search"
      />
      {error && (
        <Alert color="red" data-testid="link-incident-error">
          {error}
        </Alert>
      )}
    </Stack>
  );
}

export function ProblemSection({ ticket, update, readOnly }: { ticket: Ticket; update: TicketUpdate; readOnly: boolean }) {
  return (
    <Stack gap="md" data-testid="problem-section">
      <Title order={2} size="h4">
        Problem record
      </Title>
      {/* Keyed by the stored text, so a change from sync replaces an untouched form. */}
      <ProblemRecordForm key={`${ticket.rootCause ?? ''}\u0000${ticket.workaround ?? ''}`} ticket={ticket} update={update} readOnly={readOnly} />
      <LinkedIncidents problem={ticket} />
    </Stack>
  );
}
