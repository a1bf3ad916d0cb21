/** The uploader against a fake server: chunks, resume (409 and interruption), 422, backoff, events. */
import { createHash } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { UploadQueueState } from '@fielddesk/common/ipc/contract';
import { createMemoryLogger } from '../log';
import { FAKE_TOKEN, createFakeUploadServer } from '../testing/fake-upload-server';
import { createManualClock, settle } from '../testing/manual-clock';
import { createAttachmentStore } from './store';
import { createUploadQueue } from './upload-queue';
import { backoffDelay, createUploader, type UploaderOptions } from './uploader';

const CHUNK = 1000;
const SERVER = 'http://desk.local:8470';

function bytesOf(length: number, seed = 7): Uint8Array {
  return new Uint8Array(Array.from({ length }, (_, i) => (i * 31 + seed) % 256));
}

async function setup(overrides: Partial<UploaderOptions> = {}) {
  const dir = await mkdtemp(path.join(tmpdir(), 'fd-uploader-'));
  const store = createAttachmentStore(path.join(dir, 'attachments'));
  const queue = createUploadQueue(dir, createMemoryLogger());
  const server = createFakeUploadServer();
  const time = createManualClock();
  const events: UploadQueueState[] = [];
  const connectivity: boolean[] = [];
  const unauthorized: string[] = [];
  const online = { value: true, signedIn: true };
  const uploader = createUploader({
    queue,
    store,
    fetch: server.fetch,
    target: async () => (online.signedIn ? { serverUrl: SERVER, token: FAKE_TOKEN } : null),
    isOnline: () => online.value,
    onChange: (s) => events.push(s),
    reportConnectivity: (up) => connectivity.push(up),
    onUnauthorized: (m) => void unauthorized.push(m),
    clock: time.clock,
    random: () => 0.5,
    chunkBytes: CHUNK,
    minBackoffMs: 1_000,
    maxBackoffMs: 8_000,
    ...overrides,
  });
  async function save(bytes: Uint8Array, fileName = 'photo.jpg') {
    const saved = await store.put(bytes);
    await queue.add({ ...saved, fileName, mimeType: 'image/jpeg' });
    return saved;
  }
  return { dir, store, queue, server, time, events, connectivity, unauthorized, online, uploader, save };
}

const puts = (log: string[]) => log.filter((l) => l.startsWith('PUT')).map((l) => /offset=(\d+)/.exec(l)?.[1]).map(Number);

describe('uploader', () => {
  it('uploads a file in chunks with the bearer token, drops it from the queue and keeps the local copy', async () => {
    const t = await setup();
    const bytes = bytesOf(2_500);
    const { sha256 } = await t.save(bytes);
    t.uploader.kick();
    await t.uploader.idle();
    expect(t.server.log[0]).toBe(`GET /api/attachments/${sha256}/upload`);
    expect(puts(t.server.log)).toEqual([0, 1000, 2000]);
    expect(t.server.log.every((l) => !l.startsWith('PUT') || l.endsWith('&size=2500'))).toBe(true);
    expect(t.server.uploads.get(sha256)).toMatchObject({ complete: true });
    expect(Buffer.compare(t.server.uploads.get(sha256)!.bytes, Buffer.from(bytes))).toBe(0);
    expect(await t.queue.list()).toEqual([]);
    expect(await t.store.has(sha256)).toBe(true);
    // One event per change: queued, then progress, then done.
    expect(t.events.map((e) => e.bytesPending)).toEqual([2500, 1500, 500, 0]);
    expect(t.events.at(-1)).toEqual({ pending: 0, bytesPending: 0, lastError: null });
    expect(await t.uploader.state()).toEqual({ pending: 0, bytesPending: 0, lastError: null });
    expect(t.time.pendingDelays()).toEqual([]);
  });

  it('uploads several queued files in order, and an empty file too', async () => {
    const t = await setup();
    const a = await t.save(bytesOf(10, 1), 'a.jpg');
    const b = await t.save(new Uint8Array(), 'empty.txt');
    const c = await t.save(bytesOf(1000, 3), 'c.jpg');
    t.uploader.kick();
    await t.uploader.idle();
    for (const { sha256 } of [a, b, c]) expect(t.server.uploads.get(sha256)?.complete, sha256).toBe(true);
    expect(await t.queue.list()).toEqual([]);
  });

  it('skips what the server already has completely (another device uploaded the same bytes)', async () => {
    const t = await setup();
    const bytes = bytesOf(1_500);
    const { sha256 } = await t.save(bytes);
    t.server.uploads.set(sha256, { size: 1500, bytes: Buffer.from(bytes), complete: true });
    t.uploader.kick();
    await t.uploader.idle();
    expect(puts(t.server.log)).toEqual([]);
    expect(await t.queue.list()).toEqual([]);
  });

  it("on 409 continues from the server's received offset", async () => {
    const t = await setup();
    const bytes = bytesOf(3_200);
    const { sha256 } = await t.save(bytes);
    // Between our GET (0 received) and the first PUT, 2,000 bytes of an earlier attempt did land.
    t.server.knobs.jumpWith = Buffer.from(bytes.subarray(0, 2000));
    t.uploader.kick();
    await t.uploader.idle();
    expect(puts(t.server.log)).toEqual([0, 2000, 3000]);
    expect(t.server.uploads.get(sha256)?.complete).toBe(true);
    expect(Buffer.compare(t.server.uploads.get(sha256)!.bytes, Buffer.from(bytes))).toBe(0);
    expect(await t.queue.list()).toEqual([]);
  });

  it('an upload cut off mid-chunk resumes from the server offset after a backoff', async () => {
    const t = await setup();
    const bytes = bytesOf(2_600);
    const { sha256 } = await t.save(bytes);
    // The first chunk lands; the second breaks after 300 of its 1,000 bytes reached the server.
    t.server.knobs.cutPut = { nth: 2, keep: 300 };
    t.uploader.kick();
    await t.uploader.idle();
    expect(t.server.uploads.get(sha256)?.bytes.length).toBe(1300);
    expect(await t.queue.list()).toMatchObject([{ sha256, attempts: 1, lastError: expect.stringMatching(/connection was reset/) as unknown }]);
    expect(t.connectivity).toContain(false);
    expect((await t.uploader.state()).lastError).toBe('Could not reach the FieldDesk server at http://desk.local:8470: the connection was reset.');
    // Backoff: the first failure waits between min/2 and min (equal jitter; random 0.5 -> 750 ms).
    expect(t.time.pendingDelays()).toEqual([750]);
    await t.time.fireNext();
    await t.uploader.idle();
    expect(puts(t.server.log)).toEqual([0, 1000, 1300, 2300]);
    expect(t.server.log.filter((l) => l.startsWith('GET'))).toHaveLength(2);
    expect(t.server.uploads.get(sha256)?.complete).toBe(true);
    expect(Buffer.compare(t.server.uploads.get(sha256)!.bytes, Buffer.from(bytes))).toBe(0);
    expect(await t.queue.list()).toEqual([]);
    expect(t.events.at(-1)).toEqual({ pending: 0, bytesPending: 0, lastError: null });
  });

  it('on 422 marks the entry failed with a sentence, keeps it, and does not retry until restart', async () => {
    const t = await setup();
    const { sha256 } = await t.save(bytesOf(1_200), 'site-photo.jpg');
    t.server.knobs.corrupt = true;
    t.uploader.kick();
    await t.uploader.idle();
    const [entry] = await t.queue.list();
    expect(entry).toMatchObject({ sha256, failed: true, attempts: 1 });
    expect(entry?.lastError).toBe('The server could not verify "site-photo.jpg" (its SHA-256 did not match after upload); it discarded the upload. It will be sent again when FieldDesk restarts.');
    expect(t.events.at(-1)).toEqual({ pending: 1, bytesPending: 1200, lastError: entry?.lastError });
    expect(t.time.pendingDelays()).toEqual([]);
    const requests = t.server.log.length;
    t.uploader.kick();
    await t.uploader.idle();
    expect(t.server.log.length).toBe(requests);

    // Next start: failed entries get a new chance.
    t.server.knobs.corrupt = false;
    await t.queue.retryFailed();
    t.uploader.kick();
    await t.uploader.idle();
    expect(await t.queue.list()).toEqual([]);
  });

  it('on 422 says when the file on this computer is the damaged one', async () => {
    const t = await setup();
    const { sha256 } = await t.save(bytesOf(500), 'scan.pdf');
    await writeFile(t.store.pathOf(sha256), Buffer.from(bytesOf(500, 99)));
    t.uploader.kick();
    await t.uploader.idle();
    expect((await t.queue.list())[0]?.lastError).toBe('"scan.pdf" is damaged on this computer (its bytes no longer match their SHA-256), so it cannot be uploaded.');
    expect(createHash('sha256').update(bytesOf(500)).digest('hex')).toBe(sha256);
  });

  it('retries network failures with exponential backoff and jitter, capped, persisting attempts', async () => {
    const t = await setup({ random: () => 1 });
    await t.save(bytesOf(100));
    t.server.knobs.down = true;
    t.uploader.kick();
    await t.uploader.idle();
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      delays.push(t.time.pendingDelays()[0]!);
      await t.time.fireNext();
      await t.uploader.idle();
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
    expect((await t.queue.list())[0]?.attempts).toBe(7);
    expect(t.connectivity.every((up) => !up)).toBe(true);
    t.server.knobs.down = false;
    await t.time.fireNext();
    await t.uploader.idle();
    expect(await t.queue.list()).toEqual([]);
    expect(t.connectivity.at(-1)).toBe(true);
  });

  it('computes equal-jitter backoff', () => {
    expect(backoffDelay(1, 1000, 60_000, () => 0)).toBe(500);
    expect(backoffDelay(1, 1000, 60_000, () => 1)).toBe(1000);
    expect(backoffDelay(4, 1000, 60_000, () => 0.5)).toBe(6000);
    expect(backoffDelay(30, 1000, 60_000, () => 1)).toBe(60_000);
  });

  it('does nothing while offline or signed out, and starts when kicked after that changes', async () => {
    const t = await setup();
    const { sha256 } = await t.save(bytesOf(100));
    t.online.value = false;
    t.uploader.kick();
    await t.uploader.idle();
    t.online.value = true;
    t.online.signedIn = false;
    t.uploader.kick();
    await t.uploader.idle();
    expect(t.server.log).toEqual([]);
    expect(t.events).toEqual([{ pending: 1, bytesPending: 100, lastError: null }]);
    expect(await t.uploader.state()).toEqual({ pending: 1, bytesPending: 100, lastError: null });
    t.online.signedIn = true;
    t.uploader.kick();
    await t.uploader.idle();
    expect(t.server.uploads.get(sha256)?.complete).toBe(true);
  });

  it('on 401 reports the expired session and stops without a retry timer', async () => {
    const t = await setup();
    await t.save(bytesOf(100));
    t.server.knobs.expired = true;
    t.uploader.kick();
    await t.uploader.idle();
    expect(t.unauthorized).toEqual(['Your session has expired.']);
    expect(t.time.pendingDelays()).toEqual([]);
    expect(await t.queue.list()).toMatchObject([{ failed: false, attempts: 0 }]);
  });

  it('marks a queued file that is missing from the store as failed', async () => {
    const t = await setup();
    await t.queue.add({ sha256: 'e'.repeat(64), size: 5, fileName: 'gone.png', mimeType: 'image/png' });
    t.uploader.kick();
    await t.uploader.idle();
    expect(await t.queue.list()).toMatchObject([{ failed: true, lastError: '"gone.png" is missing from this computer\'s attachment store, so it cannot be uploaded.' }]);
    expect(t.server.log).toEqual([]);
  });

  it('a kick during an upload picks up the new file in the same run; dispose stops the timers', async () => {
    const t = await setup();
    await t.save(bytesOf(3000, 1), 'one.jpg');
    t.uploader.kick();
    const second = await t.save(bytesOf(10, 2), 'two.jpg');
    t.uploader.kick();
    await t.uploader.idle();
    await settle();
    expect(t.server.uploads.get(second.sha256)?.complete).toBe(true);
    t.server.knobs.down = true;
    await t.save(bytesOf(10, 3), 'three.jpg');
    t.uploader.kick();
    await t.uploader.idle();
    expect(t.time.pendingDelays()).toHaveLength(1);
    t.uploader.dispose();
    expect(t.time.pendingDelays()).toEqual([]);
  });
});
