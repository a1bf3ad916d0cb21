/**
 * The web app's poke stream: the server-sent event stream (API.events) on which the server
 * says "there is something new to pull". It is open while it is wanted (someone listens and a
 * user is signed in). The browser re-connects by itself while it can; when it gives up (the
 * server closed the stream or answered an error) the stream is re-opened later, more slowly
 * each time, and a re-opened stream counts as a poke, since pokes sent meanwhile were lost.
 */
import { API, POKE_EVENT } from '@fielddesk/common/api/http';

/** The part of the browser's EventSource the poke stream uses (so tests can pass a fake). */
export interface EventSourceLike {
  readonly readyState: number;
  addEventListener(type: string, listener: (event: Event) => void): void;
  close(): void;
}
export type EventSourceClass = new (url: string, init?: EventSourceInit) => EventSourceLike;
const EVENT_SOURCE_CLOSED = 2;

export interface PokeStreamOptions {
  /** The server's origin without a trailing slash. */
  origin: string;
  /** The EventSource class to open the stream with; null: no stream. */
  EventSource: EventSourceClass | null;
  /** First delay before re-opening a stream the server closed (doubles up to a minute). */
  reconnectMs: number;
  /** Whether the stream should run now (asked on every open and re-open). */
  wanted(): boolean;
  /** The server said there is something new. */
  onPoke(): void;
  /** The stream is open again after a break: pokes sent meanwhile were lost. */
  onReopened(): void;
}

export interface PokeStream {
  /** Opens the stream if it is wanted and not open (or waiting to re-open) already. */
  open(): void;
  /** Closes the stream and forgets any re-open that was due. */
  close(): void;
}

export function createPokeStream(options: PokeStreamOptions): PokeStream {
  const { origin, reconnectMs } = options;
  const EventSourceCtor = options.EventSource;
  let stream: EventSourceLike | null = null;
  let streamOpenedBefore = false;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  let reconnectAttempts = 0;

  function open(): void {
    if (stream || reconnectTimer || !EventSourceCtor || !options.wanted()) return;
    const source = new EventSourceCtor(`${origin}${API.events}`, { withCredentials: true });
    stream = source;
    source.addEventListener(POKE_EVENT, () => options.onPoke());
    source.addEventListener('open', () => {
      reconnectAttempts = 0;
      // Pokes sent while the stream was down are lost: after a reconnect, pull once.
      if (streamOpenedBefore) options.onReopened();
      streamOpenedBefore = true;
    });
    source.addEventListener('error', () => {
      // CONNECTING: the browser retries by itself. CLOSED: it gave up (e.g. the server
      // answered an error): try again later, more slowly each time.
      if (stream !== source || source.readyState !== EVENT_SOURCE_CLOSED) return;
      source.close();
      stream = null;
      const delay = Math.min(60_000, reconnectMs * 2 ** Math.min(reconnectAttempts, 10));
      reconnectAttempts += 1;
      reconnectTimer = setTimeout(() => {
        reconnectTimer = null;
        open();
      }, delay);
    });
  }

  function close(): void {
    if (reconnectTimer) clearTimeout(reconnectTimer);
    reconnectTimer = null;
    stream?.close();
    stream = null;
    streamOpenedBefore = false;
    reconnectAttempts = 0;
  }

  return { open, close };
}
