/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on today's Database type */
import type { Kysely, Migration } from 'kysely';

/**
 * The configuration items a change request affects (common/entities/change-ci.ts): one row per
 * (change, CI), gone with either. Scoped with its change and its CI (child of both), so it has no
 * scope column and no scope-move trigger of its own. Indexed on the CI too: the impact view and a
 * CI's screen ask for the changes of a CI.
 */
export const changeCis: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('change_cis')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('change_id', 'text', (c) => c.notNull().references('changes.id').onDelete('cascade'))
      .addColumn('configuration_item_id', 'text', (c) => c.notNull().references('configuration_items.id').onDelete('cascade'))
      .addColumn('added_by_id', 'text', (c) => c.references('persons.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('rev', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('change_cis_change_ci_key', ['change_id', 'configuration_item_id'])
      .execute();
    await db.schema.createIndex('change_cis_rev_idx').on('change_cis').column('rev').execute();
    await db.schema.createIndex('change_cis_ci_idx').on('change_cis').column('configuration_item_id').execute();
  },
};
