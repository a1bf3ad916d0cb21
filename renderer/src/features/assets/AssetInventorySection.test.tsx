import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { summarizeGlpi } from '@fielddesk/common/inventory/summary';
import { AssetScreen } from './AssetScreen';
import { laptopInventory } from '../../../test/inventory';
import { freshDb, makeAsset, seed } from '../../../test/fixtures';
import { renderInWorkspace } from '../../../test/render';
import { InstalledSoftwareTable } from '../software';
import { render } from '@testing-library/react';
import { MantineProvider } from '@mantine/core';

// jsdom has no layout: give the software table's scroll area a size so the virtualiser renders rows.
const original = Object.getOwnPropertyDescriptor(Element.prototype, 'clientHeight');
beforeAll(() => {
  Object.defineProperty(Element.prototype, 'clientHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.dataset?.scroller === 'software' ? 476 : 0;
    },
  });
});
afterAll(() => {
  if (original) Object.defineProperty(Element.prototype, 'clientHeight', original);
});

configure({ asyncUtilTimeout: 10_000 });

describe('AssetScreen inventory', () => {
  it('shows the recorded inventory, when it was taken, and its software, searchable', async () => {
    const db = freshDb('asset-inventory');
    await seed(db, []);
    const a = makeAsset({ inventoriedAt: new Date(Date.now() - 3 * 3_600_000).toISOString() });
    await db.assets.put(a);
    const summary = summarizeGlpi(laptopInventory().document);
    await db.assetInventories.put({ id: a.id, assetId: a.id, configurationItemId: null, source: 'glpi_agent', deviceId: 'glpixps-2020', scannedAt: a.inventoriedAt!, receivedAt: a.inventoriedAt!, summary, rev: 9 });
    renderInWorkspace(<AssetScreen />, { db, path: '/assets/:id', route: `/assets/${a.id}` });

    const section = await screen.findByTestId('asset-inventory');
    await waitFor(() => expect(within(section).getByTestId('asset-inventoried-at').textContent).toMatch(/^Last inventoried about 3 hours ago/));
    await waitFor(() => expect(section.textContent).toContain('Debian GNU/Linux 12 (bookworm) x86_64'));
    expect(section.textContent).toContain('from GLPI Agent');
    expect(section.textContent).toContain('7.6 GB');
    expect(section.textContent).toContain('PM951 NVMe SAMSUNG 256GB · 250.1 GB · serial S29NNXAH146409');
    expect(section.textContent).toContain('wlp58s0 · 44:85:00:2b:90:bc · 192.168.1.119');
    expect(section.textContent).not.toContain('docker0');
    expect(within(section).getAllByTestId('software-row')).toHaveLength(4);
    await userEvent.type(within(section).getByLabelText('Search installed software'), 'mozilla');
    await waitFor(() => expect(within(section).getAllByTestId('software-row').map((r) => r.textContent)).toEqual(['firefox-esr128.5.0esr-1Debian Mozilla Team']));
    expect(within(section).getByTestId('asset-software-count').textContent).toBe('1 of 4 packages');
  });

  it('says when an asset was never inventoried', async () => {
    const db = freshDb('asset-inventory');
    await seed(db, []);
    const a = makeAsset();
    await db.assets.put(a);
    renderInWorkspace(<AssetScreen />, { db, path: '/assets/:id', route: `/assets/${a.id}` });
    expect((await screen.findByTestId('asset-inventoried-at')).textContent).toBe('Never inventoried');
    expect(await screen.findByTestId('asset-no-inventory')).toBeTruthy();
  });
});

describe('InstalledSoftwareTable', () => {
  it('renders only the rows in view of a long list, and the search narrows it', async () => {
    const software = Array.from({ length: 5000 }, (_, i) => ({ name: `package-${String(i).padStart(4, '0')}`, version: `1.${i}`, publisher: i % 2 ? 'Microsoft Corporation' : 'Debian' }));
    render(
      <MantineProvider>
        <InstalledSoftwareTable software={software} />
      </MantineProvider>,
    );
    const rows = screen.getAllByTestId('software-row');
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.length).toBeLessThan(60);
    expect(screen.getByTestId('software-table-count').textContent).toBe('5,000 packages');
    await userEvent.type(screen.getByLabelText('Search installed software'), 'package-012 microsoft');
    await waitFor(() => expect(screen.getByTestId('software-table-count').textContent).toBe('5 of 5,000 packages'));
    expect(screen.getAllByTestId('software-row').map((r) => r.firstElementChild?.textContent)).toEqual(['package-0121', 'package-0123', 'package-0125', 'package-0127', 'package-0129']);
  });
});
