import { AuditExpectedSchema } from '../audits/records';
import { defineEntity } from './define';
import { scope } from './scope';

/**
 * An audit's snapshot (common/audits/records.ts): one row per expected asset, fixed when the
 * audit starts, written by the server only (the device keeps a provisional copy with the same
 * ids when it starts an audit offline: common/audits/expected.ts). Scoped by the audit's site,
 * which each row carries, so the 50,000 rows of a large audit need no look-up of their audit.
 * Indexed on the audit and the location (the replica's index syntax has no compound index:
 * the screen reads one audit's rows, then groups them by location in memory).
 */
export const auditExpected = defineEntity({
  name: 'audit_expected',
  schema: AuditExpectedSchema,
  table: 'audit_expected',
  scope: scope.atViewerSite('siteId'),
  replica: { table: 'auditExpected', indexes: ['auditId', 'locationId'] },
});
