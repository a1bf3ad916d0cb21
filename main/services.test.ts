/** createMainServices: the platform contract as main implements it, against a fake server. */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { API } from '@fielddesk/common/api/http';
import { ApiError, type PlatformEvent } from '@fielddesk/common/ipc/contract';
import { createMemoryLogger } from './log';
import { createFakeUploadServer } from './testing/fake-upload-server';
import { createMainServices, type MainServicesDeps } from './services';
import type { SafeStorageLike } from './session/session-store';
import { loadGlpiValidator, schemaMissingReason } from './inventory/glpi-schema';
import { PROBES, type ScanResult } from './inventory/scan';
import { buildInventoryWorker } from './inventory/test-fixtures';

const TOKEN = 'tok_desktop_81f2c0';
const user = { id: '0190f0a0-0000-7000-8000-000000000001', username: 'tech1', displayName: 'Alex Morgan', role: 'technician' as const, siteId: null, groupIds: [] };
const safeStorage: SafeStorageLike = {
  isEncryptionAvailable: () => true,
  encryptString: (s) => Buffer.from(`enc:${Buffer.from(s).toString('hex')}`),
  decryptString: (b) => Buffer.from(b.toString().slice(4), 'hex').toString(),
};

/** A fake FieldDesk server behind fetch; `down` makes it unreachable, `expired` answers 401. */
function fakeServer() {
  const state = { down: false, expired: false, calls: [] as string[], streams: [] as { signal: AbortSignal; write(text: string): void }[] };
  const uploads = createFakeUploadServer({ token: TOKEN });
  const fetch: MainServicesDeps['fetch'] = async (input, init) => {
    const url = new URL(input);
    state.calls.push(`${init.method} ${url.pathname} ${(init.headers as Record<string, string>).authorization ?? '-'}`);
    if (state.down) throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    if (url.pathname.startsWith(API.attachments)) return uploads.fetch(input, init);
    if (url.pathname === API.events && !state.expired) {
      let controller!: ReadableStreamDefaultController<Uint8Array>;
      const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
      const signal = init.signal as AbortSignal;
      signal.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')));
      state.streams.push({ signal, write: (text) => controller.enqueue(new TextEncoder().encode(text)) });
      return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
    }
    const reply = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    const authed = (init.headers as Record<string, string>).authorization === `Bearer ${TOKEN}` && !state.expired;
    switch (url.pathname) {
      case API.health:
        return reply(200, { status: 'ok', version: '0.1.0', time: new Date().toISOString() });
      case API.login: {
        const body = JSON.parse(String(init.body)) as { password: string; client: string };
        if (body.password !== 'fielddesk-demo') return reply(401, { error: 'bad_credentials', message: 'Wrong username or password.' });
        return reply(200, { user, expiresAt: '2030-01-01T00:00:00.000Z', token: body.client === 'desktop' ? TOKEN : undefined });
      }
      default:
        if (!authed) return reply(401, { error: 'unauthorized', message: 'Your session has expired.' });
        if (url.pathname === API.me) return reply(200, { user: { ...user, displayName: 'Alex M.' }, expiresAt: '2030-02-01T00:00:00.000Z' });
        if (url.pathname === API.pull) return reply(200, { changes: [], cursor: url.searchParams.get('cursor') ?? '0', hasMore: false });
        if (url.pathname === API.push) return reply(200, { results: [] });
        if (url.pathname === API.software) {
          const q = url.searchParams.get('q');
          return reply(200, { software: q ? [{ name: q, publisher: null, installs: 1, versions: [{ version: '1.0', installs: 1 }] }] : [], total: q ? 1 : 0, inventoriedAssets: 3 });
        }
        if (url.pathname === API.logout) return new Response(null, { status: 204 });
        return reply(404, { error: 'not_found', message: 'No such route.' });
    }
  };
  return { state, fetch, uploads };
}

async function setup(overrides: Partial<MainServicesDeps> = {}) {
  const server = fakeServer();
  const events: PlatformEvent[] = [];
  const log = createMemoryLogger();
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'fd-services-'));
  const services = createMainServices({
    userDataDir,
    safeStorage,
    fetch: server.fetch,
    defaultServerUrl: 'http://desk.local:8470/',
    appVersion: '0.1.0',
    os: 'linux',
    emit: (e) => events.push(e),
    log,
    ...overrides,
  });
  return { services, server, events, log, userDataDir };
}

async function rejection(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

describe('createMainServices', () => {
  it('reports app info for the desktop platform', async () => {
    const { services } = await setup();
    expect(await services.getAppInfo()).toEqual({ version: '0.1.0', platform: 'desktop', os: 'linux', serverUrl: 'http://desk.local:8470' });
  });

  it('signs in as a desktop client, keeps the token in main, and remembers the server', async () => {
    const { services, server, userDataDir } = await setup();
    const info = await services.login({ serverUrl: 'http://other.local:8470', username: 'tech1', password: 'fielddesk-demo' });
    expect(info).toEqual({ user, serverUrl: 'http://other.local:8470', expiresAt: '2030-01-01T00:00:00.000Z' });
    expect(JSON.stringify(info)).not.toContain(TOKEN);
    // Online right after sign-in, so getSession also refreshes the user from /api/auth/me.
    expect(await services.getSession()).toMatchObject({ serverUrl: 'http://other.local:8470', user: { username: 'tech1', displayName: 'Alex M.' } });
    expect((await services.getAppInfo()).serverUrl).toBe('http://other.local:8470');
    expect(await readFile(path.join(userDataDir, 'session.json'), 'utf8')).not.toContain(TOKEN);

    await services.pull({ cursor: '0' });
    expect(server.state.calls.at(-1)).toBe(`GET ${API.pull} Bearer ${TOKEN}`);
  });

  it('explains a wrong password without signing in', async () => {
    const { services } = await setup();
    const e = await rejection(services.login({ username: 'tech1', password: 'nope' }));
    expect(e).toMatchObject({ code: 'unauthorized', message: 'Wrong username or password.' });
    expect(await services.getSession()).toBeNull();
  });

  it('says plainly when the server cannot be reached at sign-in', async () => {
    const { services, server } = await setup();
    server.state.down = true;
    const e = await rejection(services.login({ username: 'tech1', password: 'fielddesk-demo' }));
    expect(e).toMatchObject({ code: 'offline', message: 'Could not reach the FieldDesk server at http://desk.local:8470: connection refused.' });
  });

  it('rejects a malformed server address as invalid', async () => {
    const { services } = await setup();
    const e = await rejection(services.login({ serverUrl: 'ftp://desk.local', username: 'tech1', password: 'x' }));
    expect(e.code).toBe('invalid');
  });

  it('keeps the session while offline and reports offline to the connectivity monitor', async () => {
    const { services, server, events } = await setup();
    await services.login({ username: 'tech1', password: 'fielddesk-demo' });
    server.state.down = true;
    const e = await rejection(services.push({ clientId: user.id, ops: [] } as never));
    expect(e.code).toBe('offline');
    expect(events).toContainEqual({ type: 'connectivity', state: expect.objectContaining({ online: false, reason: e.message }) as unknown });
    expect((await services.getSession())?.user.username).toBe('tech1');
    server.state.down = false;
    expect(await services.checkConnectivity()).toMatchObject({ online: true, reason: null });
    services.dispose();
  });

  it('on 401: emits session-expired, drops the token, keeps the user for offline work', async () => {
    const { services, server, events } = await setup();
    await services.login({ username: 'tech1', password: 'fielddesk-demo' });
    server.state.expired = true;
    const e = await rejection(services.pull({ cursor: '0' }));
    expect(e.code).toBe('unauthorized');
    expect(e.message).toMatch(/expired.*kept on this computer/);
    expect(events).toContainEqual({ type: 'session-expired' });
    expect((await services.getSession())?.user).toEqual(user);

    const calls = server.state.calls.length;
    const again = await rejection(services.push({ clientId: user.id, ops: [] } as never));
    expect(again.code).toBe('unauthorized');
    expect(server.state.calls.length).toBe(calls); // no token: not even tried
  });

  it('refreshes who the user is when online', async () => {
    const { services } = await setup();
    await services.login({ username: 'tech1', password: 'fielddesk-demo' });
    await services.checkConnectivity();
    const info = await services.getSession();
    expect(info?.user.displayName).toBe('Alex M.');
    expect(info?.expiresAt).toBe('2030-02-01T00:00:00.000Z');
    services.dispose();
  });

  it('signs out on this computer even when the server is unreachable', async () => {
    const { services, server, log } = await setup();
    await services.login({ username: 'tech1', password: 'fielddesk-demo' });
    server.state.down = true;
    await services.logout();
    expect(await services.getSession()).toBeNull();
    expect(log.lines.join('\n')).toMatch(/Signed out on this computer only/);
    const e = await rejection(services.pull({ cursor: '0' }));
    expect(e.code).toBe('unauthorized');
  });

  it('survives a restart: a new services object reads the saved session and token', async () => {
    const first = await setup();
    await first.services.login({ username: 'tech1', password: 'fielddesk-demo' });
    const second = createMainServices({
      userDataDir: first.userDataDir,
      safeStorage,
      fetch: first.server.fetch,
      defaultServerUrl: 'http://ignored:1',
      appVersion: '0.1.0',
      os: 'linux',
      emit: () => {},
    });
    expect((await second.getSession())?.user.username).toBe('tech1');
    await second.pull({ cursor: '3' });
    expect(first.server.state.calls.at(-1)).toBe(`GET ${API.pull} Bearer ${TOKEN}`);
  });

  it('keeps an attachment offline: stored in userData, queued on disk, announced, served locally', async () => {
    const { services, events, userDataDir, server } = await setup();
    server.state.down = true;
    const bytes = new TextEncoder().encode('%PDF-1.7 site report');
    const saved = await services.saveAttachment({ fileName: 'report.pdf', mimeType: 'application/pdf', bytes });
    expect(saved).toEqual({ sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.byteLength });
    expect(await readFile(path.join(userDataDir, 'attachments', saved.sha256.slice(0, 2), saved.sha256), 'utf8')).toBe('%PDF-1.7 site report');
    expect(JSON.parse(await readFile(path.join(userDataDir, 'upload-queue.json'), 'utf8'))).toMatchObject({ entries: [{ sha256: saved.sha256, fileName: 'report.pdf' }] });
    // Announced before saveAttachment answers.
    expect(events).toContainEqual({ type: 'uploads', state: { pending: 1, bytesPending: bytes.byteLength, lastError: null } });
    expect(await services.getUploadQueue()).toEqual({ pending: 1, bytesPending: bytes.byteLength, lastError: null });

    const url = await services.attachmentUrl(saved.sha256);
    expect(url).toBe(`app://fielddesk/attachments/${saved.sha256}`);
    const response = await services.serveAttachment(new Request(url));
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${saved.sha256}"`);
    expect(await response.text()).toBe('%PDF-1.7 site report');
    expect((await rejection(services.attachmentUrl('../../session.json'))).code).toBe('invalid');
    const host = await setup({ appOrigin: 'http://fielddesk.app' });
    expect(await host.services.attachmentUrl(saved.sha256)).toBe(`http://fielddesk.app/attachments/${saved.sha256}`);
  });

  it('once signed in: uploads the queue, connects live updates and pokes, and stops them on logout', async () => {
    const { services, events, server } = await setup();
    const bytes = new Uint8Array(Array.from({ length: 3000 }, (_, i) => i % 256));
    const saved = await services.saveAttachment({ fileName: 'photo.jpg', mimeType: 'image/jpeg', bytes });
    await services.login({ username: 'tech1', password: 'fielddesk-demo' });
    await vi.waitFor(() => expect(server.uploads.uploads.get(saved.sha256)?.complete).toBe(true));
    await vi.waitFor(() => expect(events).toContainEqual({ type: 'uploads', state: { pending: 0, bytesPending: 0, lastError: null } }));
    expect(await services.getUploadQueue()).toEqual({ pending: 0, bytesPending: 0, lastError: null });
    expect(server.state.calls).toContain(`GET ${API.events} Bearer ${TOKEN}`);
    await vi.waitFor(() => expect(events).toContainEqual({ type: 'poke' }));
    const before = events.filter((e) => e.type === 'poke').length;
    await new Promise((r) => setTimeout(r, 300));
    server.state.streams[0]?.write('event: poke\n\n');
    await vi.waitFor(() => expect(events.filter((e) => e.type === 'poke').length).toBe(before + 1));
    await services.logout();
    expect(server.state.streams[0]?.signal.aborted).toBe(true);
    services.dispose();
  });

  it('a 401 on the live-updates stream expires the session once', async () => {
    const { services, events, server } = await setup();
    server.state.expired = true;
    await services.login({ username: 'tech1', password: 'fielddesk-demo' });
    await vi.waitFor(() => expect(events).toContainEqual({ type: 'session-expired' }));
    expect(events.filter((e) => e.type === 'session-expired')).toHaveLength(1);
    expect((await services.getSession())?.user.username).toBe('tech1');
    services.dispose();
  });

  it('falls back to the built-in server address when the configured default is unusable', async () => {
    const { services, log } = await setup({ defaultServerUrl: 'not a url' });
    expect((await services.getAppInfo()).serverUrl).toBe('http://127.0.0.1:8470');
    expect(log.lines.join('\n')).toMatch(/default server address is not usable/);
  });

  it('lists software with the saved token; refusals and offline map like the other calls', async () => {
    const { services, server } = await setup();
    const notSignedIn = await rejection(services.listSoftware({ q: 'curl' }));
    expect(notSignedIn.code).toBe('unauthorized');
    await services.login({ username: 'tech1', password: 'fielddesk-demo' });
    expect(await services.listSoftware({ q: 'curl', limit: 10 })).toEqual({
      software: [{ name: 'curl', publisher: null, installs: 1, versions: [{ version: '1.0', installs: 1 }] }],
      total: 1,
      inventoriedAssets: 3,
    });
    expect(server.state.calls.at(-1)).toBe(`GET ${API.software} Bearer ${TOKEN}`);
    server.state.down = true;
    expect((await rejection(services.listSoftware({}))).code).toBe('offline');
    services.dispose();
  });
});

/** A scan as the worker would answer it (the real one runs in the last test). */
function fakeScan(overrides: Partial<ScanResult> = {}): ScanResult {
  return {
    startedAt: Date.parse('2026-11-21T10:00:00.000Z'),
    durationMs: 640,
    machineId: '4c4c4544004b3510',
    sections: { hardware: { name: 'ws-042', uuid: '4C4C4544-004B-3510-8052-B4C04F4B4E32', memory: 16_000 }, bios: { ssn: 'CZC1234XYZ' } },
    notes: [{ probe: 'batteries', message: 'ran out of time after 4000 ms' }],
    ...overrides,
  };
}

describe('createMainServices: scanInventory', () => {
  it('scans in the worker, forwards progress as events, and answers a GLPI inventory', async () => {
    const run = vi.fn<NonNullable<NonNullable<MainServicesDeps['inventory']>['run']>>(async (onProgress) => {
      onProgress({ done: 1, total: 2, probe: 'hardware' });
      onProgress({ done: 2, total: 2, probe: 'bios' });
      return fakeScan();
    });
    const { services, events, log } = await setup({ inventory: { run, workerPath: '/opt/fielddesk/inventory-worker.js', probeTimeoutMs: 2500 } });
    const inventory = await services.scanInventory();
    expect(run).toHaveBeenCalledWith(expect.any(Function), { workerPath: '/opt/fielddesk/inventory-worker.js', timeoutMs: 2500 });
    expect(events.filter((e) => e.type === 'inventory-progress')).toEqual([
      { type: 'inventory-progress', progress: { done: 1, total: 2, probe: 'hardware' } },
      { type: 'inventory-progress', progress: { done: 2, total: 2, probe: 'bios' } },
    ]);
    expect(inventory).toEqual({
      document: {
        deviceid: 'ws-042-4c4c4544004b3510',
        itemtype: 'Computer',
        action: 'inventory',
        content: { versionclient: 'FieldDesk-Inventory_v0.1.0', hardware: fakeScan().sections.hardware, bios: { ssn: 'CZC1234XYZ' } },
      },
      notes: [{ probe: 'batteries', message: 'ran out of time after 4000 ms' }],
      scannedAt: '2026-11-21T10:00:00.000Z',
      durationMs: 640,
    });
    expect(log.lines.join('\n')).toMatch(/batteries section is empty: ran out of time/);
  });

  it('runs one scan at a time: a second call while one runs joins it; the next call scans again', async () => {
    let finish!: (scan: ScanResult) => void;
    const run = vi.fn(() => new Promise<ScanResult>((resolve) => (finish = resolve)));
    const { services } = await setup({ inventory: { run } });
    const first = services.scanInventory();
    const second = services.scanInventory();
    expect(run).toHaveBeenCalledTimes(1);
    finish(fakeScan());
    expect(await second).toEqual(await first);
    run.mockResolvedValueOnce(fakeScan({ durationMs: 1 }));
    expect((await services.scanInventory()).durationMs).toBe(1);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('says why when the worker cannot run, and the next call tries again', async () => {
    const run = vi.fn<NonNullable<NonNullable<MainServicesDeps['inventory']>['run']>>(async () => {
      throw new Error('inventory worker crashed: Cannot find module');
    });
    const { services, log } = await setup({ inventory: { run } });
    const e = await rejection(services.scanInventory());
    expect(e).toMatchObject({ code: 'server', message: 'FieldDesk could not scan this computer: inventory worker crashed: Cannot find module.' });
    expect(log.lines.join('\n')).toMatch(/Could not scan this machine/);
    run.mockResolvedValueOnce(fakeScan());
    await expect(services.scanInventory()).resolves.toMatchObject({ durationMs: 640 });
  });

  it('keeps its own machine id where the OS has none, the same on every scan', async () => {
    const run = vi.fn(async () => fakeScan({ machineId: undefined }));
    const { services, userDataDir } = await setup({ inventory: { run } });
    const first = await services.scanInventory();
    const kept = (await readFile(path.join(userDataDir, 'inventory-machine-id'), 'utf8')).trim();
    expect(kept).toMatch(/^[0-9a-f]{32}$/);
    expect(first.document.deviceid).toBe(`ws-042-${kept.slice(0, 16)}`);
    expect((await services.scanInventory()).document.deviceid).toBe(first.document.deviceid);
  });

  it('scans this machine for real through the built worker', async () => {
    const workerPath = await buildInventoryWorker();
    const { services, events } = await setup({ inventory: { workerPath, probeTimeoutMs: 4000 } });
    const inventory = await services.scanInventory();
    const progress = events.flatMap((e) => (e.type === 'inventory-progress' ? [e.progress] : []));
    expect(progress.at(-1)).toMatchObject({ done: PROBES.length, total: PROBES.length });
    expect(inventory.document).toMatchObject({ itemtype: 'Computer', action: 'inventory', deviceid: expect.stringMatching(/-[0-9a-f]{16}$/) });
    expect(Date.parse(inventory.scannedAt)).toBeGreaterThan(Date.now() - 60_000);
    const validate = loadGlpiValidator();
    if (!validate) console.info(schemaMissingReason);
    else expect(validate(inventory.document)).toEqual([]);
  }, 20_000);
});
