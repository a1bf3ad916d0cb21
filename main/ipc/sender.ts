/**
 * Who may call main over IPC: only the app's own top-level page. A message from a
 * subframe, from another origin (a page that somehow got loaded), or without a
 * frame is refused.
 */
import { isSameOrigin } from '../security/origin';

/** What the sender check needs from an IPC event (Electron's IpcMainInvokeEvent fits). */
export interface IpcSenderEvent {
  senderFrame: { url: string; parent: unknown } | null;
}

export type SenderCheck = (event: IpcSenderEvent) => boolean;

export function createSenderCheck(appOrigin: string): SenderCheck {
  return (event) => {
    const frame = event.senderFrame;
    if (!frame) return false;
    if (frame.parent !== null && frame.parent !== undefined) return false;
    return isSameOrigin(frame.url, appOrigin);
  };
}

/** Describes the sender for the log, without trusting anything in it. */
export function describeSender(event: IpcSenderEvent): string {
  const frame = event.senderFrame;
  if (!frame) return 'a destroyed or unknown frame';
  const where = frame.parent ? 'a subframe' : 'a top-level frame';
  return `${where} at ${JSON.stringify(String(frame.url).slice(0, 200))}`;
}
