import type { TicketKind } from '../domain/entities';

/** Everything that gets a human number from the server. */
export type NumberedKind = TicketKind | 'task' | 'knowledge_article';

export const NUMBER_PREFIX: Record<NumberedKind, string> = {
  incident: 'INC',
  service_request: 'REQ',
  problem: 'PRB',
  task: 'TASK',
  knowledge_article: 'KB',
};

/** The human number the server gives, e.g. INC-1042. */
export function formatTicketNumber(kind: NumberedKind, n: number): string {
  return `${NUMBER_PREFIX[kind]}-${String(n).padStart(4, '0')}`;
}

/** Shown until the server has numbered a record made offline. */
export function provisionalNumber(kind: NumberedKind, id: string): string {
  return `${NUMBER_PREFIX[kind]}-new-${id.replace(/-/g, '').slice(-6)}`;
}
