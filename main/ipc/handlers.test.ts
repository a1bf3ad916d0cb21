/** IPC: one handler per contract method, sender check, zod validation, results as data. */
import { describe, expect, it, vi } from 'vitest';
import { ApiError, FIELDDESK_METHODS, IPC_EVENT_CHANNEL, ipcChannel, type FieldDeskApi, type IpcResult } from '@fielddesk/common/ipc/contract';
import { createMemoryLogger } from '../log';
import { APP_ORIGIN } from '../security/origin';
import { createBroadcast, registerIpcHandlers, type IpcMainLike } from './handlers';
import { createSenderCheck, type IpcSenderEvent } from './sender';

const session = {
  user: { id: '0190f0a0-0000-7000-8000-000000000001', username: 'tech1', displayName: 'Alex Morgan', role: 'technician' as const, siteId: null, groupIds: [] },
  serverUrl: 'http://127.0.0.1:8470',
  expiresAt: '2030-01-01T00:00:00.000Z',
};

const SHA = 'a'.repeat(64);
const INVENTORY = {
  document: { deviceid: 'pc-1-0123456789abcdef', itemtype: 'Computer', action: 'inventory' as const, content: { hardware: { name: 'pc-1' } } },
  notes: [],
  scannedAt: '2026-11-21T10:00:00.000Z',
  durationMs: 500,
};

function fakeServices(): FieldDeskApi & { [K in keyof FieldDeskApi]: ReturnType<typeof vi.fn> } {
  return {
    getAppInfo: vi.fn(async () => ({ version: '0.1.0', platform: 'desktop' as const, os: 'linux', serverUrl: null })),
    getSession: vi.fn(async () => session),
    login: vi.fn(async () => session),
    logout: vi.fn(async () => {}),
    checkConnectivity: vi.fn(async () => ({ online: true, reason: null, checkedAt: '2026-01-01T00:00:00Z' })),
    push: vi.fn(async () => ({ results: [] })),
    pull: vi.fn(async () => ({ changes: [], cursor: '0', hasMore: false, remaining: 0 })),
    saveAttachment: vi.fn(async () => ({ sha256: SHA, size: 3 })),
    attachmentUrl: vi.fn(async (sha: string) => `app://fielddesk/attachments/${sha}`),
    getUploadQueue: vi.fn(async () => ({ pending: 0, bytesPending: 0, lastError: null })),
    scanInventory: vi.fn(async () => INVENTORY),
    listSoftware: vi.fn(async () => ({ software: [], total: 0, inventoriedAssets: 0 })),
  };
}

function fakeIpcMain() {
  const handlers = new Map<string, (event: IpcSenderEvent, ...args: unknown[]) => Promise<unknown>>();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener);
    },
    removeHandler: (channel) => void handlers.delete(channel),
  };
  const invoke = async (channel: string, event: IpcSenderEvent, ...args: unknown[]) => {
    const h = handlers.get(channel);
    if (!h) throw new Error(`no handler for ${channel}`);
    return (await h(event, ...args)) as IpcResult<unknown>;
  };
  return { ipcMain, handlers, invoke };
}

const fromApp: IpcSenderEvent = { senderFrame: { url: 'app://fielddesk/tickets', parent: null } };

function setup() {
  const services = fakeServices();
  const ipc = fakeIpcMain();
  const log = createMemoryLogger();
  const dispose = registerIpcHandlers({ ipcMain: ipc.ipcMain, services, isTrustedSender: createSenderCheck(APP_ORIGIN), log });
  return { services, ipc, log, dispose };
}

describe('registerIpcHandlers', () => {
  it('registers exactly one handler per method of the contract, and removes them all', () => {
    const { ipc, dispose } = setup();
    expect([...ipc.handlers.keys()].sort()).toEqual(FIELDDESK_METHODS.map(ipcChannel).sort());
    expect(FIELDDESK_METHODS.length).toBe(12);
    dispose();
    expect(ipc.handlers.size).toBe(0);
  });

  it('runs the service with validated arguments and answers an IpcResult', async () => {
    const { ipc, services } = setup();
    const result = await ipc.invoke(ipcChannel('login'), fromApp, { username: ' tech1 ', password: 'pw', serverUrl: 'http://10.0.0.5:8470' });
    expect(result).toEqual({ ok: true, value: session });
    expect(services.login).toHaveBeenCalledWith({ username: 'tech1', password: 'pw', serverUrl: 'http://10.0.0.5:8470' });
    expect(await ipc.invoke(ipcChannel('pull'), fromApp, {})).toEqual({ ok: true, value: { changes: [], cursor: '0', hasMore: false, remaining: 0 } });
    expect(services.pull).toHaveBeenLastCalledWith({ cursor: '0', limit: 1000 });
    await ipc.invoke(ipcChannel('pull'), fromApp, { cursor: '42', limit: 10 });
    expect(services.pull).toHaveBeenLastCalledWith({ cursor: '42', limit: 10 });
  });

  it('passes attachment calls through: bytes as a Uint8Array, the hash checked, the queue state', async () => {
    const { ipc, services } = setup();
    const bytes = new Uint8Array([1, 2, 3]);
    expect(await ipc.invoke(ipcChannel('saveAttachment'), fromApp, { fileName: 'photo.jpg', mimeType: 'image/jpeg', bytes })).toEqual({ ok: true, value: { sha256: SHA, size: 3 } });
    expect(services.saveAttachment).toHaveBeenCalledWith({ fileName: 'photo.jpg', mimeType: 'image/jpeg', bytes });
    expect(await ipc.invoke(ipcChannel('attachmentUrl'), fromApp, SHA)).toEqual({ ok: true, value: `app://fielddesk/attachments/${SHA}` });
    expect(await ipc.invoke(ipcChannel('getUploadQueue'), fromApp)).toEqual({ ok: true, value: { pending: 0, bytesPending: 0, lastError: null } });

    const notBytes = await ipc.invoke(ipcChannel('saveAttachment'), fromApp, { fileName: 'a.txt', mimeType: 'text/plain', bytes: [1, 2, 3] });
    expect(notBytes).toMatchObject({ ok: false, error: { code: 'invalid', message: expect.stringContaining('bytes must be a Uint8Array') as unknown } });
    const noName = await ipc.invoke(ipcChannel('saveAttachment'), fromApp, { fileName: ' ', mimeType: 'text/plain', bytes });
    expect(noName).toMatchObject({ ok: false, error: { code: 'invalid', message: expect.stringContaining('a file name is required') as unknown } });
    for (const bad of ['../../etc/passwd', SHA.toUpperCase(), `${SHA}0`, '']) {
      expect(await ipc.invoke(ipcChannel('attachmentUrl'), fromApp, bad)).toMatchObject({ ok: false, error: { code: 'invalid' } });
    }
    expect(services.saveAttachment).toHaveBeenCalledTimes(1);
    expect(services.attachmentUrl).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['another origin', { senderFrame: { url: 'https://evil.example.com/', parent: null } }],
    ['another app:// host', { senderFrame: { url: 'app://evil/', parent: null } }],
    ['a file:// page', { senderFrame: { url: 'file:///tmp/x.html', parent: null } }],
    ['a subframe of the app', { senderFrame: { url: 'app://fielddesk/frame', parent: {} } }],
    ['a destroyed frame', { senderFrame: null }],
  ])('refuses (and logs) a call from %s without running the service', async (_name, event) => {
    const { ipc, services, log } = setup();
    const result = await ipc.invoke(ipcChannel('getSession'), event as IpcSenderEvent);
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(services.getSession).not.toHaveBeenCalled();
    expect(log.lines.some((l) => l.startsWith('warn: Refused IPC call "getSession"'))).toBe(true);
  });

  it('runs the inventory calls: a scan takes no arguments, a software query is validated', async () => {
    const { ipc, services } = setup();
    expect(await ipc.invoke(ipcChannel('scanInventory'), fromApp)).toEqual({ ok: true, value: INVENTORY });
    expect(services.scanInventory).toHaveBeenCalledWith();
    const extra = await ipc.invoke(ipcChannel('scanInventory'), fromApp, { deep: true });
    expect(extra).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(services.scanInventory).toHaveBeenCalledTimes(1);

    expect(await ipc.invoke(ipcChannel('listSoftware'), fromApp, { q: 'curl', limit: 25 })).toEqual({ ok: true, value: { software: [], total: 0, inventoriedAssets: 0 } });
    expect(services.listSoftware).toHaveBeenCalledWith({ q: 'curl', limit: 25 });
    const tooMany = await ipc.invoke(ipcChannel('listSoftware'), fromApp, { limit: 100_000 });
    expect(tooMany).toMatchObject({ ok: false, error: { code: 'invalid', message: expect.stringContaining('listSoftware') } });
    const unknown = await ipc.invoke(ipcChannel('listSoftware'), fromApp, { q: 'x', sql: '1=1' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(services.listSoftware).toHaveBeenCalledTimes(1);

    services.scanInventory.mockRejectedValueOnce(new ApiError('server', 'FieldDesk could not scan this computer: inventory worker crashed.'));
    expect(await ipc.invoke(ipcChannel('scanInventory'), fromApp)).toEqual({
      ok: false,
      error: { code: 'server', message: 'FieldDesk could not scan this computer: inventory worker crashed.' },
    });
  });

  it('answers "invalid" naming the problem when arguments do not match the zod tuple', async () => {
    const { ipc, services } = setup();
    const missing = await ipc.invoke(ipcChannel('login'), fromApp, { username: '', password: 'pw' });
    expect(missing).toEqual({ ok: false, error: { code: 'invalid', message: 'Invalid arguments for login: args[0].username: username is required' } });
    const badUrl = await ipc.invoke(ipcChannel('login'), fromApp, { username: 'a', password: 'b', serverUrl: 'file:///etc' });
    expect(badUrl).toMatchObject({ ok: false, error: { code: 'invalid', message: expect.stringContaining('server address must start with http') as unknown } });
    const extra = await ipc.invoke(ipcChannel('logout'), fromApp, 'surprise');
    expect(extra).toMatchObject({ ok: false, error: { code: 'invalid' } });
    const badOp = await ipc.invoke(ipcChannel('push'), fromApp, { clientId: 'not-a-uuid', ops: [] });
    expect(badOp).toMatchObject({ ok: false, error: { code: 'invalid', message: expect.stringContaining('args[0].clientId') as unknown } });
    const badCursor = await ipc.invoke(ipcChannel('pull'), fromApp, { cursor: '-1' });
    expect(badCursor).toMatchObject({ ok: false, error: { code: 'invalid', message: expect.stringContaining('cursor') as unknown } });
    expect(services.login).not.toHaveBeenCalled();
    expect(services.push).not.toHaveBeenCalled();
  });

  it('turns service errors into error results and never throws across IPC', async () => {
    const { ipc, services, log } = setup();
    services.getSession.mockRejectedValueOnce(new ApiError('offline', 'Could not reach the FieldDesk server at http://x: connection refused.'));
    expect(await ipc.invoke(ipcChannel('getSession'), fromApp)).toEqual({
      ok: false,
      error: { code: 'offline', message: 'Could not reach the FieldDesk server at http://x: connection refused.' },
    });
    services.getAppInfo.mockRejectedValueOnce(new Error('disk full'));
    expect(await ipc.invoke(ipcChannel('getAppInfo'), fromApp)).toEqual({
      ok: false,
      error: { code: 'server', message: 'FieldDesk hit an internal error while running getAppInfo: disk full' },
    });
    expect(log.lines.some((l) => l.startsWith('error: IPC call "getAppInfo" failed unexpectedly'))).toBe(true);
  });

  it('trusts the origin it is given (the e2e host serves the app at http://fielddesk.app)', () => {
    const check = createSenderCheck('http://fielddesk.app');
    expect(check({ senderFrame: { url: 'http://fielddesk.app/tickets', parent: null } })).toBe(true);
    expect(check({ senderFrame: { url: 'http://fielddesk.app.evil.com/', parent: null } })).toBe(false);
    expect(check(fromApp)).toBe(false);
  });
});

describe('createBroadcast', () => {
  it('sends events to every live window on the event channel', () => {
    const a = { send: vi.fn() };
    const b = { send: vi.fn(), isDestroyed: () => true };
    const c = { send: vi.fn(() => { throw new Error('gone'); }) };
    const log = createMemoryLogger();
    createBroadcast(() => [a, b, c], log)({ type: 'session-expired' });
    expect(a.send).toHaveBeenCalledWith(IPC_EVENT_CHANNEL, { type: 'session-expired' });
    expect(b.send).not.toHaveBeenCalled();
    expect(log.lines.some((l) => l.includes('Could not deliver a "session-expired" event'))).toBe(true);
  });
});
