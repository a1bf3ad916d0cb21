/**
 * Builds window.fielddesk: exactly the platform contract (one function per method
 * of FieldDeskApi, each sending on its own channel) plus onEvent. The page never
 * gets ipcRenderer, a generic invoke, or a way to name a channel itself.
 *
 * It is a function of invoke/subscribe so that the same code runs in Electron's
 * preload (preload/index.ts) and in the e2e desktop-in-Chromium host.
 */
import {
  FIELDDESK_METHODS,
  IPC_EVENT_CHANNEL,
  ipcChannel,
  type FieldDeskBridge,
  type FieldDeskMethod,
  type IpcResult,
  type PlatformEvent,
} from '@fielddesk/common/ipc/contract';

export type Invoke = (channel: string, ...args: unknown[]) => Promise<unknown>;
export type Subscribe = (channel: string, listener: (payload: unknown) => void) => () => void;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** True for the events main sends (see PlatformEvent); anything else is dropped. */
export function isPlatformEvent(value: unknown): value is PlatformEvent {
  if (!isRecord(value)) return false;
  if (value.type === 'session-expired' || value.type === 'poke') return true;
  if (value.type === 'connectivity' && isRecord(value.state)) {
    const s = value.state;
    return typeof s.online === 'boolean' && (s.reason === null || typeof s.reason === 'string') && typeof s.checkedAt === 'string';
  }
  if (value.type === 'uploads' && isRecord(value.state)) {
    const s = value.state;
    const count = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 0;
    return count(s.pending) && count(s.bytesPending) && (s.lastError === null || typeof s.lastError === 'string');
  }
  if (value.type === 'inventory-progress' && isRecord(value.progress)) {
    const p = value.progress;
    const count = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 0;
    return count(p.done) && count(p.total) && (p.done as number) <= (p.total as number) && typeof p.probe === 'string' && p.probe.length <= 100;
  }
  return false;
}

function isIpcResult(value: unknown): value is IpcResult<unknown> {
  if (!isRecord(value)) return false;
  if (value.ok === true) return 'value' in value;
  return value.ok === false && isRecord(value.error) && typeof value.error.code === 'string' && typeof value.error.message === 'string';
}

export function createBridge(invoke: Invoke, subscribe: Subscribe): FieldDeskBridge {
  const call = async (method: FieldDeskMethod, args: unknown[]): Promise<IpcResult<unknown>> => {
    try {
      const result = await invoke(ipcChannel(method), ...args);
      if (isIpcResult(result)) return result;
      return { ok: false, error: { code: 'server', message: `FieldDesk's main process gave a malformed answer to ${method}.` } };
    } catch (e) {
      return { ok: false, error: { code: 'server', message: `Could not reach FieldDesk's main process for ${method}: ${e instanceof Error ? e.message : String(e)}` } };
    }
  };

  const bridge: Record<string, unknown> = {};
  for (const method of FIELDDESK_METHODS) {
    bridge[method] = (...args: unknown[]) => call(method, args);
  }
  bridge.onEvent = (listener: (event: PlatformEvent) => void): (() => void) => {
    if (typeof listener !== 'function') throw new TypeError('onEvent needs a function to call with each event.');
    return subscribe(IPC_EVENT_CHANNEL, (payload) => {
      if (isPlatformEvent(payload)) listener(payload);
    });
  };
  return Object.freeze(bridge) as FieldDeskBridge;
}
