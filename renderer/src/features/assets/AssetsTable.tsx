/**
 * The Assets list's rows as a CSS grid, virtualized with @tanstack/react-virtual (as the
 * queue's table is): only the rows on screen, plus a margin, are in the DOM, each placed at its
 * offset, so 50,000 assets scroll like 50. The columns shown are those chosen that fit the
 * list's width (list/columns.ts `fitColumns`), so a tablet keeps the tag, the name and the state.
 * Every value is text: React escapes it, nothing here is rendered as HTML.
 */
import { forwardRef, memo, useImperativeHandle, useMemo, useRef, type MouseEvent } from 'react';
import { Badge, Checkbox, Group, Text, UnstyledButton } from '@mantine/core';
import { useElementSize, useMergedRef } from '@mantine/hooks';
import { IconArrowDown, IconArrowUp } from '@tabler/icons-react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { AssetState } from '@fielddesk/common/assets/lifecycle';
import { COLUMNS, fitColumns, gridTemplate, type ColumnId } from './list/columns';
import type { AssetRow } from './list/rows';
import type { AssetSort } from './list/sort';
import classes from './AssetsListScreen.module.css';

const ROW_PX = 40;

const STATE_COLORS: Record<AssetState, string> = {
  ordered: 'grape',
  in_stock: 'teal',
  in_use: 'blue',
  in_maintenance: 'yellow',
  retired: 'gray',
  disposed: 'dark',
  missing: 'red',
};

export interface AssetsTableHandle {
  scrollToIndex(index: number): void;
}

interface Props {
  rows: readonly AssetRow[];
  columns: readonly ColumnId[];
  sort: AssetSort;
  checked: ReadonlySet<string>;
  cursorId: string | null;
  pending: ReadonlySet<string>;
  empty: string | null;
  onSort(column: ColumnId): void;
  onCheck(id: string, event: MouseEvent): void;
  onCheckAll(value: boolean): void;
  onRowClick(id: string, event: MouseEvent): void;
}

function Cell({ row, column, pending }: { row: AssetRow; column: ColumnId; pending: boolean }) {
  if (column === 'tag')
    return (
      <span className={`${classes.cell} ${classes.tag}`}>
        {row.tag}
        {pending && (
          <Text span size="xs" c="orange" ml={6} title="Changed on this device, not yet synced">
            •
          </Text>
        )}
      </span>
    );
  if (column === 'state')
    return (
      <span className={classes.cell}>
        <Badge size="sm" variant="light" color={STATE_COLORS[row.asset.state]} data-testid="asset-state">
          {row.stateText}
        </Badge>
      </span>
    );
  const value = COLUMNS[column].value(row);
  return (
    <span className={classes.cell} title={value}>
      {value || <Text span c="dimmed" size="sm">—</Text>}
    </span>
  );
}

const Row = memo(function Row(props: {
  row: AssetRow;
  columns: readonly ColumnId[];
  template: string;
  top: number;
  index: number;
  checked: boolean;
  cursor: boolean;
  pending: boolean;
  onCheck(id: string, event: MouseEvent): void;
  onRowClick(id: string, event: MouseEvent): void;
}) {
  const { row, columns, template, top, index, checked, cursor, pending, onCheck, onRowClick } = props;
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={checked}
      className={classes.row}
      style={{ top, height: ROW_PX, gridTemplateColumns: template }}
      data-testid="asset-row"
      data-asset-id={row.id}
      data-tag={row.tag}
      data-checked={checked || undefined}
      data-cursor={cursor || undefined}
      onClick={(e) => onRowClick(row.id, e)}
    >
      <span className={classes.check} role="gridcell" onClick={(e) => e.stopPropagation()}>
        <Checkbox size="xs" checked={checked} aria-label={`Select ${row.tag}`} onChange={() => undefined} onClick={(e) => onCheck(row.id, e)} />
      </span>
      {columns.map((c) => (
        <Cell key={c} row={row} column={c} pending={pending} />
      ))}
    </div>
  );
});

/** Memoized: a keystroke in the search re-renders the table only once the rows it lists change. */
export const AssetsTable = memo(
  forwardRef<AssetsTableHandle, Props>(function AssetsTable(props, ref) {
  const { rows, columns, sort, checked, cursorId, pending, empty, onSort, onCheck, onCheckAll, onRowClick } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const { ref: sizeRef, width } = useElementSize();
  const mergedRef = useMergedRef(scrollRef, sizeRef);
  const shown = useMemo(() => fitColumns(columns, width || 1024), [columns, width]);
  const template = useMemo(() => gridTemplate(shown), [shown]);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_PX,
    overscan: 10,
    initialRect: { width: 1024, height: 700 },
  });
  useImperativeHandle(ref, () => ({ scrollToIndex: (index) => virtualizer.scrollToIndex(index, { align: 'auto' }) }), [virtualizer]);

  const allChecked = rows.length > 0 && checked.size >= rows.length && rows.every((r) => checked.has(r.id));
  const someChecked = checked.size > 0 && !allChecked;

  return (
    <div ref={mergedRef} className={classes.scroller} role="grid" aria-label="Assets" aria-rowcount={rows.length + 1} aria-multiselectable data-testid="assets-scroller">
      <div role="row" className={classes.head} style={{ gridTemplateColumns: template }}>
        <span className={classes.check} role="columnheader">
          <Checkbox
            size="xs"
            checked={allChecked}
            indeterminate={someChecked}
            aria-label="Select every asset listed"
            data-testid="assets-check-all"
            onChange={(e) => onCheckAll(e.currentTarget.checked)}
          />
        </span>
        {shown.map((c) => (
          <span key={c} role="columnheader" className={classes.headCell} aria-sort={sort.column === c ? (sort.desc ? 'descending' : 'ascending') : undefined}>
            <UnstyledButton onClick={() => onSort(c)} title={`Sort by ${COLUMNS[c].label.toLowerCase()}`} data-testid={`assets-sort-${c}`}>
              <Group gap={4} wrap="nowrap">
                <Text size="sm" fw={600} span>
                  {COLUMNS[c].label}
                </Text>
                {sort.column === c && (sort.desc ? <IconArrowDown size={14} aria-hidden="true" /> : <IconArrowUp size={14} aria-hidden="true" />)}
              </Group>
            </UnstyledButton>
          </span>
        ))}
      </div>
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index]!;
          return (
            <Row
              key={row.id}
              row={row}
              columns={shown}
              template={template}
              top={item.start}
              index={item.index}
              checked={checked.has(row.id)}
              cursor={row.id === cursorId}
              pending={pending.has(row.id)}
              onCheck={onCheck}
              onRowClick={onRowClick}
            />
          );
        })}
      </div>
      {empty && (
        <Text c="dimmed" ta="center" py="xl" data-testid="assets-empty">
          {empty}
        </Text>
      )}
    </div>
  );
}),
);
