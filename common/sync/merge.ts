/**
 * Per-field merge policies, three-way against the op's baseRev (DESIGN.md, "Merge").
 * The server decides with these; the client shows conflicts with the same vocabulary.
 *
 * For each field of a patch:
 * - the server has not changed it since baseRev           -> the client's value applies;
 * - both sides changed it, to the same value              -> nothing to do;
 * - both sides changed it, to different values            -> the field's policy:
 *     'lifecycle': the client's status applies if the lifecycle allows the transition from
 *                  the server's current state; otherwise it is a conflict;
 *     'conflict':  the server's value stays and a conflict is recorded that keeps the
 *                  client's value, for the technician to resolve.
 * Append-only entities (worklogs, attachments, scans) have no patches, so never conflict.
 */
import { entities } from '../entities/registry';

export type FieldPolicy = 'lifecycle' | 'conflict';

// Each entity's policies are declared with its patch op (common/entities/, `ops.patch.policies`).
export const TICKET_FIELD_POLICIES = entities.ticket.ops.patch.policies;
export const TASK_FIELD_POLICIES = entities.task.ops.patch.policies;
export const ARTICLE_FIELD_POLICIES = entities.knowledge_article.ops.patch.policies;

export interface FieldConflict {
  field: string;
  local: unknown;
  server: unknown;
}

export interface MergeInput<F extends object> {
  /** The fields the client's op sets. */
  fields: F;
  /** The rev of the record the client based its change on. */
  baseRev: number;
  /** The server record now. */
  server: Record<string, unknown>;
  /** For each field, the rev at which the server last changed it (absent = at creation, rev 0). */
  fieldRevs: Record<string, number>;
  policies: Record<keyof F, FieldPolicy>;
}

export interface MergePlan<F extends object> {
  /** Fields to write (the client's value wins or nobody clashed). */
  apply: Partial<F>;
  /** Fields with policy 'lifecycle' that clashed: apply if the lifecycle allows. */
  lifecycle: Partial<F>;
  /** Fields kept at the server's value, with the client's value recorded. */
  conflicts: FieldConflict[];
}

const same = (a: unknown, b: unknown): boolean =>
  a === b || (a == null && b == null) || (Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => v === b[i]));

/** Sorts a patch's fields into apply / lifecycle / conflicts. Pure; the caller writes. */
export function planMerge<F extends object>(input: MergeInput<F>): MergePlan<F> {
  const plan: MergePlan<F> = { apply: {}, lifecycle: {}, conflicts: [] };
  for (const key of Object.keys(input.fields) as (keyof F & string)[]) {
    const local = input.fields[key];
    const serverValue = input.server[key];
    const changedOnServer = (input.fieldRevs[key] ?? 0) > input.baseRev;
    if (!changedOnServer) plan.apply[key] = local;
    else if (same(local, serverValue)) continue;
    else if (input.policies[key] === 'lifecycle') plan.lifecycle[key] = local;
    else plan.conflicts.push({ field: key, local, server: serverValue });
  }
  return plan;
}
