/**
 * The checks repositories make against the local replica before writing, with the same
 * words the server uses (common/itsm/lifecycle.ts): who may be assigned, what belongs to
 * which kind of ticket. Run inside the caller's transaction (persons, groups, tickets,
 * itsmConfig must be in its scope).
 */
import type { z } from 'zod';
import type { Ticket } from '@fielddesk/common/domain/entities';
import type { ItsmConfig } from '@fielddesk/common/itsm/config';
import { checkAssignee, type TransitionCheck } from '@fielddesk/common/itsm/lifecycle';
import { checkCatalogItem, checkKindFields, checkKnownError, checkProblemLink, type KindFields } from '@fielddesk/common/itsm/kinds';
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

/** Checks a ticket as it would be after a change of `changed` fields (common/itsm/kinds.ts rules). */
export async function checkTicketFields(db: FieldDeskDb, next: Ticket, changed: readonly string[], config?: ItsmConfig): Promise<Refusal | null> {
  const has = (f: keyof Ticket) => changed.includes(f);
  const pick = <K extends keyof KindFields>(f: K): KindFields[K] => (has(f) ? next[f] : undefined);
  const refusal = (check: TransitionCheck): Refusal | null => (check.ok ? null : { reason: check.reason });
  const kinds = refusal(
    checkKindFields(next.kind, {
      rootCause: pick('rootCause'),
      workaround: pick('workaround'),
      knownError: pick('knownError'),
      catalogItemId: pick('catalogItemId'),
      problemId: pick('problemId'),
    }),
  );
  if (kinds) return kinds;
  if (next.kind === 'problem') {
    const knownError = refusal(checkKnownError(next));
    if (knownError) return knownError;
  }
  if (has('catalogItemId') && next.catalogItemId) {
    const catalog = refusal(checkCatalogItem(config ?? (await readItsmConfig(db)), next.catalogItemId));
    if (catalog) return catalog;
  }
  if (has('problemId') && next.problemId) {
    const problem = await db.tickets.get(next.problemId);
    if (!problem) return { reason: 'The problem is not on this device; sync, then try again.' };
    const link = refusal(checkProblemLink(problem));
    if (link) return link;
  }
  if (next.assigneeId && (has('assigneeId') || has('groupId'))) return checkAssigneeOnDevice(db, next.assigneeId, next.groupId);
  return null;
}
