/**
 * The words and choices of the CMDB checks screen (/cmdb/reconcile), pure. The lists themselves
 * come from common/cmdb/reconcile.ts (staleCis, assetsWithoutCi, likelyDuplicates), the same
 * functions the server's GET /api/cmdb/reconciliation runs: the app runs them over its replica,
 * so the screen works offline and agrees with the server over the same records.
 */
import type { DuplicateGroup, DuplicateReason } from '@fielddesk/common/cmdb/reconcile';

/** The "not inventoried for" choices, in days, and the one shown first. */
export const STALE_DAY_CHOICES = [7, 30, 90, 365] as const;
export const DEFAULT_STALE_DAYS = 30;

export function parseDays(value: string | null): number {
  const n = Number(value);
  return (STALE_DAY_CHOICES as readonly number[]).includes(n) ? n : DEFAULT_STALE_DAYS;
}

export const RECONCILE_TABS = ['stale', 'without-ci', 'duplicates'] as const;
export type ReconcileTab = (typeof RECONCILE_TABS)[number];

export function parseTab(value: string | null): ReconcileTab {
  return (RECONCILE_TABS as readonly string[]).includes(value ?? '') ? (value as ReconcileTab) : 'stale';
}

/** How many rows (stale CIs, assets) and duplicate groups are drawn at first and per "Show more". */
export const ROWS_PER_PAGE = 100;
export const GROUPS_PER_PAGE = 50;

const REASON_WORDS: Record<DuplicateReason, string> = { serial: 'serial number', uuid: 'UUID', mac: 'MAC address', name: 'name' };

/** What the assets of a group share, strongest first: "same serial number 5CG123", "same MAC address 00:1A:2B:3C:4D:5E". */
export function sharedWords(shared: DuplicateGroup['shared']): string[] {
  return shared.map((s) => `same ${REASON_WORDS[s.reason]} ${s.value}`);
}

/** The same as one sentence: "Same serial number 5CG123 and same MAC address …". */
export function sharedSentence(shared: DuplicateGroup['shared']): string {
  const words = sharedWords(shared);
  if (words.length === 0) return 'They look alike';
  const joined = words.length === 1 ? words[0]! : `${words.slice(0, -1).join(', ')} and ${words.at(-1)!}`;
  return joined.charAt(0).toUpperCase() + joined.slice(1);
}

/** Days since an asset's last inventory: "45 days", "1 day", or "never". */
export function sinceWords(days: number | null): string {
  if (days === null) return 'never';
  return days === 1 ? '1 day' : `${days.toLocaleString()} days`;
}

/** When an asset last reported an inventory, for telling likely duplicates apart: "inventoried today", "inventoried 3 days ago", "never inventoried". */
export function inventoriedWords(inventoriedAt: string | null, now: number): string {
  const at = inventoriedAt ? Date.parse(inventoriedAt) : NaN;
  if (!Number.isFinite(at)) return 'never inventoried';
  const days = Math.max(0, Math.floor((now - at) / 86_400_000));
  return days === 0 ? 'inventoried today' : `inventoried ${sinceWords(days)} ago`;
}

export function count(n: number, one: string, many: string): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}
