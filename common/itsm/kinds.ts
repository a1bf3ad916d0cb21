import type { TicketKind } from '../domain/entities';
import type { ItsmConfig } from './config';
import type { TransitionCheck } from './lifecycle';

/**
 * Which ticket fields belong to which kind, and the known-error rule: one check for the app
 * (offline) and the server (push), so both refuse with the same words. The words are the
 * ones the app's repositories show (renderer/src/data/repositories/rules.ts).
 */

/** The kind-specific fields of a ticket, as a create or a patch sets them (absent: not set). */
export interface KindFields {
  catalogItemId?: string | null;
  problemId?: string | null;
  rootCause?: string | null;
  workaround?: string | null;
  knownError?: boolean;
}

const isSet = (v: unknown) => v !== undefined && v !== null && v !== false && v !== '';

/**
 * Refuses fields that do not belong to the ticket's kind: root cause, workaround and the
 * known-error flag are for problems, a catalog item for service requests, a problem link
 * for incidents. Clearing a field (null, false) is always allowed.
 */
export function checkKindFields(kind: TicketKind, fields: KindFields): TransitionCheck {
  if (kind !== 'problem' && (isSet(fields.rootCause) || isSet(fields.workaround) || isSet(fields.knownError))) {
    return { ok: false, reason: 'Root cause, workaround and known error belong to problems, not to this ticket.' };
  }
  if (kind !== 'service_request' && isSet(fields.catalogItemId)) return { ok: false, reason: 'Only service requests have a catalog item.' };
  if (kind !== 'incident' && isSet(fields.problemId)) return { ok: false, reason: 'Only incidents can be linked to a problem.' };
  return { ok: true };
}

/** A service request's catalog item must be one of the configured catalog's. */
export function checkCatalogItem(config: Pick<ItsmConfig, 'catalog'>, catalogItemId: string | null): TransitionCheck {
  if (catalogItemId && !config.catalog.some((c) => c.id === catalogItemId)) return { ok: false, reason: 'The catalog item is not in the service catalog.' };
  return { ok: true };
}

/** A problem is a known error only with its workaround written down. */
export function checkKnownError(problem: { knownError: boolean; workaround: string | null }): TransitionCheck {
  if (problem.knownError && !problem.workaround?.trim()) {
    return { ok: false, reason: 'A known error needs a workaround: write what to do until the root cause is fixed.' };
  }
  return { ok: true };
}

/** An incident can only be linked to a ticket that is a problem. */
export function checkProblemLink(target: { kind: TicketKind; number: string | null }): TransitionCheck {
  if (target.kind !== 'problem') return { ok: false, reason: `${target.number ?? 'That ticket'} is not a problem.` };
  return { ok: true };
}
