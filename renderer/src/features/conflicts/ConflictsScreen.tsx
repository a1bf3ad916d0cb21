/**
 * "Sync conflicts": every field this device and the server changed differently. For each,
 * both values as plain text, and three choices: keep mine (sent again on top of the
 * server's record), take the server's (closed, nothing sent), or edit (send an edited
 * value). A choice syncs like any other change.
 */
import { useState } from 'react';
import { Alert, Anchor, Button, Group, NativeSelect, Paper, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import { useLiveQuery } from 'dexie-react-hooks';
import { Link } from 'react-router';
import type { Group as GroupRecord, Location, Person } from '@fielddesk/common/domain/entities';
import { STATUS_LABELS, TICKET_STATUSES } from '@fielddesk/common/itsm/lifecycle';
import { useWorkspace } from '../../app/workspaceContext';
import { PRIORITY_LABELS } from '../../shared/badges';
import { describeValue, fieldLabel, LONG_TEXT_FIELDS, SELECT_FIELDS, type NameLookup } from './conflictValues';
import { useOpenConflicts, type OpenConflict } from './useOpenConflicts';
import type { ConflictResult } from '../../data/repositories/conflicts';

interface Directory {
  names: NameLookup;
  persons: Person[];
  groups: GroupRecord[];
  locations: Location[];
}

function useDirectory(): Directory {
  const { db } = useWorkspace();
  return useLiveQuery(
    async () => {
      const [persons, groups, locations] = await Promise.all([db.persons.toArray(), db.groups.toArray(), db.locations.toArray()]);
      const p = new Map(persons.map((x) => [x.id, x.displayName]));
      const g = new Map(groups.map((x) => [x.id, x.name]));
      const l = new Map(locations.map((x) => [x.id, x.name]));
      return { persons, groups, locations, names: { person: (id: string) => p.get(id), group: (id: string) => g.get(id), location: (id: string) => l.get(id) } };
    },
    [db],
    { persons: [], groups: [], locations: [], names: { person: () => undefined, group: () => undefined, location: () => undefined } },
  );
}

export function ConflictsScreen() {
  const conflicts = useOpenConflicts();
  const directory = useDirectory();

  return (
    <Stack gap="md" maw={1000}>
      <Title order={1} size="h2">
        Sync conflicts
      </Title>
      <Text size="sm" c="dimmed">
        A colleague changed these fields on the server while you changed them on this device. The server&apos;s value is shown in the app until you decide.
      </Text>
      {conflicts === undefined && <Text c="dimmed">Loading…</Text>}
      {conflicts?.length === 0 && (
        <Alert color="teal" icon={<IconCheck size={18} />} data-testid="no-conflicts">
          No open conflicts: everything on this device agrees with the server.
        </Alert>
      )}
      {conflicts?.map((c) => <ConflictCard key={c.conflict.id} item={c} directory={directory} />)}
    </Stack>
  );
}

function ConflictCard({ item, directory }: { item: OpenConflict; directory: Directory }) {
  const { conflicts, engine } = useWorkspace();
  const { conflict } = item;
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const label = fieldLabel(conflict.field);

  async function run(action: () => Promise<ConflictResult>) {
    setBusy(true);
    setError(null);
    try {
      const result = await action();
      if (!result.ok) setError(result.reason);
      else if (result.opId) engine.requestSync();
    } catch (e) {
      setError(`Could not save your choice on this device: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Paper withBorder p="md" data-testid="conflict-row" aria-label={`Conflict: ${item.number ?? 'record'} ${label}`} component="section">
      <Group justify="space-between" align="baseline" mb="xs">
        <Text fw={600} data-testid="conflict-record" style={{ overflowWrap: 'anywhere' }}>
          {item.number ? (
            <Anchor component={Link} to={`/tickets/${conflict.recordId}`}>
              <Text span ff="monospace">
                {item.number}
              </Text>{' '}
              {item.title}
            </Anchor>
          ) : (
            'A record that is no longer on this device'
          )}
        </Text>
        <Text size="sm" c="dimmed" data-testid="conflict-field">
          {label}
        </Text>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <div>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            Your value
          </Text>
          <Text size="sm" data-testid="conflict-local" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {describeValue(conflict.field, conflict.local, directory.names)}
          </Text>
        </div>
        <div>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            Server value
          </Text>
          <Text size="sm" data-testid="conflict-server" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {describeValue(conflict.field, item.serverValue, directory.names)}
          </Text>
        </div>
      </SimpleGrid>
      {editing ? (
        <ConflictEditor
          field={conflict.field}
          label={label}
          initial={conflict.local}
          directory={directory}
          busy={busy}
          onCancel={() => setEditing(false)}
          onSave={(value) => void run(() => conflicts.saveEdited(conflict.id, value))}
        />
      ) : (
        <Group mt="sm" gap="xs">
          <Button size="compact-sm" onClick={() => void run(() => conflicts.keepMine(conflict.id))} loading={busy}>
            Keep mine
          </Button>
          <Button size="compact-sm" variant="default" onClick={() => void run(() => conflicts.takeServer(conflict.id))} disabled={busy}>
            Take server&apos;s
          </Button>
          <Button size="compact-sm" variant="subtle" onClick={() => setEditing(true)} disabled={busy}>
            Edit
          </Button>
        </Group>
      )}
      {error && (
        <Alert color="red" mt="sm" data-testid="conflict-error">
          {error}
        </Alert>
      )}
    </Paper>
  );
}

function toText(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

function ConflictEditor(props: {
  field: string;
  label: string;
  initial: unknown;
  directory: Directory;
  busy: boolean;
  onCancel(): void;
  onSave(value: unknown): void;
}) {
  const { field, label, directory } = props;
  const [value, setValue] = useState(toText(props.initial));
  let editor;
  if (SELECT_FIELDS.has(field)) {
    const options =
      field === 'status'
        ? TICKET_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))
        : field === 'priority'
          ? ([1, 2, 3, 4, 5] as const).map((p) => ({ value: String(p), label: `P${p} ${PRIORITY_LABELS[p]}` }))
          : [
              { value: '', label: field === 'assigneeId' ? 'Unassigned' : '(none)' },
              ...(field === 'assigneeId'
                ? directory.persons.filter((p) => p.role !== 'requester').map((p) => ({ value: p.id, label: p.displayName }))
                : field === 'groupId'
                  ? directory.groups.map((g) => ({ value: g.id, label: g.name }))
                  : directory.locations.map((l) => ({ value: l.id, label: l.name }))),
            ];
    editor = <NativeSelect label={label} data={options} value={value} onChange={(e) => setValue(e.currentTarget.value)} />;
  } else if (LONG_TEXT_FIELDS.has(field)) {
    editor = <Textarea label={label} value={value} onChange={(e) => setValue(e.currentTarget.value)} autosize minRows={3} />;
  } else {
    editor = <TextInput label={label} value={value} onChange={(e) => setValue(e.currentTarget.value)} />;
  }
  return (
    <Stack gap="xs" mt="sm">
      {editor}
      <Group gap="xs">
        <Button size="compact-sm" onClick={() => props.onSave(value)} loading={props.busy}>
          Save
        </Button>
        <Button size="compact-sm" variant="default" onClick={props.onCancel} disabled={props.busy}>
          Cancel
        </Button>
      </Group>
    </Stack>
  );
}
