/**
 * Moving an open ticket between its working states (new, assigned, in progress, on hold):
 * only the next states the lifecycle allows are offered, with the reason "on hold" needs.
 * Resolving, reopening and closing have their own panel (resolution/ResolutionPanel.tsx).
 * A refused change shows its reason and writes nothing.
 */
import { useState, type FormEvent } from 'react';
import { Alert, Button, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Ticket } from '@fielddesk/common/domain/entities';
import { allowedTransitions, STATUS_LABELS, type TicketStatus } from '@fielddesk/common/itsm/lifecycle';
import { useWorkspace } from '../../app/workspaceContext';
import { useIntent } from '../../app/useIntent';

export function StatusChangeForm({ ticket }: { ticket: Ticket }) {
  const { tickets } = useWorkspace();
  const next: readonly TicketStatus[] = allowedTransitions(ticket.status).filter((s) => s !== 'resolved' && s !== 'closed');
  const [to, setTo] = useState<TicketStatus | ''>('');
  const [onHoldReason, setOnHoldReason] = useState('');
  const { run, error, setError, busy } = useIntent((status: TicketStatus, reason: string) => tickets.changeTicketStatus(ticket.id, status, { onHoldReason: reason }));

  // The chosen state may no longer be allowed after the ticket changed (sync, another tab).
  const chosen = to && next.includes(to) ? to : '';

  if (next.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="status-final">
        {ticket.status === 'closed' ? 'A closed ticket cannot change status.' : 'Use the resolution panel to reopen or close this ticket.'}
      </Text>
    );
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (!chosen) {
      setError('Choose the new status first.');
      return;
    }
    if (!(await run(chosen, onHoldReason))) return;
    notifications.show({ color: 'teal', message: `Status changed to "${STATUS_LABELS[chosen]}".` });
    setTo('');
    setOnHoldReason('');
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Select
          label="Status"
          placeholder={`Now "${STATUS_LABELS[ticket.status]}": choose the next status`}
          value={chosen || null}
          onChange={(value) => {
            setTo((value ?? '') as TicketStatus | '');
            setError(null);
          }}
          data={next.map((s) => ({ value: s, label: STATUS_LABELS[s] }))}
          allowDeselect={false}
          checkIconPosition="right"
          // Unmount the closed dropdown: its listbox is labelled "Status" too, and two
          // elements answering to that label would make getByLabel('Status') ambiguous.
          comboboxProps={{ keepMounted: false }}
        />
        {chosen === 'on_hold' && (
          <TextInput label="On hold reason" value={onHoldReason} onChange={(e) => setOnHoldReason(e.currentTarget.value)} maxLength={500} withAsterisk />
        )}
        {error && (
          <Alert color="red" data-testid="status-error">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button type="submit" loading={busy}>
            Change status
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
