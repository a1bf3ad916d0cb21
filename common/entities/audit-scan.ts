import { AuditScanCreateDataSchema, AuditScanSchema } from '../audits/records';
import { defineEntity } from './define';
import { scope } from './scope';

/**
 * One scan of an audit (common/audits/records.ts). Append-only: created, never changed or
 * deleted, so several auditors' scans made offline all arrive and merge without loss
 * (common/audits/merge.ts). The server sets its site (the audit's), its auditor (who pushed it)
 * and whether it came late (the audit was closed meanwhile). Scoped by the audit's site.
 */
export const auditScan = defineEntity({
  name: 'audit_scan',
  schema: AuditScanSchema,
  table: 'audit_scans',
  scope: scope.atViewerSite('siteId'),
  // Yes, no, or not asked: stored as JSON text (true, false, or null), since the 0/1 flag codec has no third value.
  columns: { holderConfirmed: { codec: 'json' } },
  replica: { table: 'auditScans', indexes: ['auditId', 'scannedAt'] },
  ops: { create: AuditScanCreateDataSchema },
});
