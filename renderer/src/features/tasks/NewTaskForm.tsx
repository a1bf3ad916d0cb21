/**
 * Creating a task: title, assignee, due date (a date in the past is refused by the
 * repository, which says why). On a ticket, the task takes the ticket's group and site.
 */
import { useState, type FormEvent, type Ref } from 'react';
import { Alert, Button, Group, Select, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useWorkspace } from '../../app/workspaceContext';
import { useIntent } from '../../app/useIntent';
import { assigneeOptions, useGroups, usePeople } from '../../shared/options';
import { localInputToIso } from './taskBuckets';

export interface NewTaskScope {
  ticketId: string | null;
  groupId: string | null;
  siteId: string | null;
}

export function NewTaskForm({ scope, titleRef, onCreated }: { scope: NewTaskScope; titleRef?: Ref<HTMLInputElement>; onCreated?: (id: string) => void }) {
  const { tasks } = useWorkspace();
  const people = usePeople();
  const groups = useGroups();
  const groupName = groups.find((g) => g.id === scope.groupId)?.name ?? null;
  const [title, setTitle] = useState('');
  const [assigneeId, setAssigneeId] = useState<string | null>(null);
  const [due, setDue] = useState('');
  const { run, error, setError, busy } = useIntent((dueAt: string | null) => tasks.createTask({ ...scope, title, assigneeId, dueAt }), 'the task');

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const dueAt = localInputToIso(due);
    if (due && !dueAt) {
      setError(`"${due}" is not a date and time; pick one with the calendar.`);
      return;
    }
    const saved = await run(dueAt);
    if (!saved) return;
    setTitle('');
    setAssigneeId(null);
    setDue('');
    notifications.show({ color: 'teal', message: 'Task created.' });
    onCreated?.(saved.id);
  }

  return (
    <form onSubmit={submit} noValidate aria-label="New task">
      <Stack gap="xs">
        <TextInput ref={titleRef} label="Task title" placeholder="What needs doing?" value={title} onChange={(e) => setTitle(e.currentTarget.value)} maxLength={300} withAsterisk />
        <Group align="flex-end" grow>
          <Select
            label="Assign task to"
            placeholder="Unassigned"
            data={assigneeOptions(people, scope.groupId, groupName)}
            value={assigneeId}
            onChange={setAssigneeId}
            searchable
            clearable
            comboboxProps={{ keepMounted: false }}
          />
          <TextInput label="Due" type="datetime-local" value={due} onChange={(e) => setDue(e.currentTarget.value)} data-testid="task-due-input" />
        </Group>
        {error && (
          <Alert color="red" data-testid="new-task-error">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button type="submit" size="sm" leftSection={<IconPlus size={14} />} loading={busy}>
            Add task
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
