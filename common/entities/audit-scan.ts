import { AuditScanCreateDataSchema, AuditScanSchema } from '../audits/records';
import { defineEntity, patchOf } from './define';
import { scope } from './scope';

/**
 * What the auditor who made a scan may add to it afterwards (common/audits/rules.ts
 * checkScanDetails): a note, a photo, the asset's condition and whether its holder confirmed
 * it. Only they write these fields, so a clash is their own two devices: it is shown as a
 * conflict, like any other.
 */
const scanDetails = patchOf(AuditScanSchema, { note: 'conflict', photoSha256: 'conflict', condition: 'conflict', holderConfirmed: 'conflict' });

/**
 * One scan of an audit (common/audits/records.ts). Append-only as a scan: never deleted, and
 * what it says (code, asset, place, verdict, move) never changed, so several auditors' scans
 * made offline all arrive and merge without loss (common/audits/merge.ts); its auditor may add
 * details (note, photo, condition, holder) by patch. The server sets its site (the audit's), its
 * auditor (who pushed it) and whether it came late (the audit was closed meanwhile). Scoped by
 * the audit's site.
 */
export const auditScan = defineEntity({
  name: 'audit_scan',
  schema: AuditScanSchema,
  table: 'audit_scans',
  scope: scope.atViewerSite('siteId'),
  // Yes, no, or not asked: stored as JSON text (true, false, or null), since the 0/1 flag codec has no third value.
  columns: { holderConfirmed: { codec: 'json' } },
  replica: { table: 'auditScans', indexes: ['auditId', 'scannedAt'] },
  ops: { create: AuditScanCreateDataSchema, patch: scanDetails },
});
