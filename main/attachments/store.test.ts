/** The attachment store: hashing, addresses, idempotence, verification, crash safety. */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BlobTooLargeError, HashMismatchError, createAttachmentStore } from './store';

const sha = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

async function freshStore() {
  const root = path.join(await mkdtemp(path.join(tmpdir(), 'fd-store-')), 'attachments');
  return { root, store: createAttachmentStore(root) };
}

/** All files under `dir`, relative, recursively. */
async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(path.relative(dir, path.join(entry.parentPath, entry.name)));
  }
  return out.sort();
}

describe('attachment store', () => {
  it('stores bytes at <root>/<aa>/<sha256> and answers their hash and size', async () => {
    const { root, store } = await freshStore();
    const bytes = new TextEncoder().encode('signature of Alex Morgan');
    const saved = await store.put(bytes);
    expect(saved).toEqual({ sha256: sha(bytes), size: bytes.byteLength });
    expect(store.pathOf(saved.sha256)).toBe(path.join(root, saved.sha256.slice(0, 2), saved.sha256));
    expect(await readFile(store.pathOf(saved.sha256))).toEqual(Buffer.from(bytes));
    expect(await store.has(saved.sha256)).toBe(true);
    expect(await store.size(saved.sha256)).toBe(bytes.byteLength);
    expect(await store.has(sha('other'))).toBe(false);
    expect(await store.size(sha('other'))).toBeNull();
  });

  it('hashes while writing chunked input, and stores an empty file too', async () => {
    const { store } = await freshStore();
    const parts = ['a'.repeat(70_000), 'b'.repeat(3), 'c'.repeat(100_001)].map((p) => new TextEncoder().encode(p));
    async function* chunks() {
      for (const p of parts) yield p;
    }
    const saved = await store.write(chunks());
    expect(saved).toEqual({ sha256: sha(Buffer.concat(parts)), size: 170_004 });
    const empty = await store.put(new Uint8Array());
    expect(empty).toEqual({ sha256: sha(''), size: 0 });
    expect(await store.size(empty.sha256)).toBe(0);
  });

  it('is idempotent: the same bytes again leave the stored file untouched and no temp files behind', async () => {
    const { root, store } = await freshStore();
    const bytes = new Uint8Array([1, 2, 3, 4]);
    const first = await store.put(bytes);
    const before = await stat(store.pathOf(first.sha256));
    const second = await store.put(bytes);
    expect(second).toEqual(first);
    const after = await stat(store.pathOf(first.sha256));
    expect(after.ino).toBe(before.ino);
    expect(after.mtimeMs).toBe(before.mtimeMs);
    expect(await filesUnder(root)).toEqual([path.join(first.sha256.slice(0, 2), first.sha256)]);
  });

  it('keeps nothing when the bytes do not match the expected hash or are too large', async () => {
    const { root, store } = await freshStore();
    const bytes = new TextEncoder().encode('payload');
    const wrong = sha('something else');
    await expect(store.write((async function* () { yield bytes; })(), { expectedSha256: wrong })).rejects.toBeInstanceOf(HashMismatchError);
    expect(await store.has(wrong)).toBe(false);
    expect(await store.has(sha(bytes))).toBe(false);
    await expect(store.write((async function* () { yield bytes; yield bytes; })(), { maxBytes: 10 })).rejects.toBeInstanceOf(BlobTooLargeError);
    expect(await filesUnder(root)).toEqual([]);
    const ok = await store.write((async function* () { yield bytes; })(), { expectedSha256: sha(bytes) });
    expect(ok.sha256).toBe(sha(bytes));
  });

  it('crash safety: a write in progress or broken off is never visible at a content address', async () => {
    const { root, store } = await freshStore();
    const bytes = new TextEncoder().encode('x'.repeat(50_000));
    const address = sha(bytes);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    async function* slow() {
      yield bytes.subarray(0, 20_000);
      await gate;
      yield bytes.subarray(20_000);
    }
    const writing = store.write(slow());
    await new Promise((r) => setTimeout(r, 20));
    // Half written: only a temp file exists, outside every <aa>/ folder.
    expect(await store.has(address)).toBe(false);
    expect((await filesUnder(root)).every((f) => f.startsWith('.tmp'))).toBe(true);
    release();
    await writing;
    expect(await store.has(address)).toBe(true);

    // The source fails mid-way (e.g. a download cut off): nothing stored, the temp file removed.
    async function* broken() {
      yield new Uint8Array([9, 9, 9]);
      throw new Error('connection reset');
    }
    await expect(store.write(broken())).rejects.toThrow('connection reset');
    expect(await filesUnder(root)).toEqual([path.join(address.slice(0, 2), address)]);

    // A crash (process killed) leaves a temp file: invisible, and swept on the next start.
    await mkdir(path.join(root, '.tmp'), { recursive: true });
    await writeFile(path.join(root, '.tmp', 'crashed.part'), 'partial');
    await store.sweepTemp();
    expect(await filesUnder(root)).toEqual([path.join(address.slice(0, 2), address)]);
  });

  it('reads ranges and verifies stored files against their address', async () => {
    const { store } = await freshStore();
    const bytes = new Uint8Array(Array.from({ length: 1000 }, (_, i) => i % 251));
    const { sha256 } = await store.put(bytes);
    expect(await store.readRange(sha256, 10, 5)).toEqual(bytes.subarray(10, 15));
    expect(await store.readRange(sha256, 990, 100)).toEqual(bytes.subarray(990));
    expect(await store.verify(sha256)).toBe(true);
    await writeFile(store.pathOf(sha256), 'tampered');
    expect(await store.verify(sha256)).toBe(false);
  });

  it('refuses anything but a lowercase hex SHA-256 as an address (no traversal)', async () => {
    const { store } = await freshStore();
    for (const bad of ['../../session.json', 'A'.repeat(64), 'a'.repeat(63), `${'a'.repeat(62)}/x`, '']) {
      expect(() => store.pathOf(bad), bad).toThrow(/not a SHA-256/);
    }
    await expect(store.has('../x')).rejects.toThrow(/not a SHA-256/);
  });
});
