/**
 * The per-field bookkeeping of records that are patched offline and merged three-way on
 * push (tickets, tasks, knowledge articles): the `field_revs` column of their tables.
 *
 * field_revs holds a JSON object: field -> the rev of the write that last changed it, and
 * under WRITERS_KEY, clientId -> the patchable fields whose last change came from that
 * client's push. A field last changed by the pushing client itself is no clash: it is the
 * same technician's earlier offline change, pushed in an earlier op with the same baseRev
 * (possibly in an earlier batch). Any other code that changes a patchable field must drop
 * that field from the writers.
 *
 * One implementation for every merged entity, so tickets, tasks and articles merge alike
 * (common/sync/merge.ts planMerge with the entity's field policies).
 */
import { planMerge, type FieldPolicy, type MergePlan } from '@fielddesk/common/sync/merge';

export const WRITERS_KEY = '@writers';

export interface FieldState {
  /** field -> rev of its last change (absent: unchanged since creation, rev 0). */
  fieldRevs: Record<string, number>;
  /** patchable field -> the sync client whose push last changed it (absent: not changed by a push). */
  writers: Record<string, string>;
}

/** A merged record as a push batch holds it: the latest record and its field state. */
export interface RecordState<R> extends FieldState {
  record: R;
}

/**
 * Reads a field_revs column in one parse: field -> rev, and the writers (stored compactly as
 * clientId -> [fields], kept in memory as field -> clientId). A damaged value counts as
 * empty: every field then merges as changed at creation.
 */
export function parseFieldState(text: string): FieldState {
  const fieldRevs: Record<string, number> = {};
  const writers: Record<string, string> = {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { fieldRevs, writers };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { fieldRevs, writers };
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === 'number') fieldRevs[key] = v;
    else if (key === WRITERS_KEY && v && typeof v === 'object' && !Array.isArray(v)) {
      for (const [clientId, fields] of Object.entries(v)) {
        if (Array.isArray(fields)) for (const f of fields) if (typeof f === 'string') writers[f] = clientId;
      }
    }
  }
  return { fieldRevs, writers };
}

/** The field_revs column text of a field state. */
export function fieldStateText(state: FieldState): string {
  const byClient: Record<string, string[]> = {};
  for (const [field, clientId] of Object.entries(state.writers)) (byClient[clientId] ??= []).push(field);
  return JSON.stringify({ ...state.fieldRevs, [WRITERS_KEY]: byClient });
}

/** The field state of a record a client's push created at `rev`: every field new, every patchable one the client's. */
export function createdFieldState(record: object, rev: number, clientId: string, policies: Record<string, FieldPolicy>): FieldState {
  const fields = Object.keys(record).filter((k) => k !== 'id' && k !== 'rev');
  return {
    fieldRevs: Object.fromEntries(fields.map((k) => [k, rev])),
    writers: Object.fromEntries(Object.keys(policies).map((k) => [k, clientId])),
  };
}

/**
 * Sorts a patch's fields three-way against the record's state (common/sync/merge.ts
 * planMerge): a field this same client changed last does not count as changed on the server.
 */
export function planPatch<F extends object>(
  state: RecordState<object>,
  fields: F,
  baseRev: number,
  policies: Record<keyof F, FieldPolicy>,
  clientId: string,
): MergePlan<F> {
  const defined = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as F;
  return planMerge({
    fields: defined,
    baseRev,
    server: state.record as Record<string, unknown>,
    fieldRevs: Object.fromEntries(Object.entries(state.fieldRevs).map(([f, r]) => [f, state.writers[f] === clientId ? 0 : r])),
    policies,
  });
}

/**
 * The field state after a write at `rev` that changed `changed` (plus updatedAt): those
 * fields' revs move to `rev`, and the patchable ones (in `policies`) remember this client.
 */
export function afterWrite(state: FieldState, changed: readonly string[], rev: number, clientId: string, policies: Record<string, FieldPolicy>): FieldState {
  const fieldRevs = { ...state.fieldRevs };
  const writers = { ...state.writers };
  for (const field of [...changed, 'updatedAt']) fieldRevs[field] = rev;
  // Only the fields a patch may set take part in merges, so only those keep their writer.
  for (const field of changed) if (field in policies) writers[field] = clientId;
  return { fieldRevs, writers };
}
