/** The keyboard shortcuts of the ticket detail, in a popover opened by `?` or its button. */
import { ActionIcon, Group, Kbd, Popover, Stack, Text, Tooltip } from '@mantine/core';
import { IconKeyboard } from '@tabler/icons-react';

export const TICKET_SHORTCUTS: ReadonlyArray<{ keys: string[]; what: string }> = [
  { keys: ['a'], what: 'Assign to me' },
  { keys: ['w'], what: 'Write in the worklog' },
  { keys: ['r'], what: 'Resolve (go to the resolution form)' },
  { keys: ['t'], what: 'New task' },
  { keys: ['s'], what: 'On-site sign-off' },
  { keys: ['n'], what: 'Create new (from anywhere)' },
  { keys: ['Esc'], what: 'Back to the queue' },
  { keys: ['?'], what: 'Show or hide this help' },
];

export function ShortcutsHelp({ opened, onChange }: { opened: boolean; onChange: (opened: boolean) => void }) {
  return (
    <Popover opened={opened} onChange={onChange} position="bottom-end" withArrow shadow="md" trapFocus={false}>
      <Popover.Target>
        <Tooltip label="Keyboard shortcuts (?)">
          <ActionIcon variant="subtle" aria-label="Keyboard shortcuts" onClick={() => onChange(!opened)}>
            <IconKeyboard size={18} />
          </ActionIcon>
        </Tooltip>
      </Popover.Target>
      <Popover.Dropdown data-testid="shortcuts-help">
        <Stack gap={6}>
          <Text size="sm" fw={600}>
            Keyboard shortcuts
          </Text>
          {TICKET_SHORTCUTS.map((s) => (
            <Group key={s.what} justify="space-between" gap="lg" wrap="nowrap">
              <Text size="sm">{s.what}</Text>
              <Group gap={4}>
                {s.keys.map((k) => (
                  <Kbd key={k} size="xs">
                    {k}
                  </Kbd>
                ))}
              </Group>
            </Group>
          ))}
          <Text size="xs" c="dimmed">
            Shortcuts work when no text box has the focus.
          </Text>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
