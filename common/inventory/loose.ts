/**
 * Loose readers for inventory documents. Agents and probes send numbers where strings are due
 * (an all-digit serial), strings where numbers are ("8192"), a lone object where a list is
 * (one CPU) and 0/1 for booleans; these read every such value into one clear type or null.
 */
export type Loose = Record<string, unknown>;

/** Trimmed text (a number as its digits), or null when empty or of another type; at most 1,000 characters. */
export function looseText(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed.slice(0, 1000);
}

/** A finite, non-negative number (from a number or a numeric string), or null. */
export function looseNumber(value: unknown): number | null {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value.trim()) : value;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : null;
}

/** A plain object, or null. */
export function looseObject(value: unknown): Loose | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Loose) : null;
}

/** A section that should be a list: the objects of a list, or a lone object as a list of one. */
export function looseList(value: unknown): Loose[] {
  if (Array.isArray(value)) return value.map(looseObject).filter((v): v is Loose => v !== null);
  const single = looseObject(value);
  return single ? [single] : [];
}

/** A flag sent as true, 1, "1" or "true". */
export function looseFlag(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 'true';
}

/** A size in MB as people say it: "512 MB", "7.6 GB", "1.8 TB"; '' when unknown. */
export function formatMb(mb: number | null): string {
  if (mb === null) return '';
  if (mb >= 1024 * 1024) return `${round1(mb / (1024 * 1024))} TB`;
  if (mb >= 1024) return `${round1(mb / 1024)} GB`;
  return `${Math.round(mb)} MB`;
}

/** One decimal at most, with thousands grouped: "7.6", "1,000". */
export function round1(n: number): string {
  return (Math.round(n * 10) / 10).toLocaleString('en', { maximumFractionDigits: 1 });
}
