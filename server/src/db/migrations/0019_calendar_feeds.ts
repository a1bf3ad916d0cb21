/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on today's Database type */
import type { Kysely, Migration } from 'kysely';

/**
 * Calendar subscription feeds (issue 15, server/src/calendar/feed.ts): one secret address per
 * person, kept only as the SHA-256 (hex) of its token, like sessions. Not synced: no rev.
 * Resetting the address replaces the row's hash, so the old address stops working at once.
 */
export const calendarFeeds: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('calendar_feeds')
      .addColumn('person_id', 'text', (c) => c.primaryKey().references('persons.id').onDelete('cascade'))
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
  },
};
