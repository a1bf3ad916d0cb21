/**
 * What the user must know about syncing, in words, under the header: download progress,
 * the server cannot be reached (and the app keeps working), the session expired (sign in
 * to sync), a sync failed (with Retry), or the server refused changes (with its reasons).
 */
import { useState } from 'react';
import { Alert, Button, Group, List, Progress, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconCloudOff, IconLock } from '@tabler/icons-react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useWorkspace } from '../../app/workspaceContext';
import { ReauthModal } from '../auth';
import { usePendingCount, useSyncStatus } from '../../shared/syncHooks';
import { describeRecord } from './describeRecord';
import type { RejectionEntry } from '../../data/db';

export function SyncBanner() {
  const { db, engine } = useWorkspace();
  const status = useSyncStatus();
  const pending = usePendingCount();
  const [reauth, setReauth] = useState(false);
  const rejections = useLiveQuery(() => db.rejections.where('acknowledged').equals(0).sortBy('rejectedAt'), [db], [] as RejectionEntry[]);
  const labels = useLiveQuery(() => Promise.all(rejections.map((r) => describeRecord(db, r))), [db, rejections], [] as string[]);
  const waiting = pending === 0 ? '' : pending === 1 ? ' 1 change is kept on this device and sent when it is back.' : ` ${pending} changes are kept on this device and sent when it is back.`;

  return (
    <Stack gap={0}>
      {status.progress && <DownloadProgress received={status.progress.received} remaining={status.progress.remaining} />}
      {status.state === 'offline' && status.message && (
        <Alert color="gray" radius={0} icon={<IconCloudOff size={18} />} data-testid="sync-error" py={6}>
          <Group justify="space-between" wrap="nowrap">
            <Text size="sm">
              {status.message} You can keep working offline.{waiting}
            </Text>
            <Button style={{ flexShrink: 0 }} size="compact-sm" variant="default" onClick={() => void engine.syncNow()}>
              Retry
            </Button>
          </Group>
        </Alert>
      )}
      {status.state === 'unauthorized' && (
        <Alert color="orange" radius={0} icon={<IconLock size={18} />} data-testid="sync-error" py={6}>
          <Group justify="space-between" wrap="nowrap">
            <Text size="sm">
              {status.message}
              {pending > 0 ? ` (${pending} change${pending === 1 ? '' : 's'} waiting).` : '.'}
            </Text>
            <Button style={{ flexShrink: 0 }} size="compact-sm" color="orange" onClick={() => setReauth(true)}>
              Sign in
            </Button>
          </Group>
        </Alert>
      )}
      {status.state === 'error' && status.message && (
        <Alert color="red" radius={0} icon={<IconAlertTriangle size={18} />} data-testid="sync-error" py={6}>
          <Group justify="space-between" wrap="nowrap">
            <Text size="sm">
              {status.message}
              {status.nextRetryAt ? ' FieldDesk will try again shortly.' : ''}
            </Text>
            <Button style={{ flexShrink: 0 }} size="compact-sm" color="red" variant="light" onClick={() => void engine.syncNow()}>
              Retry
            </Button>
          </Group>
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

const count = new Intl.NumberFormat('en-US');

/** "Downloading 12,400 of ~100,000 records" with a bar; the total is the server's estimate. */
export function downloadLabel(received: number, remaining: number): string {
  return `Downloading ${count.format(received)} of ~${count.format(received + remaining)} records`;
}

function DownloadProgress({ received, remaining }: { received: number; remaining: number }) {
  const total = received + remaining;
  const percent = total > 0 ? Math.min(100, (received / total) * 100) : 0;
  const label = downloadLabel(received, remaining);
  return (
    <Alert color="blue" radius={0} py={6} data-testid="sync-progress">
      <Text size="sm" mb={4}>
        {label}
      </Text>
      <Progress value={percent} size="sm" aria-label={label} />
    </Alert>
  );
}
