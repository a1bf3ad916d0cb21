/**
 * The changes that affect a configuration item, on a record's screen (a CI, the asset behind a
 * CI): number, title, status and window, the scheduled ones first. Text only, no link: there is
 * no change screen yet. From the replica, so they show offline.
 */
import { Badge, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useLiveQuery } from 'dexie-react-hooks';
import { CHANGE_STATE_LABELS } from '@fielddesk/common/changes/lifecycle';
import type { ChangeRequest } from '@fielddesk/common/changes/records';
import { isScheduledChange } from '@fielddesk/common/itsm/changes';
import { useWorkspace } from '../app/workspaceContext';
import { CHANGE_STATUS_COLORS, changeLine, changesOfCis, changeWindowText } from './changes';

/** The changes on this device that affect a CI (undefined while reading; [] without a CI). */
export function useCiChanges(ciId: string | null | undefined): ChangeRequest[] | undefined {
  const { db } = useWorkspace();
  return useLiveQuery(async () => (ciId ? ((await changesOfCis(db, [ciId], Date.now())).get(ciId) ?? []) : []), [db, ciId]);
}

export function ChangeList({ title, changes, empty = 'None on this device.' }: { title: string; changes: ChangeRequest[] | undefined; empty?: string }) {
  const now = Date.now();
  return (
    <Stack gap={4} data-testid="record-changes">
      <Title order={2} size="h4">
        {title}
      </Title>
      {changes === undefined ? (
        <Loader size="xs" />
      ) : changes.length === 0 ? (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      ) : (
        <Stack gap={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {changes.map((c) => (
            <Paper component="li" key={c.id} withBorder px="sm" py={6} data-testid="record-change" data-change-id={c.id} data-scheduled={isScheduledChange(c, now) ? 'true' : undefined}>
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <Stack gap={0} miw={0}>
                  <Text size="sm" truncate>
                    {changeLine(c)}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {changeWindowText(c)}
                  </Text>
                </Stack>
                <Badge variant="light" size="sm" color={CHANGE_STATUS_COLORS[c.status]} style={{ flex: 'none' }}>
                  {CHANGE_STATE_LABELS[c.status]}
                </Badge>
              </Group>
            </Paper>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
