/**
 * The activity timeline, newest first: state changes and assignments (from the server's
 * history), worklogs (internal notes and public replies), attachments, and this ticket's
 * sync events. Every body is untrusted text and is rendered as text.
 */
import { Badge, Group, Paper, Stack, Text, Title, Tooltip, type MantineColor } from '@mantine/core';
import { IconAlertTriangle, IconCloudOff, IconCloudUpload, IconHistory, IconMessage, IconNote, IconPaperclip, IconSignature, IconX } from '@tabler/icons-react';
import { format } from 'date-fns';
import type { ReactNode } from 'react';
import { recordKey } from '../../../data/db';
import { usePendingKeys } from '../../../shared/syncHooks';
import { NotSyncedMarker } from '../../../shared/badges';
import type { TimelineItem } from './buildTimeline';
import { useTimeline } from './useTimeline';

function When({ at }: { at: string }) {
  return (
    <Text size="xs" c="dimmed" title={at} component="time" dateTime={at}>
      {format(new Date(at), 'd MMM yyyy HH:mm')}
    </Text>
  );
}

function Row({ icon, color, children, testId }: { icon: ReactNode; color: MantineColor; children: ReactNode; testId: string }) {
  return (
    <Paper component="li" withBorder p="sm" data-testid={testId} style={{ borderLeft: `3px solid var(--mantine-color-${color}-6)` }}>
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <Text c={color} mt={2} aria-hidden="true" component="span">
          {icon}
        </Text>
        <Stack gap={4} style={{ minWidth: 0, flex: 1 }}>
          {children}
        </Stack>
      </Group>
    </Paper>
  );
}

function TimelineRow({ item, pendingKeys }: { item: TimelineItem; pendingKeys: Set<string> }) {
  switch (item.type) {
    case 'event':
      return (
        <Row icon={<IconHistory size={16} />} color="gray" testId="timeline-event">
          <Group gap="xs">
            <Text size="sm" fw={600}>
              {item.actor}
            </Text>
            <When at={item.at} />
            {item.syncedLater && (
              <Tooltip label={`Made on a device without a connection; the server received it on ${format(new Date(item.event.recordedAt), 'd MMM yyyy HH:mm')}.`}>
                <Badge size="xs" variant="light" color="grape" leftSection={<IconCloudOff size={11} />} data-testid="synced-later">
                  Offline, synced later
                </Badge>
              </Tooltip>
            )}
          </Group>
          <Text size="sm">{item.text}</Text>
        </Row>
      );
    case 'worklog': {
      const isPublic = item.worklog.visibility === 'public';
      return (
        <Row icon={isPublic ? <IconMessage size={16} /> : <IconNote size={16} />} color={isPublic ? 'blue' : 'yellow'} testId="worklog-entry">
          <Group gap="xs" justify="space-between">
            <Group gap="xs">
              <Text size="sm" fw={600}>
                {item.author}
              </Text>
              <Badge size="xs" variant="light" color={isPublic ? 'blue' : 'yellow'} data-testid="worklog-visibility">
                {isPublic ? 'Public reply' : 'Internal note'}
              </Badge>
              <When at={item.at} />
              {pendingKeys.has(recordKey('worklog', item.worklog.id)) && <NotSyncedMarker />}
            </Group>
            <Text size="xs" c="dimmed">
              {item.worklog.minutes} min
            </Text>
          </Group>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {item.worklog.body}
          </Text>
        </Row>
      );
    }
    case 'attachment': {
      const isSignature = item.attachment.kind === 'signature';
      return (
        <Row icon={isSignature ? <IconSignature size={16} /> : <IconPaperclip size={16} />} color="teal" testId="timeline-attachment">
          <Group gap="xs">
            <Text size="sm" fw={600}>
              {item.author}
            </Text>
            <When at={item.at} />
            {pendingKeys.has(recordKey('attachment', item.attachment.id)) && <NotSyncedMarker />}
          </Group>
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            {isSignature ? 'Captured the requester’s sign-off signature' : `Attached ${item.attachment.kind === 'photo' ? 'photo' : 'file'} "${item.attachment.fileName}"`}
          </Text>
        </Row>
      );
    }
    case 'pending':
      return (
        <Row icon={<IconCloudUpload size={16} />} color="yellow" testId="timeline-pending">
          <Group gap="xs">
            <Badge size="xs" variant="outline" color="yellow">
              Waiting to sync
            </Badge>
            <When at={item.at} />
          </Group>
          <Text size="sm">{item.text}</Text>
        </Row>
      );
    case 'conflict':
      return (
        <Row icon={<IconAlertTriangle size={16} />} color="orange" testId="timeline-conflict">
          <Group gap="xs">
            <Badge size="xs" variant="light" color="orange">
              {item.resolved ? 'Conflict (settled)' : 'Conflict'}
            </Badge>
            <When at={item.at} />
          </Group>
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            {item.text}
          </Text>
        </Row>
      );
    case 'rejection':
      return (
        <Row icon={<IconX size={16} />} color="red" testId="timeline-rejection">
          <Group gap="xs">
            <Badge size="xs" variant="light" color="red">
              Refused by the server
            </Badge>
            <When at={item.at} />
          </Group>
          <Text size="sm">{item.text}</Text>
          <Text size="sm" c="red">
            {item.reason}
          </Text>
        </Row>
      );
  }
}

export function ActivityTimeline({ ticketId }: { ticketId: string }) {
  const items = useTimeline(ticketId);
  const pending = usePendingKeys();
  return (
    <Stack gap="sm">
      <Title order={2} size="h4">
        Activity
      </Title>
      {items?.length === 0 && (
        <Text size="sm" c="dimmed">
          No activity yet.
        </Text>
      )}
      <Stack gap="xs" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label="Activity" data-testid="timeline">
        {items?.map((item) => <TimelineRow key={item.key} item={item} pendingKeys={pending.records} />)}
      </Stack>
    </Stack>
  );
}
