/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on today's Database type */
import type { Kysely, Migration } from 'kysely';

/**
 * Every push conflict, kept server-side for audit (sync/apply.ts): `sync_conflicts`, one
 * row per clashing field of an op; values are JSON text.
 */
export const syncConflicts: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('sync_conflicts')
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addColumn('op_id', 'text', (c) => c.notNull())
      .addColumn('field', 'text', (c) => c.notNull())
      .addColumn('person_id', 'text', (c) => c.notNull().references('persons.id'))
      .addColumn('entity', 'text', (c) => c.notNull())
      .addColumn('record_id', 'text', (c) => c.notNull())
      .addColumn('local_value', 'text', (c) => c.notNull())
      .addColumn('server_value', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('sync_conflicts_pk', ['client_id', 'op_id', 'field'])
      .execute();
    await db.schema.createIndex('sync_conflicts_record_idx').on('sync_conflicts').columns(['entity', 'record_id']).execute();
  },
};
