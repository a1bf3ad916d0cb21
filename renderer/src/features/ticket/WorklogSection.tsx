/** A ticket's worklogs (newest last) and the form to add one. Bodies are shown as text. */
import { useState, type FormEvent } from 'react';
import { Alert, Button, Group, NumberInput, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useLiveQuery } from 'dexie-react-hooks';
import { format } from 'date-fns';
import type { Person, Worklog } from '@fielddesk/common/domain/entities';
import { useWorkspace } from '../../app/workspaceContext';
import { recordKey } from '../../data/db';
import { usePendingKeys } from '../sync/hooks';
import { NotSyncedMarker } from './badges';

export function WorklogSection({ ticketId }: { ticketId: string }) {
  const { db, tickets, engine } = useWorkspace();
  const worklogs = useLiveQuery(() => db.worklogs.where('ticketId').equals(ticketId).sortBy('createdAt'), [db, ticketId], [] as Worklog[]);
  const authors = useLiveQuery(
    () => db.persons.bulkGet([...new Set(worklogs.map((w) => w.authorId))]),
    [db, worklogs],
    [] as (Person | undefined)[],
  );
  const pending = usePendingKeys();
  const nameOf = (id: string) => authors.find((p) => p?.id === id)?.displayName ?? 'Unknown person';

  const [body, setBody] = useState('');
  const [minutes, setMinutes] = useState<string | number>('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const mins = minutes === '' ? 0 : Number(minutes);
    setBusy(true);
    try {
      const result = await tickets.addWorklog(ticketId, body, mins);
      if (!result.ok) {
        setError(result.reason);
        return;
      }
      setBody('');
      setMinutes('');
      notifications.show({ color: 'teal', message: 'Worklog added.' });
      engine.requestSync();
    } catch (e) {
      setError(`The worklog could not be saved on this device: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Stack gap="sm">
      <Title order={2} size="h4">
        Worklog
      </Title>
      {worklogs.length === 0 && (
        <Text size="sm" c="dimmed">
          No work logged yet.
        </Text>
      )}
      <Stack gap="xs" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label="Logged work">
        {worklogs.map((w) => (
          <Paper key={w.id} component="li" withBorder p="sm" data-testid="worklog-entry">
            <Group justify="space-between" gap="xs" mb={4}>
              <Group gap="xs">
                <Text size="sm" fw={600}>
                  {nameOf(w.authorId)}
                </Text>
                <Text size="xs" c="dimmed" title={w.createdAt}>
                  {format(new Date(w.createdAt), 'd MMM yyyy HH:mm')}
                </Text>
                {pending.records.has(recordKey('worklog', w.id)) && <NotSyncedMarker />}
              </Group>
              <Text size="xs" c="dimmed">
                {w.minutes} min
              </Text>
            </Group>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              {w.body}
            </Text>
          </Paper>
        ))}
      </Stack>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Textarea label="Worklog" placeholder="What did you do?" value={body} onChange={(e) => setBody(e.currentTarget.value)} autosize minRows={3} maxLength={20_000} />
          <Group align="flex-end" justify="space-between">
            <NumberInput label="Time spent (minutes)" value={minutes} onChange={setMinutes} min={0} max={1440} allowDecimal={false} allowNegative={false} w={200} />
            <Button type="submit" loading={busy}>
              Add worklog
            </Button>
          </Group>
          {error && (
            <Alert color="red" data-testid="worklog-error">
              {error}
            </Alert>
          )}
        </Stack>
      </form>
    </Stack>
  );
}
