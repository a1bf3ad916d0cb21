/**
 * Create New (/new, /new/:kind): an incident, a service request (a catalog item; its
 * fulfilment tasks are created with it), a problem, or a task (optionally for a ticket).
 * Saved on this device through the repositories, so it works offline; then the new record
 * opens with its provisional number until the server numbers it.
 */
import { useNavigate, useParams } from 'react-router';
import { Group, Paper, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { CREATE_KINDS, kindFromSlug, slugOf, type CreateKind } from './createKinds';
import { TicketCreateForm } from './TicketCreateForm';
import { TaskCreateForm } from './TaskCreateForm';

export function CreateScreen() {
  const { kind: slug } = useParams();
  const navigate = useNavigate();
  const kind = kindFromSlug(slug);
  const hint = CREATE_KINDS.find((k) => k.kind === kind)?.hint;
  return (
    <Stack gap="md" maw={920}>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} size="h2">
            Create new
          </Title>
          <Text size="sm" c="dimmed">
            {hint} Saved on this device at once; it gets its number at the next sync.
          </Text>
        </div>
        <SegmentedControl
          value={kind}
          onChange={(k) => void navigate(`/new/${slugOf(k as CreateKind)}`, { replace: true })}
          data={CREATE_KINDS.map((k) => ({ value: k.kind, label: k.label }))}
          aria-label="What to create"
          data-testid="create-kind"
        />
      </Group>
      <Paper withBorder p="md">
        {kind === 'task' ? <TaskCreateForm /> : <TicketCreateForm key={kind} kind={kind} />}
      </Paper>
    </Stack>
  );
}
