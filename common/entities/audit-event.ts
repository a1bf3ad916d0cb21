import { AuditActionSchema, AuditEventSchema } from '../audits/records';
import { defineEntity } from './define';
import { scope } from './scope';

/**
 * An audit's history: one event per action (start, close, cancel), never edited. An action
 * syncs as the creation of its event (the op's data is the action), as an asset's does
 * (asset-event.ts). Seen by whoever sees the audit.
 */
export const auditEvent = defineEntity({
  name: 'audit_event',
  schema: AuditEventSchema,
  table: 'audit_events',
  scope: scope.childOf('audit', 'auditId'),
  replica: { table: 'auditEvents', indexes: ['auditId', 'at'] },
  ops: { create: AuditActionSchema },
});
