/**
 * The queue's columns (a @tanstack/react-table column model): what each shows, its width and
 * whether it sorts. Sorting itself is done by the engine over all rows (engine/run.ts); the
 * table only owns the sort state and header interaction (click, shift-click for a secondary
 * sort) and is given just the rows on screen, so it never builds 100,000 row objects.
 */
import type { MouseEvent } from 'react';
import { Link } from 'react-router';
import { Anchor, Badge, Checkbox, Group, Text, Tooltip } from '@mantine/core';
import { IconCloudUpload } from '@tabler/icons-react';
import type { ColumnDef } from '@tanstack/react-table';
import { format } from 'date-fns';
import { TICKET_KIND_LABELS } from '@fielddesk/common/domain/entities';
import type { QueueItem } from './engine/item';
import type { FilterContext } from './engine/compile';
import type { NameLookup } from './engine/run';
import type { ColumnId } from './queueStore';
import { PriorityLabel, StatusBadge } from '../ticket/badges';

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
  number: 104,
  title: undefined, // takes the rest
  kind: 120,
  status: 112,
  priority: 100,
  sla: 96,
  due: 116,
  assignee: 128,
  group: 130,
  site: 120,
  requester: 132,
  category: 150,
  created: 116,
  updated: 116,
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

/**
 * What makes a column sortable for react-table (it only sorts columns with an accessor). The
 * value itself is never used: sorting is manual (engine/run.ts sorts every row, not the window).
 */
const sortable = (id: ColumnId) => ({ accessorFn: (item: QueueItem) => item.ticket.id, sortDescFirst: DESC_FIRST.has(id) });

const when = (ms: number | null) => (ms === null ? '' : format(ms, 'd MMM HH:mm'));

export function buildColumns(deps: ColumnDeps): ColumnDef<QueueItem>[] {
  const { ctx, names, pending, checked, viewIds, onCheck, onCheckAll } = deps;
  const allChecked = viewIds.length > 0 && checked.size >= viewIds.length && viewIds.every((id) => checked.has(id));
  const someChecked = !allChecked && viewIds.some((id) => checked.has(id));

  const text = (id: ColumnId, value: (item: QueueItem) => string, dimmed?: (item: QueueItem) => boolean): ColumnDef<QueueItem> => ({
    id,
    ...sortable(id),
    header: COLUMN_LABELS[id],
    size: WIDTHS[id],
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
      ...sortable('number'),
      header: COLUMN_LABELS.number,
      size: WIDTHS.number,
      cell: ({ row }) => (
        <Group gap={4} wrap="nowrap">
          <Anchor component={Link} to={`/tickets/${row.original.ticket.id}`} size="sm" ff="monospace" onClick={(e) => e.stopPropagation()}>
            {row.original.number}
          </Anchor>
          {pending.has(row.original.ticket.id) && (
            <Tooltip label="Not yet synced: saved on this device, sent to the server at the next sync.">
              <IconCloudUpload size={14} color="var(--mantine-color-yellow-7)" aria-label="Not yet synced" data-testid="not-synced" />
            </Tooltip>
          )}
        </Group>
      ),
    },
    {
      id: 'title',
      ...sortable('title'),
      header: COLUMN_LABELS.title,
      cell: ({ row }) => (
        <Text size="sm" truncate="end" title={row.original.ticket.title}>
          {row.original.ticket.title}
        </Text>
      ),
    },
    text('kind', (item) => TICKET_KIND_LABELS[item.ticket.kind]),
    { id: 'status', ...sortable('status'), header: COLUMN_LABELS.status, size: WIDTHS.status, cell: ({ row }) => <StatusBadge status={row.original.ticket.status} /> },
    { id: 'priority', ...sortable('priority'), header: COLUMN_LABELS.priority, size: WIDTHS.priority, cell: ({ row }) => <PriorityLabel priority={row.original.ticket.priority} /> },
    {
      id: 'sla',
      ...sortable('sla'),
      header: COLUMN_LABELS.sla,
      size: WIDTHS.sla,
      cell: ({ row }) => {
        const level = ctx.slaLevel(row.original);
        if (!level) return <Text size="sm" c="dimmed">—</Text>;
        const badge = SLA_BADGES[level];
        return (
          <Badge size="xs" variant={level === 'ok' ? 'light' : 'filled'} color={badge.color} data-testid="sla-badge">
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
