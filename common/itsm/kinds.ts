import type { TicketKind } from '../domain/entities';
import type { TransitionCheck } from './lifecycle';

/**
 * Which ticket fields belong to which kind, and the known-error rule: the same check in the
 * app (offline) and on the server (push), so both refuse with the same words.
 */

/** The kind-specific fields of a ticket, as a create or a patch sets them (absent: not set). */
export interface KindFields {
  catalogItemId?: string | null;
  problemId?: string | null;
  rootCause?: string | null;
  workaround?: string | null;
  knownError?: boolean;
}

const article = (kind: TicketKind) => (kind === 'incident' ? 'an incident' : kind === 'problem' ? 'a problem' : 'a service request');

/**
 * Refuses fields that do not belong to the ticket's kind: root cause, workaround and the
 * known-error flag are for problems, a catalog item for service requests, a problem link
 * for incidents. Clearing a field (null, false) is always allowed.
 */
export function checkKindFields(kind: TicketKind, fields: KindFields): TransitionCheck {
  const label = article(kind);
  if (kind !== 'problem') {
    const problemOnly = (
      [
        ['rootCause', 'a root cause'],
        ['workaround', 'a workaround'],
        ['knownError', 'the known-error flag'],
      ] as const
    ).find(([f]) => fields[f] !== undefined && fields[f] !== null && fields[f] !== false);
    if (problemOnly) return { ok: false, reason: `Only problems have ${problemOnly[1]}; this ticket is ${label}.` };
  }
  if (kind !== 'service_request' && fields.catalogItemId) {
    return { ok: false, reason: `Only service requests have a catalog item; this ticket is ${label}.` };
  }
  if (kind !== 'incident' && fields.problemId) {
    return { ok: false, reason: `Only incidents can be linked to a problem; this ticket is ${label}.` };
  }
  return { ok: true };
}

/** A problem is a known error only with its workaround written down. */
export function checkKnownError(problem: { knownError: boolean; workaround: string | null }): TransitionCheck {
  if (problem.knownError && !problem.workaround?.trim()) {
    return { ok: false, reason: 'A known error needs a workaround: write the workaround first, then mark the problem as a known error.' };
  }
  return { ok: true };
}

/** Refuses linking an incident to a ticket that is not a problem (or to itself). */
export function checkProblemLink(incidentId: string, target: { id: string; kind: TicketKind; number: string | null }): TransitionCheck {
  if (target.id === incidentId) return { ok: false, reason: 'A ticket cannot be its own problem.' };
  if (target.kind !== 'problem') {
    return { ok: false, reason: `${target.number ?? 'That ticket'} is ${article(target.kind)}, not a problem; link the incident to a problem.` };
  }
  return { ok: true };
}

