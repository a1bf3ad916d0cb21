/**
 * The sync status in the header: Online / Offline / Syncing…, how many changes wait,
 * how many attachments wait to upload, when the last sync succeeded, and "Sync now".
 */
import { Badge, Button, Group, Loader, Text, Tooltip } from '@mantine/core';
import { IconCloud, IconCloudOff, IconRefresh, IconUpload } from '@tabler/icons-react';
import { format } from 'date-fns';
import { useWorkspace } from '../../app/workspaceContext';
import { usePendingCount, useSyncStatus } from '../../shared/syncHooks';
import type { SyncStatus } from '../../data/sync/engine';

export function connectionLabel(status: SyncStatus): 'Online' | 'Offline' | 'Syncing…' {
  if (status.state === 'syncing' || status.state === 'starting') return 'Syncing…';
  if (status.state === 'offline' || status.online === false) return 'Offline';
  return 'Online';
}

export function SyncStatusControl() {
  const { engine } = useWorkspace();
  const status = useSyncStatus();
  const pending = usePendingCount();
  const label = connectionLabel(status);
  const color = label === 'Offline' ? 'gray' : label === 'Syncing…' ? 'blue' : status.state === 'idle' ? 'teal' : 'orange';
  const last = status.lastSyncAt ? new Date(status.lastSyncAt) : null;

  return (
    <Group gap="xs" wrap="nowrap" aria-label="Sync" role="group">
      <Badge
        data-testid="sync-status"
        color={color}
        variant="light"
        leftSection={label === 'Offline' ? <IconCloudOff size={14} /> : <IconCloud size={14} />}
        role="status"
        aria-live="polite"
      >
        {label}
      </Badge>
      <Tooltip label={pending === 1 ? '1 change not yet synced' : `${pending} changes not yet synced`}>
        <Badge data-testid="pending-count" color={pending > 0 ? 'yellow' : 'gray'} variant={pending > 0 ? 'filled' : 'outline'} aria-label={`${pending} pending`}>
          {pending}
        </Badge>
      </Tooltip>
      {status.uploads && status.uploads.pending > 0 && (
        <Tooltip label={status.uploads.lastError ? `Last upload attempt failed: ${status.uploads.lastError}` : 'Attachments kept on this device until the server has them.'}>
          <Badge data-testid="upload-count" color="yellow" variant="light" leftSection={<IconUpload size={12} />}>
            {status.uploads.pending} to upload
          </Badge>
        </Tooltip>
      )}
      {/* Below a laptop's width the header has no room for it; the badge's tooltip and "Sync now" remain. */}
      <Text size="xs" c="dimmed" visibleFrom="lg" data-testid="last-sync" title={last ? format(last, 'PPpp') : undefined}>
        {last ? `Synced ${format(last, 'HH:mm')}` : 'Not synced yet'}
      </Text>
      <Button
        size="compact-sm"
        variant="default"
        // A small spinner beside the label rather than Mantine's `loading` overlay, which hides the
        // label and flickers on every background sync.
        leftSection={status.state === 'syncing' ? <Loader size={12} /> : <IconRefresh size={14} />}
        onClick={() => void (status.state === 'unauthorized' ? engine.resume() : engine.syncNow())}
        disabled={status.state === 'syncing'}
      >
        Sync now
      </Button>
    </Group>
  );
}
