/**
 * Turns what fetch throws and what the server answers into ApiErrors with a
 * sentence a technician can act on ("Could not reach the FieldDesk server at
 * http://10.0.0.5:8470: connection refused.").
 */
import { ApiError, codeForStatus } from '@fielddesk/common/ipc/contract';

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'the server name could not be found',
  EAI_AGAIN: 'the server name could not be looked up (is the network connected?)',
  ECONNRESET: 'the connection was reset',
  EPIPE: 'the connection was closed',
  ETIMEDOUT: 'the connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  UND_ERR_SOCKET: 'the connection closed unexpectedly',
  UND_ERR_HEADERS_TIMEOUT: 'the server did not answer in time',
  EHOSTUNREACH: 'the network cannot reach that computer',
  ENETUNREACH: 'the network is unreachable',
  ENETDOWN: 'the network is down',
  EADDRNOTAVAIL: 'the address is not available',
  CERT_HAS_EXPIRED: 'its HTTPS certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its HTTPS certificate is self-signed and not trusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'its HTTPS certificate is not trusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its HTTPS certificate is not trusted',
  ERR_TLS_CERT_ALTNAME_INVALID: 'its HTTPS certificate is for a different name',
};

function errorCode(e: unknown, depth = 0): string | null {
  if (!e || typeof e !== 'object' || depth > 4) return null;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && code.length > 0) return code;
  const errors = (e as { errors?: unknown }).errors;
  if (Array.isArray(errors)) for (const inner of errors) {
    const found = errorCode(inner, depth + 1);
    if (found) return found;
  }
  return errorCode((e as { cause?: unknown }).cause, depth + 1);
}

function isTimeout(e: unknown): boolean {
  return e instanceof Error && (e.name === 'TimeoutError' || (e.cause instanceof Error && e.cause.name === 'TimeoutError'));
}

/** The reason fetch failed, in words (no trailing period). */
export function describeNetworkFailure(e: unknown, timeoutMs: number): string {
  if (isTimeout(e)) {
    const seconds = Math.round(timeoutMs / 100) / 10;
    return `no answer within ${seconds} second${seconds === 1 ? '' : 's'}`;
  }
  const code = errorCode(e);
  if (code && NETWORK_REASONS[code]) return NETWORK_REASONS[code];
  if (code) return `network error ${code}`;
  const cause = e instanceof Error && e.cause instanceof Error ? e.cause.message : e instanceof Error ? e.message : String(e);
  return cause || 'unknown network error';
}

export function offlineError(serverUrl: string, reason: string): ApiError {
  return new ApiError('offline', `Could not reach the FieldDesk server at ${serverUrl}: ${reason}.`);
}

/** The ApiError for a non-2xx answer, using the server's {error, message} body when present. */
export function errorForResponse(serverUrl: string, route: string, status: number, body: unknown): ApiError {
  const message = body && typeof body === 'object' && typeof (body as { message?: unknown }).message === 'string' ? (body as { message: string }).message : null;
  const looksLikeFieldDesk = message !== null && typeof (body as { error?: unknown }).error === 'string';
  if (status === 404 && !looksLikeFieldDesk) {
    return new ApiError('server', `The server at ${serverUrl} does not look like a FieldDesk server (it answered 404 for ${route}). Check the server address.`);
  }
  return new ApiError(codeForStatus(status), message ?? `The FieldDesk server at ${serverUrl} answered ${status} for ${route}.`);
}

export function notFieldDeskError(serverUrl: string, route: string, problem: string): ApiError {
  return new ApiError('server', `The server at ${serverUrl} did not answer like a FieldDesk server for ${route}: ${problem}. Check the server address.`);
}
