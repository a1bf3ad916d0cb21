import { AuditCreateDataSchema, AuditPatchInput, AuditSchema } from '../audits/records';
import { defineEntity, patchOf } from './define';
import { scope } from './scope';

/**
 * What a patch may change: the name, due date, auditors and notes at any time before the audit
 * is closed or cancelled; the scope (locations, kinds, categories) only while it is planned
 * (common/audits/rules.ts checkAuditPatch, the same words on app and server). The state changes
 * only through audit actions (audit_event ops), which keep the history.
 */
const auditPatch = patchOf(
  AuditSchema,
  { name: 'conflict', dueOn: 'conflict', auditorIds: 'conflict', notes: 'conflict', locationIds: 'conflict', kinds: 'conflict', categories: 'conflict' },
  AuditPatchInput,
);

/**
 * An on-site asset audit (issue 14): its plan, its state and, once closed, its counts and the
 * closer's signature (common/audits/records.ts). Technicians see their site's audits, desk staff
 * and admins all. Numbered AUD-0001… by the server.
 */
export const audit = defineEntity({
  name: 'audit',
  schema: AuditSchema,
  table: 'audits',
  scope: scope.atViewerSite('siteId'),
  replica: { table: 'audits', indexes: ['number', 'siteId', 'state', 'dueOn'] },
  ops: { create: AuditCreateDataSchema, patch: auditPatch },
  numbering: { prefixes: { audit: 'AUD' } },
});
