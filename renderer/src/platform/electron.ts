/**
 * Desktop platform adapter: wraps the preload bridge (window.fielddesk) as a Platform.
 *
 * The bridge answers every call with an IpcResult (errors travel as data across IPC);
 * this adapter unwraps it, so callers get a value or a thrown ApiError, exactly as with
 * the web adapter.
 */
import { ApiError, FIELDDESK_METHODS, type FieldDeskApi, type FieldDeskBridge, type IpcResult, type Platform } from '@fielddesk/common/ipc/contract';

function unwrap<T>(method: string, result: IpcResult<T> | undefined): T {
  if (!result || typeof result !== 'object' || typeof result.ok !== 'boolean') {
    throw new ApiError('server', `The desktop app gave no usable answer to "${method}".`);
  }
  if (result.ok) return result.value;
  throw new ApiError(result.error.code, result.error.message);
}

async function call<K extends keyof FieldDeskApi>(
  bridge: FieldDeskBridge,
  method: K,
  args: Parameters<FieldDeskApi[K]>,
): Promise<Awaited<ReturnType<FieldDeskApi[K]>>> {
  const fn = bridge[method] as (...a: Parameters<FieldDeskApi[K]>) => Promise<IpcResult<Awaited<ReturnType<FieldDeskApi[K]>>>>;
  let result: IpcResult<Awaited<ReturnType<FieldDeskApi[K]>>>;
  try {
    result = await fn(...args);
  } catch (e) {
    // The IPC call itself failed (main crashed, handler missing): not a server answer.
    throw new ApiError('server', `The desktop app could not run "${method}": ${e instanceof Error ? e.message : String(e)}`);
  }
  return unwrap(method, result);
}

/** True when the page runs inside the desktop app (the preload bridge is present). */
export function isFieldDeskBridge(value: unknown): value is FieldDeskBridge {
  if (!value || typeof value !== 'object') return false;
  const b = value as Record<string, unknown>;
  return typeof b.onEvent === 'function' && FIELDDESK_METHODS.every((m) => typeof b[m] === 'function');
}

export function createElectronPlatform(bridge: FieldDeskBridge): Platform {
  return {
    kind: 'desktop',
    getAppInfo: () => call(bridge, 'getAppInfo', []),
    getSession: () => call(bridge, 'getSession', []),
    login: (input) => call(bridge, 'login', [input]),
    logout: () => call(bridge, 'logout', []),
    checkConnectivity: () => call(bridge, 'checkConnectivity', []),
    push: (request) => call(bridge, 'push', [request]),
    pull: (query) => call(bridge, 'pull', [query]),
    saveAttachment: (input) => call(bridge, 'saveAttachment', [input]),
    attachmentUrl: (sha256) => call(bridge, 'attachmentUrl', [sha256]),
    getUploadQueue: () => call(bridge, 'getUploadQueue', []),
    scanInventory: () => call(bridge, 'scanInventory', []),
    listSoftware: (query) => call(bridge, 'listSoftware', [query]),
    onEvent: (listener) => bridge.onEvent(listener),
  };
}
