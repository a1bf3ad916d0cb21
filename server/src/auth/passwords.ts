/**
 * Password hashing with scrypt (node:crypto). Each credential keeps its own salt and
 * cost parameters, so the cost can be raised later without breaking stored hashes.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { PasswordHashingConfig } from '../config';

export interface PasswordHash {
  algorithm: 'scrypt';
  salt: string;
  hash: string;
  n: number;
  r: number;
  p: number;
  keyLen: number;
}

function scryptAsync(password: string, salt: Buffer, keyLen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keyLen, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** Enough memory for the parameters (scrypt needs 128 * N * r bytes, plus headroom). */
const maxmem = (N: number, r: number) => 256 * N * r + 1024 * 1024;

export async function hashPassword(password: string, params: PasswordHashingConfig): Promise<PasswordHash> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, params.keyLen, { N: params.N, r: params.r, p: params.p, maxmem: maxmem(params.N, params.r) });
  return { algorithm: 'scrypt', salt: salt.toString('base64'), hash: key.toString('base64'), n: params.N, r: params.r, p: params.p, keyLen: params.keyLen };
}

/** Compares in constant time; false for any malformed stored hash. */
export async function verifyPassword(password: string, stored: PasswordHash): Promise<boolean> {
  if (stored.algorithm !== 'scrypt') return false;
  const expected = Buffer.from(stored.hash, 'base64');
  if (expected.length !== stored.keyLen) return false;
  try {
    const key = await scryptAsync(password, Buffer.from(stored.salt, 'base64'), stored.keyLen, {
      N: stored.n,
      r: stored.r,
      p: stored.p,
      maxmem: maxmem(stored.n, stored.r),
    });
    return timingSafeEqual(key, expected);
  } catch {
    return false;
  }
}
