/**
 * A small parser for server-sent events (the text/event-stream format of the HTML
 * standard): feed it decoded text as it arrives, in chunks of any size; it calls
 * `onEvent` once per dispatched event. Handles \n, \r\n and \r line ends (also split
 * across chunks), comments (":" lines, used as keep-alives), and the event, data, id
 * and retry fields. Events without data are dispatched too (a poke carries none).
 */

export interface SseEvent {
  /** The `event:` field, or "message" when absent. */
  type: string;
  data: string;
  id: string | null;
}

export interface SseParser {
  push(text: string): void;
  /** The `retry:` value the server last asked for, in ms, or null. */
  retryMs(): number | null;
}

export function createSseParser(onEvent: (event: SseEvent) => void): SseParser {
  let buffer = '';
  /** The previous chunk ended in "\r": a "\n" starting the next one belongs to that line end. */
  let pendingCr = false;
  let type = '';
  let data: string[] = [];
  let sawField = false;
  let lastId: string | null = null;
  let retry: number | null = null;

  function line(text: string): void {
    if (text === '') {
      if (sawField) onEvent({ type: type || 'message', data: data.join('\n'), id: lastId });
      type = '';
      data = [];
      sawField = false;
      return;
    }
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        type = value;
        sawField = true;
        break;
      case 'data':
        data.push(value);
        sawField = true;
        break;
      case 'id':
        if (!value.includes('\0')) lastId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) retry = Number(value);
        break;
      default:
        // Unknown fields are ignored, as the standard says.
        break;
    }
  }

  return {
    push(text) {
      if (pendingCr && text.startsWith('\n')) text = text.slice(1);
      pendingCr = false;
      buffer += text;
      for (;;) {
        const match = /\r\n|\r|\n/.exec(buffer);
        if (!match) break;
        // A lone "\r" at the very end may be the first half of "\r\n".
        if (match[0] === '\r' && match.index === buffer.length - 1) {
          pendingCr = true;
          line(buffer.slice(0, match.index));
          buffer = '';
          break;
        }
        line(buffer.slice(0, match.index));
        buffer = buffer.slice(match.index + match[0].length);
      }
    },
    retryMs: () => retry,
  };
}
