/**
 * How often assets are audited, and when each is next due. An admin sets intervals in months
 * per category of asset model, per site, or both (for example "laptops every 12 months,
 * everything at the plant every 6"); the most specific rule that applies wins (category and
 * site, then category, then site, then the default), and among equally specific rules the
 * shortest interval wins, because an auditor would rather look twice than miss one.
 *
 * An asset's next audit is its last audit plus the interval; one never audited is due from
 * the day it was received (its purchase date) or, lacking that, today: it is "never audited"
 * and listed as due. Pure, on calendar dates (assets/dates.ts).
 */
import { z } from 'zod';
import { addMonths, daysBetween, type IsoDate } from '../assets/dates';

export const AuditIntervalSchema = z
  .object({
    /** A model category ("Laptop"), or null for every category. */
    category: z.string().trim().min(1).max(100).nullable(),
    /** A site, or null for every site. */
    siteId: z.string().min(1).nullable(),
    months: z.number().int().min(1, 'an interval is at least 1 month').max(120, 'an interval is at most 120 months'),
  })
  .strict();
export type AuditInterval = z.infer<typeof AuditIntervalSchema>;

/** Without any rule, every asset is audited once a year. */
export const DEFAULT_AUDIT_MONTHS = 12;

/** How close a due date must be to be listed as "due soon". */
export const DUE_SOON_DAYS = 30;

export interface AuditDueFacts {
  category: string | null;
  siteId: string | null;
  /** The day of its last closed audit, or null. */
  lastAuditedOn: IsoDate | null;
  purchasedOn: IsoDate | null;
}

export type AuditDueStatus = 'overdue' | 'due_soon' | 'ok' | 'never';

export interface AuditDue {
  months: number;
  lastOn: IsoDate | null;
  nextOn: IsoDate;
  status: AuditDueStatus;
  /** Days from today to the next audit (negative when overdue). */
  inDays: number;
}

function specificity(rule: AuditInterval): number {
  return (rule.category !== null ? 2 : 0) + (rule.siteId !== null ? 1 : 0);
}

/** The interval in months that applies to an asset of this category at this site. */
export function intervalFor(category: string | null, siteId: string | null, rules: readonly AuditInterval[]): number {
  let best: AuditInterval | null = null;
  const wanted = category?.toLocaleLowerCase() ?? null;
  for (const rule of rules) {
    if (rule.category !== null && rule.category.toLocaleLowerCase() !== wanted) continue;
    if (rule.siteId !== null && rule.siteId !== siteId) continue;
    if (!best || specificity(rule) > specificity(best) || (specificity(rule) === specificity(best) && rule.months < best.months)) best = rule;
  }
  return best?.months ?? DEFAULT_AUDIT_MONTHS;
}

/** When an asset is next audited, and whether that is overdue, soon, or fine. */
export function auditDue(facts: AuditDueFacts, today: IsoDate, rules: readonly AuditInterval[]): AuditDue {
  const months = intervalFor(facts.category, facts.siteId, rules);
  if (facts.lastAuditedOn === null) {
    const nextOn = facts.purchasedOn !== null && facts.purchasedOn < today ? facts.purchasedOn : today;
    return { months, lastOn: null, nextOn, status: 'never', inDays: daysBetween(today, nextOn) };
  }
  const nextOn = addMonths(facts.lastAuditedOn, months);
  const inDays = daysBetween(today, nextOn);
  const status: AuditDueStatus = inDays < 0 ? 'overdue' : inDays <= DUE_SOON_DAYS ? 'due_soon' : 'ok';
  return { months, lastOn: facts.lastAuditedOn, nextOn, status, inDays };
}
