import { describe, expect, it } from 'vitest';
import { configure, screen, waitFor, within } from '@testing-library/react';
import { AssetScreen } from './AssetScreen';
import { changeCiTable, changeWindowText } from '../../shared/changes';
import { freshDb, makeAsset, makeChange, makeChangeCi, makeCi, seed } from '../../../test/fixtures';
import { renderInWorkspace } from '../../../test/render';

configure({ asyncUtilTimeout: 10_000 });

describe('AssetScreen changes', () => {
  it('lists the changes that affect its CI, the scheduled ones first, and puts them in its history; titles stay text', async () => {
    const db = freshDb('asset-changes');
    await seed(db, []);
    const asset = makeAsset({ name: 'hq-sw02', tag: 'SW-0002', type: 'switch' });
    const ci = makeCi('hq-sw02', { ciType: 'switch', assetId: asset.id });
    const firmware = makeChange('CHG-0011', 'Upgrade core switch firmware at <img src=x onerror=alert(1)>', { inDays: 6 });
    const done = makeChange('CHG-0002', 'Replace UPS batteries in the Headquarters server room', { status: 'closed', inDays: -12 });
    const soon = makeChange('CHG-0008', 'Firewall rule review and clean-up at Headquarters', { inDays: 1 });
    const elsewhere = makeChange('CHG-0020', 'Roll out new Wi-Fi certificates', { inDays: 2 });
    await db.assets.put(asset);
    await db.configurationItems.bulkPut([ci, makeCi('hq-ap01', { ciType: 'access_point' })]);
    await db.changes.bulkPut([firmware, done, soon, elsewhere]);
    await changeCiTable(db).bulkPut([makeChangeCi(firmware, ci), makeChangeCi(done, ci), makeChangeCi(soon, ci), makeChangeCi(elsewhere, 'another-ci')]);
    renderInWorkspace(<AssetScreen />, { db, path: '/assets/:id', route: `/assets/${asset.id}` }).server.offline = true;

    const section = await screen.findByTestId('record-changes');
    expect(within(section).getByRole('heading', { name: 'Changes' })).toBeTruthy();
    await waitFor(() => expect(within(section).getAllByTestId('record-change')).toHaveLength(3));
    const rows = within(section).getAllByTestId('record-change');
    expect(rows.map((r) => r.textContent)).toEqual([
      `CHG-0008 · Firewall rule review and clean-up at Headquarters${changeWindowText(soon)}Scheduled`,
      `CHG-0011 · Upgrade core switch firmware at <img src=x onerror=alert(1)>${changeWindowText(firmware)}Scheduled`,
      `CHG-0002 · Replace UPS batteries in the Headquarters server room${changeWindowText(done)}Closed`,
    ]);
    // Text, no link: there is no change screen yet.
    expect(within(section).queryAllByRole('link')).toEqual([]);
    expect(document.querySelector('img[src="x"]')).toBeNull();

    // The history: the changes at the start of their windows, among its other entries.
    const timeline = screen.getByTestId('asset-timeline');
    await waitFor(() => expect(within(timeline).getAllByTestId('asset-timeline-entry').filter((e) => e.getAttribute('data-kind') === 'change')).toHaveLength(3));
    const titles = within(timeline)
      .getAllByTestId('asset-timeline-entry')
      .filter((e) => e.getAttribute('data-kind') === 'change')
      .map((e) => e.textContent ?? '');
    expect(titles[0]).toContain('Change CHG-0011 scheduled');
    expect(titles[0]).toContain('Upgrade core switch firmware at <img src=x onerror=alert(1)>');
    expect(titles[1]).toContain('Change CHG-0008 scheduled');
    expect(titles[2]).toContain('Change CHG-0002 completed');
  });

  it('says why an asset without a CI has no changes', async () => {
    const db = freshDb('asset-no-ci');
    await seed(db, []);
    const asset = makeAsset();
    await db.assets.put(asset);
    renderInWorkspace(<AssetScreen />, { db, path: '/assets/:id', route: `/assets/${asset.id}` }).server.offline = true;

    const section = await screen.findByTestId('record-changes');
    await waitFor(() => expect(section.textContent).toContain('It has no configuration item, so no change names it.'));
  });

  it('gives its last and next audit, by the default interval', async () => {
    const db = freshDb('asset-audits');
    await seed(db, []);
    const asset = makeAsset({ lastAuditedOn: '2025-01-15' });
    await db.assets.put(asset);
    renderInWorkspace(<AssetScreen />, { db, path: '/assets/:id', route: `/assets/${asset.id}` }).server.offline = true;
    await waitFor(() => expect(screen.getByText(/^Last 2025-01-15/).textContent).toBe('Last 2025-01-15 · next 2026-01-15, overdue (every 12 months)'));
  });
});
