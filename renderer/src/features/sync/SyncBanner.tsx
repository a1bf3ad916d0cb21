/**
 * What the user must know about syncing, in words, under the header: the server cannot be
 * reached (and the app keeps working), the session expired (sign in to sync), a sync
 * failed, or the server refused changes (with its reasons).
 */
import { useState } from 'react';
import { Alert, Button, Group, List, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconCloudOff, IconLock } from '@tabler/icons-react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useWorkspace } from '../../app/workspaceContext';
import { ReauthModal } from '../auth/ReauthModal';
import { usePendingCount, useSyncStatus } from './hooks';
import { describeRecord } from './describeRecord';
import type { RejectionEntry } from '../../data/db';

export function SyncBanner() {
  const { db } = useWorkspace();
  const status = useSyncStatus();
  const pending = usePendingCount();
  const [reauth, setReauth] = useState(false);
  const rejections = useLiveQuery(() => db.rejections.where('acknowledged').equals(0).sortBy('rejectedAt'), [db], [] as RejectionEntry[]);
  const labels = useLiveQuery(() => Promise.all(rejections.map((r) => describeRecord(db, r))), [db, rejections], [] as string[]);
  const waiting = pending === 0 ? '' : pending === 1 ? ' 1 change is kept on this device and sent when it is back.' : ` ${pending} changes are kept on this device and sent when it is back.`;

  return (
    <Stack gap={0}>
      {status.state === 'offline' && status.message && (
        <Alert color="gray" radius={0} icon={<IconCloudOff size={18} />} data-testid="sync-error" py={6}>
          <Text size="sm">
            {status.message} You can keep working offline.{waiting}
          </Text>
        </Alert>
      )}
      {status.state === 'unauthorized' && (
        <Alert color="orange" radius={0} icon={<IconLock size={18} />} data-testid="sync-error" py={6}>
          <Group justify="space-between" wrap="nowrap">
            <Text size="sm">
              {status.message}
              {pending > 0 ? ` (${pending} change${pending === 1 ? '' : 's'} waiting).` : '.'}
            </Text>
            <Button size="compact-sm" color="orange" onClick={() => setReauth(true)}>
              Sign in
            </Button>
          </Group>
        </Alert>
      )}
      {status.state === 'error' && status.message && (
        <Alert color="red" radius={0} icon={<IconAlertTriangle size={18} />} data-testid="sync-error" py={6}>
          <Text size="sm">
            {status.message}
            {status.nextRetryAt ? ' FieldDesk will try again shortly.' : ''}
          </Text>
        </Alert>
      )}
      {rejections.length > 0 && (
        <Alert color="red" radius={0} icon={<IconAlertTriangle size={18} />} data-testid="sync-rejections" py={6} title="The server refused some changes">
          <List size="sm" spacing={2}>
            {rejections.map((r, i) => (
              <List.Item key={r.opId}>
                {labels[i] ?? r.recordKey}: {r.reason}
              </List.Item>
            ))}
          </List>
          <Button
            mt="xs"
            size="compact-sm"
            variant="light"
            color="red"
            onClick={() => void db.rejections.where('acknowledged').equals(0).modify({ acknowledged: 1 })}
          >
            Dismiss
          </Button>
        </Alert>
      )}
      <ReauthModal opened={reauth} onClose={() => setReauth(false)} />
    </Stack>
  );
}
