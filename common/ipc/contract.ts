import { z } from 'zod';
import type { SessionUser, SoftwareListResponse } from '../api/http';
import { Sha256Schema } from '../domain/entities';
import { MAX_ATTACHMENT_BYTES, PullQuerySchema, PushRequestSchema, type PullResponse, type PushRequest, type PushResponse } from '../sync/protocol';

/**
 * The one platform contract. The renderer talks to it; two implementations exist:
 * - desktop: the preload bridge -> IPC -> main (main holds the token and does HTTP);
 * - web: fetch to the FieldDesk server with the session cookie.
 *
 * Adding a method: add it to FieldDeskApi and to ipcArgs (the compiler insists on
 * both), register its handler in main/ipc/handlers.ts, implement it in the web adapter.
 */

export interface AppInfo {
  version: string;
  platform: 'desktop' | 'web';
  /** process.platform of the desktop machine, or the browser's user agent platform. */
  os: string;
  serverUrl: string | null;
}

export interface SessionInfo {
  user: SessionUser;
  serverUrl: string;
  expiresAt: string;
}

export interface ConnectivityState {
  online: boolean;
  /** Why the server is not reachable, in words, or null when online. */
  reason: string | null;
  checkedAt: string;
}

/** Attachment bytes waiting to reach the server (desktop: main's upload queue). */
export interface UploadQueueState {
  pending: number;
  bytesPending: number;
  /** Why the last upload attempt failed, in words, or null. */
  lastError: string | null;
}

/** How far a scan of this device has got: `done` of `total` probes, the last one named. */
export interface InventoryProgress {
  done: number;
  total: number;
  probe: string;
}

/**
 * A scan of the machine the desktop app runs on (main/inventory, off the main thread).
 * `document` is a GLPI native inventory (what GLPI Agent would send; it validates against
 * ../shared/fixtures/glpi-inventory/inventory.schema.json); `summarizeGlpi` from
 * common/inventory/summary.ts reads it.
 */
export interface LocalInventory {
  document: { deviceid: string; itemtype: string; action: 'inventory'; content: Record<string, unknown> };
  /** Why a section is empty: its probe failed or ran out of time. */
  notes: { probe: string; message: string }[];
  scannedAt: string;
  durationMs: number;
}

export type PlatformEvent =
  | { type: 'connectivity'; state: ConnectivityState }
  | { type: 'session-expired' }
  /** The server has something new: pull now (data-free, coalesced). */
  | { type: 'poke' }
  | { type: 'uploads'; state: UploadQueueState }
  /** A scan of this device (scanInventory) has moved on. */
  | { type: 'inventory-progress'; progress: InventoryProgress };

export interface SaveAttachmentInput {
  fileName: string;
  mimeType: string;
  bytes: Uint8Array;
}

export interface SavedAttachment {
  sha256: string;
  size: number;
}

export interface LoginInput {
  /** Desktop only: the FieldDesk server to sign in to. The web app uses its own origin. */
  serverUrl?: string;
  username: string;
  password: string;
}

export interface FieldDeskApi {
  getAppInfo(): Promise<AppInfo>;
  /** The signed-in session, or null. Works offline (desktop: from main's store). */
  getSession(): Promise<SessionInfo | null>;
  login(input: LoginInput): Promise<SessionInfo>;
  logout(): Promise<void>;
  /** Checks the server now and answers whether it is reachable. */
  checkConnectivity(): Promise<ConnectivityState>;
  push(request: PushRequest): Promise<PushResponse>;
  pull(query: { cursor: string; limit?: number }): Promise<PullResponse>;
  /**
   * Keeps a file's bytes, content-addressed, and queues them for upload. Desktop: main
   * stores them in userData at once, offline too, and uploads in resumable chunks when
   * online. Web: uploads now, or keeps them in the browser while the server is unreachable
   * and uploads them when it answers again. The attachment record itself is then
   * written by the renderer like any other change.
   */
  saveAttachment(input: SaveAttachmentInput): Promise<SavedAttachment>;
  /** A URL the renderer may put in <img src> or a download link for these bytes. */
  attachmentUrl(sha256: string): Promise<string>;
  getUploadQueue(): Promise<UploadQueueState>;
  /**
   * Scans this machine's hardware and software (desktop only; progress arrives as
   * `inventory-progress` events). A probe that fails leaves its section out with a note; the
   * scan itself fails only if the inventory worker cannot run. The web app answers with the
   * 'unavailable' error: a browser cannot see the machine it runs on.
   */
  scanInventory(): Promise<LocalInventory>;
  /** Online only: the software installed across the assets the user may see, with install counts. */
  listSoftware(query: SoftwareQuery): Promise<SoftwareListResponse>;
}

export const SoftwareQuerySchema = z
  .object({
    q: z.string().max(200).optional(),
    limit: z.number().int().min(1).max(500).optional(),
    offset: z.number().int().min(0).optional(),
  })
  .strict();
export type SoftwareQuery = z.infer<typeof SoftwareQuerySchema>;

export type FieldDeskMethod = keyof FieldDeskApi;

export const LoginInputSchema = z
  .object({
    serverUrl: z.url({ protocol: /^https?$/, message: 'server address must start with http:// or https://' }).optional(),
    username: z.string().trim().min(1, 'username is required').max(100),
    password: z.string().min(1, 'password is required').max(1000),
  })
  .strict();

/** Argument schemas for every method: main validates each IPC call against these. */
export const ipcArgs = {
  getAppInfo: z.tuple([]),
  getSession: z.tuple([]),
  login: z.tuple([LoginInputSchema]),
  logout: z.tuple([]),
  checkConnectivity: z.tuple([]),
  push: z.tuple([PushRequestSchema]),
  pull: z.tuple([PullQuerySchema.partial({ cursor: true, limit: true })]),
  saveAttachment: z.tuple([
    z
      .object({
        fileName: z.string().trim().min(1, 'a file name is required').max(255),
        mimeType: z.string().max(255),
        bytes: z
          .instanceof(Uint8Array, { message: 'bytes must be a Uint8Array' })
          .refine((b) => b.byteLength <= MAX_ATTACHMENT_BYTES, `an attachment may be at most ${MAX_ATTACHMENT_BYTES} bytes`),
      })
      .strict(),
  ]),
  attachmentUrl: z.tuple([Sha256Schema]),
  getUploadQueue: z.tuple([]),
  scanInventory: z.tuple([]),
  listSoftware: z.tuple([SoftwareQuerySchema]),
} satisfies { [K in FieldDeskMethod]: z.ZodTuple };

export const FIELDDESK_METHODS = Object.keys(ipcArgs) as FieldDeskMethod[];

/** IPC channel names: one per method, plus one for events from main. */
export const ipcChannel = (method: FieldDeskMethod): string => `fielddesk:${method}`;
export const IPC_EVENT_CHANNEL = 'fielddesk:event';

export type ApiErrorCode =
  | 'offline' // the server could not be reached
  | 'unauthorized' // not signed in, or the session expired
  | 'forbidden' // signed in, but not allowed
  | 'invalid' // the request was malformed (400)
  | 'too_large' // 413
  | 'rate_limited' // 429
  | 'not_configured' // no server address set yet
  | 'unavailable' // this platform cannot do it (the web app cannot scan the machine it runs on)
  | 'server'; // anything else the server got wrong

/** What crosses IPC: errors as data, since thrown errors lose their fields there. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: { code: ApiErrorCode; message: string } };

/** The API the preload script exposes on window.fielddesk. */
export type FieldDeskBridge = {
  [K in FieldDeskMethod]: (...args: Parameters<FieldDeskApi[K]>) => Promise<IpcResult<Awaited<ReturnType<FieldDeskApi[K]>>>>;
} & {
  /** Listens to events from main; returns a function that stops listening. */
  onEvent(listener: (event: PlatformEvent) => void): () => void;
};

/** The renderer's view of a platform: the API plus its events. */
export interface Platform extends FieldDeskApi {
  readonly kind: 'desktop' | 'web';
  onEvent(listener: (event: PlatformEvent) => void): () => void;
}

/** An error any platform method may throw, with a code the sync engine can act on. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

/** Maps an HTTP status from the FieldDesk server to an error code. */
export function codeForStatus(status: number): ApiErrorCode {
  if (status === 400) return 'invalid';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 413) return 'too_large';
  if (status === 429) return 'rate_limited';
  return 'server';
}

export type { PushRequest, PushResponse, PullResponse };
