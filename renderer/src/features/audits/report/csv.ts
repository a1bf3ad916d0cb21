/**
 * The audit report's lists as CSV (RFC 4180: comma separated, CRLF line ends, a field quoted
 * when it holds a comma, a quote or a line break, quotes doubled), one row per asset or unknown
 * tag under a header row. Guarded against formula injection: a cell starting with = + - @ (or a
 * tab or carriage return) is prefixed with a single quote, so a spreadsheet shows it as text.
 */
import { OUTCOME_LABELS, type AuditReport } from './report';

export const CSV_HEADER = ['Audit', 'Location', 'Outcome', 'Tag', 'Name', 'Expected location', 'Found in', 'Action', 'Scanned by'] as const;

/** One cell, guarded and quoted as needed. */
export function csvCell(value: string): string {
  const guarded = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

export function auditReportCsv(report: AuditReport): string {
  const lines = [CSV_HEADER.map(csvCell).join(',')];
  for (const loc of report.locations) {
    for (const r of loc.rows) {
      lines.push(
        [report.number, loc.name, OUTCOME_LABELS[r.outcome], r.tag, r.name, r.expectedLocation ?? '', r.foundLocation ?? '', r.action, r.auditors.join('; ')]
          .map(csvCell)
          .join(','),
      );
    }
  }
  return lines.join('\r\n') + '\r\n';
}
