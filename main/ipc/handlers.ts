/**
 * Registers one IPC handler per method of the platform contract (FieldDeskApi).
 *
 * The list of methods comes from `ipcArgs` in common/ipc/contract.ts, and
 * `implementations` below is typed as a complete map over FieldDeskMethod, so a
 * method added to the contract cannot be forgotten here (it fails to compile).
 *
 * Every call: (1) the sender must be the app's top-level page, (2) the arguments
 * must match the method's zod tuple, (3) the service runs. The answer is always an
 * IpcResult: errors travel as data, nothing is thrown across IPC.
 */
import type { z } from 'zod';
import {
  ApiError,
  FIELDDESK_METHODS,
  IPC_EVENT_CHANNEL,
  ipcArgs,
  ipcChannel,
  type FieldDeskApi,
  type FieldDeskMethod,
  type IpcResult,
  type PlatformEvent,
} from '@fielddesk/common/ipc/contract';
import { describeZodError } from '@fielddesk/common/sync/protocol';
import { silentLogger, type Logger } from '../log';
import { describeSender, type IpcSenderEvent, type SenderCheck } from './sender';

/** The part of Electron's ipcMain used here. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcSenderEvent, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

type Args<K extends FieldDeskMethod> = z.output<(typeof ipcArgs)[K]>;
type Value<K extends FieldDeskMethod> = Awaited<ReturnType<FieldDeskApi[K]>>;

/** How each method's validated arguments reach the service. Complete by type. */
const implementations: { [K in FieldDeskMethod]: (services: FieldDeskApi, args: Args<K>) => Promise<Value<K>> } = {
  getAppInfo: (s) => s.getAppInfo(),
  getSession: (s) => s.getSession(),
  login: (s, [input]) => s.login(input),
  logout: (s) => s.logout(),
  checkConnectivity: (s) => s.checkConnectivity(),
  push: (s, [request]) => s.push(request),
  pull: (s, [query]) => s.pull({ cursor: query.cursor ?? '0', ...(query.limit !== undefined ? { limit: query.limit } : {}) }),
  saveAttachment: (s, [input]) => s.saveAttachment(input),
  attachmentUrl: (s, [sha256]) => s.attachmentUrl(sha256),
  getUploadQueue: (s) => s.getUploadQueue(),
  scanInventory: (s) => s.scanInventory(),
  listSoftware: (s, [query]) => s.listSoftware(query),
};

export interface RegisterIpcOptions {
  ipcMain: IpcMainLike;
  services: FieldDeskApi;
  isTrustedSender: SenderCheck;
  log?: Logger;
}

/** Runs one IPC call to completion; exported for tests and the e2e host. */
export async function handleIpcCall<K extends FieldDeskMethod>(
  method: K,
  event: IpcSenderEvent,
  rawArgs: unknown[],
  options: Omit<RegisterIpcOptions, 'ipcMain'>,
): Promise<IpcResult<Value<K>>> {
  const log = options.log ?? silentLogger;
  if (!options.isTrustedSender(event)) {
    log.warn(`Refused IPC call "${method}" from ${describeSender(event)}: only the FieldDesk app page may call main.`);
    return { ok: false, error: { code: 'forbidden', message: `The caller of "${method}" is not the FieldDesk app page.` } };
  }
  const parsed = (ipcArgs[method] as z.ZodType).safeParse(rawArgs);
  if (!parsed.success) {
    return { ok: false, error: { code: 'invalid', message: `Invalid arguments for ${method}: ${describeZodError(parsed.error, 'args')}` } };
  }
  const run = implementations[method] as (services: FieldDeskApi, args: unknown) => Promise<Value<K>>;
  try {
    return { ok: true, value: await run(options.services, parsed.data) };
  } catch (e) {
    if (e instanceof ApiError) return { ok: false, error: { code: e.code, message: e.message } };
    const detail = e instanceof Error ? e.message : String(e);
    log.error(`IPC call "${method}" failed unexpectedly: ${e instanceof Error && e.stack ? e.stack : detail}`);
    return { ok: false, error: { code: 'server', message: `FieldDesk hit an internal error while running ${method}: ${detail}` } };
  }
}

/** Registers every handler; returns a function that removes them again. */
export function registerIpcHandlers(options: RegisterIpcOptions): () => void {
  const { ipcMain } = options;
  for (const method of FIELDDESK_METHODS) {
    ipcMain.handle(ipcChannel(method), (event, ...args) => handleIpcCall(method, event, args, options));
  }
  return () => {
    for (const method of FIELDDESK_METHODS) ipcMain.removeHandler(ipcChannel(method));
  };
}

/** Something that can receive events from main (Electron's WebContents fits). */
export interface EventTarget {
  send(channel: string, payload: PlatformEvent): void;
  isDestroyed?(): boolean;
}

/** Sends an event to every current target on IPC_EVENT_CHANNEL. */
export function createBroadcast(targets: () => Iterable<EventTarget>, log: Logger = silentLogger): (event: PlatformEvent) => void {
  return (event) => {
    for (const target of targets()) {
      if (target.isDestroyed?.()) continue;
      try {
        target.send(IPC_EVENT_CHANNEL, event);
      } catch (e) {
        log.warn(`Could not deliver a "${event.type}" event to a window: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  };
}
