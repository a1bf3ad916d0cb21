/** Settings and session files in userData; the token encrypted or kept in memory only. */
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SessionUser } from '@fielddesk/common/api/http';
import { createMemoryLogger } from '../log';
import { createSessionStore, encryptionUnavailableReason, toSessionInfo, type SafeStorageLike } from './session-store';
import { createSettingsStore, normalizeServerUrl } from './settings-store';

const TOKEN = 'tok_live_5f0c8e2a9b';
const user: SessionUser = {
  id: '0190f0a0-0000-7000-8000-000000000001',
  username: 'tech1',
  displayName: 'Alex Morgan',
  role: 'technician',
  siteId: null,
  groupIds: [],
};
const session = { user, serverUrl: 'http://127.0.0.1:8470', expiresAt: '2030-01-01T00:00:00.000Z' };

/** A reversible fake of safeStorage: XOR + base64, so the token never appears as is. */
function fakeSafeStorage(overrides: Partial<SafeStorageLike> = {}): SafeStorageLike {
  const xor = (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a));
  return {
    isEncryptionAvailable: () => true,
    encryptString: (s) => Buffer.concat([Buffer.from('ENC:'), xor(Buffer.from(s))]),
    decryptString: (b) => {
      if (!b.subarray(0, 4).equals(Buffer.from('ENC:'))) throw new Error('bad ciphertext');
      return xor(b.subarray(4)).toString();
    },
    ...overrides,
  };
}

const tempDir = () => mkdtemp(path.join(tmpdir(), 'fd-userdata-'));

describe('session store', () => {
  it('persists the session with the token encrypted, never in plain text', async () => {
    const dir = await tempDir();
    await createSessionStore(dir, fakeSafeStorage(), createMemoryLogger()).save(session, TOKEN);
    const text = await readFile(path.join(dir, 'session.json'), 'utf8');
    expect(text).not.toContain(TOKEN);
    expect(JSON.parse(text)).toMatchObject({ version: 1, session, token: { encoding: 'safeStorage' } });

    const reopened = createSessionStore(dir, fakeSafeStorage(), createMemoryLogger());
    expect(await reopened.get()).toEqual(session);
    expect(await reopened.getToken()).toBe(TOKEN);
  });

  it('keeps the token in memory only, and says so, when encryption is unavailable', async () => {
    const dir = await tempDir();
    const log = createMemoryLogger();
    const store = createSessionStore(dir, fakeSafeStorage({ isEncryptionAvailable: () => false }), log);
    await store.save(session, TOKEN);
    expect(await store.getToken()).toBe(TOKEN);
    const text = await readFile(path.join(dir, 'session.json'), 'utf8');
    expect(text).not.toContain(TOKEN);
    expect(JSON.parse(text)).toMatchObject({ session, token: null });
    expect(log.lines.join('\n')).toMatch(/kept in memory only, not saved: the operating system offers no encryption/);

    // After a restart the user is still known (offline work goes on), but there is no token.
    const reopened = createSessionStore(dir, fakeSafeStorage({ isEncryptionAvailable: () => false }), createMemoryLogger());
    expect(await reopened.get()).toEqual(session);
    expect(await reopened.getToken()).toBeNull();
  });

  it("treats Linux's basic_text backend (no keychain) as no encryption", () => {
    expect(encryptionUnavailableReason(fakeSafeStorage({ getSelectedStorageBackend: () => 'basic_text' }))).toMatch(/no keychain/);
    expect(encryptionUnavailableReason(fakeSafeStorage({ getSelectedStorageBackend: () => 'gnome_libsecret' }))).toBeNull();
  });

  it('asks the user to sign in again when the saved token cannot be decrypted', async () => {
    const dir = await tempDir();
    await createSessionStore(dir, fakeSafeStorage(), createMemoryLogger()).save(session, TOKEN);
    const log = createMemoryLogger();
    const other = createSessionStore(dir, fakeSafeStorage({ decryptString: () => { throw new Error('keychain changed'); } }), log);
    expect(await other.get()).toEqual(session);
    expect(await other.getToken()).toBeNull();
    expect(log.lines.join('\n')).toContain('could not be decrypted (keychain changed)');
  });

  it('drops only the token (keeping the user) and clears everything on sign-out', async () => {
    const dir = await tempDir();
    const store = createSessionStore(dir, fakeSafeStorage(), createMemoryLogger());
    await store.save(session, TOKEN);
    await store.dropToken();
    expect(await store.get()).toEqual(session);
    expect(await createSessionStore(dir, fakeSafeStorage(), createMemoryLogger()).getToken()).toBeNull();
    await store.clear();
    expect(await store.get()).toBeNull();
    expect(await readdir(dir)).not.toContain('session.json');
  });

  it('moves a corrupt session file aside, logs it, and starts signed out', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'session.json'), '{"version":1,"sess');
    const log = createMemoryLogger();
    expect(await createSessionStore(dir, fakeSafeStorage(), log).get()).toBeNull();
    expect(log.lines.join('\n')).toMatch(/session\.json is not valid JSON; moved it to .*session\.json\.corrupt-/);
    expect((await readdir(dir)).some((f) => f.startsWith('session.json.corrupt-'))).toBe(true);
  });

  it('gives the renderer a SessionInfo without the token', () => {
    expect(Object.keys(toSessionInfo(session)).sort()).toEqual(['expiresAt', 'serverUrl', 'user']);
  });
});

describe('settings store', () => {
  it('remembers the server address across restarts', async () => {
    const dir = await tempDir();
    expect(await createSettingsStore(dir, createMemoryLogger()).get()).toEqual({ serverUrl: null });
    await createSettingsStore(dir, createMemoryLogger()).setServerUrl('https://desk.example.com:8470/');
    expect(await createSettingsStore(dir, createMemoryLogger()).get()).toEqual({ serverUrl: 'https://desk.example.com:8470' });
  });

  it('normalizes server addresses and explains bad ones', () => {
    expect(normalizeServerUrl(' http://10.0.0.5:8470/ ')).toBe('http://10.0.0.5:8470');
    expect(normalizeServerUrl('https://example.com/fielddesk/')).toBe('https://example.com/fielddesk');
    expect(() => normalizeServerUrl('10.0.0.5:8470')).toThrow(/must start with http/);
    expect(() => normalizeServerUrl('desk')).toThrow(/not a server address/);
    expect(() => normalizeServerUrl('ftp://example.com')).toThrow(/must start with http:\/\/ or https:\/\//);
    expect(() => normalizeServerUrl('https://u:p@example.com')).toThrow(/user name or password/);
    expect(() => normalizeServerUrl('https://example.com/?x=1')).toThrow(/"\?" or "#"/);
  });
});
