/**
 * The queue's columns (a @tanstack/react-table column model): what each shows, its width and
 * whether it sorts. Sorting itself is done by the engine over all rows (engine/run.ts); the
 * table only owns the sort state and header interaction (click, shift-click for a secondary
 * sort) and is given just the rows on screen, so it never builds 100,000 row objects.
 */
import type { MouseEvent } from 'react';
import { Link } from 'react-router';
import { Anchor, Badge, Checkbox, Group, Text } from '@mantine/core';
import type { ColumnDef } from '@tanstack/react-table';
import { format } from 'date-fns';
import { TICKET_KIND_LABELS } from '@fielddesk/common/domain/entities';
import type { QueueItem } from './engine/item';
import type { FilterContext } from './engine/compile';
import type { NameLookup } from './engine/run';
import type { ColumnId } from './queueStore';
import { NotSyncedMarker, PriorityLabel, StatusBadge } from '../ticket/badges';

export const COLUMN_LABELS: Record<ColumnId, string> = {
  number: 'Number',
  title: 'Title',
  kind: 'Kind',
  status: 'Status',
  priority: 'Priority',
  sla: 'SLA',
  due: 'Due',
  assignee: 'Assignee',
  group: 'Group',
  site: 'Site',
  requester: 'Requester',
  category: 'Category',
  created: 'Created',
  updated: 'Updated',
};

const WIDTHS: Record<ColumnId, number | undefined> = {
  number: 140,
  title: undefined, // takes the rest
  kind: 130,
  status: 120,
  priority: 120,
  sla: 100,
  due: 120,
  assignee: 160,
  group: 150,
  site: 140,
  requester: 160,
  category: 170,
  created: 120,
  updated: 120,
};

/** Columns whose first click sorts the biggest first (newest, most urgent). */
const DESC_FIRST = new Set<ColumnId>(['sla', 'created', 'updated']);

export const SLA_BADGES = {
  ok: { label: 'On track', color: 'teal' },
  warning: { label: 'At risk', color: 'orange' },
  breached: { label: 'Breached', color: 'red' },
} as const;

export interface ColumnDeps {
  ctx: FilterContext;
  names: NameLookup;
  pending: ReadonlySet<string>;
  checked: ReadonlySet<string>;
  /** Rows of the view in order (for the header checkbox). */
  viewIds: readonly string[];
  onCheck(id: string, event: MouseEvent): void;
  onCheckAll(value: boolean): void;
}

const when = (ms: number | null) => (ms === null ? '' : format(ms, 'd MMM HH:mm'));

export function buildColumns(deps: ColumnDeps): ColumnDef<QueueItem>[] {
  const { ctx, names, pending, checked, viewIds, onCheck, onCheckAll } = deps;
  const allChecked = viewIds.length > 0 && checked.size >= viewIds.length && viewIds.every((id) => checked.has(id));
  const someChecked = !allChecked && viewIds.some((id) => checked.has(id));

  const text = (id: ColumnId, value: (item: QueueItem) => string, dimmed?: (item: QueueItem) => boolean): ColumnDef<QueueItem> => ({
    id,
    header: COLUMN_LABELS[id],
    size: WIDTHS[id],
    sortDescFirst: DESC_FIRST.has(id),
    cell: ({ row }) => (
      <Text size="sm" truncate="end" c={dimmed?.(row.original) ? 'dimmed' : undefined}>
        {value(row.original)}
      </Text>
    ),
  });

  return [
    {
      id: 'select',
      size: 40,
      enableSorting: false,
      enableHiding: false,
      header: () => (
        <Checkbox
          size="xs"
          aria-label="Select all tickets in this view"
          checked={allChecked}
          indeterminate={someChecked}
          onChange={(e) => onCheckAll(e.currentTarget.checked)}
        />
      ),
      cell: ({ row }) => (
        <Checkbox
          size="xs"
          aria-label={`Select ${row.original.number}`}
          checked={checked.has(row.original.ticket.id)}
          onChange={() => {}}
          onClick={(e) => {
            e.stopPropagation();
            onCheck(row.original.ticket.id, e);
          }}
          data-testid="row-check"
        />
      ),
    },
    {
      id: 'number',
      header: COLUMN_LABELS.number,
      size: WIDTHS.number,
      cell: ({ row }) => (
        <Anchor component={Link} to={`/tickets/${row.original.ticket.id}`} size="sm" ff="monospace" onClick={(e) => e.stopPropagation()}>
          {row.original.number}
        </Anchor>
      ),
    },
    {
      id: 'title',
      header: COLUMN_LABELS.title,
      cell: ({ row }) => (
        <Group gap={6} wrap="nowrap">
          <Text size="sm" truncate="end">
            {row.original.ticket.title}
          </Text>
          {pending.has(row.original.ticket.id) && <NotSyncedMarker />}
        </Group>
      ),
    },
    text('kind', (item) => TICKET_KIND_LABELS[item.ticket.kind]),
    { id: 'status', header: COLUMN_LABELS.status, size: WIDTHS.status, cell: ({ row }) => <StatusBadge status={row.original.ticket.status} /> },
    { id: 'priority', header: COLUMN_LABELS.priority, size: WIDTHS.priority, cell: ({ row }) => <PriorityLabel priority={row.original.ticket.priority} /> },
    {
      id: 'sla',
      header: COLUMN_LABELS.sla,
      size: WIDTHS.sla,
      sortDescFirst: true,
      cell: ({ row }) => {
        const level = ctx.slaLevel(row.original);
        if (!level) return <Text size="sm" c="dimmed">—</Text>;
        const badge = SLA_BADGES[level];
        return (
          <Badge size="sm" variant={level === 'ok' ? 'light' : 'filled'} color={badge.color} data-testid="sla-badge">
            {badge.label}
          </Badge>
        );
      },
    },
    text('due', (item) => {
      const clock = ctx.resolution(item);
      if (clock.state === 'met') return 'Met';
      if (clock.state === 'missed') return 'Missed';
      if (clock.state === 'paused') return 'Paused';
      return when(clock.dueMs);
    }),
    text('assignee', (item) => names.person(item.ticket.assigneeId), (item) => item.ticket.assigneeId === null),
    text('group', (item) => names.group(item.ticket.groupId)),
    text('site', (item) => names.site(item.ticket.siteId)),
    text('requester', (item) => (item.ticket.requesterId ? names.person(item.ticket.requesterId) : '')),
    text('category', (item) => [item.ticket.category, item.ticket.subcategory].filter(Boolean).join(' / ')),
    text('created', (item) => when(item.createdMs), () => true),
    text('updated', (item) => when(item.updatedMs), () => true),
  ];
}
