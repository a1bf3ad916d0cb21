/**
 * The server's attachment file store, content-addressed by SHA-256, shared by every
 * server process that uses the same files directory (FIELDDESK_DATA_DIR):
 *
 *   <filesDir>/attachments/<aa>/<sha256>                  finished, verified files (aa = first two hex digits)
 *   <filesDir>/attachments/partial/<sha256>-<owner>       one uploader's upload in progress (bytes received so far)
 *   <filesDir>/attachments/partial/<sha256>-<owner>.size  its declared total size, as decimal text
 *
 * Uploads in progress are per uploader (`owner` is derived from the person's id,
 * uploaderKey), so two people uploading the same file never share, reset or break each
 * other's upload, and nobody learns anything about another person's upload.
 *
 * Uploads append chunks at the offset the client names, which must equal the bytes received
 * so far (else the caller answers 409 with the status, and the client resumes from there).
 * When the last byte arrives the file is hashed as a stream, and moved into place with one
 * rename (atomic) when the hash matches, or deleted when it does not. Whether the uploader may
 * then claim the stored file is ownership.ts's business.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { UploadStatus } from '@fielddesk/common/api/http';
import type { FilesConfig } from '../config';
import { StartupError } from '../errors';

export const ATTACHMENTS_SUBDIR = 'attachments';

export const attachmentsRoot = (filesDir: string): string => path.join(filesDir, ATTACHMENTS_SUBDIR);
export const blobPath = (filesDir: string, sha256: string): string => path.join(filesDir, ATTACHMENTS_SUBDIR, sha256.slice(0, 2), sha256);
const partialPath = (filesDir: string, sha256: string, owner: string): string => path.join(filesDir, ATTACHMENTS_SUBDIR, 'partial', `${sha256}-${owner}`);
const sizePath = (filesDir: string, sha256: string, owner: string): string => `${partialPath(filesDir, sha256, owner)}.size`;

/** The name part of an uploader's partial files: 32 hex digits derived from their person id. */
export function uploaderKey(personId: string): string {
  return createHash('sha256').update(`fielddesk-uploader:${personId}`).digest('hex').slice(0, 32);
}

function errnoCode(error: unknown): string {
  return error && typeof error === 'object' && 'code' in error ? String((error as { code: unknown }).code) : String(error);
}

/** Makes sure the attachments directories exist and can be written; throws StartupError saying what is wrong. */
export function prepareFilesDir(files: FilesConfig): void {
  if (!fs.existsSync(files.dir)) {
    if (!files.mayCreate) {
      throw new StartupError(
        `The data directory ${files.dir} (FIELDDESK_DATA_DIR, for attachment files) does not exist. Create it, or start once with FIELDDESK_INIT=1 or --init to create it.`,
      );
    }
  }
  const partial = path.join(attachmentsRoot(files.dir), 'partial');
  try {
    fs.mkdirSync(partial, { recursive: true, mode: 0o700 });
    const probe = path.join(partial, `.write-test-${process.pid}`);
    fs.writeFileSync(probe, '');
    fs.unlinkSync(probe);
  } catch (error) {
    throw new StartupError(
      `The attachment files directory ${attachmentsRoot(files.dir)} is not writable (${errnoCode(error)}). Give the server's user write access to it, or point FIELDDESK_DATA_DIR elsewhere.`,
    );
  }
}

async function fileSize(file: string): Promise<number | null> {
  try {
    return (await fsp.stat(file)).size;
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return null;
    throw error;
  }
}

async function declaredSize(filesDir: string, sha256: string, owner: string): Promise<number | null> {
  try {
    const n = Number((await fsp.readFile(sizePath(filesDir, sha256, owner), 'utf8')).trim());
    return Number.isSafeInteger(n) && n >= 0 ? n : null;
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return null;
    throw error;
  }
}

export async function blobExists(filesDir: string, sha256: string): Promise<boolean> {
  return (await fileSize(blobPath(filesDir, sha256))) !== null;
}

/** The size of the stored file, or null when it is not stored. */
export function blobSize(filesDir: string, sha256: string): Promise<number | null> {
  return fileSize(blobPath(filesDir, sha256));
}

/** Where one uploader's upload in progress stands: partly received, or not started (received 0, size 0). */
export async function partialStatus(filesDir: string, sha256: string, owner: string): Promise<UploadStatus> {
  const received = (await fileSize(partialPath(filesDir, sha256, owner))) ?? 0;
  const size = (await declaredSize(filesDir, sha256, owner)) ?? 0;
  return { sha256, size, received, complete: false };
}

export type AppendOutcome =
  | { kind: 'ok'; status: UploadStatus; completed: boolean }
  /** offset is not where the upload stands: resume from status.received. */
  | { kind: 'offset_mismatch'; status: UploadStatus }
  /** All bytes arrived but they hash to something else: the partial file is gone. */
  | { kind: 'hash_mismatch'; actual: string; size: number };

/** Hashes a file as a stream (never the whole file in memory). */
async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(fs.createReadStream(file), hash);
  return hash.digest('hex');
}

/** Deletes uploads in progress that have not grown for `maxAgeMs` (abandoned by their client). */
export async function prunePartials(filesDir: string, now: number, maxAgeMs: number): Promise<number> {
  const dir = path.join(attachmentsRoot(filesDir), 'partial');
  let removed = 0;
  for (const name of await fsp.readdir(dir).catch(() => [] as string[])) {
    // <sha256>-<owner>; a bare <sha256> is an upload begun before uploads were per uploader.
    if (!/^[0-9a-f]{64}(-[0-9a-f]{32})?$/.test(name)) continue;
    const file = path.join(dir, name);
    const stat = await fsp.stat(file).catch(() => null);
    if (!stat || now - stat.mtimeMs < maxAgeMs) continue;
    await serialized(name, async () => {
      await fsp.rm(file, { force: true });
      await fsp.rm(`${file}.size`, { force: true });
    });
    removed++;
  }
  return removed;
}

/** Per-process queue per upload (sha256 and uploader), so two requests of this process never append at once. */
const queues = new Map<string, Promise<unknown>>();
function serialized<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve();
  const run = previous.then(fn, fn);
  const tail = run.catch(() => undefined);
  queues.set(key, tail);
  void tail.then(() => {
    if (queues.get(key) === tail) queues.delete(key);
  });
  return run;
}

/**
 * Appends `chunk` at `offset` of `owner`'s upload of `sha256` whose total is `size` bytes,
 * and finishes the file when the last byte arrives (`completed`; the stored file is replaced
 * by the same bytes when it was there already). The caller checks size limits, and whether
 * the uploader may claim a stored file without uploading it, first.
 */
export function appendChunk(filesDir: string, sha256: string, owner: string, offset: number, size: number, chunk: Buffer): Promise<AppendOutcome> {
  return serialized(`${sha256}-${owner}`, async () => {
    let status = await partialStatus(filesDir, sha256, owner);
    const partial = partialPath(filesDir, sha256, owner);
    if (status.received > 0 && status.size !== size) {
      // Same content, different size: one of the two uploads is wrong. Start over with this
      // one (the hash check at the end decides), rather than answering 409 forever.
      await fsp.rm(partial, { force: true });
      status = { sha256, size, received: 0, complete: false };
    }
    if (offset !== status.received) return { kind: 'offset_mismatch', status: { ...status, size } };

    if (status.received === 0) await fsp.writeFile(sizePath(filesDir, sha256, owner), String(size));
    const handle = await fsp.open(partial, 'a');
    try {
      // Another process may have appended since the check above: re-check under our handle.
      const now = (await handle.stat()).size;
      if (now !== offset) return { kind: 'offset_mismatch', status: { sha256, size, received: now, complete: false } };
      if (chunk.length > 0) await handle.write(chunk, 0, chunk.length, null);
      await handle.sync();
    } finally {
      await handle.close();
    }
    const received = offset + chunk.length;
    if (received < size) return { kind: 'ok', status: { sha256, size, received, complete: false }, completed: false };

    const actual = await sha256OfFile(partial);
    if (actual !== sha256) {
      await fsp.rm(partial, { force: true });
      await fsp.rm(sizePath(filesDir, sha256, owner), { force: true });
      return { kind: 'hash_mismatch', actual, size };
    }
    const target = blobPath(filesDir, sha256);
    await fsp.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    // Verified bytes: replacing a stored copy (another uploader's) changes nothing, atomically.
    await fsp.rename(partial, target);
    await fsp.rm(sizePath(filesDir, sha256, owner), { force: true });
    return { kind: 'ok', status: { sha256, size, received: size, complete: true }, completed: true };
  });
}
