import { describe, expect, it, vi } from 'vitest';
import { ApiError, type FieldDeskBridge, type PlatformEvent } from '@fielddesk/common/ipc/contract';
import { createElectronPlatform, isFieldDeskBridge } from './electron';
import { detectPlatform } from './index';

const session = {
  user: { id: '0195f0c8-0000-7000-8000-000000000001', username: 'tech1', displayName: 'Alex Morgan', role: 'technician' as const, siteId: null, groupIds: [] },
  serverUrl: 'http://127.0.0.1:8470',
  expiresAt: '2099-01-01T00:00:00.000Z',
};

function fakeBridge(overrides: Partial<FieldDeskBridge> = {}): FieldDeskBridge {
  const notCalled = () => Promise.reject(new Error('not expected in this test'));
  return {
    getAppInfo: notCalled,
    getSession: notCalled,
    login: notCalled,
    logout: notCalled,
    checkConnectivity: notCalled,
    push: notCalled,
    pull: notCalled,
    saveAttachment: notCalled,
    attachmentUrl: notCalled,
    getUploadQueue: notCalled,
    scanInventory: notCalled,
    listSoftware: notCalled,
    onEvent: () => () => {},
    ...overrides,
  };
}

describe('electron platform adapter', () => {
  it('unwraps ok results into values and passes arguments through', async () => {
    const login = vi.fn(async () => ({ ok: true as const, value: session }));
    const platform = createElectronPlatform(fakeBridge({ login }));

    await expect(platform.login({ serverUrl: 'http://127.0.0.1:8470', username: 'tech1', password: 'pw' })).resolves.toEqual(session);
    expect(login).toHaveBeenCalledWith({ serverUrl: 'http://127.0.0.1:8470', username: 'tech1', password: 'pw' });
    expect(platform.kind).toBe('desktop');
  });

  it('passes attachment calls through to main', async () => {
    const saveAttachment = vi.fn(async () => ({ ok: true as const, value: { sha256: 'f'.repeat(64), size: 3 } }));
    const attachmentUrl = vi.fn(async () => ({ ok: true as const, value: 'app://fielddesk/attachments/x' }));
    const getUploadQueue = vi.fn(async () => ({ ok: true as const, value: { pending: 1, bytesPending: 3, lastError: null } }));
    const platform = createElectronPlatform(fakeBridge({ saveAttachment, attachmentUrl, getUploadQueue }));
    const bytes = new Uint8Array([1, 2, 3]);

    await expect(platform.saveAttachment({ fileName: 'a.bin', mimeType: 'application/octet-stream', bytes })).resolves.toEqual({ sha256: 'f'.repeat(64), size: 3 });
    expect(saveAttachment).toHaveBeenCalledWith({ fileName: 'a.bin', mimeType: 'application/octet-stream', bytes });
    await expect(platform.attachmentUrl('f'.repeat(64))).resolves.toBe('app://fielddesk/attachments/x');
    await expect(platform.getUploadQueue()).resolves.toEqual({ pending: 1, bytesPending: 3, lastError: null });
  });

  it('passes the inventory calls through to main, unwrapping values and errors', async () => {
    const inventory = {
      document: { deviceid: 'pc-1', itemtype: 'Computer', action: 'inventory' as const, content: { hardware: { name: 'pc-1' } } },
      notes: [{ probe: 'batteries', message: 'no battery' }],
      scannedAt: '2026-11-21T10:00:00.000Z',
      durationMs: 420,
    };
    const scanInventory = vi.fn(async () => ({ ok: true as const, value: inventory }));
    const list = { software: [{ name: 'curl', publisher: null, installs: 2, versions: [{ version: '8.5.0', installs: 2 }] }], total: 1, inventoriedAssets: 2 };
    const listSoftware = vi.fn(async () => ({ ok: true as const, value: list }));
    const platform = createElectronPlatform(fakeBridge({ scanInventory, listSoftware }));

    await expect(platform.scanInventory()).resolves.toEqual(inventory);
    expect(scanInventory).toHaveBeenCalledWith();
    await expect(platform.listSoftware({ q: 'cu', limit: 10 })).resolves.toEqual(list);
    expect(listSoftware).toHaveBeenCalledWith({ q: 'cu', limit: 10 });

    const failing = createElectronPlatform(fakeBridge({ scanInventory: async () => ({ ok: false, error: { code: 'server', message: 'inventory worker crashed: boom' } }) }));
    await expect(failing.scanInventory()).rejects.toMatchObject({ code: 'server', message: 'inventory worker crashed: boom' });
  });

  it('turns error results into ApiError with the same code and message', async () => {
    const platform = createElectronPlatform(
      fakeBridge({
        pull: async () => ({ ok: false, error: { code: 'offline', message: 'Could not reach the FieldDesk server at http://10.0.0.9:8470.' } }),
        getSession: async () => ({ ok: false, error: { code: 'unauthorized', message: 'Session expired.' } }),
      }),
    );

    const error = await platform.pull({ cursor: '0' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'offline', message: 'Could not reach the FieldDesk server at http://10.0.0.9:8470.' });
    await expect(platform.getSession()).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('reports a broken IPC call as a server error instead of a raw exception', async () => {
    const platform = createElectronPlatform(fakeBridge({ getAppInfo: () => Promise.reject(new Error('No handler registered')) }));
    await expect(platform.getAppInfo()).rejects.toMatchObject({ code: 'server', message: expect.stringContaining('No handler registered') });
  });

  it('forwards events from main', () => {
    let emit: ((e: PlatformEvent) => void) | undefined;
    const stop = vi.fn();
    const platform = createElectronPlatform(fakeBridge({ onEvent: (l) => ((emit = l), stop) }));
    const seen: PlatformEvent[] = [];
    const unsubscribe = platform.onEvent((e) => seen.push(e));
    emit?.({ type: 'session-expired' });
    unsubscribe();
    expect(seen).toEqual([{ type: 'session-expired' }]);
    expect(stop).toHaveBeenCalled();
  });

  it('is chosen when window.fielddesk is the bridge, the web adapter otherwise', () => {
    expect(isFieldDeskBridge(fakeBridge())).toBe(true);
    expect(isFieldDeskBridge({ login: () => {} })).toBe(false);
    expect(detectPlatform({ fielddesk: fakeBridge() } as unknown as Window).kind).toBe('desktop');
    expect(detectPlatform({} as Window).kind).toBe('web');
    expect(() => detectPlatform({ fielddesk: {} } as unknown as Window)).toThrow(/does not offer the FieldDesk API/);
  });
});
