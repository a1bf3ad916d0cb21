import { z } from 'zod';
import { PersonSchema, type InventorySource } from '../domain/entities';

/**
 * The FieldDesk server's HTTP API, shared by the server, the desktop transport in main
 * and the web adapter in the renderer.
 */
export const API = {
  health: '/healthz',
  login: '/api/auth/login',
  logout: '/api/auth/logout',
  me: '/api/auth/me',
  push: '/api/sync/push',
  pull: '/api/sync/pull',
  /** Server-sent events: `event: poke` (no data) when there is something new to pull. */
  events: '/api/sync/events',
  /** GET <attachments>/<sha256>: the bytes, if the user may see a ticket that has them. */
  attachments: '/api/attachments',
  /** GET: the ITSM configuration (ItsmConfig), for any signed-in user; clients also get it by pull. */
  itsmConfig: '/api/itsm-config',
  /** PUT (admins): replaces the ITSM configuration; body = ItsmConfig without id and rev. */
  adminItsmConfig: '/api/admin/itsm-config',
  /**
   * POST, for inventory agents (HTTP Basic, the agent password of the server's config):
   * GLPI Agent's native protocol (JSON, plain or zlib/gzip-compressed: `contact`, then
   * `inventory`) and FusionInventory's (zlib-compressed XML: PROLOG, then INVENTORY). Point
   * an agent's `server` setting at this address.
   */
  agentInventory: '/api/inventory',
  /** GET ?q=&limit=&offset=: SoftwareListResponse, over the assets the user may see. */
  software: '/api/inventory/software',
} as const;

/**
 * GET ?limit=&after=&sinceRev=: the records of one synced entity the user may see, for
 * integrations (RecordsPage). Paged by id: pass `next` back as `after` until it is null.
 */
export const recordsPath = (entity: string): string => `/api/records/${encodeURIComponent(entity)}`;

/**
 * The change calendar's subscription feed (server/src/calendar/feed.ts). POST (signed in):
 * creates or resets the caller's secret address, answers CalendarFeedCreated (the address is
 * shown only then); GET (signed in): CalendarFeedStatus, never the token.
 */
export const CALENDAR_FEED_PATH = '/api/calendar/feed';
/** The secret ICS address itself: GET without a session (calendar clients cannot sign in). */
export const calendarIcsPath = (token: string): string => `/api/calendar/${encodeURIComponent(token)}.ics`;
/** What an ICS address looks like, for the auth guard (answered without a session). */
export const CALENDAR_ICS_PATTERN = /^\/api\/calendar\/[^/]+\.ics$/;

export interface CalendarFeedCreated {
  /** The absolute address to paste into a calendar client; secret: anyone with it reads the feed. */
  url: string;
}
export interface CalendarFeedStatus {
  exists: boolean;
  /** When the current address was made (ISO), null when there is none. */
  createdAt: string | null;
}

/** GET ?days=30: the CMDB reconciliation lists over what the user may see (ReconciliationResponse). */
export const CMDB_RECONCILIATION_PATH = '/api/cmdb/reconciliation';

export interface ReconciliationResponse {
  days: number;
  /** CIs whose asset was not inventoried for more than `days` days (days null: never). */
  staleCis: { ciId: string; ciName: string; assetId: string; assetTag: string; days: number | null }[];
  assetsWithoutCi: { assetId: string; assetTag: string; name: string }[];
  duplicates: { assets: { assetId: string; assetTag: string; name: string }[]; shared: { reason: 'serial' | 'uuid' | 'mac' | 'name'; value: string }[] }[];
}

/** One page of an entity's records (GET recordsPath). */
export interface RecordsPage<R = unknown> {
  entity: string;
  records: R[];
  /** The id to pass as `after` for the next page; null on the last one. */
  next: string | null;
}

/** GET <assets>/<id>/software and <assets>/<id>/inventories: see AssetSoftwareResponse, AssetInventoriesResponse. */
export const assetSoftwarePath = (assetId: string): string => `/api/assets/${encodeURIComponent(assetId)}/software`;
export const assetInventoriesPath = (assetId: string): string => `/api/assets/${encodeURIComponent(assetId)}/inventories`;

/** Largest inventory an agent may send, decompressed (a big Windows server's is ~5 MB). */
export const MAX_INVENTORY_BYTES = 20 * 1024 * 1024;

/** One software title with how many assets have it installed, per version (licence and patch compliance). */
export interface SoftwareTitle {
  name: string;
  publisher: string | null;
  installs: number;
  versions: { version: string | null; installs: number }[];
}

export interface SoftwareListResponse {
  software: SoftwareTitle[];
  /** Titles matching the query, before limit and offset. */
  total: number;
  /** Assets with a recorded inventory that the user may see. */
  inventoriedAssets: number;
}

export interface AssetSoftwareResponse {
  assetId: string;
  software: { name: string; version: string | null; publisher: string | null }[];
}

/** Every inventory received for an asset, newest first (the document itself stays on the server). */
export interface AssetInventoriesResponse {
  assetId: string;
  inventories: { id: string; source: InventorySource; deviceId: string | null; receivedAt: string; bytes: number }[];
}

/**
 * Resumable attachment uploads, content-addressed by SHA-256:
 * - GET  /api/attachments/<sha256>/upload                 -> UploadStatus (received 0 if none yet)
 * - PUT  /api/attachments/<sha256>/upload?offset=N&size=T  body: application/octet-stream chunk
 *     -> UploadStatus; 409 with UploadStatus (plus error and message) when offset != received
 *        (resume from `received`);
 *        422 when the finished file's hash differs (the partial file is discarded);
 *        413 when T exceeds MAX_ATTACHMENT_BYTES.
 */
export const uploadPath = (sha256: string): string => `${API.attachments}/${sha256}/upload`;
export const attachmentPath = (sha256: string): string => `${API.attachments}/${sha256}`;

export interface UploadStatus {
  sha256: string;
  size: number;
  received: number;
  complete: boolean;
}

/** The name of the server-sent event that tells clients to pull. */
export const POKE_EVENT = 'poke';

/** Header a cookie-authenticated (web) client sends on every state-changing request. */
export const CSRF_HEADER = 'x-fielddesk-csrf';
/** The web app's session cookie: HttpOnly, SameSite=Strict. */
export const SESSION_COOKIE = 'fielddesk_session';

export const LoginRequestSchema = z
  .object({
    username: z.string().trim().min(1, 'username is required').max(100),
    password: z.string().min(1, 'password is required').max(1000),
    /** 'desktop' gets the token in the body (kept by main); 'web' gets an HttpOnly cookie. */
    client: z.enum(['desktop', 'web']).default('web'),
  })
  .strict();
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

export const SessionUserSchema = PersonSchema.pick({ id: true, username: true, displayName: true, role: true, siteId: true, groupIds: true });
export type SessionUser = z.infer<typeof SessionUserSchema>;

export interface LoginResponse {
  user: SessionUser;
  expiresAt: string;
  /** Only for client 'desktop': the bearer token. Never sent to a web client. */
  token?: string;
  /** Only for client 'web': echo it in the CSRF header. */
  csrfToken?: string;
}

export interface MeResponse {
  user: SessionUser;
  expiresAt: string;
  csrfToken?: string;
}

/** Every error the server answers has this body. */
export interface ApiErrorBody {
  error: string;
  message: string;
}

export interface HealthResponse {
  status: 'ok';
  version: string;
  time: string;
}
