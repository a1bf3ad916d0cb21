/**
 * Stands in for Electron's safeStorage in the desktop host: "encrypts" by base64 with
 * a marker, so tests can see that what reaches disk went through encryptString and
 * is not the token in plain text. Not encryption; never used outside tests.
 */
import type { SafeStorageLike } from '../../main/session/session-store';

export const FAKE_ENCRYPTION_MARKER = 'fielddesk-test-safestorage:';

export function createFakeSafeStorage(options: { available?: boolean } = {}): SafeStorageLike {
  const available = options.available ?? true;
  return {
    isEncryptionAvailable: () => available,
    encryptString(plainText) {
      if (!available) throw new Error('Encryption is not available.');
      return Buffer.from(FAKE_ENCRYPTION_MARKER + Buffer.from(plainText, 'utf8').toString('base64'), 'utf8');
    },
    decryptString(encrypted) {
      const text = encrypted.toString('utf8');
      if (!text.startsWith(FAKE_ENCRYPTION_MARKER)) throw new Error('This value was not encrypted by the fake safeStorage.');
      return Buffer.from(text.slice(FAKE_ENCRYPTION_MARKER.length), 'base64').toString('utf8');
    },
  };
}
