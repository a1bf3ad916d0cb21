import { createHash, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, CSRF_HEADER, attachmentPath, uploadPath, type UploadStatus } from '@fielddesk/common/api/http';
import type { Attachment, Ticket } from '@fielddesk/common/domain/entities';
import { ATTACHMENT_CHUNK_BYTES, MAX_ATTACHMENT_BYTES, type AttachmentCreateData, type Op } from '@fielddesk/common/sync/protocol';
import type { FieldDeskServer } from '../app';
import { StartupError } from '../errors';
import { bearer, getTicket, loginDesktop, loginWeb, personId, push } from '../../test/http';
import { describeStores } from '../../test/stores';
import { blobPath, prepareFilesDir, prunePartials, uploaderKey } from './blobs';
import { MAX_CHUNK_BODY_BYTES, contentDisposition } from './routes';

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Builds ops of one client, in seq order. */
class Ops {
  readonly clientId = randomUUID();
  private seq = 0;
  attachment(data: Partial<AttachmentCreateData> & Pick<AttachmentCreateData, 'ticketId' | 'sha256' | 'size'>, id: string = randomUUID()): Op {
    return {
      opId: randomUUID(),
      seq: ++this.seq,
      id,
      clientTime: new Date().toISOString(),
      entity: 'attachment',
      kind: 'create',
      data: { fileName: 'report.pdf', mimeType: 'application/pdf', kind: 'file', ...data },
    };
  }
}

describeStores('attachments', (h) => {
  let s: FieldDeskServer;
  let tech1: string;
  let desk1: string;
  let tech1Id: string;
  let visible: Ticket;
  let hidden: Ticket;
  let filesDir: string;

  const put = (token: string, hash: string, offset: number, size: number, body: Buffer, contentType = 'application/octet-stream') =>
    s.app.inject({
      method: 'PUT',
      url: `${uploadPath(hash)}?offset=${offset}&size=${size}`,
      headers: { ...bearer(token), 'content-type': contentType },
      payload: body,
    });
  const status = async (token: string, hash: string) => {
    const res = await s.app.inject({ method: 'GET', url: uploadPath(hash), headers: bearer(token) });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<UploadStatus>();
  };
  /** Uploads a whole file in ATTACHMENT_CHUNK_BYTES chunks; answers the last status. */
  async function upload(token: string, bytes: Buffer): Promise<UploadStatus> {
    const hash = sha(bytes);
    let last: UploadStatus | null = null;
    for (let offset = 0; offset < bytes.length || last === null; offset += ATTACHMENT_CHUNK_BYTES) {
      const res = await put(token, hash, offset, bytes.length, bytes.subarray(offset, offset + ATTACHMENT_CHUNK_BYTES));
      expect(res.statusCode, res.body).toBe(200);
      last = res.json<UploadStatus>();
      if (bytes.length === 0) break;
    }
    return last;
  }
  const attachmentRow = (id: string) => s.db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const download = (token: string, hash: string) => s.app.inject({ method: 'GET', url: attachmentPath(hash), headers: bearer(token) });

  beforeAll(async () => {
    filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fielddesk-attachments-test-'));
    s = await h.start({ files: { dir: filesDir, mayCreate: false } });
    tech1 = (await loginDesktop(s.app, 'tech1')).token;
    desk1 = (await loginDesktop(s.app, 'desk1')).token;
    tech1Id = await personId(s, 'tech1');
    const hq = (await s.db.selectFrom('sites').select('id').where('code', '=', 'HQ').executeTakeFirstOrThrow()).id;
    const field = (await s.db.selectFrom('groups').select('id').where('name', '=', 'Field Support').executeTakeFirstOrThrow()).id;
    const v = await s.db
      .selectFrom('tickets')
      .select('id')
      .where((eb) => eb.or([eb('group_id', '=', field), eb('site_id', '=', hq)]))
      .orderBy('number')
      .executeTakeFirstOrThrow();
    const x = await s.db.selectFrom('tickets').select('id').where('group_id', '!=', field).where('site_id', '!=', hq).orderBy('number').executeTakeFirstOrThrow();
    visible = await getTicket(s, v.id);
    hidden = await getTicket(s, x.id);
  });

  afterAll(() => fs.rmSync(filesDir, { recursive: true, force: true }));

  describe('the attachment op', () => {
    it('stores the record on a visible ticket, authored by the signed-in user, not yet uploaded', async () => {
      const ops = new Ops();
      const bytes = randomBytes(1000);
      const op = ops.attachment({ ticketId: visible.id, sha256: sha(bytes), size: bytes.length, fileName: 'Übergabe.pdf' });
      const { body } = await push(s.app, tech1, ops.clientId, [op]);
      const result = body?.results[0];
      if (result?.status !== 'applied') throw new Error(JSON.stringify(result));
      const record = result.record as Attachment;
      expect(record).toMatchObject({ id: op.id, ticketId: visible.id, sha256: sha(bytes), fileName: 'Übergabe.pdf', authorId: tech1Id, uploaded: false, rev: result.rev });
      expect(await attachmentRow(op.id)).toMatchObject({ uploaded: 0, author_id: tech1Id, file_name: 'Übergabe.pdf' });
      // A second record with the same id is refused in words.
      const again = await push(s.app, tech1, ops.clientId, [ops.attachment({ ticketId: visible.id, sha256: sha(bytes), size: 1000 }, op.id)]);
      expect(again.body?.results[0]).toMatchObject({ status: 'rejected', reason: 'An attachment with this id already exists.' });
    });

    it('is rejected on a ticket the user may not see (or that does not exist), storing and leaking nothing', async () => {
      const ops = new Ops();
      const before = await s.store.currentRev();
      const list = [ops.attachment({ ticketId: hidden.id, sha256: 'a'.repeat(64), size: 10 }), ops.attachment({ ticketId: randomUUID(), sha256: 'b'.repeat(64), size: 10 })];
      const { res, body } = await push(s.app, tech1, ops.clientId, list);
      expect(body?.results.map((r) => r)).toEqual(list.map((op) => ({ opId: op.opId, status: 'rejected', reason: 'Ticket not found or not visible to you.' })));
      expect(res.body).not.toContain(hidden.title);
      expect(await s.store.currentRev()).toBe(before);
      expect(await s.db.selectFrom('attachments').select('id').where('id', 'in', [list[0]?.id ?? '', list[1]?.id ?? '']).execute()).toEqual([]);
    });

    it('rejects an attachment over the size limit as malformed (400 naming the limit)', async () => {
      const ops = new Ops();
      const op = ops.attachment({ ticketId: visible.id, sha256: 'c'.repeat(64), size: MAX_ATTACHMENT_BYTES + 1 });
      const res = await s.app.inject({ method: 'POST', url: API.push, headers: bearer(tech1), payload: { clientId: ops.clientId, ops: [op] } });
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toContain(`at most ${MAX_ATTACHMENT_BYTES} bytes`);
    });
  });

  describe('uploads', () => {
    it('takes a file in chunks, resumes after an interruption via 409, verifies it, and flips uploaded at a new rev', async () => {
      const bytes = randomBytes(2 * ATTACHMENT_CHUNK_BYTES + 12_345);
      const hash = sha(bytes);
      const ops = new Ops();
      const op = ops.attachment({ ticketId: visible.id, sha256: hash, size: bytes.length, fileName: 'photo.jpg', mimeType: 'image/jpeg', kind: 'photo' });
      const pushed = await push(s.app, tech1, ops.clientId, [op]);
      expect(pushed.body?.results[0]).toMatchObject({ status: 'applied', record: { uploaded: false } });
      const createdRev = Number((await attachmentRow(op.id)).rev);

      expect(await status(tech1, hash)).toEqual({ sha256: hash, size: 0, received: 0, complete: false });
      const first = await put(tech1, hash, 0, bytes.length, bytes.subarray(0, ATTACHMENT_CHUNK_BYTES));
      expect(first.statusCode, first.body).toBe(200);
      expect(first.json()).toEqual({ sha256: hash, size: bytes.length, received: ATTACHMENT_CHUNK_BYTES, complete: false });

      // The connection dropped after the server stored chunk 1; the client retries chunk 1: 409 says where to go on.
      const retry = await put(tech1, hash, 0, bytes.length, bytes.subarray(0, ATTACHMENT_CHUNK_BYTES));
      expect(retry.statusCode).toBe(409);
      expect(retry.json()).toEqual({
        sha256: hash,
        size: bytes.length,
        received: ATTACHMENT_CHUNK_BYTES,
        complete: false,
        error: 'offset_mismatch',
        message: `This chunk starts at byte 0, but the server holds ${ATTACHMENT_CHUNK_BYTES} bytes of your upload of this file: send the chunk that starts at byte ${ATTACHMENT_CHUNK_BYTES}.`,
      });
      // A chunk from the future is refused the same way.
      const ahead = await put(tech1, hash, 2 * ATTACHMENT_CHUNK_BYTES, bytes.length, bytes.subarray(2 * ATTACHMENT_CHUNK_BYTES));
      expect(ahead.statusCode).toBe(409);
      expect(ahead.json<UploadStatus>().received).toBe(ATTACHMENT_CHUNK_BYTES);
      expect(await status(tech1, hash)).toEqual({ sha256: hash, size: bytes.length, received: ATTACHMENT_CHUNK_BYTES, complete: false });
      expect((await attachmentRow(op.id)).uploaded).toBe(0);

      let pokes = 0;
      const stop = s.changes.subscribe(() => pokes++);
      const second = await put(tech1, hash, ATTACHMENT_CHUNK_BYTES, bytes.length, bytes.subarray(ATTACHMENT_CHUNK_BYTES, 2 * ATTACHMENT_CHUNK_BYTES));
      expect(second.json<UploadStatus>().received).toBe(2 * ATTACHMENT_CHUNK_BYTES);
      const last = await put(tech1, hash, 2 * ATTACHMENT_CHUNK_BYTES, bytes.length, bytes.subarray(2 * ATTACHMENT_CHUNK_BYTES));
      expect(last.statusCode, last.body).toBe(200);
      expect(last.json()).toEqual({ sha256: hash, size: bytes.length, received: bytes.length, complete: true });

      // Buffer.compare: toEqual walks 2 MiB element by element, which takes most of a minute.
      expect(Buffer.compare(fs.readFileSync(blobPath(filesDir, hash)), bytes)).toBe(0);
      expect(fs.readdirSync(path.join(filesDir, 'attachments', 'partial'))).toEqual([]);
      const row = await attachmentRow(op.id);
      expect(row.uploaded).toBe(1);
      // Clients are poked to pull the flipped record.
      await expect.poll(() => pokes, { timeout: 2000 }).toBeGreaterThan(0);
      stop();
      expect(Number(row.rev)).toBeGreaterThan(createdRev);
      expect(await s.store.currentRev()).toBeGreaterThanOrEqual(Number(row.rev));
      expect(await status(desk1, hash)).toEqual({ sha256: hash, size: bytes.length, received: bytes.length, complete: true });

      // Uploading it again changes nothing and answers complete.
      const again = await put(tech1, hash, 0, bytes.length, bytes.subarray(0, ATTACHMENT_CHUNK_BYTES));
      expect(again.statusCode).toBe(200);
      expect(again.json<UploadStatus>().complete).toBe(true);
      expect(Number((await attachmentRow(op.id)).rev)).toBe(Number(row.rev));

      // A record pushed after the file arrived is uploaded from the start.
      const later = ops.attachment({ ticketId: visible.id, sha256: hash, size: bytes.length, fileName: 'copy.jpg', mimeType: 'image/jpeg' });
      const laterPush = await push(s.app, tech1, ops.clientId, [later]);
      expect(laterPush.body?.results[0]).toMatchObject({ status: 'applied', record: { uploaded: true } });

      // And the bytes come back as they went in.
      const res = await download(tech1, hash);
      expect(res.statusCode).toBe(200);
      expect(Buffer.compare(res.rawPayload, bytes)).toBe(0);
      expect(res.headers['content-type']).toBe('image/jpeg');
      expect(res.headers['content-length']).toBe(String(bytes.length));
    });

    it('starts over when an upload of the same file names another size', async () => {
      const bytes = randomBytes(3000);
      const hash = sha(bytes);
      const wrong = await put(tech1, hash, 0, 5000, bytes.subarray(0, 1000));
      expect(wrong.json<UploadStatus>()).toMatchObject({ size: 5000, received: 1000 });
      const resumed = await put(tech1, hash, 1000, bytes.length, bytes.subarray(1000));
      expect(resumed.statusCode).toBe(409);
      expect(resumed.json()).toMatchObject({ sha256: hash, size: bytes.length, received: 0, complete: false, error: 'offset_mismatch' });
      const whole = await put(tech1, hash, 0, bytes.length, bytes);
      expect(whole.json()).toEqual({ sha256: hash, size: bytes.length, received: bytes.length, complete: true });
    });

    it('discards a file whose bytes do not match its SHA-256 (422)', async () => {
      const bytes = randomBytes(5000);
      const claimed = sha(randomBytes(10));
      const res = await put(tech1, claimed, 0, bytes.length, bytes);
      expect(res.statusCode).toBe(422);
      expect(res.json()).toEqual({ error: 'hash_mismatch', message: expect.stringContaining(`hash to SHA-256 ${sha(bytes)}, not ${claimed}`) });
      expect(await status(tech1, claimed)).toEqual({ sha256: claimed, size: 0, received: 0, complete: false });
    });

    it('refuses a file over MAX_ATTACHMENT_BYTES (413 naming the limit) and a chunk over the per-chunk limit (413)', async () => {
      const hash = sha(randomBytes(8));
      const big = await put(tech1, hash, 0, MAX_ATTACHMENT_BYTES + 1, randomBytes(10));
      expect(big.statusCode).toBe(413);
      expect(big.json()).toEqual({ error: 'attachment_too_large', message: expect.stringContaining('at most 100 MiB (104857600 bytes)') });
      const chunk = await put(tech1, hash, 0, 10 * ATTACHMENT_CHUNK_BYTES, randomBytes(MAX_CHUNK_BODY_BYTES + 1));
      expect(chunk.statusCode).toBe(413);
      expect(chunk.json().error).toBe('payload_too_large');
      expect(await status(tech1, hash)).toMatchObject({ received: 0 });
    });

    it('refuses bad addresses, bad offsets and other content types', async () => {
      const bytes = randomBytes(100);
      const hash = sha(bytes);
      expect((await put(tech1, 'NOT-A-HASH', 0, 100, bytes)).statusCode).toBe(400);
      const noQuery = await s.app.inject({ method: 'PUT', url: uploadPath(hash), headers: { ...bearer(tech1), 'content-type': 'application/octet-stream' }, payload: bytes });
      expect(noQuery.statusCode).toBe(400);
      expect(noQuery.json().message).toMatch(/offset=/);
      expect((await put(tech1, hash, 0, 50, bytes)).statusCode).toBe(400);
      const json = await put(tech1, hash, 0, 100, bytes, 'application/json');
      expect(json.statusCode).toBe(415);
      expect(json.json().message).toMatch(/application\/octet-stream/);
    });

    it('needs a session, and the CSRF header for a cookie session', async () => {
      const bytes = randomBytes(64);
      const hash = sha(bytes);
      const anonymous = await s.app.inject({ method: 'PUT', url: `${uploadPath(hash)}?offset=0&size=64`, headers: { 'content-type': 'application/octet-stream' }, payload: bytes });
      expect(anonymous.statusCode).toBe(401);
      expect((await s.app.inject({ method: 'GET', url: attachmentPath(hash) })).statusCode).toBe(401);
      const web = await loginWeb(s.app, 'tech1');
      const url = `${uploadPath(hash)}?offset=0&size=64`;
      const noCsrf = await s.app.inject({ method: 'PUT', url, headers: { cookie: web.cookie, 'content-type': 'application/octet-stream' }, payload: bytes });
      expect(noCsrf.statusCode).toBe(403);
      const ok = await s.app.inject({ method: 'PUT', url, headers: { cookie: web.cookie, [CSRF_HEADER]: web.csrf, 'content-type': 'application/octet-stream' }, payload: bytes });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json<UploadStatus>().complete).toBe(true);
    });

    it('takes an empty file', async () => {
      const empty = Buffer.alloc(0);
      const last = await upload(tech1, empty);
      expect(last).toEqual({ sha256: sha(empty), size: 0, received: 0, complete: true });
    });
  });

  describe('downloads', () => {
    async function attach(token: string, ticket: Ticket, bytes: Buffer, fileName: string, mimeType: string) {
      const ops = new Ops();
      const op = ops.attachment({ ticketId: ticket.id, sha256: sha(bytes), size: bytes.length, fileName, mimeType });
      const { body } = await push(s.app, token, ops.clientId, [op]);
      expect(body?.results[0]?.status).toBe('applied');
      await upload(token, bytes);
      return sha(bytes);
    }

    it('answers 404 alike for a file the user may not see, an unknown file, and shows a visible one', async () => {
      const secret = randomBytes(300);
      const hash = await attach(desk1, hidden, secret, 'salaries.xlsx', 'application/vnd.ms-excel');
      const denied = await download(tech1, hash);
      const unknown = await download(tech1, sha(randomBytes(5)));
      expect(denied.statusCode).toBe(404);
      expect(unknown.statusCode).toBe(404);
      expect(denied.json()).toEqual(unknown.json());
      expect(denied.body).not.toContain('salaries');
      const allowed = await download(desk1, hash);
      expect(allowed.statusCode).toBe(200);
      expect(Buffer.compare(allowed.rawPayload, secret)).toBe(0);
    });

    it('says so when the record is visible but its file has not arrived yet', async () => {
      const ops = new Ops();
      const bytes = randomBytes(10);
      await push(s.app, tech1, ops.clientId, [ops.attachment({ ticketId: visible.id, sha256: sha(bytes), size: 10 })]);
      const res = await download(tech1, sha(bytes));
      expect(res.statusCode).toBe(404);
      expect(res.json().error).toBe('not_uploaded');
    });

    it.each([
      ['image/png', 'inline'],
      ['image/jpeg', 'inline'],
      ['image/webp', 'inline'],
      ['image/svg+xml', 'attachment'],
      ['text/html', 'attachment'],
      ['application/pdf', 'attachment'],
    ])('serves %s as %s, with nosniff', async (mimeType, disposition) => {
      const bytes = Buffer.from(`<svg onload="alert(1)"> ${mimeType} ${randomUUID()}`);
      const hash = await attach(tech1, visible, bytes, `file "${mimeType}".bin`, mimeType);
      const res = await download(tech1, hash);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe(mimeType);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(String(res.headers['content-disposition'])).toMatch(new RegExp(`^${disposition}; filename="file _`));
      expect(String(res.headers['content-security-policy'])).toContain('sandbox');
    });

    it('serves an unsafe declared type as application/octet-stream', async () => {
      const bytes = randomBytes(20);
      const hash = await attach(tech1, visible, bytes, 'x.bin', 'text/html; charset=utf-8\r\nX-Evil: 1');
      const res = await download(tech1, hash);
      expect(res.headers['content-type']).toBe('application/octet-stream');
      expect(res.headers['x-evil']).toBeUndefined();
    });
  });

  describe('who may reach a file: knowing its SHA-256 gives nothing', () => {
    let tech1Web: { cookie: string; csrf: string };
    const attachOp = (token: string, ticket: Ticket, bytes: Buffer) => {
      const ops = new Ops();
      const op = ops.attachment({ ticketId: ticket.id, sha256: sha(bytes), size: bytes.length, fileName: 'x.pdf' });
      return push(s.app, token, ops.clientId, [op]).then(({ body }) => ({ op, result: body?.results[0] }));
    };
    const NOT_STARTED = (hash: string) => ({ sha256: hash, size: 0, received: 0, complete: false });

    beforeAll(async () => {
      tech1Web = await loginWeb(s.app, 'tech1');
    });

    it('tells nobody else that a file exists, serves it through no record pushed with its hash, and ties that record only once its author uploads the bytes', async () => {
      // desk1 attaches a file to a ticket tech1 may not see.
      const secret = randomBytes(3000);
      const hash = sha(secret);
      expect((await attachOp(desk1, hidden, secret)).result?.status).toBe('applied');
      expect((await upload(desk1, secret)).complete).toBe(true);

      // tech1 knows the hash: the status is what it is for a file nobody has.
      expect(await status(tech1, hash)).toEqual(NOT_STARTED(hash));
      expect(await status(tech1, hash)).toEqual(await status(tech1, sha(randomBytes(9))).then((u) => ({ ...u, sha256: hash })));
      // A record with that hash on tech1's own ticket is stored, but not tied to the file.
      const { op, result } = await attachOp(tech1, visible, secret);
      expect(result).toMatchObject({ status: 'applied', record: { uploaded: false } });
      const denied = await download(tech1, hash);
      expect(denied.statusCode).toBe(404);
      expect(denied.json().error).toBe('not_uploaded');
      expect(denied.body).not.toContain(secret.toString('latin1').slice(0, 50));
      // Nor does a second push, another device, or the web session change that.
      expect((await attachOp(tech1, visible, secret)).result).toMatchObject({ status: 'applied', record: { uploaded: false } });
      const web = await s.app.inject({ method: 'GET', url: attachmentPath(hash), headers: { cookie: tech1Web.cookie } });
      expect(web.statusCode).toBe(404);
      // Re-sending one chunk that claims to finish it proves nothing: the bytes must hash right.
      const forged = await put(tech1, hash, 0, 3000, randomBytes(3000));
      expect(forged.statusCode).toBe(422);
      expect((await attachmentRow(op.id)).uploaded).toBe(0);

      // Uploading the bytes proves tech1 holds them: now their record has its file.
      expect(await upload(tech1, secret)).toEqual({ sha256: hash, size: 3000, received: 3000, complete: true });
      expect((await attachmentRow(op.id)).uploaded).toBe(1);
      const served = await download(tech1, hash);
      expect(served.statusCode).toBe(200);
      expect(Buffer.compare(served.rawPayload, secret)).toBe(0);
      expect(await status(tech1, hash)).toMatchObject({ complete: true });
      // And a record pushed now is tied at once (they uploaded it).
      expect((await attachOp(tech1, visible, secret)).result).toMatchObject({ status: 'applied', record: { uploaded: true } });
    });

    it('lets someone who may already see a held record of the file claim it without uploading', async () => {
      const bytes = randomBytes(500);
      const hash = sha(bytes);
      expect((await attachOp(tech1, visible, bytes)).result?.status).toBe('applied');
      await upload(tech1, bytes);
      // desk1 sees tech1's ticket: the file is already theirs to read, so it is theirs to attach.
      expect(await status(desk1, hash)).toEqual({ sha256: hash, size: 500, received: 500, complete: true });
      expect((await attachOp(desk1, hidden, bytes)).result).toMatchObject({ status: 'applied', record: { uploaded: true } });
      const again = await put(desk1, hash, 0, 500, bytes);
      expect(again.json<UploadStatus>()).toMatchObject({ complete: true });
    });

    it("leaves another person's record of the same bytes waiting until that person uploads them", async () => {
      const bytes = randomBytes(700);
      const hash = sha(bytes);
      // tech1 pushes first; desk1 (who may see tech1's ticket) uploads the same bytes for a record of their own.
      const mine = await attachOp(tech1, visible, bytes);
      const theirs = await attachOp(desk1, hidden, bytes);
      await upload(desk1, bytes);
      expect((await attachmentRow(theirs.op.id)).uploaded).toBe(1);
      expect((await attachmentRow(mine.op.id)).uploaded).toBe(0);
      // tech1 may not see desk1's ticket: their status says only where their own upload stands.
      expect(await status(tech1, hash)).toEqual(NOT_STARTED(hash));
      await upload(tech1, bytes);
      expect((await attachmentRow(mine.op.id)).uploaded).toBe(1);
    });

    it('keeps uploads in progress apart per uploader: one cannot reset, block or finish another\'s', async () => {
      const bytes = randomBytes(2 * ATTACHMENT_CHUNK_BYTES + 100);
      const hash = sha(bytes);
      const chunk = (i: number) => bytes.subarray(i * ATTACHMENT_CHUNK_BYTES, (i + 1) * ATTACHMENT_CHUNK_BYTES);
      // An attacker starts the same hash with another size and junk, before and in between.
      expect((await put(tech1, hash, 0, 10, Buffer.from('0123456789'))).statusCode).toBe(422);
      expect((await put(tech1, hash, 0, 5000, randomBytes(1000))).statusCode).toBe(200);
      expect(await status(desk1, hash)).toEqual(NOT_STARTED(hash));
      expect((await put(desk1, hash, 0, bytes.length, chunk(0))).json<UploadStatus>().received).toBe(ATTACHMENT_CHUNK_BYTES);
      expect((await put(tech1, hash, 1000, 5000, randomBytes(1000))).json<UploadStatus>().received).toBe(2000);
      expect(await status(desk1, hash)).toEqual({ sha256: hash, size: bytes.length, received: ATTACHMENT_CHUNK_BYTES, complete: false });
      expect(await status(tech1, hash)).toEqual({ sha256: hash, size: 5000, received: 2000, complete: false });
      // Both upload the real file at once, chunk by chunk: no 409, no 422.
      const uploads = await Promise.all(
        [tech1, desk1].map(async (token) => {
          const codes: number[] = [];
          let at = (await status(token, hash)).size === bytes.length ? ATTACHMENT_CHUNK_BYTES : 0;
          while (at < bytes.length) {
            const res = await put(token, hash, at, bytes.length, bytes.subarray(at, at + ATTACHMENT_CHUNK_BYTES));
            codes.push(res.statusCode);
            if (res.statusCode !== 200) break;
            at = res.json<UploadStatus>().received;
          }
          return codes;
        }),
      );
      // tech1's own 5000-byte upload starts over at the real size; desk1 goes on from their chunk.
      expect(uploads).toEqual([[200, 200, 200], [200, 200]]);
      expect(await status(desk1, hash)).toMatchObject({ complete: true });
      expect(Buffer.compare(fs.readFileSync(blobPath(filesDir, hash)), bytes)).toBe(0);
    });

    it('lets two people upload one new file at the same time, both ending complete', async () => {
      const bytes = randomBytes(3 * ATTACHMENT_CHUNK_BYTES);
      const hash = sha(bytes);
      const [a, b] = await Promise.all([upload(tech1, bytes), upload(desk1, bytes)]);
      expect(a).toEqual({ sha256: hash, size: bytes.length, received: bytes.length, complete: true });
      expect(b).toEqual(a);
      const uploaders = await s.db.selectFrom('attachment_uploads').select('person_id').where('sha256', '=', hash).orderBy('person_id').execute();
      expect(uploaders.map((u) => u.person_id).sort()).toEqual([tech1Id, await personId(s, 'desk1')].sort());
      expect(fs.readdirSync(path.join(filesDir, 'attachments', 'partial')).filter((n) => n.startsWith(hash))).toEqual([]);
    });
  });
});

describe('attachment helpers', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('names files in Content-Disposition safely, with the UTF-8 name', () => {
    expect(contentDisposition('image/png', 'Foto Übergabe.png')).toBe(`inline; filename="Foto _bergabe.png"; filename*=UTF-8''Foto%20%C3%9Cbergabe.png`);
    expect(contentDisposition('text/html', 'a";b.html')).toBe(`attachment; filename="a__b.html"; filename*=UTF-8''a%22%3Bb.html`);
  });

  it('prunes uploads abandoned for longer than the limit, and nothing else', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fielddesk-files-'));
    dirs.push(root);
    prepareFilesDir({ dir: root, mayCreate: true });
    const partial = path.join(root, 'attachments', 'partial');
    const old = 'a'.repeat(64);
    const fresh = 'b'.repeat(64);
    // One upload of an uploader's (<sha>-<owner>) and one begun before uploads were per uploader.
    const oldOwned = `${'c'.repeat(64)}-${uploaderKey('someone')}`;
    for (const name of [old, `${old}.size`, oldOwned, `${oldOwned}.size`, fresh, `${fresh}.size`]) fs.writeFileSync(path.join(partial, name), '1');
    const week = 7 * 24 * 3_600_000;
    const past = new Date(Date.now() - week - 60_000);
    fs.utimesSync(path.join(partial, old), past, past);
    fs.utimesSync(path.join(partial, oldOwned), past, past);
    expect(await prunePartials(root, Date.now(), week)).toBe(2);
    expect(fs.readdirSync(partial).sort()).toEqual([fresh, `${fresh}.size`]);
  });

  it('keeps files content-addressed under <dir>/attachments/<aa>/<sha256>', () => {
    expect(blobPath('/data', 'ab'.repeat(32))).toBe(path.join('/data', 'attachments', 'ab', 'ab'.repeat(32)));
  });

  it('refuses a missing files directory unless it may create it, and an unusable one, in words', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fielddesk-files-'));
    dirs.push(root);
    const missing = path.join(root, 'missing');
    expect(() => prepareFilesDir({ dir: missing, mayCreate: false })).toThrow(StartupError);
    expect(() => prepareFilesDir({ dir: missing, mayCreate: false })).toThrow(/does not exist.*FIELDDESK_INIT=1/);
    prepareFilesDir({ dir: missing, mayCreate: true });
    expect(fs.statSync(path.join(missing, 'attachments', 'partial')).isDirectory()).toBe(true);
    const file = path.join(root, 'a-file');
    fs.writeFileSync(file, '');
    expect(() => prepareFilesDir({ dir: file, mayCreate: true })).toThrow(/is not writable \(E[A-Z]+\)/);
  });
});
