/**
 * A new task from Create New: optionally for a ticket (found in the local replica), else
 * standalone in the technician's group and site. After saving, its ticket opens (or My Tasks).
 */
import { useState } from 'react';
import { Anchor, Group, Stack, Text } from '@mantine/core';
import { useNavigate } from 'react-router';
import type { Ticket } from '@fielddesk/common/domain/entities';
import { useWorkspace } from '../../app/workspaceContext';
import { ticketNumber } from '../../data/display';
import { NewTaskForm } from '../tasks';
import { TicketSearchPicker } from '../ticket';

/** What the index looks in for this picker. */
const ANY_TICKET = ['ticket', 'problem'] as const;

export function TaskCreateForm() {
  const { user } = useWorkspace();
  const navigate = useNavigate();
  const [parent, setParent] = useState<Ticket | null>(null);
  const scope = parent
    ? { ticketId: parent.id, groupId: parent.groupId, siteId: parent.siteId }
    : { ticketId: null, groupId: user.groupIds[0] ?? null, siteId: user.siteId };
  return (
    <Stack gap="md">
      {parent ? (
        <Group gap="xs" data-testid="task-parent">
          <Text size="sm">For ticket</Text>
          <Text size="sm" ff="monospace">
            {ticketNumber(parent)}
          </Text>
          <Text size="sm">{parent.title}</Text>
          <Anchor component="button" type="button" size="sm" onClick={() => setParent(null)}>
            Remove
          </Anchor>
        </Group>
      ) : (
        <TicketSearchPicker
          label="Parent ticket (optional)"
          placeholder="Type a ticket number or words of its title"
          types={ANY_TICKET}
          accept={(t) => t.status !== 'closed'}
          onPick={setParent}
          testId="task-parent-search"
        />
      )}
      <NewTaskForm key={parent?.id ?? 'standalone'} scope={scope} onCreated={() => void navigate(parent ? `/tickets/${parent.id}` : '/tasks')} />
    </Stack>
  );
}
