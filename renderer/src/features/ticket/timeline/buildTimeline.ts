/**
 * A ticket's activity timeline, built from everything this device knows about it: the
 * server's history (ticket_events), worklogs, attachments, and the sync events of the
 * ticket (its changes still waiting in the outbox, fields that clashed with the server,
 * changes the server refused). Pure, so the merge and the wording are easy to test; the
 * component only renders the items.
 */
import type { Attachment, Task, TicketEvent, Worklog } from '@fielddesk/common/domain/entities';
import { PRIORITY_LABELS, type Priority } from '@fielddesk/common/itsm/config';
import { STATUS_LABELS, TASK_STATUS_LABELS, type TicketStatus } from '@fielddesk/common/itsm/lifecycle';
import type { OpInput } from '@fielddesk/common/sync/protocol';

/**
 * An event the server recorded this long after the technician made it was made offline
 * and synced later: the timeline says so, since "at" alone would look like a back-dated change.
 */
export const SYNCED_LATER_MS = 5 * 60_000;

/** Names for the ids an event carries; undefined when the record is not on this device. */
export interface TimelineNames {
  person(id: string): string | undefined;
  group(id: string): string | undefined;
  ticket(id: string): string | undefined;
}

interface Base {
  key: string;
  /** When it happened (ISO); the timeline is newest first by this. */
  at: string;
}

export type TimelineItem =
  | (Base & { type: 'event'; event: TicketEvent; actor: string; text: string; syncedLater: boolean })
  | (Base & { type: 'worklog'; worklog: Worklog; author: string })
  | (Base & { type: 'attachment'; attachment: Attachment; author: string })
  | (Base & { type: 'pending'; opId: string; text: string })
  | (Base & { type: 'conflict'; field: string; text: string; resolved: boolean })
  | (Base & { type: 'rejection'; text: string; reason: string });

/** The sync facts of this ticket: outbox entries, field conflicts and rejections touching it. */
export interface TimelineSync {
  pending: ReadonlyArray<{ opId: string; op: OpInput; createdAt: string }>;
  conflicts: ReadonlyArray<{ id: string; field: string; local: unknown; server: unknown; detectedAt: string; resolved: 0 | 1 }>;
  rejections: ReadonlyArray<{ opId: string; op: OpInput; reason: string; rejectedAt: string }>;
}

export interface TimelineInput {
  events: readonly TicketEvent[];
  worklogs: readonly Worklog[];
  attachments: readonly Attachment[];
  /** The ticket's tasks, to name a task a pending op is about. */
  tasks: readonly Pick<Task, 'id' | 'title'>[];
  sync: TimelineSync;
  names: TimelineNames;
}

const UNKNOWN_PERSON = 'Someone not on this device';

function personName(names: TimelineNames, id: string | null): string {
  if (!id) return 'nobody';
  return names.person(id) ?? UNKNOWN_PERSON;
}

function statusLabel(value: string | null): string {
  if (!value) return '(none)';
  return value in STATUS_LABELS ? STATUS_LABELS[value as TicketStatus] : value;
}

function priorityLabel(value: string | null): string {
  const n = Number(value);
  return n in PRIORITY_LABELS ? `P${n} ${PRIORITY_LABELS[n as Priority]}` : (value ?? '(none)');
}

/** One line saying what a server-recorded event did, in words. */
export function describeEvent(e: TicketEvent, names: TimelineNames): string {
  switch (e.type) {
    case 'created':
      return 'Created the ticket';
    case 'status':
      return `Changed the state from ${statusLabel(e.from)} to ${statusLabel(e.to)}`;
    case 'reopened':
      return `Reopened the ticket (${statusLabel(e.from)} → ${statusLabel(e.to)})`;
    case 'assignee':
      if (!e.to) return `Unassigned ${personName(names, e.from)}`;
      return e.from ? `Reassigned from ${personName(names, e.from)} to ${personName(names, e.to)}` : `Assigned to ${personName(names, e.to)}`;
    case 'group': {
      const group = (id: string | null) => (id ? (names.group(id) ?? 'a group not on this device') : 'no group');
      return `Moved from ${group(e.from)} to ${group(e.to)}`;
    }
    case 'priority':
      return `Changed the priority from ${priorityLabel(e.from)} to ${priorityLabel(e.to)}`;
    case 'problem': {
      const problem = (id: string | null) => (id ? (names.ticket(id) ?? 'a problem not on this device') : null);
      if (!e.to) return `Unlinked from problem ${problem(e.from) ?? ''}`.trim();
      return `Linked to problem ${problem(e.to) ?? ''}`.trim();
    }
  }
}

const FIELD_WORDS: Record<string, string> = {
  title: 'title',
  description: 'description',
  status: 'state',
  priority: 'priority',
  impact: 'impact',
  urgency: 'urgency',
  category: 'category',
  subcategory: 'subcategory',
  requesterId: 'requester',
  assigneeId: 'assignee',
  groupId: 'group',
  locationId: 'location',
  onHoldReason: 'on-hold reason',
  resolutionCode: 'resolution code',
  resolutionNotes: 'resolution notes',
  problemId: 'linked problem',
  rootCause: 'root cause',
  workaround: 'workaround',
  knownError: 'known-error flag',
  dueAt: 'due date',
};

export function fieldWord(field: string): string {
  return FIELD_WORDS[field] ?? field;
}

/** What a local change is, in words ("State change to Resolved", "Internal note (25 min)"). */
export function describeOp(op: OpInput, tasks: TimelineInput['tasks']): string {
  const taskTitle = (id: string) => tasks.find((t) => t.id === id)?.title;
  switch (op.entity) {
    case 'ticket': {
      if (op.kind === 'create') return 'Ticket created on this device';
      const { status, ...rest } = op.fields;
      const others = Object.keys(rest).map(fieldWord);
      const parts = [status ? `state change to ${STATUS_LABELS[status]}` : null, others.length ? `${others.join(', ')} changed` : null].filter(Boolean);
      return capitalise(parts.join('; '));
    }
    case 'worklog':
      return `${op.data.visibility === 'public' ? 'Public reply' : 'Internal note'} (${op.data.minutes} min)`;
    case 'attachment':
      return op.data.kind === 'signature' ? 'Sign-off signature' : `Attachment "${op.data.fileName}"`;
    case 'task':
      if (op.kind === 'create') return `New task "${op.data.title}"`;
      if (op.fields.status) return `Task "${taskTitle(op.id) ?? 'task'}" marked ${TASK_STATUS_LABELS[op.fields.status]}`;
      return `Task "${taskTitle(op.id) ?? 'task'}" changed (${Object.keys(op.fields).map(fieldWord).join(', ')})`;
    case 'ticket_link':
      return op.kind === 'create' ? `Link to ${op.data.targetEntity.replace('_', ' ')} added` : 'Link removed';
    case 'knowledge_article':
      return 'Knowledge article change';
    case 'asset_inventory':
      return 'Device inventory recorded';
    default:
      // Ops of other entities do not belong to a ticket's timeline (their appliers' ticketIdOf is null).
      return 'Change made on this device';
  }
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function describeConflictValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '(empty)';
  if (typeof value === 'string') return value.length > 60 ? `${value.slice(0, 57)}…` : value;
  return JSON.stringify(value);
}

/** Newest first; ties keep a stable order (by key) so the list does not jump. */
export function buildTimeline(input: TimelineInput): TimelineItem[] {
  const { names } = input;
  const items: TimelineItem[] = [];
  for (const event of input.events) {
    const late = Date.parse(event.recordedAt) - Date.parse(event.at) > SYNCED_LATER_MS;
    items.push({ type: 'event', key: `event:${event.id}`, at: event.at, event, actor: personName(names, event.actorId), text: describeEvent(event, names), syncedLater: late });
  }
  for (const worklog of input.worklogs) {
    items.push({ type: 'worklog', key: `worklog:${worklog.id}`, at: worklog.createdAt, worklog, author: personName(names, worklog.authorId) });
  }
  for (const attachment of input.attachments) {
    items.push({ type: 'attachment', key: `attachment:${attachment.id}`, at: attachment.createdAt, attachment, author: personName(names, attachment.authorId) });
  }
  for (const p of input.sync.pending) {
    // Worklogs and attachments already show as their own items (marked "not yet synced").
    if (p.op.entity === 'worklog' || p.op.entity === 'attachment') continue;
    items.push({ type: 'pending', key: `pending:${p.opId}`, at: p.createdAt, opId: p.opId, text: describeOp(p.op, input.tasks) });
  }
  for (const c of input.sync.conflicts) {
    items.push({
      type: 'conflict',
      key: `conflict:${c.id}`,
      at: c.detectedAt,
      field: c.field,
      resolved: c.resolved === 1,
      text: `The server kept its ${fieldWord(c.field)} "${describeConflictValue(c.server)}"; this device had "${describeConflictValue(c.local)}"`,
    });
  }
  for (const r of input.sync.rejections) {
    items.push({ type: 'rejection', key: `rejection:${r.opId}`, at: r.rejectedAt, text: describeOp(r.op, input.tasks), reason: r.reason });
  }
  return items.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
