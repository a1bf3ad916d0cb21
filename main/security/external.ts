/**
 * Opening links in the user's browser. Only http: and https: URLs ever reach the
 * operating system: file:, javascript:, smb: and custom schemes can run programs
 * or leak credentials, so they are refused (and logged).
 */
import type { Logger } from '../log';

/** The parsed URL when it is a well-formed http(s) link, else null. */
export function parseExternalUrl(url: unknown): URL | null {
  if (typeof url !== 'string' || url.length === 0 || url.length > 8192) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  if (!parsed.hostname) return null;
  // Credentials in a link are a phishing tool, never something FieldDesk needs to open.
  if (parsed.username || parsed.password) return null;
  return parsed;
}

export function isSafeExternalUrl(url: unknown): boolean {
  return parseExternalUrl(url) !== null;
}

export type OpenExternal = (url: string) => Promise<boolean>;

/**
 * Wraps shell.openExternal: answers true when the link was handed to the browser,
 * false when it was refused.
 */
export function createOpenExternal(shellOpenExternal: (url: string) => Promise<void>, log: Logger): OpenExternal {
  return async (url) => {
    const parsed = parseExternalUrl(url);
    if (!parsed) {
      log.warn(`Refused to open a link outside the app that is not a plain http(s) address: ${JSON.stringify(String(url).slice(0, 200))}`);
      return false;
    }
    try {
      await shellOpenExternal(parsed.href);
      return true;
    } catch (e) {
      log.error(`Could not open ${parsed.href} in the browser: ${e instanceof Error ? e.message : String(e)}`);
      return false;
    }
  };
}
