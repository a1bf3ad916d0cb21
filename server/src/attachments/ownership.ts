/**
 * Who may tie an attachment record to a stored file.
 *
 * Files are content-addressed and shared (blobs.ts): two records with one SHA-256 name one
 * file. Knowing a hash must not be enough to reach that file, so, as content-addressed stores
 * such as Dropbox's and GitHub's do, the server keeps who has *uploaded* each file
 * (`attachment_uploads`: they sent every byte and the hash matched, which proves they hold
 * it). A user may claim a stored file — see it as uploaded in the upload status, and have
 * their records of it marked uploaded — only when
 *
 * - they uploaded it themselves (any of their devices), or
 * - they may already see a record of it whose file is held (they can download it anyway).
 *
 * Anyone else is told only about their own upload in progress; their records wait as "not
 * uploaded" until they upload the bytes themselves. Downloads are served only through a
 * visible record marked uploaded (routes.ts), so a record pushed with someone else's hash
 * gives nothing.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/types';
import type { AppContext } from '../context';
import { ticketScopeCondition, type Viewer } from '../sync/scope';

/** Whether this person has uploaded the file. */
export async function hasUploaded(db: Kysely<Database>, personId: string, sha256: string): Promise<boolean> {
  const row = await db.selectFrom('attachment_uploads').select('person_id').where('sha256', '=', sha256).where('person_id', '=', personId).executeTakeFirst();
  return row !== undefined;
}

/** Whether the viewer may see a record of this file whose file is held. */
export async function seesUploadedRecord(db: Kysely<Database>, viewer: Viewer, sha256: string): Promise<boolean> {
  const row = await db
    .selectFrom('attachments')
    .innerJoin('tickets', 'tickets.id', 'attachments.ticket_id')
    .select('attachments.id')
    .where('attachments.sha256', '=', sha256)
    .where('attachments.uploaded', '=', 1)
    .where(ticketScopeCondition(viewer))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Whether the viewer may claim the stored file (see the module comment). Does not look at the
 * disk: the caller checks that the file is there. `db` is the transaction's when inside one.
 */
export async function mayClaim(db: Kysely<Database>, viewer: Viewer, sha256: string): Promise<boolean> {
  return (await hasUploaded(db, viewer.id, sha256)) || (await seesUploadedRecord(db, viewer, sha256));
}

/**
 * Marks the person's records of a file uploaded, each at a new rev, and pokes clients;
 * answers how many changed. With `uploadedBy`, first records that the person uploaded the
 * file (in the same transaction, so a push that runs before it sees neither and one after
 * sees both).
 *
 * Right after the file completes this must run as a write transaction even when no record
 * seems pending: a push that checked before the upload finished may still be committing, and
 * writers are serialized, so this runs after it. `healOnly` (a later status check or
 * re-upload) first looks without taking the write lock.
 */
export async function markUploaded(ctx: AppContext, sha256: string, authorId: string, options: { healOnly?: boolean; uploadedBy?: boolean } = {}): Promise<number> {
  const pendingOf = (db: Kysely<Database>) =>
    db.selectFrom('attachments').select('id').where('sha256', '=', sha256).where('author_id', '=', authorId).where('uploaded', '=', 0).orderBy('id');
  if (options.healOnly && !options.uploadedBy) {
    if (!(await pendingOf(ctx.store.db).executeTakeFirst())) return 0;
  }
  const nowIso = new Date(ctx.config.now()).toISOString();
  const flipped = await ctx.store.write(async (tx) => {
    if (options.uploadedBy) {
      await tx.db
        .insertInto('attachment_uploads')
        .values({ sha256, person_id: authorId, uploaded_at: nowIso })
        .onConflict((oc) => oc.columns(['sha256', 'person_id']).doNothing())
        .execute();
    }
    const rows = await pendingOf(tx.db).execute();
    for (const row of rows) {
      const rev = await tx.nextRev();
      await tx.db.updateTable('attachments').set({ uploaded: 1, rev }).where('id', '=', row.id).execute();
    }
    return rows.length;
  });
  if (flipped > 0) ctx.changes.notify();
  return flipped;
}
