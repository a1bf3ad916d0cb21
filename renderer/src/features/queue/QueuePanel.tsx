/** The side panel: the predefined queues and the user's saved filters, each with its count. */
import { ActionIcon, Badge, Button, Divider, Group, Menu, NavLink, ScrollArea, Stack, Text, Tooltip } from '@mantine/core';
import { IconDots, IconFilterPlus, IconAlertTriangle } from '@tabler/icons-react';
import { PREDEFINED_QUEUES } from './engine/queues';
import type { SavedFilter } from './useQueueData';
import classes from './QueueScreen.module.css';

interface Props {
  current: string;
  counts: Map<string, number> | undefined;
  saved: readonly SavedFilter[] | undefined;
  onOpen(queue: string): void;
  onNewFilter(): void;
  onEditFilter(filter: SavedFilter): void;
  onRenameFilter(filter: SavedFilter): void;
  onDeleteFilter(filter: SavedFilter): void;
}

function Count({ value }: { value: number | undefined }) {
  return (
    <Badge size="sm" variant="light" color="gray" className={classes.count}>
      {value === undefined ? '…' : value.toLocaleString()}
    </Badge>
  );
}

export function QueuePanel({ current, counts, saved, onOpen, onNewFilter, onEditFilter, onRenameFilter, onDeleteFilter }: Props) {
  return (
    <nav aria-label="Queues" data-testid="queue-panel">
      <Stack gap={2}>
        <Text size="xs" tt="uppercase" fw={700} c="dimmed" px="sm" pb={4}>
          Queues
        </Text>
        {PREDEFINED_QUEUES.map((q) => (
          <NavLink
            key={q.id}
            label={q.label}
            title={q.description}
            active={current === q.id}
            onClick={() => onOpen(q.id)}
            rightSection={<Count value={counts?.get(q.id)} />}
            data-testid={`queue-${q.id}`}
            aria-current={current === q.id ? 'page' : undefined}
          />
        ))}
        <Divider my="xs" />
        <Group justify="space-between" px="sm" pb={4}>
          <Text size="xs" tt="uppercase" fw={700} c="dimmed">
            Saved filters
          </Text>
          <Tooltip label="New filter">
            <ActionIcon variant="subtle" size="sm" aria-label="New filter" onClick={onNewFilter}>
              <IconFilterPlus size={16} />
            </ActionIcon>
          </Tooltip>
        </Group>
        <ScrollArea.Autosize mah={320}>
          {saved?.length === 0 && (
            <Stack gap={6} px="sm">
              <Text size="xs" c="dimmed">
                Save a filter to keep it here, on this device.
              </Text>
              <Button size="compact-xs" variant="light" leftSection={<IconFilterPlus size={14} />} onClick={onNewFilter}>
                New filter
              </Button>
            </Stack>
          )}
          {saved?.map((f) => (
            <NavLink
              key={f.id}
              label={f.name}
              active={current === f.queue}
              onClick={() => onOpen(f.queue)}
              data-testid="saved-filter"
              aria-current={current === f.queue ? 'page' : undefined}
              leftSection={
                f.error ? (
                  <Tooltip label={f.error} multiline w={260}>
                    <IconAlertTriangle size={14} color="var(--mantine-color-orange-6)" aria-label="This filter cannot be used" />
                  </Tooltip>
                ) : undefined
              }
              rightSection={
                <Group gap={4} wrap="nowrap">
                  {!f.error && <Count value={counts?.get(f.queue)} />}
                  <Menu position="bottom-end" withinPortal>
                    <Menu.Target>
                      <ActionIcon variant="subtle" size="sm" aria-label={`Actions for ${f.name}`} onClick={(e) => e.stopPropagation()}>
                        <IconDots size={14} />
                      </ActionIcon>
                    </Menu.Target>
                    <Menu.Dropdown onClick={(e) => e.stopPropagation()}>
                      <Menu.Item onClick={() => onEditFilter(f)}>Edit conditions</Menu.Item>
                      <Menu.Item onClick={() => onRenameFilter(f)}>Rename</Menu.Item>
                      <Menu.Item color="red" onClick={() => onDeleteFilter(f)}>
                        Delete
                      </Menu.Item>
                    </Menu.Dropdown>
                  </Menu>
                </Group>
              }
            />
          ))}
        </ScrollArea.Autosize>
      </Stack>
    </nav>
  );
}
