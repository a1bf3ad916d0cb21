/**
 * A minimal server-sent events reader for tests: opens GET <url> with fetch, keeps reading
 * the stream in the background and records every event (name) and comment it receives.
 */
export interface SseStream {
  status: number;
  contentType: string | null;
  /** Event names in arrival order ("poke"); comments are recorded as ":<text>". */
  received: string[];
  count(name: string): number;
  /** Waits until `predicate` holds or `timeoutMs` passes; says whether it held. */
  waitFor(predicate: () => boolean, timeoutMs?: number): Promise<boolean>;
  /** True once the server ended the stream. */
  ended(): boolean;
  close(): void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function openSse(url: string, headers: Record<string, string>): Promise<SseStream> {
  const abort = new AbortController();
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
  const received: string[] = [];
  let done = false;
  if (res.body) {
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    void (async () => {
      try {
        for (;;) {
          const { value, done: finished } = await reader.read();
          if (finished) break;
          buffer += value;
          let at: number;
          while ((at = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, at);
            buffer = buffer.slice(at + 2);
            for (const line of block.split('\n')) {
              if (line.startsWith('event:')) received.push(line.slice(6).trim());
              else if (line.startsWith(':')) received.push(`:${line.slice(1).trim()}`);
            }
          }
        }
      } catch {
        // aborted
      } finally {
        done = true;
      }
    })();
  } else {
    done = true;
  }
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    received,
    count: (name) => received.filter((r) => r === name).length,
    async waitFor(predicate, timeoutMs = 3000) {
      const until = Date.now() + timeoutMs;
      while (Date.now() < until) {
        if (predicate()) return true;
        await sleep(20);
      }
      return predicate();
    },
    ended: () => done,
    close: () => abort.abort(),
  };
}
