/**
 * How the conflicts screen names fields and shows values: always as plain text (ticket
 * text is untrusted), ids resolved to names, empty values said in words.
 */
import type { Priority } from '@fielddesk/common/domain/entities';
import { STATUS_LABELS, type TicketStatus } from '@fielddesk/common/itsm/lifecycle';
import { PRIORITY_LABELS } from '../../shared/badges';

export const FIELD_LABELS: Record<string, string> = {
  title: 'Title',
  description: 'Description',
  status: 'Status',
  priority: 'Priority',
  category: 'Category',
  assigneeId: 'Assignee',
  groupId: 'Group',
  locationId: 'Location',
  onHoldReason: 'On-hold reason',
  resolutionCode: 'Resolution code',
  resolutionNotes: 'Resolution notes',
};

export function fieldLabel(field: string): string {
  return FIELD_LABELS[field] ?? field;
}

/** Fields edited by picking from a list rather than typing. */
export const SELECT_FIELDS = new Set(['status', 'priority', 'assigneeId', 'groupId', 'locationId']);
/** Fields edited in a multi-line box. */
export const LONG_TEXT_FIELDS = new Set(['description', 'resolutionNotes']);

export interface NameLookup {
  person(id: string): string | undefined;
  group(id: string): string | undefined;
  location(id: string): string | undefined;
}

export function describeValue(field: string, value: unknown, names: NameLookup): string {
  if (value === null || value === undefined || value === '') return '(empty)';
  if (field === 'status' && typeof value === 'string' && value in STATUS_LABELS) return STATUS_LABELS[value as TicketStatus];
  if (field === 'priority' && typeof value === 'number' && value in PRIORITY_LABELS) return `P${value} ${PRIORITY_LABELS[value as Priority]}`;
  if (typeof value === 'string') {
    if (field === 'assigneeId') return names.person(value) ?? 'Unknown person';
    if (field === 'groupId') return names.group(value) ?? 'Unknown group';
    if (field === 'locationId') return names.location(value) ?? 'Unknown location';
    return value;
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
