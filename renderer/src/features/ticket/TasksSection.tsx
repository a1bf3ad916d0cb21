/** A ticket's tasks (a service request's fulfilment tasks among them) and the form to add one. */
import { Badge, Group, Stack, Text, Title } from '@mantine/core';
import { useLiveQuery } from 'dexie-react-hooks';
import type { Ref } from 'react';
import type { Task, Ticket } from '@fielddesk/common/domain/entities';
import { useWorkspace } from '../../app/workspaceContext';
import { NewTaskForm, TaskItem } from '../tasks';
import { useNow } from '../../shared/useNow';

export function TasksSection({ ticket, titleRef }: { ticket: Ticket; titleRef?: Ref<HTMLInputElement> }) {
  const { db } = useWorkspace();
  const now = useNow(60_000);
  const tasks = useLiveQuery(() => db.tasks.where('ticketId').equals(ticket.id).sortBy('createdAt'), [db, ticket.id], [] as Task[]);
  const open = tasks.filter((t) => t.status === 'open' || t.status === 'in_progress').length;
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2} size="h4">
          Tasks
        </Title>
        {tasks.length > 0 && (
          <Badge variant="light" color={open ? 'blue' : 'teal'} data-testid="tasks-summary">
            {open ? `${open} open of ${tasks.length}` : `All ${tasks.length} done`}
          </Badge>
        )}
      </Group>
      {tasks.length === 0 && (
        <Text size="sm" c="dimmed">
          No tasks.
        </Text>
      )}
      <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label="Tasks">
        {tasks.map((t) => (
          <TaskItem key={t.id} task={t} now={now} />
        ))}
      </Stack>
      {ticket.status !== 'closed' && <NewTaskForm scope={{ ticketId: ticket.id, groupId: ticket.groupId, siteId: ticket.siteId }} titleRef={titleRef} />}
    </Stack>
  );
}
