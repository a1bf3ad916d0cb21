/** The upload queue: persistence across restarts, idempotent adds, ordering, corruption. */
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../log';
import { UPLOAD_QUEUE_FILE, createUploadQueue } from './upload-queue';

const sha = (c: string) => c.repeat(64);
const entry = (c: string, size = 10) => ({ sha256: sha(c), size, fileName: `${c}.jpg`, mimeType: 'image/jpeg' });

describe('upload queue', () => {
  it('survives re-creation (an app restart) with every field', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'fd-queue-'));
    const log = createMemoryLogger();
    const first = createUploadQueue(dir, log, () => new Date('2026-01-01T09:00:00Z'));
    await first.add(entry('a', 100));
    await first.add(entry('b', 200));
    await first.update(sha('a'), { attempts: 3, lastError: 'Could not reach the FieldDesk server at http://x: connection refused.' });
    await first.update(sha('b'), { failed: true, lastError: 'refused' });

    const second = createUploadQueue(dir, log);
    expect(await second.list()).toEqual([
      { ...entry('a', 100), attempts: 3, lastError: 'Could not reach the FieldDesk server at http://x: connection refused.', failed: false, queuedAt: '2026-01-01T09:00:00.000Z' },
      { ...entry('b', 200), attempts: 0, lastError: 'refused', failed: true, queuedAt: '2026-01-01T09:00:00.000Z' },
    ]);
    await second.remove(sha('a'));
    expect((await createUploadQueue(dir, log).list()).map((e) => e.sha256)).toEqual([sha('b')]);
    // Written through temp files that never stay behind.
    expect(await readdir(dir)).toEqual([UPLOAD_QUEUE_FILE]);
  });

  it('adds a blob once; re-adding a failed one gives it a new chance', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'fd-queue-'));
    const queue = createUploadQueue(dir, createMemoryLogger());
    await queue.add(entry('c'));
    await queue.update(sha('c'), { attempts: 2, lastError: 'x' });
    await queue.add(entry('c'));
    expect(await queue.list()).toMatchObject([{ sha256: sha('c'), attempts: 2, lastError: 'x', failed: false }]);
    await queue.update(sha('c'), { failed: true, lastError: 'hash mismatch' });
    await queue.add(entry('c'));
    expect(await queue.list()).toMatchObject([{ attempts: 0, lastError: null, failed: false }]);
    await queue.update(sha('c'), { failed: true, lastError: 'hash mismatch' });
    await queue.retryFailed();
    expect(await queue.list()).toMatchObject([{ failed: false, attempts: 0, lastError: 'hash mismatch' }]);
  });

  it('applies concurrent changes in call order, all of them', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'fd-queue-'));
    const queue = createUploadQueue(dir, createMemoryLogger());
    const letters = '0123456789abcdef'.split('');
    await Promise.all([...letters.map((c) => queue.add(entry(c))), queue.remove(sha('3')), queue.update(sha('5'), { attempts: 7 })]);
    const again = await createUploadQueue(dir, createMemoryLogger()).list();
    expect(again.map((e) => e.sha256[0])).toEqual(letters.filter((c) => c !== '3'));
    expect(again.find((e) => e.sha256 === sha('5'))?.attempts).toBe(7);
  });

  it('moves a corrupt queue file aside and starts empty, saying so', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'fd-queue-'));
    await writeFile(path.join(dir, UPLOAD_QUEUE_FILE), '{"version":1,"entries":[{"sha2');
    const log = createMemoryLogger();
    const queue = createUploadQueue(dir, log);
    expect(await queue.list()).toEqual([]);
    expect(log.lines.join('\n')).toMatch(/upload-queue\.json is not valid JSON/);
    expect((await readdir(dir)).some((f) => f.startsWith(`${UPLOAD_QUEUE_FILE}.corrupt-`))).toBe(true);

    await writeFile(path.join(dir, UPLOAD_QUEUE_FILE), JSON.stringify({ version: 1, entries: [{ sha256: 'nope' }] }));
    const log2 = createMemoryLogger();
    expect(await createUploadQueue(dir, log2).list()).toEqual([]);
    expect(log2.lines.join('\n')).toMatch(/unexpected shape/);
    await createUploadQueue(dir, log2).add(entry('d'));
    expect(JSON.parse(await readFile(path.join(dir, UPLOAD_QUEUE_FILE), 'utf8'))).toMatchObject({ version: 1, entries: [{ sha256: sha('d') }] });
  });
});
