/**
 * What the scan found, section by section: hardware & BIOS and the operating system as facts,
 * the rest as small tables, software as a searchable table. A section a probe could not read
 * says why (its note) instead of looking empty for no reason. Everything is text.
 */
import { useMemo } from 'react';
import { Accordion, Badge, Group, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import type { LocalInventory } from '@fielddesk/common/ipc/contract';
import type { SummarySoftware } from '@fielddesk/common/inventory/summary';
import { InstalledSoftwareTable } from '../software';
import { describeNote, deviceSections, type DeviceSection, type SectionPart } from './sections';

const OPEN_BY_DEFAULT = ['hardware', 'os', 'network'];

function Part({ part, title }: { part: SectionPart; title: string }) {
  if (part.kind === 'facts') {
    return (
      <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="sm" verticalSpacing="xs">
        {part.facts.map((f) => (
          <Stack key={f.label} gap={0}>
            <Text size="xs" c="dimmed">
              {f.label}
            </Text>
            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
              {f.value}
            </Text>
          </Stack>
        ))}
      </SimpleGrid>
    );
  }
  return (
    <Stack gap={4}>
      {part.caption && (
        <Text size="xs" fw={700} tt="uppercase" c="dimmed">
          {part.caption}
        </Text>
      )}
      <Table.ScrollContainer minWidth={560}>
        <Table striped verticalSpacing={4} aria-label={part.caption ?? title}>
          <Table.Thead>
            <Table.Tr>
              {part.columns.map((c) => (
                <Table.Th key={c}>{c}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {part.rows.map((row, i) => (
              <Table.Tr key={i}>
                {row.map((cell, j) => (
                  <Table.Td key={j} style={{ overflowWrap: 'anywhere' }}>
                    {cell === '' ? '—' : cell}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

function SectionNotes({ notes }: { notes: LocalInventory['notes'] }) {
  if (notes.length === 0) return null;
  return (
    <Stack gap={2} mb="xs">
      {notes.map((n) => (
        <Text key={n.probe} size="sm" c="orange.8" data-testid="section-note">
          Could not read — {describeNote(n)}
        </Text>
      ))}
    </Stack>
  );
}

/** A section's title line: how many entries it lists (when counted), and "not read" when a probe failed. */
function SectionControl({ title, count, notRead }: { title: string; count: number | null; notRead: boolean }) {
  return (
    <Accordion.Control>
      <Group gap="xs">
        <Text fw={600}>{title}</Text>
        {count !== null && (
          <Badge variant="light" color="gray" size="sm">
            {count.toLocaleString()}
          </Badge>
        )}
        {notRead && (
          <Badge variant="light" color="orange" size="sm">
            not read
          </Badge>
        )}
      </Group>
    </Accordion.Control>
  );
}

function SectionItem({ section, notes }: { section: DeviceSection; notes: LocalInventory['notes'] }) {
  const own = notes.filter((n) => section.probes.includes(n.probe));
  return (
    <Accordion.Item value={section.id} data-testid={`section-${section.id}`}>
      <SectionControl title={section.title} count={section.count > 0 && section.parts.some((p) => p.kind === 'table') ? section.count : null} notRead={own.length > 0} />
      <Accordion.Panel>
        <SectionNotes notes={own} />
        {section.parts.length === 0 && own.length === 0 ? (
          <Text size="sm" c="dimmed">
            None found.
          </Text>
        ) : (
          <Stack gap="md">
            {section.parts.map((part, i) => (
              <Part key={i} part={part} title={section.title} />
            ))}
          </Stack>
        )}
      </Accordion.Panel>
    </Accordion.Item>
  );
}

export function DiscoveredSections({ inventory, software }: { inventory: LocalInventory; software: readonly SummarySoftware[] }) {
  const sections = useMemo(() => deviceSections(inventory.document), [inventory]);
  const softwareNotes = inventory.notes.filter((n) => n.probe === 'softwares');
  return (
    <Accordion multiple defaultValue={OPEN_BY_DEFAULT} variant="separated" data-testid="discovered-sections">
      {sections.map((s) => (
        <SectionItem key={s.id} section={s} notes={inventory.notes} />
      ))}
      <Accordion.Item value="software" data-testid="section-software">
        <SectionControl title="Software" count={software.length} notRead={softwareNotes.length > 0} />
        <Accordion.Panel>
          <SectionNotes notes={softwareNotes} />
          <InstalledSoftwareTable software={software} label="Software on this device" testId="device-software" />
        </Accordion.Panel>
      </Accordion.Item>
    </Accordion>
  );
}
