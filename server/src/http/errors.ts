/**
 * One error shape for every non-2xx answer: {error: <code>, message: <a sentence a person
 * can act on>} (common/api/http.ts ApiErrorBody). Turns Fastify's own errors (bad JSON,
 * body too large, wrong content type) into that shape, and hides internal errors behind
 * a generic message while logging them.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiErrorBody } from '@fielddesk/common/api/http';
import { ApiError } from '../errors';

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB (${bytes} bytes)`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB (${bytes} bytes)`;
  return `${bytes} bytes`;
}

export function sendError(reply: FastifyReply, status: number, error: string, message: string, headers: Record<string, string> = {}): FastifyReply {
  const body: ApiErrorBody = { error, message };
  return reply.code(status).headers(headers).type('application/json; charset=utf-8').send(body);
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof ApiError) return sendError(reply, error.statusCode, error.code, error.message, error.headers);
    switch (error.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE': {
        const limit = request.routeOptions.bodyLimit ?? app.initialConfig.bodyLimit ?? 0;
        return sendError(reply, 413, 'payload_too_large', `The request body is larger than the ${formatBytes(limit)} this endpoint accepts.`);
      }
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return sendError(reply, 415, 'unsupported_media_type', `This endpoint accepts JSON only (Content-Type: application/json), not "${request.headers['content-type'] ?? 'none'}".`);
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return sendError(reply, 400, 'invalid_json', 'The request body is empty, but this endpoint needs a JSON body.');
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return sendError(reply, 400, 'invalid_json', `The request body is not valid JSON: ${error.message}`);
    }
    if (error instanceof SyntaxError && error.statusCode === 400) {
      return sendError(reply, 400, 'invalid_json', `The request body is not valid JSON: ${error.message}`);
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) return sendError(reply, status, 'bad_request', error.message);
    request.log.error({ err: error }, 'request failed');
    return sendError(reply, 500, 'internal', 'The server hit an unexpected error and logged it. Try again; if it keeps happening, tell your administrator.');
  });
}

/**
 * Node answers an HTTP/1.1 request without a Host header with a bare 400 and no body before
 * Fastify sees it; app.ts turns that check off (http.requireHostHeader) so that this hook
 * refuses such a request itself, with the error body every other refusal has.
 */
export function refuseMissingHost(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    const raw = request.raw;
    if (raw.httpVersionMajor === 1 && raw.httpVersionMinor >= 1 && !request.headers.host) {
      return sendError(reply, 400, 'missing_host', 'The request has no Host header: an HTTP/1.1 request must name the server it is sent to.');
    }
  });
}

/**
 * Fastify's own refusals of an address it cannot route (a malformed percent-encoding, a path
 * parameter over the router's limit) skip the error handler and the onSend hooks, and by
 * default answer in another shape without the security headers. app.ts passes this as
 * `frameworkErrors`, so they get the one error body and `headers` (web.ts SECURITY_HEADERS).
 */
export function frameworkErrorHandler(headers: Record<string, string>) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    const path = (request.url.split('?')[0] ?? '').slice(0, 200);
    reply.headers(headers);
    if (error.code === 'FST_ERR_BAD_URL') {
      sendError(reply, 400, 'bad_url', `The address ${path} is not a valid URL: each % must start a percent-encoded UTF-8 character (two hex digits).`);
    } else if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
      sendError(reply, 414, 'uri_too_long', `A part of the address ${path}… is longer than this server accepts (${MAX_PARAM_LENGTH} characters between slashes).`);
    } else {
      sendError(reply, error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400, 'bad_request', `The request cannot be routed: ${error.message}`);
    }
  };
}

/** Fastify's default maxParamLength: the longest path parameter the router takes. */
export const MAX_PARAM_LENGTH = 100;
