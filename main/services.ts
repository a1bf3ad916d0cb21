/**
 * createMainServices: main's implementation of the FieldDesk platform contract
 * (FieldDeskApi in common/ipc/contract.ts). It wires the settings and session
 * stores (userData), the HTTP client, the connectivity monitor, the attachment
 * store with its upload queue and uploader, the poke (server-sent events)
 * client, and the inventory of this machine (a worker thread; one scan at a time). IPC handlers (main/ipc/) call it; the app:// handler asks it for
 * attachment bytes (serveAttachment); the e2e desktop host builds the very same object.
 *
 * The bearer token never leaves this object: methods return SessionInfo, which
 * holds no token.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SoftwareListResponse } from '@fielddesk/common/api/http';
import type {
  AppInfo,
  ConnectivityState,
  FieldDeskApi,
  LocalInventory,
  LoginInput,
  PlatformEvent,
  SaveAttachmentInput,
  SavedAttachment,
  SessionInfo,
  SoftwareQuery,
  UploadQueueState,
} from '@fielddesk/common/ipc/contract';
import { ApiError } from '@fielddesk/common/ipc/contract';
import type { PullResponse, PushRequest, PushResponse } from '@fielddesk/common/sync/protocol';
import { createDownloader } from './attachments/downloader';
import { createAttachmentStore, isSha256 } from './attachments/store';
import { createUploadQueue } from './attachments/upload-queue';
import { createUploader, type UploadTarget } from './attachments/uploader';
import { toGlpiInventory } from './inventory/glpi';
import { runInventoryInWorker } from './inventory/runInWorker';
import { silentLogger, type Logger } from './log';
import { attachmentUrlFor, createAttachmentProtocolHandler } from './protocol/attachment-protocol';
import { APP_ORIGIN } from './security/origin';
import { createSessionStore, toSessionInfo, type SafeStorageLike, type StoredSession } from './session/session-store';
import { createSettingsStore, normalizeServerUrl } from './session/settings-store';
import { systemClock, type Clock } from './transport/clock';
import { createConnectivityMonitor } from './transport/connectivity';
import { createPokeClient } from './transport/poke-client';
import { createServerClient, type FetchLike } from './transport/server-client';

export const FALLBACK_SERVER_URL = 'http://127.0.0.1:8470';

export interface MainServicesDeps {
  /** Electron's app.getPath('userData') (or a temp dir in tests). */
  userDataDir: string;
  safeStorage: SafeStorageLike;
  fetch: FetchLike;
  /** The server used until the user signs in to another one. */
  defaultServerUrl: string;
  appVersion: string;
  /** process.platform */
  os: string;
  /** Sends an event to every app window. */
  emit(event: PlatformEvent): void;
  /** The OS's view of the network (Electron: net.isOnline). */
  isOsOnline?: () => boolean;
  log?: Logger;
  clock?: Clock;
  random?: () => number;
  timeouts?: { requestMs?: number; syncMs?: number; healthMs?: number };
  connectivity?: { onlineIntervalMs?: number; minBackoffMs?: number; maxBackoffMs?: number };
  /** The origin the renderer is served from (attachment URLs live there). Default app://fielddesk. */
  appOrigin?: string;
  uploads?: { chunkBytes?: number; minBackoffMs?: number; maxBackoffMs?: number };
  pokes?: { coalesceMs?: number; minBackoffMs?: number; maxBackoffMs?: number };
  /** Scanning this machine (scanInventory). */
  inventory?: {
    /** The built worker; default out/main/inventory-worker.js, next to the bundled main. */
    workerPath?: string;
    /** Time limit of each probe (ms); default scan.ts's. */
    probeTimeoutMs?: number;
    /** Runs the scan; default runInventoryInWorker (tests may pass another). */
    run?: typeof runInventoryInWorker;
  };
}

export interface MainServices extends FieldDeskApi {
  /** Starts watching connectivity (one check now, then periodic). */
  start(): void;
  /** The OS says the network changed: check again now. */
  networkChanged(): void;
  /** Answers a request for <appOrigin>/attachments/<sha256> (composed in front of the app:// handler). */
  serveAttachment(request: Request): Promise<Response>;
  /** Stops timers and connections. */
  dispose(): void;
}

const SIGN_IN_AGAIN = 'Your work is kept on this computer and will sync after you sign in again.';

export function createMainServices(deps: MainServicesDeps): MainServices {
  const log = deps.log ?? silentLogger;
  const clock = deps.clock ?? systemClock;
  const settings = createSettingsStore(deps.userDataDir, log);
  const sessions = createSessionStore(deps.userDataDir, deps.safeStorage, log);
  const client = createServerClient({
    fetch: deps.fetch,
    timeoutMs: deps.timeouts?.requestMs,
    syncTimeoutMs: deps.timeouts?.syncMs,
    healthTimeoutMs: deps.timeouts?.healthMs,
  });

  let defaultServerUrl: string;
  try {
    defaultServerUrl = normalizeServerUrl(deps.defaultServerUrl);
  } catch (e) {
    log.error(`The default server address is not usable (${e instanceof Error ? e.message : String(e)}); using ${FALLBACK_SERVER_URL}.`);
    defaultServerUrl = FALLBACK_SERVER_URL;
  }

  /** The server this app talks to: the signed-in one, else the one last chosen, else the default. */
  async function currentServerUrl(): Promise<string> {
    const session = await sessions.get();
    if (session) return session.serverUrl;
    return (await settings.get()).serverUrl ?? defaultServerUrl;
  }

  const appOrigin = deps.appOrigin ?? APP_ORIGIN;

  const monitor = createConnectivityMonitor({
    probe: async () => {
      await client.health(await currentServerUrl());
    },
    isOsOnline: deps.isOsOnline,
    onChange: (state) => {
      deps.emit({ type: 'connectivity', state });
      // Back online: resume uploads and live updates. Offline: the poke client disconnects.
      pokes.update();
      if (state.online) uploader.kick();
    },
    clock,
    random: deps.random,
    ...deps.connectivity,
  });
  const isOnline = () => monitor.current()?.online === true;

  /** Where background work (uploads, downloads, pokes) goes, or null when not signed in with a token. */
  async function target(): Promise<UploadTarget | null> {
    const session = await sessions.get();
    const token = session ? await sessions.getToken() : null;
    return session && token ? { serverUrl: session.serverUrl, token } : null;
  }

  let expiring: Promise<void> | null = null;
  function sessionExpired(serverMessage: string): Promise<void> {
    // Several background calls may see the same 401 at once: one expiry, one event.
    expiring ??= (async () => {
      log.warn(`The server refused the saved sign-in (${serverMessage}); keeping the user's data and asking them to sign in again.`);
      pokes.stop();
      await sessions.dropToken();
      deps.emit({ type: 'session-expired' });
    })().finally(() => {
      expiring = null;
    });
    return expiring;
  }

  const store = createAttachmentStore(path.join(deps.userDataDir, 'attachments'));
  const queue = createUploadQueue(deps.userDataDir, log);
  const reportConnectivity = (online: boolean, reason?: string) => monitor.report(online, reason ?? null);
  const uploader = createUploader({
    queue,
    store,
    fetch: deps.fetch,
    target,
    isOnline,
    onChange: (state) => deps.emit({ type: 'uploads', state }),
    reportConnectivity,
    onUnauthorized: sessionExpired,
    clock,
    random: deps.random,
    log,
    ...deps.uploads,
  });
  const download = createDownloader({
    store,
    fetch: deps.fetch,
    target,
    isOffline: () => monitor.current()?.online === false,
    reportConnectivity,
    onUnauthorized: sessionExpired,
  });
  const serveAttachment = createAttachmentProtocolHandler({ store, origin: appOrigin, download });
  const pokes = createPokeClient({
    fetch: deps.fetch,
    target,
    isOnline,
    onPoke: () => deps.emit({ type: 'poke' }),
    onUnauthorized: sessionExpired,
    clock,
    random: deps.random,
    log,
    ...deps.pokes,
  });

  /**
   * GLPI keys a device by a stable id made from the machine id. Where the OS has none (some
   * containers), the app keeps its own, made once and stored in userData (like GLPI Agent's).
   */
  async function ownMachineId(): Promise<string> {
    const file = path.join(deps.userDataDir, 'inventory-machine-id');
    try {
      const kept = (await readFile(file, 'utf8')).trim();
      if (/^[0-9a-f]{16,64}$/.test(kept)) return kept;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    const made = randomBytes(16).toString('hex');
    await mkdir(deps.userDataDir, { recursive: true });
    await writeFile(file, `${made}\n`, { mode: 0o600 });
    log.info('This machine has no machine id; FieldDesk made one for its inventory and keeps it in its data folder.');
    return made;
  }

  const runInventory = deps.inventory?.run ?? runInventoryInWorker;
  /** The scan under way: a second scanInventory while one runs joins it. */
  let scanning: Promise<LocalInventory> | null = null;

  async function scanOnce(): Promise<LocalInventory> {
    let scan: Awaited<ReturnType<typeof runInventoryInWorker>>;
    try {
      scan = await runInventory(({ done, total, probe }) => deps.emit({ type: 'inventory-progress', progress: { done, total, probe } }), {
        ...(deps.inventory?.workerPath ? { workerPath: deps.inventory.workerPath } : {}),
        ...(deps.inventory?.probeTimeoutMs ? { timeoutMs: deps.inventory.probeTimeoutMs } : {}),
      });
    } catch (e) {
      const detail = e instanceof Error ? e.message : String(e);
      log.error(`Could not scan this machine: ${detail}`);
      throw new ApiError('server', `FieldDesk could not scan this computer: ${detail}.`);
    }
    const document = toGlpiInventory(scan, deps.appVersion, scan.machineId ? undefined : await ownMachineId());
    for (const note of scan.notes) log.warn(`Inventory: the ${note.probe} section is empty: ${note.message}`);
    log.info(`Scanned this machine in ${scan.durationMs} ms (${Object.keys(document.content).length - 1} sections, ${scan.notes.length} left empty).`);
    return {
      document: { ...document, content: { ...document.content } },
      notes: scan.notes.map((n) => ({ probe: n.probe, message: n.message })),
      scannedAt: new Date(scan.startedAt).toISOString(),
      durationMs: scan.durationMs,
    };
  }

  /** Runs an authenticated call; keeps connectivity and session state in step with what happened. */
  async function authed<T>(run: (serverUrl: string, token: string) => Promise<T>): Promise<T> {
    const session = await sessions.get();
    if (!session) throw new ApiError('unauthorized', 'You are not signed in. Sign in to FieldDesk to sync.');
    const token = await sessions.getToken();
    if (!token) throw new ApiError('unauthorized', `Your sign-in has expired or was not kept on this computer. ${SIGN_IN_AGAIN}`);
    try {
      const result = await run(session.serverUrl, token);
      monitor.report(true);
      return result;
    } catch (e) {
      if (e instanceof ApiError && e.code === 'offline') monitor.report(false, e.message);
      if (e instanceof ApiError && e.code === 'unauthorized') {
        await sessionExpired(e.message);
        throw new ApiError('unauthorized', `Your session has expired. ${SIGN_IN_AGAIN}`);
      }
      throw e;
    }
  }

  /** When who-the-user-is was last confirmed with the server (at most once a minute). */
  let lastRefresh = Number.NEGATIVE_INFINITY;
  const REFRESH_EVERY_MS = 60_000;

  async function refreshSession(session: StoredSession): Promise<StoredSession> {
    const token = await sessions.getToken();
    if (!token || monitor.current()?.online !== true || clock.now() - lastRefresh < REFRESH_EVERY_MS) return session;
    lastRefresh = clock.now();
    try {
      const me = await authed((serverUrl, t) => client.me(serverUrl, t));
      const next = { ...session, user: me.user, expiresAt: me.expiresAt };
      if (JSON.stringify(next) !== JSON.stringify(session)) await sessions.update(next);
      return next;
    } catch (e) {
      // Offline or a server hiccup: the saved session is still who the user is.
      if (!(e instanceof ApiError)) throw e;
      return (await sessions.get()) ?? session;
    }
  }

  return {
    async getAppInfo(): Promise<AppInfo> {
      return { version: deps.appVersion, platform: 'desktop', os: deps.os, serverUrl: await currentServerUrl() };
    },

    async getSession(): Promise<SessionInfo | null> {
      const session = await sessions.get();
      return session ? toSessionInfo(await refreshSession(session)) : null;
    },

    async login(input: LoginInput): Promise<SessionInfo> {
      let serverUrl: string;
      try {
        serverUrl = input.serverUrl ? normalizeServerUrl(input.serverUrl) : await currentServerUrl();
      } catch (e) {
        throw new ApiError('invalid', e instanceof Error ? e.message : String(e));
      }
      const isCurrentServer = serverUrl === (await currentServerUrl());
      let answer: Awaited<ReturnType<typeof client.login>>;
      try {
        answer = await client.login(serverUrl, { username: input.username, password: input.password });
      } catch (e) {
        // Only the server the app syncs with counts for connectivity, not one the user is trying out.
        if (isCurrentServer && e instanceof ApiError && e.code === 'offline') monitor.report(false, e.message);
        throw e;
      }
      const session: StoredSession = { user: answer.user, serverUrl, expiresAt: answer.expiresAt };
      await settings.setServerUrl(serverUrl);
      await sessions.save(session, answer.token);
      monitor.report(true);
      log.info(`Signed in as ${answer.user.username} at ${serverUrl}.`);
      // A new token (maybe a new server): reconnect live updates and resume uploads with it.
      pokes.stop();
      pokes.update();
      uploader.kick();
      return toSessionInfo(session);
    },

    async logout(): Promise<void> {
      const session = await sessions.get();
      const token = await sessions.getToken();
      if (session && token) {
        try {
          await client.logout(session.serverUrl, token);
        } catch (e) {
          // Signing out must work offline too; the server session then simply expires.
          log.warn(`Signed out on this computer only: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
      pokes.stop();
      await sessions.clear();
      if (session) log.info(`Signed out ${session.user.username}.`);
    },

    checkConnectivity(): Promise<ConnectivityState> {
      return monitor.checkNow();
    },

    push(request: PushRequest): Promise<PushResponse> {
      return authed((serverUrl, token) => client.push(serverUrl, token, request));
    },

    pull(query: { cursor: string; limit?: number }): Promise<PullResponse> {
      return authed((serverUrl, token) => client.pull(serverUrl, token, query));
    },

    async saveAttachment(input: SaveAttachmentInput): Promise<SavedAttachment> {
      const saved = await store.put(input.bytes);
      await queue.add({ sha256: saved.sha256, size: saved.size, fileName: input.fileName, mimeType: input.mimeType });
      log.info(`Kept "${input.fileName}" (${saved.size} bytes) for upload as ${saved.sha256.slice(0, 12)}….`);
      await uploader.announce();
      uploader.kick();
      return saved;
    },

    async attachmentUrl(sha256: string): Promise<string> {
      if (!isSha256(sha256)) throw new ApiError('invalid', 'An attachment is named by its SHA-256: 64 lowercase hexadecimal digits.');
      return attachmentUrlFor(appOrigin, sha256);
    },

    getUploadQueue(): Promise<UploadQueueState> {
      return uploader.state();
    },

    scanInventory(): Promise<LocalInventory> {
      scanning ??= scanOnce().finally(() => {
        scanning = null;
      });
      return scanning;
    },

    listSoftware(query: SoftwareQuery): Promise<SoftwareListResponse> {
      return authed((serverUrl, token) => client.listSoftware(serverUrl, token, query));
    },

    serveAttachment,

    start() {
      void (async () => {
        // Leftovers of a crash mid-write, and a new chance for uploads the server refused last run.
        await store.sweepTemp().catch((e: unknown) => log.warn(`Could not clear unfinished attachment files: ${e instanceof Error ? e.message : String(e)}`));
        await queue.retryFailed().catch((e: unknown) => log.warn(`Could not read the upload queue: ${e instanceof Error ? e.message : String(e)}`));
        uploader.kick();
      })();
      monitor.start();
    },
    networkChanged: () => void monitor.checkNow(),
    dispose() {
      monitor.dispose();
      pokes.dispose();
      uploader.dispose();
    },
  };
}
