import type { TicketKind } from '../domain/entities';
import { ENTITIES, type EntityDeclaration } from '../entities/registry';

/** Everything that gets a human number from the server. */
export type NumberedKind = TicketKind | 'task' | 'knowledge_article' | 'purchase_order' | 'audit' | 'change' | 'release';

/** Each numbered kind's prefix, from the declarations' `numbering` (common/entities/). */
export const NUMBER_PREFIX = Object.fromEntries(
  (ENTITIES as readonly EntityDeclaration[]).flatMap((e) => Object.entries(e.numbering?.prefixes ?? {})),
) as Record<NumberedKind, string>;

/** The declaration that numbers a kind, and the field that picks the kind (if any). */
export function numberingOf(kind: NumberedKind): { entity: EntityDeclaration; by: string | null } {
  const entity = (ENTITIES as readonly EntityDeclaration[]).find((e) => e.numbering && kind in e.numbering.prefixes);
  if (!entity) throw new Error(`no entity declares the numbered kind ${kind}`);
  return { entity, by: entity.numbering!.by ?? null };
}

/** The human number the server gives, e.g. INC-1042. */
export function formatTicketNumber(kind: NumberedKind, n: number): string {
  return `${NUMBER_PREFIX[kind]}-${String(n).padStart(4, '0')}`;
}

/** Shown until the server has numbered a record made offline. */
export function provisionalNumber(kind: NumberedKind, id: string): string {
  return `${NUMBER_PREFIX[kind]}-new-${id.replace(/-/g, '').slice(-6)}`;
}
