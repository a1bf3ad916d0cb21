/**
 * Attaching files to tickets. The bytes never enter IndexedDB: they go to the platform
 * (desktop: main keeps them content-addressed in userData and uploads them in resumable
 * chunks when online; web: uploaded at once). Then ONE Dexie transaction writes the
 * attachment record (uploaded: false until the server has the bytes) and its 'create' op.
 */
import { v7 as uuidv7 } from 'uuid';
import type { Attachment } from '@fielddesk/common/domain/entities';
import type { Platform } from '@fielddesk/common/ipc/contract';
import { AttachmentCreateDataSchema, MAX_ATTACHMENT_BYTES, describeZodError } from '@fielddesk/common/sync/protocol';
import type { FieldDeskDb } from '../db';
import { writeLocal } from './write';
import type { IntentResult } from './tickets';

/** What the file input gives (a File satisfies it). */
export interface AttachmentFile {
  name: string;
  type: string;
  size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export interface AttachmentRepositoryContext {
  db: FieldDeskDb;
  userId: string;
  platform: Pick<Platform, 'saveAttachment'>;
  now?: () => Date;
}

export interface AttachmentRepository {
  addAttachment(ticketId: string, file: AttachmentFile, kind?: Attachment['kind']): Promise<IntentResult>;
}

export function attachmentKindFor(mimeType: string): Attachment['kind'] {
  return mimeType.startsWith('image/') ? 'photo' : 'file';
}

export function createAttachmentRepository(ctx: AttachmentRepositoryContext): AttachmentRepository {
  const { db } = ctx;
  const now = ctx.now ?? (() => new Date());
  return {
    async addAttachment(ticketId, file, kind) {
      if (file.size > MAX_ATTACHMENT_BYTES) {
        return { ok: false, reason: `"${file.name}" is too large: an attachment may be at most ${Math.round(MAX_ATTACHMENT_BYTES / (1024 * 1024))} MB.` };
      }
      if (!(await db.tickets.get(ticketId))) return { ok: false, reason: 'This ticket is not on this device.' };
      const mimeType = file.type || 'application/octet-stream';
      let saved;
      try {
        const bytes = new Uint8Array(await file.arrayBuffer());
        saved = await ctx.platform.saveAttachment({ fileName: file.name, mimeType, bytes });
      } catch (e) {
        return { ok: false, reason: `"${file.name}" could not be attached: ${e instanceof Error ? e.message : String(e)}` };
      }
      const data = { ticketId, sha256: saved.sha256, fileName: file.name, mimeType, size: saved.size, kind: kind ?? attachmentKindFor(mimeType) };
      const parsed = AttachmentCreateDataSchema.safeParse(data);
      if (!parsed.success) return { ok: false, reason: `"${file.name}" could not be attached: ${describeZodError(parsed.error)}` };
      return db.transaction('rw', [db.tickets, db.attachments, db.outbox, db.shadows], async (): Promise<IntentResult> => {
        if (!(await db.tickets.get(ticketId))) return { ok: false, reason: 'This ticket is not on this device.' };
        const id = uuidv7();
        const entry = await writeLocal(db, ctx.userId, undefined, {
          entity: 'attachment',
          kind: 'create',
          id,
          data: parsed.data,
          clientTime: now().toISOString(),
        });
        return { ok: true, id, opId: entry.opId };
      });
    },
  };
}
