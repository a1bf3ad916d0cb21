/**
 * Error types the server raises on purpose.
 *
 * - StartupError: the server cannot start (bad config, unusable data directory, database
 *   unreachable). main.ts prints its message as-is and exits non-zero, so the message must
 *   say what is wrong and what to do about it.
 * - ApiError: an HTTP request is answered with a non-2xx status and the shared error body
 *   {error, message} (common/api/http.ts ApiErrorBody).
 */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    /** Extra response headers, e.g. Retry-After. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}
