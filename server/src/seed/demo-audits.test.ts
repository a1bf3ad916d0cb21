/**
 * The demo's audits on SQLite and PostgreSQL: one planned, one in progress with scans by two
 * auditors, one closed whose assets carry their audit date and history line; every record as
 * its declaration reads it.
 */
import { beforeAll, expect, it } from 'vitest';
import { AuditExpectedSchema, AuditScanSchema, AuditSchema } from '@fielddesk/common/audits/records';
import { entities, recordFromRow } from '@fielddesk/common/entities/registry';
import type { FieldDeskServer } from '../app';
import { describeStores } from '../../test/stores';

describeStores('demo audits', (h) => {
  let s: FieldDeskServer;
  beforeAll(async () => {
    s = await h.start();
  });

  it('seeds a planned, a running and a closed audit, numbered AUD-0001…3, with their snapshots, scans and history', async () => {
    const audits = (await s.db.selectFrom('audits').selectAll().orderBy('number').execute()).map((r) => AuditSchema.parse(recordFromRow(entities.audit, r)));
    expect(audits.map((a) => [a.number, a.state])).toEqual([
      ['AUD-0001', 'closed'],
      ['AUD-0002', 'in_progress'],
      ['AUD-0003', 'planned'],
    ]);
    const [closed, running] = audits as [(typeof audits)[0], (typeof audits)[0]];
    const expected = (await s.db.selectFrom('audit_expected').selectAll().execute()).map((r) => AuditExpectedSchema.parse(recordFromRow(entities.audit_expected, r)));
    const scans = (await s.db.selectFrom('audit_scans').selectAll().execute()).map((r) => AuditScanSchema.parse(recordFromRow(entities.audit_scan, r)));
    for (const a of [closed, running]) {
      expect(a.expectedCount).toBeGreaterThan(1);
      expect(expected.filter((r) => r.auditId === a.id)).toHaveLength(a.expectedCount!);
    }
    expect(new Set(scans.filter((x) => x.auditId === running.id).map((x) => x.auditorId)).size).toBe(2);
    expect(scans.filter((x) => x.auditId === running.id).map((x) => x.verdict)).toEqual(expect.arrayContaining(['found', 'duplicate', 'found_elsewhere', 'unknown']));
    expect(closed.summary).toMatchObject({ expected: closed.expectedCount, found: closed.expectedCount, notFound: 0, unknown: 1, dismissed: 1, lateScans: 0 });
    expect(closed.signature).toMatch(/^data:image\/png;base64,/);
    const stamped = await s.db.selectFrom('assets').select('id').where('last_audited_on', '=', closed.closedAt!.slice(0, 10)).execute();
    expect(stamped).toHaveLength(closed.expectedCount!);
    const lines = await s.db.selectFrom('asset_events').select('reason').where('kind', '=', 'audited').execute();
    expect(lines).toHaveLength(closed.expectedCount!);
    expect(lines[0]!.reason).toBe('Audited in AUD-0001: found in its place.');
    expect((await s.db.selectFrom('ticket_counters').select('last_number').where('kind', '=', 'audit').executeTakeFirstOrThrow()).last_number).toBe(3);
  });
});
