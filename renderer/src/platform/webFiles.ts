/**
 * The web app's files waiting for the server: what main's upload queue is on the desktop.
 * A photo or a signature taken while the server is unreachable is kept here (IndexedDB, one
 * database per origin, apart from the replicas: the bytes never enter a replica's tables),
 * shown from here, and uploaded in resumable chunks once the server answers again. Files are
 * keyed by SHA-256, so the same photo twice is kept and sent once.
 */
import Dexie, { type Table } from 'dexie';
import type { UploadQueueState } from '@fielddesk/common/ipc/contract';

export interface WaitingFile {
  sha256: string;
  fileName: string;
  mimeType: string;
  size: number;
  bytes: Uint8Array;
  savedAt: string;
  attempts: number;
  /** Why the last upload failed for a reason other than "offline" (kept, shown, retried). */
  lastError: string | null;
}

class WebFilesDb extends Dexie {
  waiting!: Table<WaitingFile, string>;
  constructor(name: string) {
    super(name);
    this.version(1).stores({ waiting: 'sha256, savedAt' });
  }
}

export class WebFileStore {
  private readonly db: WebFilesDb;
  /** Object URLs made for waiting files, so one file gets one URL for the page's lifetime. */
  private readonly urls = new Map<string, string>();

  constructor(name = 'fielddesk-files') {
    this.db = new WebFilesDb(name);
  }

  async keep(file: Omit<WaitingFile, 'attempts' | 'lastError'>): Promise<void> {
    await this.db.transaction('rw', this.db.waiting, async () => {
      if (!(await this.db.waiting.get(file.sha256))) await this.db.waiting.put({ ...file, attempts: 0, lastError: null });
    });
  }

  /** Waiting files, oldest first. */
  async waiting(): Promise<WaitingFile[]> {
    return this.db.waiting.orderBy('savedAt').toArray();
  }

  async has(sha256: string): Promise<boolean> {
    return (await this.db.waiting.where('sha256').equals(sha256).count()) > 0;
  }

  async uploaded(sha256: string): Promise<void> {
    await this.db.waiting.delete(sha256);
    const url = this.urls.get(sha256);
    if (url) URL.revokeObjectURL(url);
    this.urls.delete(sha256);
  }

  async failed(sha256: string, reason: string): Promise<void> {
    await this.db.waiting.where('sha256').equals(sha256).modify((f) => {
      f.attempts += 1;
      f.lastError = reason;
    });
  }

  /** A URL showing a waiting file from this device, or null when it is not waiting here. */
  async localUrl(sha256: string): Promise<string | null> {
    const known = this.urls.get(sha256);
    if (known) return known;
    const file = await this.db.waiting.get(sha256);
    if (!file || typeof URL.createObjectURL !== 'function') return null;
    const url = URL.createObjectURL(new Blob([file.bytes as BlobPart], { type: file.mimeType }));
    this.urls.set(sha256, url);
    return url;
  }

  async state(): Promise<UploadQueueState> {
    const files = await this.db.waiting.toArray();
    const lastError = files.find((f) => f.lastError)?.lastError ?? null;
    return { pending: files.length, bytesPending: files.reduce((n, f) => n + f.size, 0), lastError };
  }
}
