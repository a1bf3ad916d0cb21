/**
 * One task: number, title, state, due date (overdue in red), assignee, and the actions a
 * technician needs in the field: start, mark done, reopen, reassign. Title and description
 * are untrusted text, rendered as text.
 */
import { Alert, Badge, Button, Group, Paper, Select, Stack, Text, type MantineColor } from '@mantine/core';
import { IconCheck, IconPlayerPlay, IconRotateClockwise } from '@tabler/icons-react';
import { format } from 'date-fns';
import { useEffect, useRef, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import type { Task } from '@fielddesk/common/domain/entities';
import { TASK_STATUS_LABELS } from '@fielddesk/common/itsm/lifecycle';
import { recordKey } from '../../data/db';
import { taskNumber } from '../../data/display';
import { usePendingKeys } from '../../shared/syncHooks';
import { NotSyncedMarker } from '../../shared/badges';
import { assigneeOptions, useGroups, usePeople } from '../../shared/options';
import { useTaskUpdate } from './useTaskActions';

const STATUS_COLORS: Record<Task['status'], MantineColor> = { open: 'blue', in_progress: 'indigo', done: 'teal', cancelled: 'gray' };

export function TaskStatusBadge({ status }: { status: Task['status'] }) {
  return (
    <Badge size="sm" variant="light" color={STATUS_COLORS[status]} data-testid="task-status">
      {TASK_STATUS_LABELS[status]}
    </Badge>
  );
}

export function DueText({ dueAt, done, now }: { dueAt: string | null; done: boolean; now: number }) {
  if (!dueAt) return null;
  const overdue = !done && Date.parse(dueAt) < now;
  return (
    <Text size="xs" c={overdue ? 'red' : 'dimmed'} fw={overdue ? 600 : 400} data-testid="task-due" title={dueAt}>
      {overdue ? 'Overdue · ' : 'Due '}
      {format(new Date(dueAt), 'd MMM yyyy HH:mm')}
    </Text>
  );
}

/**
 * `selected`/`onSelect`: the keyboard cursor of My Tasks (a click moves it here). A task named
 * by the address (`?task=<id>`, where a search result leads) is scrolled to and highlighted.
 */
export function TaskItem({ task, now, context, selected, onSelect }: { task: Task; now: number; context?: ReactNode; selected?: boolean; onSelect?: () => void }) {
  const people = usePeople();
  const groups = useGroups();
  const pending = usePendingKeys();
  const { save, error, busy } = useTaskUpdate(task.id);
  const done = task.status === 'done' || task.status === 'cancelled';
  const groupName = groups.find((g) => g.id === task.groupId)?.name ?? null;
  const assigneeKnown = !task.assigneeId || people.some((p) => p.id === task.assigneeId);
  const [params] = useSearchParams();
  const linked = params.get('task') === task.id;
  const ref = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (linked) ref.current?.scrollIntoView?.({ block: 'center' });
  }, [linked]);

  return (
    <Paper
      component="li"
      ref={ref}
      withBorder
      p="sm"
      data-testid="task-item"
      data-task-id={task.id}
      aria-current={selected || linked ? 'true' : undefined}
      data-linked={linked || undefined}
      onClick={onSelect}
      bg={selected || linked ? 'var(--mantine-primary-color-light)' : undefined}
    >
      <Group justify="space-between" wrap="nowrap" align="flex-start" gap="sm">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Group gap="xs">
            <Text size="xs" ff="monospace" c="dimmed" data-testid="task-number">
              {taskNumber(task)}
            </Text>
            <TaskStatusBadge status={task.status} />
            {pending.records.has(recordKey('task', task.id)) && <NotSyncedMarker />}
          </Group>
          <Text size="sm" fw={600} td={done ? 'line-through' : undefined} data-testid="task-title" style={{ overflowWrap: 'anywhere' }}>
            {task.title}
          </Text>
          {context}
          <DueText dueAt={task.dueAt} done={done} now={now} />
          {error && (
            <Alert color="red" p="xs" data-testid="task-error">
              {error}
            </Alert>
          )}
        </Stack>
        <Stack gap={6} align="flex-end" style={{ flexShrink: 0 }}>
          <Group gap={6} wrap="nowrap">
            {task.status === 'open' && (
              <Button size="compact-xs" variant="default" leftSection={<IconPlayerPlay size={12} />} onClick={() => void save({ status: 'in_progress' })} loading={busy}>
                Start
              </Button>
            )}
            {!done && (
              <Button size="compact-xs" color="teal" leftSection={<IconCheck size={12} />} onClick={() => void save({ status: 'done' })} loading={busy}>
                Mark done
              </Button>
            )}
            {done && (
              <Button size="compact-xs" variant="default" leftSection={<IconRotateClockwise size={12} />} onClick={() => void save({ status: 'open' })} loading={busy}>
                Reopen
              </Button>
            )}
          </Group>
          {!done && (
            <Select
              size="xs"
              w={180}
              aria-label={`Task assignee (${task.title})`}
              placeholder={assigneeKnown ? 'Unassigned' : 'Assignee not on this device'}
              data={assigneeOptions(people, task.groupId, groupName)}
              value={assigneeKnown ? task.assigneeId : null}
              onChange={(v) => void save({ assigneeId: v })}
              searchable
              clearable
              comboboxProps={{ keepMounted: false }}
            />
          )}
        </Stack>
      </Group>
    </Paper>
  );
}
