import type { TicketKind } from '../domain/entities';

export const NUMBER_PREFIX: Record<TicketKind, string> = {
  incident: 'INC',
  service_request: 'REQ',
};

/** The human number the server gives, e.g. INC-1042. */
export function formatTicketNumber(kind: TicketKind, n: number): string {
  return `${NUMBER_PREFIX[kind]}-${String(n).padStart(4, '0')}`;
}

/** Shown until the server has numbered a record made offline. */
export function provisionalNumber(kind: TicketKind, id: string): string {
  return `${NUMBER_PREFIX[kind]}-new-${id.replace(/-/g, '').slice(-6)}`;
}
