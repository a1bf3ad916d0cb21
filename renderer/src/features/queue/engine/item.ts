/**
 * The queue's in-memory row: a compact projection of a ticket plus keys precomputed once per
 * ticket version, so filtering and sorting 100,000 of them never parses a date or lower-cases a
 * title twice. The long texts (description, resolution notes, root cause, workaround) are left
 * out: the queue never shows them, and not holding them keeps the memory of 100,000 rows small.
 */
import type { Ticket } from '@fielddesk/common/domain/entities';
import { parseIsoTimestamp } from '@fielddesk/common/itsm/iso-time';
import { provisionalNumber } from '@fielddesk/common/itsm/numbering';

export type QueueTicket = Omit<Ticket, 'description' | 'resolutionNotes' | 'rootCause' | 'workaround'>;

/** A ticket's SLA level (the worse of its two clocks; null: no policy), memoised until `untilMs` (see sla.ts). */
export interface SlaLevelMemo {
  level: 'ok' | 'warning' | 'breached' | null;
  untilMs: number;
}

/** A ticket's resolution clock as the due filters need it, memoised until `untilMs` (see sla.ts). */
export interface ResolutionMemo {
  /** Running ('ok' | 'warning' | 'breached' | 'paused') or stopped ('met' | 'missed'); null: no policy. */
  state: 'ok' | 'warning' | 'breached' | 'paused' | 'met' | 'missed' | null;
  /** When the clock reaches 100% (epoch ms); null while paused or without a policy. */
  dueMs: number | null;
  untilMs: number;
}

export interface QueueItem {
  ticket: QueueTicket;
  /** The server's number, or the provisional one until the server numbers it. */
  number: string;
  createdMs: number;
  updatedMs: number;
  resolvedMs: number | null;
  /** Lower-cased title, for "contains" filters and sorting by title. */
  titleKey: string;
  /** Not resolved or closed (the test almost every queue starts with). */
  open: boolean;
  /** Lower-cased number and category (with subcategory), for the text filter. */
  numberKey: string;
  categoryKey: string;
  /** Memoised SLA level and resolution clock; undefined until first asked for. */
  slaLevel?: SlaLevelMemo;
  resolution?: ResolutionMemo;
}

/**
 * Builds the row of one ticket (drops the long texts, precomputes the keys). Fields are copied
 * one by one: for 100,000 tickets that is several times faster than an object rest spread.
 */
export function toQueueItem(t: Ticket | QueueTicket): QueueItem {
  const lite: QueueTicket = {
    id: t.id,
    number: t.number,
    kind: t.kind,
    title: t.title,
    status: t.status,
    priority: t.priority,
    impact: t.impact,
    urgency: t.urgency,
    category: t.category,
    subcategory: t.subcategory,
    requesterId: t.requesterId,
    assigneeId: t.assigneeId,
    groupId: t.groupId,
    siteId: t.siteId,
    locationId: t.locationId,
    onHoldReason: t.onHoldReason,
    resolutionCode: t.resolutionCode,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
    resolvedAt: t.resolvedAt,
    closedAt: t.closedAt,
    respondedAt: t.respondedAt,
    slaHolds: t.slaHolds,
    catalogItemId: t.catalogItemId,
    problemId: t.problemId,
    knownError: t.knownError,
    rev: t.rev,
  };
  const number = lite.number ?? provisionalNumber(lite.kind, lite.id);
  return {
    ticket: lite,
    number,
    open: lite.status !== 'resolved' && lite.status !== 'closed',
    numberKey: number.toLowerCase(),
    categoryKey: lite.subcategory ? `${lite.category} / ${lite.subcategory}`.toLowerCase() : lite.category.toLowerCase(),
    createdMs: parseIsoTimestamp(lite.createdAt),
    updatedMs: parseIsoTimestamp(lite.updatedAt),
    resolvedMs: lite.resolvedAt ? parseIsoTimestamp(lite.resolvedAt) : null,
    titleKey: lite.title.toLowerCase(),
  };
}
