/**
 * The software installed on one device (this device's scan, or an asset's recorded
 * inventory): a search box over name, version and publisher, and a table that renders only
 * the rows in view (a Windows server lists thousands of updates). Names come from the device
 * and are shown as text.
 */
import { useDeferredValue, useMemo, useRef, useState } from 'react';
import { Box, Group, Table, Text, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { SummarySoftware } from '@fielddesk/common/inventory/summary';

const ROW_HEIGHT = 34;
/** Up to this many rows the table is as tall as its rows; beyond, it scrolls. */
const MAX_VISIBLE_ROWS = 14;

/** The entries whose name, version or publisher contain every word of the query. */
export function filterSoftware(software: readonly SummarySoftware[], query: string): readonly SummarySoftware[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return software;
  return software.filter((s) => {
    const text = `${s.name} ${s.version ?? ''} ${s.publisher ?? ''}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
}

export function InstalledSoftwareTable({ software, label = 'Installed software', testId = 'software-table' }: { software: readonly SummarySoftware[]; label?: string; testId?: string }) {
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query);
  const rows = useMemo(() => filterSoftware(software, deferred), [software, deferred]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    initialRect: { width: 800, height: ROW_HEIGHT * MAX_VISIBLE_ROWS },
  });
  const items = virtualizer.getVirtualItems();
  const paddingTop = items.length > 0 ? items[0]!.start : 0;
  const paddingBottom = items.length > 0 ? virtualizer.getTotalSize() - items[items.length - 1]!.end : 0;
  const height = Math.min(rows.length, MAX_VISIBLE_ROWS) * ROW_HEIGHT + 40;

  return (
    <Box data-testid={testId}>
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <TextInput
          aria-label={`Search ${label.toLowerCase()}`}
          placeholder="Search by name, version or publisher"
          leftSection={<IconSearch size={14} aria-hidden="true" />}
          value={query}
          onChange={(e) => setQuery(e.currentTarget.value)}
          size="sm"
          style={{ flex: '1 1 auto', maxWidth: 420 }}
        />
        <Text size="sm" c="dimmed" data-testid={`${testId}-count`}>
          {rows.length === software.length ? `${software.length.toLocaleString()} packages` : `${rows.length.toLocaleString()} of ${software.length.toLocaleString()} packages`}
        </Text>
      </Group>
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed" py="sm">
          {software.length === 0 ? 'No software listed.' : 'No software matches the search.'}
        </Text>
      ) : (
        <Box
          ref={scrollRef}
          data-testid={`${testId}-scroller`}
          data-scroller="software"
          style={{ height, overflow: 'auto', border: '1px solid var(--mantine-color-default-border)', borderRadius: 'var(--mantine-radius-sm)' }}
        >
          <Table stickyHeader verticalSpacing={4} aria-label={label} aria-rowcount={rows.length + 1} style={{ tableLayout: 'fixed', width: '100%' }}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w="45%">Name</Table.Th>
                <Table.Th w="25%">Version</Table.Th>
                <Table.Th>Publisher</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {paddingTop > 0 && (
                <tr aria-hidden="true">
                  <td colSpan={3} style={{ height: paddingTop, padding: 0, border: 0 }} />
                </tr>
              )}
              {items.map((item) => {
                const s = rows[item.index]!;
                return (
                  <Table.Tr key={item.index} style={{ height: ROW_HEIGHT }} aria-rowindex={item.index + 2} data-testid="software-row">
                    <Table.Td style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }} title={s.name}>
                      {s.name}
                    </Table.Td>
                    <Table.Td style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }} title={s.version ?? undefined}>
                      {s.version ?? '—'}
                    </Table.Td>
                    <Table.Td style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }} title={s.publisher ?? undefined}>
                      {s.publisher ?? '—'}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
              {paddingBottom > 0 && (
                <tr aria-hidden="true">
                  <td colSpan={3} style={{ height: paddingBottom, padding: 0, border: 0 }} />
                </tr>
              )}
            </Table.Tbody>
          </Table>
        </Box>
      )}
    </Box>
  );
}
