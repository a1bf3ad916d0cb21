/**
 * The checks repositories make against the local replica before writing, with the same
 * words the server uses (common/itsm/lifecycle.ts): who may be assigned, what belongs to
 * which kind of ticket. Run inside the caller's transaction (persons, groups, tickets,
 * itsmConfig must be in its scope).
 */
import type { z } from 'zod';
import type { Ticket } from '@fielddesk/common/domain/entities';
import type { ItsmConfig } from '@fielddesk/common/itsm/config';
import { checkAssignee } from '@fielddesk/common/itsm/lifecycle';
import type { FieldDeskDb } from '../db';
import { readItsmConfig } from '../itsmConfig';

export interface Refusal {
  reason: string;
}

/** The first problem of a zod error as a sentence, naming the field: "Title: a title is required." */
export function firstIssue(error: z.ZodError, what: string): string {
  const issue = error.issues[0];
  if (!issue) return `This ${what} cannot be saved.`;
  const field = issue.path.map(String).join('.');
  return sentence(field ? `${field}: ${issue.message}` : issue.message);
}

export function sentence(text: string): string {
  const s = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

/** Refuses an assignee who is not on this device, is a requester, or is outside the group. */
export async function checkAssigneeOnDevice(db: FieldDeskDb, assigneeId: string | null, groupId: string | null): Promise<Refusal | null> {
  if (!assigneeId) return null;
  const person = await db.persons.get(assigneeId);
  if (!person) return { reason: 'The assignee is not on this device; sync, then try again.' };
  const group = groupId ? await db.groups.get(groupId) : undefined;
  const check = checkAssignee(person, group ? { id: group.id, name: group.name } : null);
  return check.ok ? null : { reason: check.reason };
}

/** Checks a ticket as it would be after a change of `changed` fields. */
export async function checkTicketFields(db: FieldDeskDb, next: Ticket, changed: readonly string[], config?: ItsmConfig): Promise<Refusal | null> {
  const has = (f: keyof Ticket) => changed.includes(f);
  if (next.kind !== 'problem' && ((has('rootCause') && next.rootCause) || (has('workaround') && next.workaround) || (has('knownError') && next.knownError))) {
    return { reason: 'Root cause, workaround and known error belong to problems, not to this ticket.' };
  }
  if (next.kind === 'problem' && next.knownError && !next.workaround?.trim()) {
    return { reason: 'A known error needs a workaround: write what to do until the root cause is fixed.' };
  }
  if (has('catalogItemId') && next.catalogItemId) {
    if (next.kind !== 'service_request') return { reason: 'Only service requests have a catalog item.' };
    const cfg = config ?? (await readItsmConfig(db));
    if (!cfg.catalog.some((c) => c.id === next.catalogItemId)) return { reason: 'The catalog item is not in the service catalog.' };
  }
  if (has('problemId') && next.problemId) {
    if (next.kind !== 'incident') return { reason: 'Only incidents can be linked to a problem.' };
    const problem = await db.tickets.get(next.problemId);
    if (!problem) return { reason: 'The problem is not on this device; sync, then try again.' };
    if (problem.kind !== 'problem') return { reason: `${problem.number ?? 'That ticket'} is not a problem.` };
  }
  if (next.assigneeId && (has('assigneeId') || has('groupId'))) return checkAssigneeOnDevice(db, next.assigneeId, next.groupId);
  return null;
}
