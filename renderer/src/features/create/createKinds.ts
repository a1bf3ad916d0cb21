/** What Create New can make, and the URL slug of each (/new/incident, /new/request, …). */
import type { TicketKind } from '@fielddesk/common/domain/entities';

export type CreateKind = TicketKind | 'task';

export const CREATE_KINDS: readonly { kind: CreateKind; slug: string; label: string; hint: string }[] = [
  { kind: 'incident', slug: 'incident', label: 'Incident', hint: 'Something is broken or degraded.' },
  { kind: 'service_request', slug: 'request', label: 'Service request', hint: 'Someone asks for something from the catalog.' },
  { kind: 'problem', slug: 'problem', label: 'Problem', hint: 'The unknown cause of one or more incidents.' },
  { kind: 'task', slug: 'task', label: 'Task', hint: 'A piece of work, on its own or for a ticket.' },
];

/** The kind a URL slug names; an unknown or missing slug is an incident (the everyday case). */
export function kindFromSlug(slug: string | undefined): CreateKind {
  return CREATE_KINDS.find((k) => k.slug === slug || k.kind === slug)?.kind ?? 'incident';
}

export function slugOf(kind: CreateKind): string {
  return CREATE_KINDS.find((k) => k.kind === kind)?.slug ?? 'incident';
}
