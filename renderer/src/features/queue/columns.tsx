/**
 * The queue's columns (a @tanstack/react-table column model): what each shows, its width and
 * whether it sorts. Sorting itself is done by the engine over all rows (engine/run.ts); the
 * table only owns the sort state and header interaction (click, shift-click for a secondary
 * sort) and is given just the rows on screen, so it never builds 100,000 row objects.
 */
import type { CSSProperties, MouseEvent } from 'react';
import { Link } from 'react-router';
import { Checkbox } from '@mantine/core';
import { IconCloudUpload } from '@tabler/icons-react';
import type { ColumnDef } from '@tanstack/react-table';
import { format } from 'date-fns';
import { TICKET_KIND_LABELS } from '@fielddesk/common/domain/entities';
import { PRIORITY_LABELS, type Priority } from '@fielddesk/common/itsm/config';
import { STATUS_LABELS, type TicketStatus } from '@fielddesk/common/itsm/lifecycle';
import type { QueueItem } from './engine/item';
import type { FilterContext } from './engine/compile';
import type { NameLookup } from './engine/run';
import type { ColumnId } from './queueStore';
import classes from './QueueScreen.module.css';

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

/** A badge as a plain span, coloured from Mantine's palette (light: tinted; filled: solid). */
function badge(label: string, color: string, filled = false, testId?: string) {
  const style = filled
    ? ({ '--badge-bg': `var(--mantine-color-${color}-filled)`, '--badge-fg': 'var(--mantine-color-white)' } as CSSProperties)
    : ({ '--badge-bg': `var(--mantine-color-${color}-light)`, '--badge-fg': `var(--mantine-color-${color}-light-color)` } as CSSProperties);
  return (
    <span className={classes.badge} style={style} data-testid={testId}>
      {label}
    </span>
  );
}

const STATUS_COLORS: Record<TicketStatus, string> = { new: 'blue', assigned: 'cyan', in_progress: 'indigo', on_hold: 'yellow', resolved: 'teal', closed: 'gray' };
const PRIORITY_COLORS: Record<Priority, string> = { 1: 'red', 2: 'orange', 3: 'yellow', 4: 'gray', 5: 'gray' };

export function buildColumns(deps: ColumnDeps): ColumnDef<QueueItem>[] {
  const { ctx, names, pending, checked, viewIds, onCheck, onCheckAll } = deps;
  const allChecked = viewIds.length > 0 && checked.size >= viewIds.length && viewIds.every((id) => checked.has(id));
  const someChecked = !allChecked && viewIds.some((id) => checked.has(id));

  const text = (id: ColumnId, value: (item: QueueItem) => string, dimmed?: (item: QueueItem) => boolean): ColumnDef<QueueItem> => ({
    id,
    ...sortable(id),
    header: COLUMN_LABELS[id],
    size: WIDTHS[id],
    cell: ({ row }) => {
      const v = value(row.original);
      return (
        <span className={dimmed?.(row.original) ? `${classes.cell} ${classes.dimmed}` : classes.cell} title={v}>
          {v}
        </span>
      );
    },
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
        <input
          type="checkbox"
          className={classes.check}
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
        <span className={classes.numberCell}>
          <Link to={`/tickets/${row.original.ticket.id}`} className={classes.number} onClick={(e) => e.stopPropagation()}>
            {row.original.number}
          </Link>
          {pending.has(row.original.ticket.id) && (
            <span title="Not yet synced: saved on this device, sent to the server at the next sync." data-testid="not-synced">
              <IconCloudUpload size={14} color="var(--mantine-color-yellow-7)" aria-label="Not yet synced" />
            </span>
          )}
        </span>
      ),
    },
    {
      id: 'title',
      ...sortable('title'),
      header: COLUMN_LABELS.title,
      cell: ({ row }) => (
        <span className={classes.cell} title={row.original.ticket.title}>
          {row.original.ticket.title}
        </span>
      ),
    },
    text('kind', (item) => TICKET_KIND_LABELS[item.ticket.kind]),
    {
      id: 'status',
      ...sortable('status'),
      header: COLUMN_LABELS.status,
      size: WIDTHS.status,
      cell: ({ row }) => badge(STATUS_LABELS[row.original.ticket.status], STATUS_COLORS[row.original.ticket.status]),
    },
    {
      id: 'priority',
      ...sortable('priority'),
      header: COLUMN_LABELS.priority,
      size: WIDTHS.priority,
      cell: ({ row }) => {
        const p = row.original.ticket.priority;
        return (
          <span className={classes.cell} style={{ color: `var(--mantine-color-${PRIORITY_COLORS[p]}-text)`, fontWeight: p <= 2 ? 600 : 400 }}>
            P{p} {PRIORITY_LABELS[p]}
          </span>
        );
      },
    },
    {
      id: 'sla',
      ...sortable('sla'),
      header: COLUMN_LABELS.sla,
      size: WIDTHS.sla,
      cell: ({ row }) => {
        const level = ctx.slaLevel(row.original);
        if (!level) return <span className={`${classes.cell} ${classes.dimmed}`}>—</span>;
        const b = SLA_BADGES[level];
        return badge(b.label, b.color, level !== 'ok', 'sla-badge');
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
