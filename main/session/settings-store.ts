/**
 * settings.json in userData: the FieldDesk server address the app talks to.
 * Nothing secret lives here.
 */
import path from 'node:path';
import { z } from 'zod';
import type { Logger } from '../log';
import { readJsonFile, writeJsonFile } from './json-file';

const SettingsFileSchema = z.object({ version: z.literal(1), serverUrl: z.string().nullable() });

export interface Settings {
  /** The server the user chose, or null to use the default. */
  serverUrl: string | null;
}

export interface SettingsStore {
  get(): Promise<Settings>;
  setServerUrl(serverUrl: string): Promise<void>;
}

/**
 * A server address as the app stores it: http(s) only, no credentials, query or
 * fragment, no trailing slash. Throws an Error with a plain sentence otherwise.
 */
export function normalizeServerUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new Error(`"${input}" is not a server address: it must start with http:// or https://, like http://fielddesk.example.com:8470.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`The server address must start with http:// or https://, not ${url.protocol}//.`);
  if (url.username || url.password) throw new Error('The server address must not contain a user name or password.');
  if (url.search || url.hash) throw new Error('The server address must not contain "?" or "#" parts.');
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

export function createSettingsStore(userDataDir: string, log: Logger): SettingsStore {
  const file = path.join(userDataDir, 'settings.json');
  let cached: Settings | null = null;

  async function load(): Promise<Settings> {
    if (cached) return cached;
    const raw = await readJsonFile(file, log);
    const parsed = raw === null ? null : SettingsFileSchema.safeParse(raw);
    if (parsed && !parsed.success) log.warn(`settings.json has an unexpected shape; using the default settings.`);
    cached = { serverUrl: parsed?.success ? parsed.data.serverUrl : null };
    return cached;
  }

  return {
    get: async () => ({ ...(await load()) }),
    async setServerUrl(serverUrl) {
      await load();
      cached = { serverUrl: normalizeServerUrl(serverUrl) };
      await writeJsonFile(file, { version: 1, serverUrl: cached.serverUrl });
    },
  };
}
