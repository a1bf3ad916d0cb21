/**
 * Serves the built renderer (out/renderer) for the app's own origin, app://fielddesk.
 * Used by protocol.handle('app', …) in main/index.ts, and by the e2e desktop host
 * (which serves the same files at http://fielddesk.app through Playwright routing).
 *
 * Only files inside rootDir are ever served. The checks, in order:
 *  - the request is for the app origin (scheme + host), GET or HEAD;
 *  - the path has no null bytes, backslashes, encoded slashes, empty segments,
 *    "." or ".." segments (also percent-encoded), or drive letters / colons;
 *  - the resolved path stays under rootDir, also after following symlinks.
 * Paths without an extension fall back to index.html (client-side routes);
 * a missing file with an extension is a 404.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../security/csp';
import { APP_ORIGIN, originOf } from '../security/origin';
import { contentTypeFor } from './content-types';

export interface AppProtocolOptions {
  /** The origin the files are served for; requests for any other origin get 403. */
  origin?: string;
  /** The Content-Security-Policy sent with HTML. */
  csp?: string;
}

export type AppProtocolHandler = (request: Request) => Promise<Response>;

export class Refusal extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 405,
    message: string,
  ) {
    super(message);
  }
}

function textResponse(status: number, message: string): Response {
  return new Response(`${message}\n`, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' },
  });
}

/** The path segments of the request, decoded and checked; throws Refusal (exported for tests). */
export function safeSegments(rawPathname: string): string[] {
  if (/%2f|%5c/i.test(rawPathname)) throw new Refusal(400, 'Encoded slashes are not allowed in app paths.');
  if (rawPathname.includes('\\')) throw new Refusal(400, 'Backslashes are not allowed in app paths.');
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPathname);
  } catch {
    throw new Refusal(400, 'The app path is not valid percent-encoding.');
  }
  if (decoded.includes('\0')) throw new Refusal(400, 'Null bytes are not allowed in app paths.');
  if (!decoded.startsWith('/')) throw new Refusal(400, 'App paths must be absolute within the app.');
  const segments = decoded.slice(1).split('/');
  // A trailing slash ("/help/") leaves one empty last segment: allowed, it means the folder itself.
  if (segments.length > 1 && segments[segments.length - 1] === '') segments.pop();
  if (segments.length === 1 && segments[0] === '') return [];
  for (const segment of segments) {
    if (segment === '') throw new Refusal(400, 'Empty path segments ("//") are not allowed in app paths.');
    if (segment === '.' || segment === '..') throw new Refusal(403, 'Path traversal ("." or "..") is not allowed in app paths.');
    if (segment.includes(':')) throw new Refusal(400, 'Colons (drive letters, streams) are not allowed in app paths.');
  }
  return segments;
}

function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

export function createAppProtocolHandler(rootDir: string, options: AppProtocolOptions = {}): AppProtocolHandler {
  const origin = options.origin ?? APP_ORIGIN;
  const csp = options.csp ?? CONTENT_SECURITY_POLICY;
  const root = path.resolve(rootDir);
  let realRoot: Promise<string> | null = null;
  const getRealRoot = () => (realRoot ??= realpath(root));

  /** The real path of `candidate` if it is a regular file inside the root; null when missing. */
  async function resolveFile(candidate: string): Promise<string | null> {
    let real: string;
    try {
      real = await realpath(candidate);
    } catch {
      return null;
    }
    if (!isInside(await getRealRoot(), real)) throw new Refusal(403, 'This path leads outside the app.');
    const info = await stat(real);
    if (info.isDirectory()) {
      const index = path.join(candidate, 'index.html');
      return index === candidate ? null : resolveFile(index);
    }
    return info.isFile() ? real : null;
  }

  async function serve(request: Request): Promise<Response> {
    if (request.method !== 'GET' && request.method !== 'HEAD') throw new Refusal(405, `The app serves files only; ${request.method} is not allowed.`);
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      throw new Refusal(400, 'The request address is malformed.');
    }
    if (originOf(request.url) !== originOf(origin)) throw new Refusal(403, `Only ${origin} is served here.`);
    const segments = safeSegments(url.pathname);
    const candidate = path.resolve(root, ...segments);
    if (!isInside(root, candidate)) throw new Refusal(403, 'This path leads outside the app.');

    let file = await resolveFile(candidate);
    if (!file) {
      const last = segments[segments.length - 1] ?? '';
      if (path.extname(last) !== '') throw new Refusal(404, `Not found: ${url.pathname}`);
      // A client-side route such as /tickets/42: the single-page app handles it.
      file = await resolveFile(path.join(root, 'index.html'));
      if (!file) throw new Refusal(404, 'The app is not built: index.html is missing.');
    }

    const body = await readFile(file);
    const type = contentTypeFor(path.extname(file));
    const headers = new Headers({
      'content-type': type,
      'content-length': String(body.byteLength),
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-cache',
    });
    if (type.startsWith('text/html')) headers.set('content-security-policy', csp);
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
  }

  return async (request) => {
    try {
      return await serve(request);
    } catch (e) {
      if (e instanceof Refusal) return textResponse(e.status, e.message);
      return textResponse(500, `Could not read the app file: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
}
