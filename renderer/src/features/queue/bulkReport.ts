/** Words for the outcome of a bulk action: "42 changed, 8 refused: INC-0001: reason; …". */
import type { BulkResult } from '../../data/repositories/tickets';

export interface BulkReport {
  /** One line for the notification's title. */
  summary: string;
  /** Each refused ticket with its reason, grouped by reason so 8 refusals of one kind read as one line. */
  refusals: { reason: string; numbers: string[] }[];
  tone: 'ok' | 'partial' | 'refused';
}

export function bulkReport(result: BulkResult): BulkReport {
  const byReason = new Map<string, string[]>();
  for (const r of result.refused) {
    const list = byReason.get(r.reason) ?? [];
    list.push(r.number);
    byReason.set(r.reason, list);
  }
  const refusals = [...byReason.entries()].map(([reason, numbers]) => ({ reason, numbers }));
  const parts = [`${result.applied.length} changed`];
  if (result.unchanged.length) parts.push(`${result.unchanged.length} already as asked`);
  if (result.refused.length) parts.push(`${result.refused.length} refused`);
  let summary = parts.join(', ');
  if (refusals.length) summary += `: ${refusals.map((r) => `${r.reason} (${r.numbers.join(', ')})`).join('; ')}`;
  const tone = result.refused.length === 0 ? 'ok' : result.applied.length === 0 && result.unchanged.length === 0 ? 'refused' : 'partial';
  return { summary, refusals, tone };
}
