/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on today's Database type */
import type { Kysely, Migration } from 'kysely';

/**
 * CI relationships (common/entities/ci-relation.ts): from one configuration item to another,
 * with a type; unique per (from, to, type); gone with either CI. Their scope follows their CIs
 * (child of either), so they have no scope columns and no scope-move trigger of their own.
 */
export const ciRelations: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('ci_relations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('from_id', 'text', (c) => c.notNull().references('configuration_items.id').onDelete('cascade'))
      .addColumn('to_id', 'text', (c) => c.notNull().references('configuration_items.id').onDelete('cascade'))
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('author_id', 'text', (c) => c.references('persons.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('rev', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('ci_relations_from_to_type_key', ['from_id', 'to_id', 'type'])
      .execute();
    await db.schema.createIndex('ci_relations_rev_idx').on('ci_relations').column('rev').execute();
    await db.schema.createIndex('ci_relations_to_idx').on('ci_relations').column('to_id').execute();
  },
};
