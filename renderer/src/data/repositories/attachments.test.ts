import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '@fielddesk/common/ipc/contract';
import { MAX_ATTACHMENT_BYTES } from '@fielddesk/common/sync/protocol';
import { recordKey } from '../db';
import { attachmentKindFor, createAttachmentRepository, type AttachmentFile } from './attachments';
import { freshDb, makeTicket, seed, tech } from '../../../test/fixtures';

const NOW = new Date('2026-03-05T12:00:00.000Z');
const SHA = 'a'.repeat(64);

function file(name: string, type: string, text: string): AttachmentFile {
  const bytes = new TextEncoder().encode(text);
  return { name, type, size: bytes.byteLength, arrayBuffer: async () => bytes.buffer.slice(0) as ArrayBuffer };
}

describe('attachment repository', () => {
  it('hands the bytes to the platform, then writes the record and its op in one transaction', async () => {
    const db = freshDb('attach');
    const ticket = makeTicket();
    await seed(db, [ticket]);
    const saveAttachment = vi.fn(async (input: { bytes: Uint8Array }) => ({ sha256: SHA, size: input.bytes.byteLength }));
    const repo = createAttachmentRepository({ db, userId: tech.id, platform: { saveAttachment }, now: () => NOW });
    const tx = vi.spyOn(db, 'transaction');

    const result = await repo.addAttachment(ticket.id, file('photo.jpg', 'image/jpeg', 'JPEGDATA'));

    if (!result.ok) throw new Error(result.reason);
    const call = saveAttachment.mock.calls[0]![0] as { fileName: string; mimeType: string; bytes: Uint8Array };
    expect({ ...call, bytes: new TextDecoder().decode(call.bytes) }).toEqual({ fileName: 'photo.jpg', mimeType: 'image/jpeg', bytes: 'JPEGDATA' });
    expect(tx).toHaveBeenCalledTimes(1);
    const record = await db.attachments.get(result.id);
    expect(record).toEqual({
      id: result.id,
      ticketId: ticket.id,
      sha256: SHA,
      fileName: 'photo.jpg',
      mimeType: 'image/jpeg',
      size: 8,
      kind: 'photo',
      authorId: tech.id,
      createdAt: NOW.toISOString(),
      uploaded: false,
      rev: 0,
    });
    const [entry] = await db.outbox.toArray();
    expect(entry).toMatchObject({
      recordKey: recordKey('attachment', result.id),
      op: { entity: 'attachment', kind: 'create', id: result.id, data: { ticketId: ticket.id, sha256: SHA, size: 8, kind: 'photo' } },
    });
    // The bytes are nowhere in IndexedDB.
    expect(JSON.stringify(await db.attachments.toArray())).not.toContain('JPEGDATA');
    expect(JSON.stringify(await db.outbox.toArray())).not.toMatch(/bytes|JPEGDATA/);
  });

  it('writes nothing when the platform cannot keep the bytes, and says why', async () => {
    const db = freshDb('attach');
    const ticket = makeTicket();
    await seed(db, [ticket]);
    const repo = createAttachmentRepository({
      db,
      userId: tech.id,
      platform: {
        saveAttachment: async () => {
          throw new ApiError('server', 'The disk is full.');
        },
      },
    });

    const result = await repo.addAttachment(ticket.id, file('notes.pdf', 'application/pdf', 'x'));

    expect(result).toEqual({ ok: false, reason: '"notes.pdf" could not be attached: The disk is full.' });
    expect(await db.attachments.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('refuses a file over the limit before reading it', async () => {
    const db = freshDb('attach');
    const ticket = makeTicket();
    await seed(db, [ticket]);
    const saveAttachment = vi.fn();
    const repo = createAttachmentRepository({ db, userId: tech.id, platform: { saveAttachment } });
    const huge: AttachmentFile = { name: 'disk.img', type: '', size: MAX_ATTACHMENT_BYTES + 1, arrayBuffer: vi.fn() };

    const result = await repo.addAttachment(ticket.id, huge);

    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('too large') });
    expect(huge.arrayBuffer).not.toHaveBeenCalled();
    expect(saveAttachment).not.toHaveBeenCalled();
  });

  it('tells photos from other files by type', () => {
    expect(attachmentKindFor('image/png')).toBe('photo');
    expect(attachmentKindFor('application/pdf')).toBe('file');
  });
});
