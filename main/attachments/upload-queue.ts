/**
 * The persistent upload queue: which stored attachments still have to reach the
 * server. One JSON file in userData (upload-queue.json), rewritten atomically and
 * fsynced on every change, so the queue survives restarts and crashes. Changes are
 * applied one at a time in call order.
 *
 * An entry leaves the queue only when the server holds the complete, verified file.
 * An entry marked failed (the server refused the bytes) stays, with its reason, and is
 * tried again when the app starts next (see uploader.ts).
 */
import path from 'node:path';
import { z } from 'zod';
import { Sha256Schema } from '@fielddesk/common/domain/entities';
import type { Logger } from '../log';
import { readJsonFile, writeJsonFile } from '../session/json-file';

export const UploadEntrySchema = z.object({
  sha256: Sha256Schema,
  size: z.number().int().nonnegative(),
  fileName: z.string(),
  mimeType: z.string(),
  /** Upload attempts that failed so far (drives the backoff). */
  attempts: z.number().int().nonnegative(),
  /** Why the last attempt failed, in words, or null. */
  lastError: z.string().nullable(),
  /** True when the server refused the bytes (hash mismatch, too large): not retried until restart. */
  failed: z.boolean().default(false),
  queuedAt: z.string(),
});
export type UploadEntry = z.infer<typeof UploadEntrySchema>;

const QueueFileSchema = z.object({ version: z.literal(1), entries: z.array(UploadEntrySchema) });

export const UPLOAD_QUEUE_FILE = 'upload-queue.json';

export interface UploadQueue {
  /** The entries in the order they were queued. */
  list(): Promise<UploadEntry[]>;
  /** Queues a blob; a blob already queued keeps its entry (and is no longer marked failed). */
  add(entry: Pick<UploadEntry, 'sha256' | 'size' | 'fileName' | 'mimeType'>): Promise<void>;
  update(sha256: string, patch: Partial<Pick<UploadEntry, 'attempts' | 'lastError' | 'failed'>>): Promise<void>;
  remove(sha256: string): Promise<void>;
  /** Clears the failed mark of every entry (done once at start: a new chance after a restart). */
  retryFailed(): Promise<void>;
}

export function createUploadQueue(userDataDir: string, log: Logger, now: () => Date = () => new Date()): UploadQueue {
  const file = path.join(userDataDir, UPLOAD_QUEUE_FILE);
  let entries: UploadEntry[] | null = null;
  let tail: Promise<unknown> = Promise.resolve();

  async function load(): Promise<UploadEntry[]> {
    if (entries) return entries;
    const raw = await readJsonFile(file, log, now);
    if (raw === null) return (entries = []);
    const parsed = QueueFileSchema.safeParse(raw);
    if (!parsed.success) {
      log.error(`${UPLOAD_QUEUE_FILE} has an unexpected shape (${parsed.error.issues[0]?.message ?? 'invalid'}); starting with an empty upload queue. The files stay in the attachment store.`);
      return (entries = []);
    }
    return (entries = parsed.data.entries);
  }

  /** Runs `change` after every earlier one, then saves. */
  function mutate(change: (list: UploadEntry[]) => UploadEntry[] | null): Promise<void> {
    const run = tail.then(async () => {
      const next = change(await load());
      if (next === null) return;
      await writeJsonFile(file, { version: 1, entries: next }, { durable: true });
      entries = next;
    });
    tail = run.catch(() => {});
    return run;
  }

  return {
    async list() {
      await tail;
      return [...(await load())];
    },
    add(entry) {
      return mutate((list) => {
        const existing = list.find((e) => e.sha256 === entry.sha256);
        if (existing) {
          if (!existing.failed) return null;
          return list.map((e) => (e.sha256 === entry.sha256 ? { ...e, failed: false, attempts: 0, lastError: null } : e));
        }
        return [...list, { ...entry, attempts: 0, lastError: null, failed: false, queuedAt: now().toISOString() }];
      });
    },
    update(sha256, patch) {
      return mutate((list) => (list.some((e) => e.sha256 === sha256) ? list.map((e) => (e.sha256 === sha256 ? { ...e, ...patch } : e)) : null));
    },
    remove(sha256) {
      return mutate((list) => (list.some((e) => e.sha256 === sha256) ? list.filter((e) => e.sha256 !== sha256) : null));
    },
    retryFailed() {
      return mutate((list) => (list.some((e) => e.failed) ? list.map((e) => (e.failed ? { ...e, failed: false, attempts: 0 } : e)) : null));
    },
  };
}
