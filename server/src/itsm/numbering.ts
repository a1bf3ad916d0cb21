/**
 * Human ticket numbers (INC-0001, REQ-0001), given only by the server, one counter per
 * kind, incremented inside the caller's write transaction so a number is never used twice
 * and never skipped by a rolled-back create.
 */
import { sql, type Kysely } from 'kysely';
import type { TicketKind } from '@fielddesk/common/domain/entities';
import { formatTicketNumber } from '@fielddesk/common/itsm/numbering';
import type { Database } from '../db/types';

export async function nextTicketNumber(db: Kysely<Database>, kind: TicketKind): Promise<string> {
  const row = await db
    .insertInto('ticket_counters')
    .values({ kind, last_number: 1 })
    .onConflict((oc) => oc.column('kind').doUpdateSet({ last_number: sql<number>`ticket_counters.last_number + 1` }))
    .returning('last_number')
    .executeTakeFirstOrThrow();
  return formatTicketNumber(kind, Number(row.last_number));
}
