/**
 * The queue (home screen): tickets from the local replica, filtered and sorted, in a
 * virtualised table so thousands of rows stay fast. Keyboard: j / k move, Enter opens.
 */
import { useCallback, useEffect, useRef } from 'react';
import { useNavigate, Link } from 'react-router';
import { Anchor, Box, Group, SegmentedControl, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { format } from 'date-fns';
import { QUEUE_FILTERS, useQueueStore, type QueueFilter } from './queueStore';
import { useQueueRows } from './useQueueRows';
import { usePendingKeys } from '../sync/hooks';
import { NotSyncedMarker, PriorityLabel, StatusBadge } from '../ticket/badges';
import classes from './QueueScreen.module.css';

const ROW_HEIGHT = 42;

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export function QueueScreen() {
  const navigate = useNavigate();
  const { filter, text, selectedId, setFilter, setText, select } = useQueueStore();
  const { rows, loaded, total } = useQueueRows(filter, text);
  const pending = usePendingKeys();
  const scrollRef = useRef<HTMLDivElement>(null);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 15,
    initialRect: { width: 1024, height: 800 },
  });

  const selectedIndex = rows.findIndex((r) => r.ticket.id === selectedId);

  const open = useCallback((id: string) => void navigate(`/tickets/${id}`), [navigate]);

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || isTyping(event.target)) return;
      if (event.key === 'j' || event.key === 'k') {
        if (rows.length === 0) return;
        event.preventDefault();
        const from = selectedIndex < 0 ? (event.key === 'j' ? -1 : rows.length) : selectedIndex;
        const next = Math.min(rows.length - 1, Math.max(0, from + (event.key === 'j' ? 1 : -1)));
        select(rows[next]!.ticket.id);
        virtualizer.scrollToIndex(next, { align: 'auto' });
      } else if (event.key === 'Enter' && selectedIndex >= 0) {
        const target = event.target as HTMLElement | null;
        if (target && target !== document.body && target.closest('a, button')) return;
        event.preventDefault();
        open(rows[selectedIndex]!.ticket.id);
      }
    }
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [rows, selectedIndex, select, open, virtualizer]);

  const items = virtualizer.getVirtualItems();
  const paddingTop = items.length > 0 ? items[0]!.start : 0;
  const paddingBottom = items.length > 0 ? virtualizer.getTotalSize() - items[items.length - 1]!.end : 0;

  return (
    <Stack gap="sm" h="100%" className={classes.screen}>
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
        <div>
          <Title order={1} size="h3">
            Queue
          </Title>
          <Text size="xs" c="dimmed" data-testid="queue-count">
            {loaded ? `${rows.length} of ${total} tickets on this device` : 'Loading tickets…'}
          </Text>
        </div>
        <Group gap="sm" wrap="wrap">
          <SegmentedControl
            aria-label="Queue filter"
            size="sm"
            value={filter}
            onChange={(value) => setFilter(value as QueueFilter)}
            data={QUEUE_FILTERS}
          />
          <TextInput
            aria-label="Filter tickets"
            placeholder="Number, title, person, site…"
            leftSection={<IconSearch size={14} />}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            w={280}
          />
        </Group>
      </Group>

      <Box ref={scrollRef} className={classes.scroller} data-testid="queue-scroller">
        <Table stickyHeader highlightOnHover verticalSpacing={6} className={classes.table} aria-label="Tickets" aria-rowcount={rows.length + 1}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={150}>Number</Table.Th>
              <Table.Th>Title</Table.Th>
              <Table.Th w={130}>Status</Table.Th>
              <Table.Th w={130}>Priority</Table.Th>
              <Table.Th w={170}>Assignee</Table.Th>
              <Table.Th w={150}>Site</Table.Th>
              <Table.Th w={130}>Updated</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {paddingTop > 0 && (
              <tr aria-hidden="true">
                <td colSpan={7} style={{ height: paddingTop, padding: 0, border: 0 }} />
              </tr>
            )}
            {items.map((item) => {
              const row = rows[item.index]!;
              const t = row.ticket;
              const selected = t.id === selectedId;
              return (
                <Table.Tr
                  key={t.id}
                  data-testid="ticket-row"
                  data-ticket-id={t.id}
                  data-selected={selected || undefined}
                  aria-rowindex={item.index + 2}
                  className={classes.row}
                  style={{ height: ROW_HEIGHT }}
                  onClick={() => {
                    select(t.id);
                    open(t.id);
                  }}
                >
                  <Table.Td>
                    <Anchor component={Link} to={`/tickets/${t.id}`} size="sm" ff="monospace" onClick={(e) => e.stopPropagation()}>
                      {row.number}
                    </Anchor>
                  </Table.Td>
                  <Table.Td className={classes.title}>
                    <Group gap={6} wrap="nowrap">
                      <Text size="sm" truncate="end">
                        {t.title}
                      </Text>
                      {pending.tickets.has(t.id) && <NotSyncedMarker />}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={t.status} />
                  </Table.Td>
                  <Table.Td>
                    <PriorityLabel priority={t.priority} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" truncate="end" c={t.assigneeId ? undefined : 'dimmed'}>
                      {row.assignee}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" truncate="end">
                      {row.site}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c="dimmed" title={t.updatedAt}>
                      {format(new Date(t.updatedAt), 'd MMM HH:mm')}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              );
            })}
            {paddingBottom > 0 && (
              <tr aria-hidden="true">
                <td colSpan={7} style={{ height: paddingBottom, padding: 0, border: 0 }} />
              </tr>
            )}
          </Table.Tbody>
        </Table>
        {loaded && rows.length === 0 && (
          <Text c="dimmed" ta="center" py="xl" data-testid="queue-empty">
            {total === 0 ? 'No tickets on this device yet. They arrive with the first sync.' : 'No tickets match this filter.'}
          </Text>
        )}
      </Box>
      <Text size="xs" c="dimmed" visibleFrom="sm">
        Keyboard: j / k to move, Enter to open.
      </Text>
    </Stack>
  );
}
