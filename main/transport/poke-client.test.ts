/** The poke client: connect with the token, coalescing, reconnect with backoff, stop. */
import { describe, expect, it } from 'vitest';
import { API } from '@fielddesk/common/api/http';
import { createManualClock, settle } from '../testing/manual-clock';
import { createPokeClient, type PokeClientOptions } from './poke-client';

const SERVER = 'http://desk.local:8470';
const TOKEN = 'tok_sse_19aa';

/** One fake event-stream connection the test writes to and closes. */
interface Connection {
  init: RequestInit;
  url: string;
  write(text: string): void;
  close(): void;
  fail(): void;
  aborted(): boolean;
}

function setup(overrides: Partial<PokeClientOptions> = {}) {
  const time = createManualClock();
  const connections: Connection[] = [];
  const server = { down: false, status: 200, contentType: 'text/event-stream' };
  const pokes: number[] = [];
  const unauthorized: string[] = [];
  const state = { online: true, signedIn: true };
  const fetch: PokeClientOptions['fetch'] = async (url, init) => {
    if (server.down) throw new TypeError('fetch failed', { cause: Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }) });
    if (server.status !== 200) return new Response(JSON.stringify({ error: 'x', message: `Status ${server.status} from the fake.` }), { status: server.status, headers: { 'content-type': 'application/json' } });
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
    const signal = init.signal as AbortSignal;
    signal.addEventListener('abort', () => {
      try {
        controller.error(new DOMException('aborted', 'AbortError'));
      } catch {
        // Already closed.
      }
    });
    connections.push({
      init,
      url,
      write: (text) => controller.enqueue(new TextEncoder().encode(text)),
      close: () => controller.close(),
      fail: () => controller.error(Object.assign(new TypeError('terminated'), { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) })),
      aborted: () => signal.aborted,
    });
    return new Response(body, { status: 200, headers: { 'content-type': server.contentType } });
  };
  const client = createPokeClient({
    fetch,
    target: async () => (state.signedIn ? { serverUrl: SERVER, token: TOKEN } : null),
    isOnline: () => state.online,
    onPoke: () => pokes.push(time.now()),
    onUnauthorized: (m) => void unauthorized.push(m),
    clock: time.clock,
    random: () => 1,
    minBackoffMs: 1_000,
    maxBackoffMs: 16_000,
    ...overrides,
  });
  const t0 = time.now();
  return { time, connections, server, pokes: () => pokes.map((p) => p - t0), unauthorized, state, client };
}

describe('poke client', () => {
  it('connects to the events route with the bearer token and pokes once right after connecting', async () => {
    const t = setup();
    t.client.update();
    await settle();
    expect(t.connections).toHaveLength(1);
    expect(t.connections[0]?.url).toBe(`${SERVER}${API.events}`);
    expect(t.connections[0]?.init.headers).toMatchObject({ accept: 'text/event-stream', authorization: `Bearer ${TOKEN}` });
    expect(t.client.status()).toBe('open');
    expect(t.pokes()).toEqual([0]);
    t.client.update();
    await settle();
    expect(t.connections).toHaveLength(1);
  });

  it('turns `event: poke` into pokes, at most one per 250 ms: a burst of 1,000 gives two', async () => {
    const t = setup();
    t.client.update();
    await settle();
    await t.time.advance(1_000);
    t.connections[0]?.write('event: poke\n\n');
    await settle();
    expect(t.pokes()).toEqual([0, 1000]);
    t.connections[0]?.write('event: poke\ndata:\n\n'.repeat(1000));
    await settle();
    expect(t.pokes()).toEqual([0, 1000]);
    await t.time.advance(250);
    expect(t.pokes()).toEqual([0, 1000, 1250]);
    // Comments (keep-alives) and other events are not pokes.
    t.connections[0]?.write(': keep-alive\n\nevent: other\ndata: x\n\n');
    await t.time.advance(1000);
    expect(t.pokes()).toEqual([0, 1000, 1250]);
  });

  it('reconnects with exponential backoff and jitter, and pokes after each reconnect', async () => {
    const t = setup();
    t.client.update();
    await settle();
    t.connections[0]?.fail();
    await settle();
    expect(t.client.status()).toBe('waiting');
    expect(t.time.pendingDelays()).toEqual([1000]);
    t.server.down = true;
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) delays.push(await t.time.fireNext());
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 16000]);
    t.server.down = false;
    await t.time.fireNext();
    expect(t.connections).toHaveLength(2);
    expect(t.client.status()).toBe('open');
    expect(t.pokes().length).toBe(2);
    // A connection that worked starts the backoff afresh; the server's retry: is the floor.
    t.connections[1]?.write('retry: 3000\n\n');
    t.connections[1]?.close();
    await settle();
    expect(t.time.pendingDelays()).toEqual([3000]);
  });

  it('retries when the server answers with an error or not with an event stream', async () => {
    const t = setup();
    t.server.status = 503;
    t.client.update();
    await settle();
    expect(t.client.status()).toBe('waiting');
    t.server.status = 200;
    t.server.contentType = 'text/html';
    await t.time.fireNext();
    expect(t.client.status()).toBe('waiting');
    expect(t.pokes()).toEqual([]);
  });

  it('on 401 reports the expired session and does not reconnect', async () => {
    const t = setup();
    t.server.status = 401;
    t.client.update();
    await settle();
    expect(t.unauthorized).toEqual(['Status 401 from the fake.']);
    expect(t.client.status()).toBe('idle');
    expect(t.time.pendingDelays()).toEqual([]);
  });

  it('connects only when online and signed in; going offline disconnects', async () => {
    const t = setup();
    t.state.online = false;
    t.client.update();
    t.state.online = true;
    t.state.signedIn = false;
    t.client.update();
    await settle();
    expect(t.connections).toHaveLength(0);
    t.state.signedIn = true;
    t.client.update();
    await settle();
    expect(t.client.status()).toBe('open');
    t.state.online = false;
    t.client.update();
    await settle();
    expect(t.connections[0]?.aborted()).toBe(true);
    expect(t.client.status()).toBe('idle');
    expect(t.time.pendingDelays()).toEqual([]);
  });

  it('stop() (logout, expiry) closes the stream and cancels the reconnect and a pending poke', async () => {
    const t = setup();
    t.client.update();
    await settle();
    t.connections[0]?.write('event: poke\n\n');
    await settle();
    expect(t.time.pendingDelays()).toEqual([250]);
    t.client.stop();
    await settle();
    expect(t.connections[0]?.aborted()).toBe(true);
    expect(t.time.pendingDelays()).toEqual([]);
    await t.time.advance(10_000);
    expect(t.pokes()).toEqual([0]);
    expect(t.connections).toHaveLength(1);

    // Stopped while waiting to reconnect: no reconnect either.
    t.client.update();
    await settle();
    t.connections[1]?.close();
    await settle();
    expect(t.client.status()).toBe('waiting');
    t.client.stop();
    expect(t.time.pendingDelays()).toEqual([]);
    t.client.dispose();
    t.client.update();
    await settle();
    expect(t.connections).toHaveLength(2);
  });
});
