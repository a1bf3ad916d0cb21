/** The preload bridge: exactly the contract, forwarding, event validation, unsubscribe. */
import { describe, expect, it, vi } from 'vitest';
import { FIELDDESK_METHODS, IPC_EVENT_CHANNEL, ipcChannel } from '@fielddesk/common/ipc/contract';
import { createBridge, isPlatformEvent, type Subscribe } from './bridge';

function fakeIpc() {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const invoke = vi.fn(async (channel: string, ...args: unknown[]) => ({ ok: true, value: { channel, args } }));
  const subscribe: Subscribe = (channel, listener) => {
    const set = listeners.get(channel) ?? new Set();
    listeners.set(channel, set);
    set.add(listener);
    return () => set.delete(listener);
  };
  const emit = (channel: string, payload: unknown) => listeners.get(channel)?.forEach((l) => l(payload));
  return { invoke, subscribe, emit, listeners };
}

describe('createBridge', () => {
  it("has exactly the contract's methods plus onEvent, and cannot be changed", () => {
    const { invoke, subscribe } = fakeIpc();
    const bridge = createBridge(invoke, subscribe);
    expect(Object.keys(bridge).sort()).toEqual([...FIELDDESK_METHODS, 'onEvent'].sort());
    expect(Object.isFrozen(bridge)).toBe(true);
    expect(bridge).not.toHaveProperty('invoke');
    expect(bridge).not.toHaveProperty('ipcRenderer');
    for (const value of Object.values(bridge)) expect(typeof value).toBe('function');
  });

  it("forwards each method's arguments on its own channel and returns main's IpcResult", async () => {
    const { invoke, subscribe } = fakeIpc();
    const bridge = createBridge(invoke, subscribe);
    const input = { username: 'tech1', password: 'pw' };
    expect(await bridge.login(input)).toEqual({ ok: true, value: { channel: ipcChannel('login'), args: [input] } });
    await bridge.pull({ cursor: '5', limit: 10 });
    await bridge.getAppInfo();
    expect(invoke.mock.calls).toEqual([
      ['fielddesk:login', input],
      ['fielddesk:pull', { cursor: '5', limit: 10 }],
      ['fielddesk:getAppInfo'],
    ]);
  });

  it('turns a failed or malformed invoke into an error result instead of throwing', async () => {
    const bridge = createBridge(async () => {
      throw new Error("No handler registered for 'fielddesk:logout'");
    }, fakeIpc().subscribe);
    expect(await bridge.logout()).toEqual({ ok: false, error: { code: 'server', message: expect.stringContaining('No handler registered') as unknown } });
    const odd = createBridge(async () => 'surprise', fakeIpc().subscribe);
    expect(await odd.getSession()).toMatchObject({ ok: false, error: { code: 'server' } });
  });

  it('delivers only well-formed events and stops after unsubscribe', () => {
    const ipc = fakeIpc();
    const bridge = createBridge(ipc.invoke, ipc.subscribe);
    const seen: unknown[] = [];
    const stop = bridge.onEvent((e) => seen.push(e));
    const state = { online: false, reason: 'Could not reach the FieldDesk server at http://x: connection refused.', checkedAt: '2026-01-01T00:00:00Z' };
    ipc.emit(IPC_EVENT_CHANNEL, { type: 'connectivity', state });
    ipc.emit(IPC_EVENT_CHANNEL, { type: 'session-expired' });
    ipc.emit(IPC_EVENT_CHANNEL, { type: 'connectivity', state: { online: 'yes' } });
    ipc.emit(IPC_EVENT_CHANNEL, { type: 'run-this', code: 'alert(1)' });
    ipc.emit(IPC_EVENT_CHANNEL, null);
    ipc.emit('fielddesk:other', { type: 'session-expired' });
    expect(seen).toEqual([{ type: 'connectivity', state }, { type: 'session-expired' }]);
    stop();
    expect(ipc.listeners.get(IPC_EVENT_CHANNEL)?.size).toBe(0);
    ipc.emit(IPC_EVENT_CHANNEL, { type: 'session-expired' });
    expect(seen).toHaveLength(2);
  });

  it('delivers poke and uploads events, and drops malformed uploads states', () => {
    const ipc = fakeIpc();
    const bridge = createBridge(ipc.invoke, ipc.subscribe);
    const seen: unknown[] = [];
    bridge.onEvent((e) => seen.push(e));
    const state = { pending: 2, bytesPending: 2_500_000, lastError: 'Could not reach the FieldDesk server at http://x: connection refused.' };
    ipc.emit(IPC_EVENT_CHANNEL, { type: 'poke' });
    ipc.emit(IPC_EVENT_CHANNEL, { type: 'uploads', state });
    ipc.emit(IPC_EVENT_CHANNEL, { type: 'uploads', state: { pending: 0, bytesPending: 0, lastError: null } });
    ipc.emit(IPC_EVENT_CHANNEL, { type: 'uploads', state: { pending: '2', bytesPending: 0, lastError: null } });
    ipc.emit(IPC_EVENT_CHANNEL, { type: 'uploads', state: { pending: -1, bytesPending: 0, lastError: null } });
    ipc.emit(IPC_EVENT_CHANNEL, { type: 'uploads', state: { pending: 1, bytesPending: 1.5, lastError: null } });
    ipc.emit(IPC_EVENT_CHANNEL, { type: 'uploads', state: { pending: 1, bytesPending: 1, lastError: { html: '<b>' } } });
    ipc.emit(IPC_EVENT_CHANNEL, { type: 'uploads' });
    expect(seen).toEqual([{ type: 'poke' }, { type: 'uploads', state }, { type: 'uploads', state: { pending: 0, bytesPending: 0, lastError: null } }]);
  });

  it('delivers inventory progress, and drops malformed progress', () => {
    const ipc = fakeIpc();
    const bridge = createBridge(ipc.invoke, ipc.subscribe);
    const seen: unknown[] = [];
    bridge.onEvent((e) => seen.push(e));
    const progress = { done: 3, total: 15, probe: 'memories' };
    ipc.emit(IPC_EVENT_CHANNEL, { type: 'inventory-progress', progress });
    ipc.emit(IPC_EVENT_CHANNEL, { type: 'inventory-progress', progress: { done: 16, total: 15, probe: 'x' } });
    ipc.emit(IPC_EVENT_CHANNEL, { type: 'inventory-progress', progress: { done: 1, total: 15, probe: 7 } });
    ipc.emit(IPC_EVENT_CHANNEL, { type: 'inventory-progress', progress: { done: 0.5, total: 15, probe: 'cpus' } });
    ipc.emit(IPC_EVENT_CHANNEL, { type: 'inventory-progress' });
    expect(seen).toEqual([{ type: 'inventory-progress', progress }]);
  });

  it('forwards the inventory methods on their own channels', async () => {
    const { invoke, subscribe } = fakeIpc();
    const bridge = createBridge(invoke, subscribe);
    await bridge.scanInventory();
    await bridge.listSoftware({ q: 'curl' });
    expect(invoke.mock.calls).toEqual([['fielddesk:scanInventory'], ['fielddesk:listSoftware', { q: 'curl' }]]);
  });

  it('forwards the attachment methods on their own channels (bytes untouched)', async () => {
    const { invoke, subscribe } = fakeIpc();
    const bridge = createBridge(invoke, subscribe);
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    const sha = 'b'.repeat(64);
    await bridge.saveAttachment({ fileName: 'sign.png', mimeType: 'image/png', bytes });
    await bridge.attachmentUrl(sha);
    await bridge.getUploadQueue();
    expect(invoke.mock.calls).toEqual([
      ['fielddesk:saveAttachment', { fileName: 'sign.png', mimeType: 'image/png', bytes }],
      ['fielddesk:attachmentUrl', sha],
      ['fielddesk:getUploadQueue'],
    ]);
    expect((invoke.mock.calls[0]?.[1] as { bytes: unknown }).bytes).toBe(bytes);
  });

  it('checks event shapes', () => {
    expect(isPlatformEvent({ type: 'session-expired' })).toBe(true);
    expect(isPlatformEvent({ type: 'poke' })).toBe(true);
    expect(isPlatformEvent({ type: 'uploads', state: { pending: 0, bytesPending: 0, lastError: null } })).toBe(true);
    expect(isPlatformEvent({ type: 'connectivity', state: { online: true, reason: null, checkedAt: 'x' } })).toBe(true);
    expect(isPlatformEvent({ type: 'connectivity', state: { online: true, reason: 3, checkedAt: 'x' } })).toBe(false);
    expect(isPlatformEvent('session-expired')).toBe(false);
  });
});

describe('preload/index.ts', () => {
  it('exposes the bridge as window.fielddesk through contextBridge and wires ipcRenderer', async () => {
    const exposed = new Map<string, unknown>();
    const ipcRenderer = { invoke: vi.fn(async () => ({ ok: true, value: null })), on: vi.fn(), removeListener: vi.fn() };
    vi.doMock('electron', () => ({ contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) }, ipcRenderer }));
    await import('./index');
    expect([...exposed.keys()]).toEqual(['fielddesk']);
    const bridge = exposed.get('fielddesk') as ReturnType<typeof createBridge>;
    await bridge.getSession();
    expect(ipcRenderer.invoke).toHaveBeenCalledWith('fielddesk:getSession');
    const stop = bridge.onEvent(() => {});
    expect(ipcRenderer.on).toHaveBeenCalledWith(IPC_EVENT_CHANNEL, expect.any(Function));
    stop();
    expect(ipcRenderer.removeListener).toHaveBeenCalledWith(IPC_EVENT_CHANNEL, ipcRenderer.on.mock.calls[0]?.[1]);
    vi.doUnmock('electron');
  });
});
