/**
 * Human numbers (INC-0001, REQ-0001, PRB-0001, TASK-0001, KB-0001), given only by the
 * server, one counter per kind (ticket_counters), incremented inside the caller's write
 * transaction so a number is never used twice and never skipped by a rolled-back create.
 * Push counts a whole batch in memory instead (sync/apply.ts PushBatch.nextNumber); both
 * write the same counters.
 */
import { sql, type Kysely } from 'kysely';
import { formatTicketNumber, type NumberedKind } from '@fielddesk/common/itsm/numbering';
import type { Database } from '../db/types';

export async function nextTicketNumber(db: Kysely<Database>, kind: NumberedKind): Promise<string> {
  const row = await db
    .insertInto('ticket_counters')
    .values({ kind, last_number: 1 })
    .onConflict((oc) => oc.column('kind').doUpdateSet({ last_number: sql<number>`ticket_counters.last_number + 1` }))
    .returning('last_number')
    .executeTakeFirstOrThrow();
  return formatTicketNumber(kind, Number(row.last_number));
}
