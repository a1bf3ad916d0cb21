/**
 * Time limits on requests, and refusals the client gets to read.
 *
 * Fastify turns Node's request timeout off (requestTimeout 0), so a client that declares a
 * body and stops sending kept its connection (and a parser) for ever. Here:
 *
 * - headers must arrive within HEADERS_TIMEOUT_MS (Node answers 408 itself);
 * - a whole request, body included, within REQUEST_TIMEOUT_MS (Node answers 408): room for
 *   the largest body the server reads (an agent's 21 MiB inventory) at about 300 kbit/s;
 *   agents compress, so a 20 MiB inventory is a few MiB on the wire;
 * - while a body is being received, a pause of BODY_IDLE_TIMEOUT_MS without one byte is
 *   answered 408 with a message and the connection closed. A 1 MiB attachment chunk over a
 *   slow link keeps sending, so only a stalled client hits it. Once the body is in, the limit
 *   is lifted (a slow handler, the event stream, keep-alive are not affected).
 * Node checks the first two every CONNECTIONS_CHECK_MS.
 *
 * A refusal sent before the body was read (413 by Content-Length, or once the body passes the
 * limit) used to be followed by a reset: closing a socket with unread bytes sends RST, and a
 * client still writing its body lost the answer. Now such an answer says `Connection: close`,
 * and once it is sent the rest of the body is read and thrown away (up to DRAIN_MAX_BYTES and
 * DRAIN_MAX_MS), so the connection ends with an orderly close after the client has it.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';

export const HEADERS_TIMEOUT_MS = 20_000;
export const REQUEST_TIMEOUT_MS = 10 * 60_000;
export const BODY_IDLE_TIMEOUT_MS = 30_000;
export const CONNECTIONS_CHECK_MS = 5_000;
export const DRAIN_MAX_BYTES = 64 * 1024 * 1024;
export const DRAIN_MAX_MS = 60_000;

export interface HttpLimits {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  bodyIdleTimeoutMs: number;
  connectionsCheckMs: number;
  drainMaxBytes: number;
  drainMaxMs: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  headersTimeoutMs: HEADERS_TIMEOUT_MS,
  requestTimeoutMs: REQUEST_TIMEOUT_MS,
  bodyIdleTimeoutMs: BODY_IDLE_TIMEOUT_MS,
  connectionsCheckMs: CONNECTIONS_CHECK_MS,
  drainMaxBytes: DRAIN_MAX_BYTES,
  drainMaxMs: DRAIN_MAX_MS,
};

/** Whether the request carries a body that may not have arrived yet. */
function expectsBody(request: FastifyRequest): boolean {
  const headers = request.raw.headers;
  if (headers['transfer-encoding'] !== undefined) return true;
  const length = Number(headers['content-length'] ?? 0);
  return Number.isFinite(length) && length > 0;
}

/** Reads and discards what is left of a request body, within bounds; then the socket closes in order. */
function drain(request: FastifyRequest, limits: HttpLimits): void {
  const raw = request.raw;
  const socket = raw.socket;
  if (raw.complete || raw.destroyed || !socket || socket.destroyed || typeof socket.setTimeout !== 'function') return;
  let bytes = 0;
  const timer = setTimeout(() => socket.destroy(), limits.drainMaxMs);
  timer.unref();
  const stop = () => clearTimeout(timer);
  raw.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    if (bytes > limits.drainMaxBytes) {
      stop();
      socket.destroy();
    }
  });
  raw.once('end', stop);
  raw.once('close', stop);
  socket.once('close', stop);
  raw.resume();
}

/** Sets the server's time limits and the hooks that enforce the body limits (see the module comment). */
export function installHttpLimits(app: FastifyInstance, limits: HttpLimits = DEFAULT_HTTP_LIMITS): void {
  const server = app.server;
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  // Read when the server starts listening (Node's connection checker).
  (server as { connectionsCheckingInterval?: number }).connectionsCheckingInterval = limits.connectionsCheckMs;

  app.addHook('onRequest', async (request, reply) => {
    if (!expectsBody(request)) return;
    const socket = request.raw.socket;
    // app.inject's stand-in socket has no timers: only real connections are limited.
    if (!socket || typeof socket.setTimeout !== 'function') return;
    const onTimeout = () => {
      if (request.raw.complete) return;
      const seconds = Math.round(limits.bodyIdleTimeoutMs / 1000);
      if (!reply.raw.headersSent) {
        const body = JSON.stringify({
          error: 'request_timeout',
          message: `The request body stopped arriving: nothing came for ${seconds} seconds before it was complete. Send the request again.`,
        });
        reply.raw.writeHead(408, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(body)), connection: 'close' });
        reply.raw.end(body);
      }
      // The client has stopped sending: nothing is left unread that would turn the close into a reset.
      setTimeout(() => socket.destroy(), 1_000).unref();
    };
    // Node emits 'timeout' on the request while it is incomplete; with a listener it leaves the socket to us.
    request.raw.on('timeout', onTimeout);
    socket.setTimeout(limits.bodyIdleTimeoutMs);
    // The body is in: no idle limit while the handler works or the answer streams.
    request.raw.once('end', () => {
      request.raw.removeListener('timeout', onTimeout);
      if (!socket.destroyed) socket.setTimeout(0);
    });
    // Answered first (a refusal): Node sets its own keep-alive or close timing from here on.
    reply.raw.once('finish', () => request.raw.removeListener('timeout', onTimeout));
  });

  // An answer sent before the body was all read: tell the client the connection ends here...
  app.addHook('onSend', async (request, reply, payload) => {
    if (!request.raw.complete && expectsBody(request)) reply.header('connection', 'close');
    return payload;
  });
  // ...and read the rest of the body once the answer is out, so closing is orderly, not a reset.
  app.addHook('onResponse', async (request) => {
    if (!request.raw.complete && expectsBody(request)) drain(request, limits);
  });
}
