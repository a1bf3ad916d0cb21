/**
 * The app's origin and a helper to compare origins of any scheme.
 *
 * WHATWG URL gives `origin === 'null'` for non-special schemes such as app://, so
 * origins are compared as "<protocol>//<host>" instead.
 */

export const APP_SCHEME = 'app';
export const APP_HOST = 'fielddesk';
/** Where the desktop app's renderer is served from (see main/protocol/). */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/`;

/** "<protocol>//<host>" of a URL, or null when it is malformed or has no host. */
export function originOf(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (!parsed.host) return null;
  return `${parsed.protocol}//${parsed.host}`.toLowerCase();
}

/** True when `url` is served from exactly `origin` (scheme, host and port). */
export function isSameOrigin(url: string, origin: string): boolean {
  const a = originOf(url);
  return a !== null && a === originOf(origin);
}
