/**
 * My Tasks (/tasks): the signed-in technician's open tasks, overdue first, then due today,
 * later and undated, each with its ticket. Keyboard: j/k move, Enter opens the task's ticket,
 * x marks the task done. Reads the local replica only, so it works offline.
 */
import { useEffect, useMemo, useState } from 'react';
import { Anchor, Badge, Button, Collapse, Group, Kbd, Paper, Stack, Text, Title } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useLiveQuery } from 'dexie-react-hooks';
import { Link, useNavigate } from 'react-router';
import type { Task, Ticket } from '@fielddesk/common/domain/entities';
import { useWorkspace } from '../../app/workspaceContext';
import { ticketNumber } from '../../data/display';
import { useNow } from '../../shared/useNow';
import { NewTaskForm } from './NewTaskForm';
import { TaskItem } from './TaskItem';
import { BUCKET_LABELS, BUCKET_ORDER, orderTasks, type TaskBucket } from './taskBuckets';

interface MyTasks {
  tasks: Task[];
  tickets: Map<string, Ticket>;
}

function useMyTasks(): MyTasks | undefined {
  const { db, user } = useWorkspace();
  return useLiveQuery(async () => {
    const tasks = (await db.tasks.where('assigneeId').equals(user.id).toArray()).filter((t) => t.status === 'open' || t.status === 'in_progress');
    const ticketIds = [...new Set(tasks.flatMap((t) => (t.ticketId ? [t.ticketId] : [])))];
    const tickets = new Map((await db.tickets.bulkGet(ticketIds)).flatMap((t) => (t ? [[t.id, t] as const] : [])));
    return { tasks, tickets };
  }, [db, user.id]);
}

function TicketContext({ task, ticket }: { task: Task; ticket: Ticket | undefined }) {
  if (!task.ticketId) {
    return (
      <Text size="xs" c="dimmed">
        Standalone task
      </Text>
    );
  }
  if (!ticket) {
    return (
      <Text size="xs" c="orange">
        Ticket not on this device
      </Text>
    );
  }
  return (
    <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
      <Anchor component={Link} to={`/tickets/${ticket.id}`} size="xs" ff="monospace">
        {ticketNumber(ticket)}
      </Anchor>{' '}
      {ticket.title}
    </Text>
  );
}

export function MyTasksScreen() {
  const { user, tasks: repo, engine } = useWorkspace();
  const navigate = useNavigate();
  const data = useMyTasks();
  const now = useNow(60_000);
  const ordered = useMemo(() => orderTasks(data?.tasks ?? [], new Date(now)), [data, now]);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const index = Math.max(0, ordered.findIndex((o) => o.task.id === selectedId));
  const selected = ordered[index]?.task;

  useEffect(() => {
    if (!selected) return;
    document.querySelector(`[data-task-id="${selected.id}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  const move = (delta: number) => {
    const next = ordered[Math.min(ordered.length - 1, Math.max(0, index + delta))];
    if (next) setSelectedId(next.task.id);
  };
  useHotkeys([
    ['j', () => move(1)],
    ['k', () => move(-1)],
    [
      'Enter',
      () => {
        if (!selected) return;
        if (selected.ticketId) void navigate(`/tickets/${selected.ticketId}`);
        else notifications.show({ color: 'yellow', message: 'This task has no ticket to open.' });
      },
    ],
    [
      'x',
      () => {
        if (!selected) return;
        void repo.updateTask(selected.id, { status: 'done' }).then((r) => {
          if (!r.ok) notifications.show({ color: 'red', message: r.reason });
          else {
            notifications.show({ color: 'teal', message: `"${selected.title}" done.` });
            engine.requestSync();
          }
        });
      },
    ],
  ]);

  const counts = new Map<TaskBucket, number>();
  ordered.forEach((o) => counts.set(o.bucket, (counts.get(o.bucket) ?? 0) + 1));

  return (
    <Stack gap="md" maw={960}>
      <Group justify="space-between">
        <div>
          <Title order={1} size="h2">
            My tasks
          </Title>
          <Text size="sm" c="dimmed">
            Open tasks assigned to you. <Kbd size="xs">j</Kbd>/<Kbd size="xs">k</Kbd> move, <Kbd size="xs">Enter</Kbd> opens the ticket, <Kbd size="xs">x</Kbd> marks done.
          </Text>
        </div>
        <Button variant="light" leftSection={<IconPlus size={16} />} onClick={() => setAdding((a) => !a)}>
          New task
        </Button>
      </Group>
      <Collapse in={adding}>
        <Paper withBorder p="md">
          <NewTaskForm scope={{ ticketId: null, groupId: user.groupIds[0] ?? null, siteId: user.siteId }} onCreated={() => setAdding(false)} />
        </Paper>
      </Collapse>
      <Group gap="xs" data-testid="task-counts">
        {BUCKET_ORDER.map((b) => (
          <Badge key={b} variant="light" color={b === 'overdue' && counts.get(b) ? 'red' : b === 'today' && counts.get(b) ? 'orange' : 'gray'}>
            {BUCKET_LABELS[b]}: {counts.get(b) ?? 0}
          </Badge>
        ))}
      </Group>
      {data && ordered.length === 0 && (
        <Text c="dimmed" data-testid="no-tasks">
          No open tasks assigned to you.
        </Text>
      )}
      {BUCKET_ORDER.filter((b) => counts.get(b)).map((bucket) => (
        <Stack key={bucket} gap="xs" data-testid={`bucket-${bucket}`}>
          <Title order={2} size="h5" c={bucket === 'overdue' ? 'red' : undefined}>
            {BUCKET_LABELS[bucket]}
          </Title>
          <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={BUCKET_LABELS[bucket]}>
            {ordered
              .filter((o) => o.bucket === bucket)
              .map(({ task }) => (
                <TaskItem
                  key={task.id}
                  task={task}
                  now={now}
                  selected={task.id === selected?.id}
                  onSelect={() => setSelectedId(task.id)}
                  context={<TicketContext task={task} ticket={task.ticketId ? data?.tickets.get(task.ticketId) : undefined} />}
                />
              ))}
          </Stack>
        </Stack>
      ))}
    </Stack>
  );
}
