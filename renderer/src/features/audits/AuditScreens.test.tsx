import { describe, expect, it } from 'vitest';
import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { v7 as uuidv7 } from 'uuid';
import { locationLabelCode } from '@fielddesk/common/audits/codes';
import type { AuditEvent, AuditScan } from '@fielddesk/common/audits/records';
import type { Location } from '@fielddesk/common/domain/entities';
import { auditTables, createAuditRepository } from '../../data/repositories/audits';
import { AuditsScreen } from './AuditsScreen';
import { AuditCloseScreen } from './close/AuditCloseScreen';
import { AuditReportScreen } from './report/AuditReportScreen';
import { AuditRunScreen } from './run/AuditRunScreen';
import { freshDb, makeAsset, site, tech } from '../../../test/fixtures';
import { renderInWorkspace } from '../../../test/render';

configure({ asyncUtilTimeout: 10_000 });

async function setup() {
  const db = freshDb('audit-screens');
  const room: Location = { id: uuidv7(), siteId: site.id, name: 'Room 101', rev: 1 };
  const store: Location = { id: uuidv7(), siteId: site.id, name: 'Store room', rev: 1 };
  const lab: Location = { id: uuidv7(), siteId: uuidv7(), name: 'Lab bench', rev: 1 };
  const assets = [
    makeAsset({ tag: 'LAP-1', serial: 'S1', name: 'Latitude of Alex', locationId: room.id, state: 'in_use' }),
    makeAsset({ tag: 'LAP-2', serial: 'S2', name: 'Spare Latitude', locationId: store.id, state: 'in_stock', substate: 'available' }),
    makeAsset({ tag: 'MON-1', serial: null, name: 'Dell 24" monitor', locationId: room.id, state: 'in_use' }),
  ];
  await db.sites.put(site);
  await db.locations.bulkPut([room, store, lab]);
  await db.persons.put(tech);
  await db.assets.bulkPut(assets);
  const repo = createAuditRepository({ db, userId: tech.id, user: { role: 'technician', siteId: site.id } });
  const made = await repo.createAudit({ name: 'HQ spring audit', siteId: site.id, auditorIds: [tech.id], dueOn: '2026-12-20' });
  if (!made.ok) throw new Error(made.reason);
  return { db, room, store, lab, assets, repo, auditId: made.id };
}

/** Types a code into the field and presses Enter, as a person would (a scanner's burst is useWedgeScanner's test's, and the e2e test's). */
const scan = async (code: string) => {
  const box = await screen.findByTestId('scan-input');
  const field = box.querySelector('input') ?? box;
  fireEvent.change(field, { target: { value: code } });
  fireEvent.keyDown(field, { key: 'Enter' });
  await waitFor(() => expect((field as HTMLInputElement).value).toBe(''));
};

describe('audit screens', () => {
  it('lists the planned audit; the run starts it offline, takes the location first, and gives each scan its verdict', async () => {
    const t = await setup();
    const list = renderInWorkspace(<AuditsScreen />, { db: t.db, path: '/audits', route: '/audits?view=planned' });
    list.server.offline = true;
    const row = await screen.findByTestId('audit-row');
    expect(row.textContent).toContain('HQ spring audit');
    expect(row.textContent).toContain('2026-12-20');
    list.unmount();

    renderInWorkspace(<AuditRunScreen />, { db: t.db, path: '/audits/:id', route: `/audits/${t.auditId}` }).server.offline = true;
    await userEvent.click(await screen.findByTestId('start-audit'));
    await waitFor(() => expect(screen.getByTestId('progress-all').textContent).toBe('Found 0 of 3 expected (0 %)'));

    // An asset before any location, then a label of another site: said plainly, nothing written.
    await scan('LAP-1');
    expect((await screen.findByTestId('scan-problem')).textContent).toContain('Scan the location’s label (or pick the location) first');
    await scan(locationLabelCode(t.lab.id));
    await waitFor(() => expect(screen.getByTestId('scan-problem').textContent).toContain('“Lab bench” is a location of'));
    expect(await auditTables(t.db).scans.count()).toBe(0);

    await scan(locationLabelCode(t.room.id));
    await waitFor(() => expect(screen.queryByTestId('scan-problem')?.textContent ?? screen.getByTestId('current-location').textContent).toBe('Room 101'));
    expect(screen.getByTestId('progress-here').textContent).toBe('Here: 0 of 2 found');

    const verdict = () => screen.getByTestId('verdict');
    await scan('lap-1');
    await waitFor(() => expect(verdict().getAttribute('data-verdict')).toBe('found'));
    expect(verdict().textContent).toContain('LAP-1');
    expect(verdict().textContent).toContain('Latitude of Alex');
    await scan('s2');
    await waitFor(() => expect(verdict().getAttribute('data-verdict')).toBe('found_elsewhere'));
    expect(within(verdict()).getByTestId('verdict-expected').textContent).toBe('Expected in Store room');
    await scan('LAP-1');
    await waitFor(() => expect(verdict().getAttribute('data-verdict')).toBe('duplicate'));
    await scan('ZZ-404');
    await waitFor(() => expect(verdict().getAttribute('data-verdict')).toBe('unknown'));

    await waitFor(() => expect(screen.getByTestId('progress-all').textContent).toBe('Found 2 of 3 expected (67 %)'));
    expect(screen.getByTestId('progress-here').textContent).toBe('Here: 1 of 2 found');
    await waitFor(() => expect(screen.getAllByTestId('expected-row').map((r) => `${r.textContent}:${r.getAttribute('data-found')}`)).toEqual(['MON-1Dell 24" monitorNot yet:false', 'LAP-1Latitude of AlexFound:true']));
    await waitFor(() => expect(screen.getAllByTestId('recent-scan')).toHaveLength(4));
    const scans = (await auditTables(t.db).scans.toArray()).map((s) => `${s.code}:${s.verdict}:${s.move}`).sort();
    expect(scans).toEqual(['LAP-1:duplicate:null', 'ZZ-404:unknown:null', 'lap-1:found:null', 's2:found_elsewhere:null']);
    expect((await t.db.outbox.toArray()).map((e) => e.op.entity)).toEqual(['audit', 'audit_event', 'audit_scan', 'audit_scan', 'audit_scan', 'audit_scan']);
  });

  it('records an asset found elsewhere as to be moved here when "Move what I find here" is on', async () => {
    const t = await setup();
    await t.repo.startAudit(t.auditId);
    renderInWorkspace(<AuditRunScreen />, { db: t.db, path: '/audits/:id', route: `/audits/${t.auditId}` }).server.offline = true;
    await scan(locationLabelCode(t.room.id));
    await waitFor(() => expect(screen.getByTestId('current-location').textContent).toBe('Room 101'));
    await userEvent.click(screen.getByRole('switch', { name: /Move what I find here/ }));
    await scan('LAP-2');
    await waitFor(() => expect(screen.getByTestId('verdict').getAttribute('data-verdict')).toBe('found_elsewhere'));
    expect((await auditTables(t.db).scans.toArray()).map((s) => s.move)).toEqual(['move']);
  });

  it('closing asks for the decisions first, in the rules’ words', async () => {
    const t = await setup();
    await t.repo.startAudit(t.auditId);
    await t.repo.recordScan({ auditId: t.auditId, locationId: t.room.id, code: 'LAP-1', assetId: t.assets[0]!.id, verdict: 'found' });
    await t.repo.recordScan({ auditId: t.auditId, locationId: t.room.id, code: 'ZZ-404', verdict: 'unknown' });
    renderInWorkspace(<AuditCloseScreen />, { db: t.db, path: '/audits/:id/close', route: `/audits/${t.auditId}/close` }).server.offline = true;
    expect((await screen.findByTestId('close-blockers')).textContent).toContain('1 unknown tag needs a decision (register it or dismiss it with a reason): ZZ-404.');
    expect(screen.getAllByTestId('not-found-row').map((r) => r.textContent?.slice(0, 5))).toEqual(['LAP-2', 'MON-1']);
    await userEvent.click(screen.getByRole('radio', { name: 'Register as a new asset' }));
    await waitFor(() => expect(screen.getByTestId('close-plan').textContent).toContain('Closing will mark 2 missing, keep 0 as still searching, move 0, register 1 new'));
    await userEvent.click(within(screen.getAllByTestId('not-found-row')[1]!).getByRole('checkbox', { name: 'Still searching' }));
    await waitFor(() => expect(screen.getByTestId('close-plan').textContent).toContain('mark 1 missing, keep 1 as still searching'));
    // The desk moved MON-1 since the start, and a new asset arrived: the snapshot holds, the closer is told.
    await t.db.assets.update(t.assets[2]!.id, { locationId: t.store.id, rev: 90 });
    await t.db.assets.put(makeAsset({ tag: 'LAP-NEW', serial: null, locationId: t.room.id, state: 'in_use' }));
    await waitFor(() => expect(screen.getByTestId('drift-added').textContent).toBe('Not expected by this audit, now in its scope (1): LAP-NEW.'));
    expect(screen.getAllByTestId('drift-changed').map((e) => e.textContent)).toEqual(['MON-1: was in use in Room 101, now in use in Store room.']);
    expect(screen.getAllByTestId('not-found-row')).toHaveLength(2);
    // jsdom cannot draw: the signature (and so the close) is the e2e test's.
    expect((screen.getByTestId('close-audit') as HTMLButtonElement).disabled).toBe(true);
  });

  it('a report made on the device that closed offline says what the closer decided, before the server answers', async () => {
    const t = await setup();
    await t.repo.startAudit(t.auditId);
    await t.repo.recordScan({ auditId: t.auditId, locationId: t.room.id, code: 'LAP-1', assetId: t.assets[0]!.id, verdict: 'found' });
    await t.repo.recordScan({ auditId: t.auditId, locationId: t.room.id, code: 'ZZ-404', verdict: 'unknown' });
    const signature = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
    const closed = await t.repo.closeAudit(t.auditId, { stillSearching: [t.assets[2]!.id], reviews: {}, unknown: { 'ZZ-404': { kind: 'dismiss', reason: 'Not ours' } }, signature, signedName: 'Alex Morgan', notes: '' });
    expect(closed.ok).toBe(true);
    renderInWorkspace(<AuditReportScreen />, { db: t.db, path: '/audits/:id/report', route: `/audits/${t.auditId}/report` }).server.offline = true;
    await screen.findByTestId('report-counts');
    const rows = screen.getAllByTestId('report-row').map((r) => r.textContent);
    expect(rows).toEqual(expect.arrayContaining([expect.stringContaining('ZZ-404—Dismissed: Not ours'), expect.stringContaining('MON-1'), expect.stringContaining('LAP-2')]));
    expect(rows.find((r) => r?.includes('MON-1'))).toContain('Still searching');
    expect(rows.find((r) => r?.includes('LAP-2'))).toContain('Marked missing');
  });

  it('the report of a closed audit: counts, lists per location with what closing did, late scans', async () => {
    const t = await setup();
    await t.repo.startAudit(t.auditId);
    await t.repo.recordScan({ auditId: t.auditId, locationId: t.room.id, code: 'LAP-1', assetId: t.assets[0]!.id, verdict: 'found' });
    await t.repo.recordScan({ auditId: t.auditId, locationId: t.room.id, code: 'LAP-2', assetId: t.assets[1]!.id, verdict: 'found_elsewhere', move: 'move' });
    await t.repo.recordScan({ auditId: t.auditId, locationId: t.room.id, code: 'ZZ-404', verdict: 'unknown' });
    const tables = auditTables(t.db);
    const audit = (await tables.audits.get(t.auditId))!;
    const closedAt = '2026-12-07T10:00:00.000Z';
    await tables.audits.put({ ...audit, number: 'AUD-0042', state: 'closed', closedAt, closedById: tech.id, signedName: 'Alex Morgan', signature: null, rev: 50 });
    const close: AuditEvent = {
      id: uuidv7(),
      auditId: t.auditId,
      action: 'close',
      actorId: tech.id,
      at: closedAt,
      details: { stillSearching: [], moves: [{ assetId: t.assets[1]!.id, from: t.store.id, to: t.room.id }], registered: [], dismissed: [{ key: 'ZZ-404', code: 'ZZ-404', reason: 'The landlord’s tag' }] },
      rev: 51,
    };
    await tables.events.put(close);
    const late: AuditScan = { id: uuidv7(), auditId: t.auditId, siteId: site.id, auditorId: tech.id, locationId: t.room.id, code: 'MON-1', key: 'MON-1', assetId: t.assets[2]!.id, verdict: 'found', move: null, condition: null, holderConfirmed: null, photoSha256: null, note: '', scannedAt: '2026-12-07T10:05:00.000Z', late: true, rev: 52 };
    await tables.scans.put(late);

    renderInWorkspace(<AuditReportScreen />, { db: t.db, path: '/audits/:id/report', route: `/audits/${t.auditId}/report` }).server.offline = true;
    const counts = await screen.findByTestId('report-counts');
    expect(counts.textContent).toContain('Expected3');
    expect(counts.textContent).toContain('Found1');
    expect(counts.textContent).toContain('Found elsewhere1');
    expect(counts.textContent).toContain('Not found: missing1');
    expect(counts.textContent).toContain('Late scans1');
    expect(screen.getByTestId('late-scans').textContent).toContain('MON-1');
    const rows = screen.getAllByTestId('report-row').map((r) => r.textContent);
    expect(rows).toEqual(expect.arrayContaining([expect.stringContaining('LAP-2Spare LatitudeStore roomMoved to Room 101'), expect.stringContaining('MON-1'), expect.stringContaining('ZZ-404—Dismissed: The landlord’s tag')]));
    expect(screen.getByTestId('report-csv')).toBeTruthy();
    expect(screen.getByTestId('report-pdf')).toBeTruthy();
  });
});
