/** Small shared pieces for showing tickets: status, priority, and the "Not yet synced" marker. */
import { Badge, Text, Tooltip, type MantineColor } from '@mantine/core';
import { IconCloudUpload } from '@tabler/icons-react';
import type { Priority } from '@fielddesk/common/domain/entities';
import { STATUS_LABELS, type TicketStatus } from '@fielddesk/common/itsm/lifecycle';

const STATUS_COLORS: Record<TicketStatus, MantineColor> = {
  new: 'blue',
  assigned: 'cyan',
  in_progress: 'indigo',
  on_hold: 'yellow',
  resolved: 'teal',
  closed: 'gray',
};

export function StatusBadge({ status, size = 'sm', testId }: { status: TicketStatus; size?: 'xs' | 'sm' | 'md' | 'lg'; testId?: string }) {
  return (
    <Badge color={STATUS_COLORS[status]} variant="light" size={size} data-testid={testId}>
      {STATUS_LABELS[status]}
    </Badge>
  );
}

export const PRIORITY_LABELS: Record<Priority, string> = { 1: 'Critical', 2: 'High', 3: 'Medium', 4: 'Low', 5: 'Planning' };
const PRIORITY_COLORS: Record<Priority, MantineColor> = { 1: 'red', 2: 'orange', 3: 'yellow', 4: 'gray', 5: 'gray' };

export function PriorityLabel({ priority }: { priority: Priority }) {
  return (
    <Text size="sm" c={PRIORITY_COLORS[priority]} fw={priority <= 2 ? 600 : 400} span>
      P{priority} {PRIORITY_LABELS[priority]}
    </Text>
  );
}

export function NotSyncedMarker() {
  return (
    <Tooltip label="Saved on this device; it is sent to the server at the next sync.">
      <Badge size="xs" variant="outline" color="yellow" leftSection={<IconCloudUpload size={12} />} data-testid="not-synced">
        Not yet synced
      </Badge>
    </Tooltip>
  );
}
