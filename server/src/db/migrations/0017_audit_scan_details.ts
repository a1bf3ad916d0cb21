/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on today's Database type */
import type { Kysely, Migration } from 'kysely';

/**
 * An audit scan's auditor may add details to it afterwards — a note, a photo, the condition, the
 * holder's answer (common/entities/audit-scan.ts) — merged per field like every patched record:
 * audit_scans gets the `field_revs` column (server/src/sync/field-state.ts). Scans stored before
 * start with none: every field counts as unchanged since the scan was made.
 */
export const auditScanDetails: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('audit_scans').addColumn('field_revs', 'text', (c) => c.notNull().defaultTo('{}')).execute();
  },
};
