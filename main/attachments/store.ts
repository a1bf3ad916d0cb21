/**
 * The attachment store: file bytes kept in userData, content-addressed by SHA-256,
 * at <root>/<first two hex digits>/<sha256>.
 *
 * Writes are crash-safe: bytes go to a temp file under <root>/.tmp (never at a
 * content address), the hash is computed while writing, the file is fsynced and only
 * then renamed to its address; a crash leaves at most a temp file, swept on open.
 * Writing the same bytes twice is a no-op the second time. A stored file is never
 * changed, so readers never see a half-written one.
 */
import { createHash, randomUUID } from 'node:crypto';
import { open, mkdir, readdir, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

export const SHA256_PATTERN = /^[0-9a-f]{64}$/;

export function isSha256(value: string): boolean {
  return SHA256_PATTERN.test(value);
}

export interface StoredBlob {
  sha256: string;
  size: number;
}

/** The bytes did not have the expected hash (a download or a damaged file). */
export class HashMismatchError extends Error {
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`The bytes do not match their SHA-256 (expected ${expected}, got ${actual}).`);
    this.name = 'HashMismatchError';
  }
}

/** The bytes were larger than allowed. */
export class BlobTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`The file is larger than the ${limit} bytes allowed.`);
    this.name = 'BlobTooLargeError';
  }
}

export interface AttachmentStore {
  readonly root: string;
  /** Stores bytes; answers their hash and size. Idempotent. */
  put(bytes: Uint8Array): Promise<StoredBlob>;
  /**
   * Stores bytes arriving in chunks (a download). With `expectedSha256`, bytes that hash
   * differently are discarded and HashMismatchError is thrown; with `maxBytes`, BlobTooLargeError.
   */
  write(chunks: AsyncIterable<Uint8Array>, options?: { expectedSha256?: string; maxBytes?: number }): Promise<StoredBlob>;
  has(sha256: string): Promise<boolean>;
  /** Size in bytes, or null when not stored. */
  size(sha256: string): Promise<number | null>;
  /** Where the bytes of `sha256` live (whether or not they are there yet). Throws on a malformed hash. */
  pathOf(sha256: string): string;
  /** `length` bytes from `offset` (fewer at the end of the file). */
  readRange(sha256: string, offset: number, length: number): Promise<Uint8Array<ArrayBuffer>>;
  /** Recomputes the hash of a stored file (to tell a damaged file from a damaged upload). */
  verify(sha256: string): Promise<boolean>;
  /** Removes temp files left by a crash. */
  sweepTemp(): Promise<void>;
}

const TEMP_DIR = '.tmp';

async function* once(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  yield bytes;
}

async function fsyncDir(dir: string): Promise<void> {
  // POSIX: the rename is durable only once the directory entry is. Windows cannot open a dir; skip.
  if (process.platform === 'win32') return;
  let handle: FileHandle | null = null;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Best effort: some file systems refuse fsync on directories.
  } finally {
    await handle?.close().catch(() => {});
  }
}

export function createAttachmentStore(rootDir: string): AttachmentStore {
  const root = path.resolve(rootDir);
  const tempDir = path.join(root, TEMP_DIR);

  function pathOf(sha256: string): string {
    if (!isSha256(sha256)) throw new Error(`"${sha256.slice(0, 80)}" is not a SHA-256 (64 lowercase hex digits).`);
    return path.join(root, sha256.slice(0, 2), sha256);
  }

  async function size(sha256: string): Promise<number | null> {
    try {
      const info = await stat(pathOf(sha256));
      return info.isFile() ? info.size : null;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  async function write(chunks: AsyncIterable<Uint8Array>, options: { expectedSha256?: string; maxBytes?: number } = {}): Promise<StoredBlob> {
    if (options.expectedSha256 !== undefined) pathOf(options.expectedSha256); // validates
    await mkdir(tempDir, { recursive: true });
    const temp = path.join(tempDir, `${randomUUID()}.part`);
    const hash = createHash('sha256');
    let total = 0;
    const handle = await open(temp, 'wx', 0o600);
    let moved = false;
    try {
      try {
        for await (const chunk of chunks) {
          total += chunk.byteLength;
          if (options.maxBytes !== undefined && total > options.maxBytes) throw new BlobTooLargeError(options.maxBytes);
          hash.update(chunk);
          let written = 0;
          while (written < chunk.byteLength) {
            const { bytesWritten } = await handle.write(chunk, written, chunk.byteLength - written);
            written += bytesWritten;
          }
        }
        await handle.sync();
      } finally {
        await handle.close();
      }
      const sha256 = hash.digest('hex');
      if (options.expectedSha256 !== undefined && options.expectedSha256 !== sha256) throw new HashMismatchError(options.expectedSha256, sha256);
      const target = pathOf(sha256);
      if ((await size(sha256)) === null) {
        await mkdir(path.dirname(target), { recursive: true });
        await rename(temp, target);
        moved = true;
        await fsyncDir(path.dirname(target));
      }
      return { sha256, size: total };
    } finally {
      if (!moved) await rm(temp, { force: true });
    }
  }

  return {
    root,
    pathOf,
    size,
    put: (bytes) => write(once(bytes)),
    write,
    has: async (sha256) => (await size(sha256)) !== null,
    async readRange(sha256, offset, length) {
      const handle = await open(pathOf(sha256), 'r');
      try {
        const buffer = Buffer.alloc(length);
        let read = 0;
        while (read < length) {
          const { bytesRead } = await handle.read(buffer, read, length - read, offset + read);
          if (bytesRead === 0) break;
          read += bytesRead;
        }
        // Buffer.alloc never pools: the ArrayBuffer is this buffer's own.
        return new Uint8Array(buffer.buffer as ArrayBuffer, buffer.byteOffset, read);
      } finally {
        await handle.close();
      }
    },
    async verify(sha256) {
      const hash = createHash('sha256');
      const handle = await open(pathOf(sha256), 'r');
      try {
        for await (const chunk of handle.createReadStream()) hash.update(chunk as Buffer);
      } finally {
        await handle.close().catch(() => {});
      }
      return hash.digest('hex') === sha256;
    },
    async sweepTemp() {
      let names: string[];
      try {
        names = await readdir(tempDir);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw e;
      }
      await Promise.all(names.map((name) => rm(path.join(tempDir, name), { force: true })));
    },
  };
}
