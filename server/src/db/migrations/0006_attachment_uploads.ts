/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on today's Database type */
import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Who has uploaded which attachment file: `attachment_uploads`, one row per file (SHA-256)
 * and uploader (server/src/attachments/ownership.ts). Files are content-addressed and
 * shared, so knowing a SHA-256 must not be enough to reach one: an attachment record is tied
 * to its file only when its author uploaded the bytes (proved possession) or could already
 * see a record whose file is held. Records held before this migration keep their files:
 * their authors count as the uploaders.
 */
export const attachmentUploads: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('attachment_uploads')
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('person_id', 'text', (c) => c.notNull().references('persons.id').onDelete('cascade'))
      .addColumn('uploaded_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('attachment_uploads_pk', ['sha256', 'person_id'])
      .execute();
    await sql`insert into attachment_uploads (sha256, person_id, uploaded_at)
      select sha256, author_id, min(created_at) from attachments where uploaded = 1 group by sha256, author_id`.execute(db);
  },
};
