/**
 * A list of inventory changes, grouped the way a person checks a machine: identity, hardware,
 * operating system, network, software. Software changes are many (an update day upgrades
 * dozens of packages), so they fold into counts — added, removed, upgraded — each opening its
 * list. Every line is `describeChange`'s words, rendered as text.
 */
import { useState } from 'react';
import { Badge, Group, List, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { changeGroup, describeChange, type InventoryChange } from '@fielddesk/common/inventory/diff';

export const CHANGE_GROUPS = [
  { id: 'identity', title: 'Identity' },
  { id: 'hardware', title: 'Hardware' },
  { id: 'os', title: 'Operating system' },
  { id: 'network', title: 'Network' },
  { id: 'software', title: 'Software' },
] as const;

type SoftwareKind = 'software_added' | 'software_removed' | 'software_upgraded';

const SOFTWARE_KINDS: { kind: SoftwareKind; label: (n: number) => string; color: string }[] = [
  { kind: 'software_added', label: (n) => `${n} added`, color: 'teal' },
  { kind: 'software_removed', label: (n) => `${n} removed`, color: 'red' },
  { kind: 'software_upgraded', label: (n) => `${n} upgraded or downgraded`, color: 'blue' },
];

/** How many changes of each group, e.g. "2 hardware, 14 software". */
export function summarizeChanges(changes: readonly InventoryChange[]): string {
  const counts = new Map<string, number>();
  for (const c of changes) counts.set(changeGroup(c), (counts.get(changeGroup(c)) ?? 0) + 1);
  return CHANGE_GROUPS.filter((g) => counts.has(g.id))
    .map((g) => `${counts.get(g.id)} ${g.title.toLowerCase()}`)
    .join(', ');
}

function SoftwareChanges({ changes }: { changes: InventoryChange[] }) {
  const [open, setOpen] = useState<SoftwareKind | null>(null);
  return (
    <Stack gap={4}>
      <Group gap="xs">
        {SOFTWARE_KINDS.map(({ kind, label, color }) => {
          const n = changes.filter((c) => c.kind === kind).length;
          if (n === 0) return null;
          const expanded = open === kind;
          return (
            <UnstyledButton key={kind} onClick={() => setOpen(expanded ? null : kind)} aria-expanded={expanded} data-testid={`software-changes-${kind}`}>
              <Badge variant={expanded ? 'filled' : 'light'} color={color} leftSection={expanded ? <IconChevronDown size={12} aria-hidden="true" /> : <IconChevronRight size={12} aria-hidden="true" />} style={{ cursor: 'pointer', textTransform: 'none' }}>
                {label(n)}
              </Badge>
            </UnstyledButton>
          );
        })}
      </Group>
      {open && (
        <List size="sm" spacing={2} data-testid="software-change-list" style={{ maxHeight: 320, overflowY: 'auto' }}>
          {changes
            .filter((c) => c.kind === open)
            .map((c, i) => (
              <List.Item key={i}>{describeChange(c)}</List.Item>
            ))}
        </List>
      )}
    </Stack>
  );
}

export function ChangeList({ changes, testId = 'change-list' }: { changes: readonly InventoryChange[]; testId?: string }) {
  return (
    <Stack gap="sm" data-testid={testId}>
      {CHANGE_GROUPS.map((group) => {
        const inGroup = changes.filter((c) => changeGroup(c) === group.id);
        if (inGroup.length === 0) return null;
        return (
          <Stack key={group.id} gap={4} data-testid={`changes-${group.id}`}>
            <Text size="xs" fw={700} tt="uppercase" c="dimmed">
              {group.title}
            </Text>
            {group.id === 'software' ? (
              <SoftwareChanges changes={inGroup} />
            ) : (
              <List size="sm" spacing={2}>
                {inGroup.map((c, i) => (
                  <List.Item key={i}>{describeChange(c)}</List.Item>
                ))}
              </List>
            )}
          </Stack>
        );
      })}
    </Stack>
  );
}
