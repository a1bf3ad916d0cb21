/**
 * The queue's table: react-table for the columns and the header (sort by click, secondary sort
 * by shift-click), @tanstack/react-virtual for the rows. Only the rows on screen (plus a margin)
 * are rendered, and only they are handed to react-table, so 100,000 rows scroll like 100.
 */
import { forwardRef, useImperativeHandle, useMemo, useRef, type MouseEvent } from 'react';
import { Box, Table, Text, UnstyledButton, Group } from '@mantine/core';
import { IconArrowDown, IconArrowUp } from '@tabler/icons-react';
import { flexRender, getCoreRowModel, useReactTable, type SortingState, type Updater, type VisibilityState } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { QueueItem } from './engine/item';
import type { SortColumn, SortSpec } from './engine/run';
import { buildColumns, type ColumnDeps } from './columns';
import type { ColumnId } from './queueStore';
import classes from './QueueScreen.module.css';

export const ROW_HEIGHT = 42;

export interface QueueTableHandle {
  scrollToIndex(index: number): void;
}

interface Props extends Omit<ColumnDeps, 'viewIds'> {
  rows: readonly QueueItem[];
  viewIds: readonly string[];
  columns: Record<ColumnId, boolean>;
  sorting: readonly SortSpec[];
  onSortingChange(sorting: SortSpec[]): void;
  cursorId: string | null;
  onOpen(id: string, event: MouseEvent): void;
  empty: string | null;
}

export const QueueTable = forwardRef<QueueTableHandle, Props>(function QueueTable(props, ref) {
  const { rows, columns: visible, sorting, onSortingChange, cursorId, onOpen, empty, ...deps } = props;
  const scrollRef = useRef<HTMLDivElement>(null);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    initialRect: { width: 1024, height: 800 },
  });
  useImperativeHandle(ref, () => ({ scrollToIndex: (index) => virtualizer.scrollToIndex(index, { align: 'auto' }) }), [virtualizer]);

  const items = virtualizer.getVirtualItems();
  const windowRows = useMemo(() => items.map((i) => rows[i.index]!), [items, rows]);

  const columnDefs = useMemo(
    () => buildColumns(deps),
    // The dependencies that change what cells show.
    [deps.ctx, deps.names, deps.pending, deps.checked, deps.viewIds, deps.onCheck, deps.onCheckAll],
  );
  const columnVisibility: VisibilityState = visible;
  const sortingState: SortingState = sorting as SortSpec[];

  const table = useReactTable({
    data: windowRows,
    columns: columnDefs,
    getRowId: (item) => item.ticket.id,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    enableMultiSort: true,
    isMultiSortEvent: (e) => (e as MouseEvent).shiftKey,
    state: { sorting: sortingState, columnVisibility },
    onSortingChange: (updater: Updater<SortingState>) => {
      const next = typeof updater === 'function' ? updater(sortingState) : updater;
      onSortingChange(next.map((s) => ({ id: s.id as SortColumn, desc: s.desc })));
    },
  });

  const paddingTop = items.length > 0 ? items[0]!.start : 0;
  const paddingBottom = items.length > 0 ? virtualizer.getTotalSize() - items[items.length - 1]!.end : 0;
  const visibleCount = table.getVisibleLeafColumns().length;

  return (
    <Box ref={scrollRef} className={classes.scroller} data-testid="queue-scroller">
      <Table stickyHeader highlightOnHover verticalSpacing={6} className={classes.table} aria-label="Tickets" aria-rowcount={rows.length + 1} aria-multiselectable>
        <Table.Thead>
          {table.getHeaderGroups().map((group) => (
            <Table.Tr key={group.id}>
              {group.headers.map((header) => {
                const column = header.column;
                const sorted = column.getIsSorted();
                const sortIndex = column.getSortIndex();
                const width = column.columnDef.size;
                return (
                  <Table.Th
                    key={header.id}
                    w={width}
                    aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}
                    data-column={column.id}
                  >
                    {column.getCanSort() ? (
                      <UnstyledButton
                        onClick={column.getToggleSortingHandler()}
                        className={classes.sortButton}
                        title="Sort (shift-click: sort by this too)"
                      >
                        <Group gap={4} wrap="nowrap">
                          <Text size="sm" fw={600} span>
                            {flexRender(column.columnDef.header, header.getContext())}
                          </Text>
                          {sorted === 'asc' && <IconArrowUp size={14} aria-hidden="true" />}
                          {sorted === 'desc' && <IconArrowDown size={14} aria-hidden="true" />}
                          {sorted && sorting.length > 1 && (
                            <Text size="xs" c="dimmed" span>
                              {sortIndex + 1}
                            </Text>
                          )}
                        </Group>
                      </UnstyledButton>
                    ) : (
                      flexRender(column.columnDef.header, header.getContext())
                    )}
                  </Table.Th>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Thead>
        <Table.Tbody>
          {paddingTop > 0 && (
            <tr aria-hidden="true">
              <td colSpan={visibleCount} style={{ height: paddingTop, padding: 0, border: 0 }} />
            </tr>
          )}
          {table.getRowModel().rows.map((row, i) => {
            const item = row.original;
            const id = item.ticket.id;
            const index = items[i]!.index;
            return (
              <Table.Tr
                key={id}
                data-testid="ticket-row"
                data-ticket-id={id}
                data-cursor={id === cursorId || undefined}
                data-checked={deps.checked.has(id) || undefined}
                aria-selected={deps.checked.has(id)}
                aria-rowindex={index + 2}
                className={classes.row}
                style={{ height: ROW_HEIGHT }}
                onClick={(e) => onOpen(id, e)}
              >
                {row.getVisibleCells().map((cell) => (
                  <Table.Td key={cell.id} className={cell.column.id === 'title' ? classes.title : undefined}>
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </Table.Td>
                ))}
              </Table.Tr>
            );
          })}
          {paddingBottom > 0 && (
            <tr aria-hidden="true">
              <td colSpan={visibleCount} style={{ height: paddingBottom, padding: 0, border: 0 }} />
            </tr>
          )}
        </Table.Tbody>
      </Table>
      {empty && (
        <Text c="dimmed" ta="center" py="xl" data-testid="queue-empty">
          {empty}
        </Text>
      )}
    </Box>
  );
});
