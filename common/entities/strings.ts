import { z } from 'zod';

/** A title as a client sends it in a patch: trimmed, then 1 to 300 characters. */
export const trimmedTitle = z.string().trim().min(1).max(300);

/** A stored JSON array of strings; anything else (damaged, or not strings) reads as empty or is dropped. */
export function stringArray(stored: unknown): string[] {
  try {
    const value: unknown = typeof stored === 'string' ? JSON.parse(stored) : stored;
    return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}
