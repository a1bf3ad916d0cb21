import { describe, expect, it } from 'vitest';
import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Asset } from '@fielddesk/common/domain/entities';
import { ReconcileScreen } from './ReconcileScreen';
import { freshDb, makeAsset, makeCi } from '../../../../test/fixtures';
import { renderInWorkspace } from '../../../../test/render';

configure({ asyncUtilTimeout: 10_000 });

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY - 60_000).toISOString();
let serial = 0;
/** An asset with its own serial number (the fixture's default is shared). */
const asset = (tag: string, overrides: Partial<Asset> = {}) => makeAsset({ tag, name: `pc-${tag.toLowerCase()}`, serial: `SN${String(++serial).padStart(6, '0')}`, ...overrides });

async function cmdb() {
  const db = freshDb('reconcile');
  const old = asset('FD-0001', { inventoriedAt: ago(45) });
  const never = asset('FD-0002', { inventoriedAt: null });
  const fresh = asset('FD-0003', { inventoriedAt: ago(2) });
  const yearOld = asset('FD-0004', { inventoriedAt: ago(400) });
  const loose = asset('FD-0005', { name: '<img src=x onerror=alert(1)>', type: 'printer', state: 'in_stock', substate: 'available' });
  const retired = asset('FD-0006', { state: 'retired' });
  const twinA = asset('FD-0007', { serial: '5cg123 ' });
  const twinB = asset('FD-0008', { serial: '5CG123', macs: ['00:1A:2B:3C:4D:5E'] });
  const twinC = asset('FD-0009', { macs: ['00-1a-2b-3c-4d-5e'] });
  const cis = [
    makeCi('hq-app01', { assetId: old.id, ciType: 'computer' }),
    makeCi('hq-db01', { assetId: never.id, ciType: 'database' }),
    makeCi('hq-web01', { assetId: fresh.id }),
    makeCi('hq-sw01', { assetId: yearOld.id, ciType: 'switch' }),
    makeCi('hq-old01', { assetId: retired.id, status: 'retired' }),
    makeCi('FieldDesk', { ciType: 'service', siteId: null }),
  ];
  await db.assets.bulkPut([old, never, fresh, yearOld, loose, retired, twinA, twinB, twinC]);
  await db.configurationItems.bulkPut(cis);
  return { db, old, never, fresh, yearOld, loose, twinA, twinB, twinC, cis };
}

const countOf = (tab: string) => screen.getByTestId(`reconcile-count-${tab}`).textContent;
const rowTexts = (testId: string) => screen.getAllByTestId(testId).map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent));

describe('ReconcileScreen', () => {
  it('lists, from the replica, CIs not inventoried for 30 days with links to the CI and the asset, and counts each list', async () => {
    const t = await cmdb();
    renderInWorkspace(<ReconcileScreen />, { db: t.db, path: '/cmdb/reconcile', route: '/cmdb/reconcile' }).server.offline = true;

    expect((await screen.findByRole('heading', { name: 'CMDB checks' })).tagName).toBe('H1');
    await waitFor(() => expect(countOf('stale')).toBe('3'));
    // Assets without a CI: the printer and the three twins (the retired one is left out).
    expect(countOf('without-ci')).toBe('4');
    expect(countOf('duplicates')).toBe('1');
    expect(screen.getByRole('tab', { name: /Not inventoried for 30 days/ }).getAttribute('aria-selected')).toBe('true');
    expect(screen.getByTestId('reconcile-scope').textContent).toBe('From the 9 assets and 6 configuration items on this device, so these lists work offline. Retired assets and CIs are left out.');

    expect(rowTexts('reconcile-stale-row')).toEqual([
      ['hq-db01', 'Database', 'FD-0002pc-fd-0002', 'never'],
      ['hq-sw01', 'Switch', 'FD-0004pc-fd-0004', '400 days'],
      ['hq-app01', 'Workstation', 'FD-0001pc-fd-0001', '45 days'],
    ]);
    const first = screen.getAllByTestId('reconcile-stale-row')[0]!;
    expect(within(first).getByRole('link', { name: 'hq-db01' }).getAttribute('href')).toBe(`/cis/${t.cis[1]!.id}`);
    expect(within(first).getByRole('link', { name: 'FD-0002' }).getAttribute('href')).toBe(`/assets/${t.never.id}`);
  });

  it('changes the threshold (7, 30, 90, 365 days), kept in the address', async () => {
    const t = await cmdb();
    renderInWorkspace(<ReconcileScreen />, { db: t.db, path: '/cmdb/reconcile', route: '/cmdb/reconcile?days=90' });
    await waitFor(() => expect(countOf('stale')).toBe('2'));
    expect(screen.getByRole('radio', { name: '90 days' })).toHaveProperty('checked', true);

    await userEvent.click(screen.getByRole('radio', { name: '365 days' }));
    await waitFor(() => expect(countOf('stale')).toBe('2'));
    expect(screen.getByRole('tab', { name: /Not inventoried for 365 days/ })).toBeTruthy();
    await userEvent.click(screen.getByRole('radio', { name: '7 days' }));
    await waitFor(() => expect(countOf('stale')).toBe('3'));
    expect(rowTexts('reconcile-stale-row').map((r) => r[0])).toEqual(['hq-db01', 'hq-sw01', 'hq-app01']);
  });

  it('goes from tab to tab with the keyboard: assets without a CI, then likely duplicates with what they share in words', async () => {
    const t = await cmdb();
    renderInWorkspace(<ReconcileScreen />, { db: t.db, path: '/cmdb/reconcile', route: '/cmdb/reconcile' });
    await waitFor(() => expect(countOf('stale')).toBe('3'));

    screen.getByRole('tab', { name: /Not inventoried/ }).focus();
    await userEvent.keyboard('{ArrowRight}');
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: /Assets without a CI/ }));
    await waitFor(() => expect(screen.getAllByTestId('reconcile-without-ci-row')).toHaveLength(4));
    expect(rowTexts('reconcile-without-ci-row')).toEqual([
      ['FD-0005', '<img src=x onerror=alert(1)>', 'printer', 'In stock: Available'],
      ['FD-0007', 'pc-fd-0007', 'laptop', 'In use'],
      ['FD-0008', 'pc-fd-0008', 'laptop', 'In use'],
      ['FD-0009', 'pc-fd-0009', 'laptop', 'In use'],
    ]);
    // Text from records stays text.
    expect(document.querySelector('img[src="x"]')).toBeNull();
    expect(within(screen.getAllByTestId('reconcile-without-ci-row')[0]!).getByRole('link', { name: 'FD-0005' }).getAttribute('href')).toBe(`/assets/${t.loose.id}`);

    await userEvent.keyboard('{ArrowRight}');
    await waitFor(() => expect(screen.getAllByTestId('reconcile-duplicate-group')).toHaveLength(1));
    const group = screen.getByTestId('reconcile-duplicate-group');
    expect(within(group).getByTestId('reconcile-duplicate-shared').textContent).toBe('Same serial number 5CG123 and same MAC address 00:1a:2b:3c:4d:5e');
    expect(within(group).getAllByTestId('reconcile-duplicate-asset').map((li) => li.textContent)).toEqual([
      'FD-0007pc-fd-0007laptop · In use · never inventoried',
      'FD-0008pc-fd-0008laptop · In use · never inventoried',
      'FD-0009pc-fd-0009laptop · In use · never inventoried',
    ]);
    expect(within(group).getAllByRole('link').map((a) => [a.textContent, a.getAttribute('href')])).toEqual([
      ['FD-0007', `/assets/${t.twinA.id}`],
      ['FD-0008', `/assets/${t.twinB.id}`],
      ['FD-0009', `/assets/${t.twinC.id}`],
    ]);
  });

  it('follows a CI link', async () => {
    const t = await cmdb();
    renderInWorkspace(<ReconcileScreen />, { db: t.db, path: '/cmdb/reconcile', route: '/cmdb/reconcile' });
    await userEvent.click(await screen.findByRole('link', { name: 'hq-app01' }));
    await screen.findByTestId('elsewhere');
  });

  it('draws a page at a time and shows more on request; says so when a list is empty', async () => {
    const db = freshDb('reconcile-many');
    await db.assets.bulkPut(Array.from({ length: 250 }, (_, i) => asset(`LT-${String(i).padStart(4, '0')}`)));
    renderInWorkspace(<ReconcileScreen />, { db, path: '/cmdb/reconcile', route: '/cmdb/reconcile?tab=without-ci' });
    await waitFor(() => expect(screen.getAllByTestId('reconcile-without-ci-row')).toHaveLength(100));
    expect(countOf('without-ci')).toBe('250');
    expect(screen.getByTestId('reconcile-show-more').textContent).toContain('Showing 100 of 250 assets');
    await userEvent.click(screen.getByRole('button', { name: 'Show 100 more' }));
    await waitFor(() => expect(screen.getAllByTestId('reconcile-without-ci-row')).toHaveLength(200));
    await userEvent.click(screen.getByRole('button', { name: 'Show 50 more' }));
    await waitFor(() => expect(screen.getAllByTestId('reconcile-without-ci-row')).toHaveLength(250));
    expect(screen.queryByTestId('reconcile-show-more')).toBeNull();

    await userEvent.click(screen.getByRole('tab', { name: /Likely duplicates/ }));
    expect((await screen.findByTestId('reconcile-duplicates-empty')).textContent).toContain('No two assets on this device share');
    await userEvent.click(screen.getByRole('tab', { name: /Not inventoried/ }));
    expect((await screen.findByTestId('reconcile-stale-empty')).textContent).toBe('Every configuration item with an asset was inventoried within the last 30 days.');
  });
});
