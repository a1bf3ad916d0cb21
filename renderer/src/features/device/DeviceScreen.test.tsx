import { describe, expect, it } from 'vitest';
import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { v7 as uuidv7 } from 'uuid';
import type { Asset, AssetInventory } from '@fielddesk/common/domain/entities';
import { summarizeGlpi } from '@fielddesk/common/inventory/summary';
import { ApiError, type LocalInventory, type Platform } from '@fielddesk/common/ipc/contract';
import { DeviceScreen } from './DeviceScreen';
import { laptopInventory } from '../../../test/inventory';
import { freshDb, makeAsset as makeTestAsset, seed, site, T0 } from '../../../test/fixtures';
import { renderInWorkspace } from '../../../test/render';
import type { FieldDeskDb } from '../../data/db';
import { FakeServer } from '../../../test/fakeServer';
import { sessionUser } from '../../../test/render';

configure({ asyncUtilTimeout: 10_000 });

/** computer_1-like: the asset the test inventory matches by serial and UUID. */
const makeAsset = (overrides: Partial<Asset> = {}): Asset =>
  makeTestAsset({ uuid: '4c4c4544-0034-3010-8048-b6c04f503732', macs: ['44:85:00:2b:90:bc'], inventoriedAt: T0, ...overrides });

function recordedInventory(asset: Asset, inventory: LocalInventory): AssetInventory {
  return { id: asset.id, assetId: asset.id, configurationItemId: null, source: 'fielddesk', deviceId: inventory.document.deviceid, scannedAt: T0, receivedAt: T0, summary: summarizeGlpi(inventory.document), rev: 6 };
}

/** A desktop platform whose scans answer with the given inventories in turn (progress first). */
function desktopScanning(server: FakeServer, inventories: LocalInventory[], opts: { hold?: Promise<void> } = {}): Partial<Platform> {
  let i = 0;
  return {
    kind: 'desktop',
    scanInventory: async () => {
      server.emit({ type: 'inventory-progress', progress: { done: 3, total: 14, probe: 'networks' } });
      await opts.hold;
      const inv = inventories[Math.min(i, inventories.length - 1)]!;
      i += 1;
      return { ...inv, scannedAt: new Date(Date.now() + i).toISOString() };
    },
  };
}

async function render(db: FieldDeskDb, platform: (server: FakeServer) => Partial<Platform>) {
  const server = new FakeServer(sessionUser);
  server.offline = true;
  return renderInWorkspace(<DeviceScreen />, { db, path: '/device', route: '/device', server, platform: platform(server) });
}

describe('DeviceScreen', () => {
  it('scans on the first visit with a progress bar, shows what it found and the notes, and registers a new device offline', async () => {
    const db = freshDb('device');
    await seed(db, []);
    let release!: () => void;
    const hold = new Promise<void>((r) => (release = r));
    const notes = [{ probe: 'batteries', message: 'timed out: no answer within 20000 ms' }];
    const { workspace } = await render(db, (server) => desktopScanning(server, [laptopInventory({ notes })], { hold }));

    const progress = await screen.findByTestId('scan-progress');
    await waitFor(() => expect(progress.textContent).toContain('3 of 14 sections read (last: networks)'));
    release();

    await waitFor(() => expect(screen.getByTestId('device-name').textContent).toBe('glpixps'));
    expect(screen.getByTestId('device-identity').textContent).toContain('Dell Inc. XPS 13 9350');
    expect(screen.getByTestId('device-identity').textContent).toContain('Serial 640HP72');
    expect(screen.getByTestId('scan-notes').textContent).toContain('Batteries: no answer within 20000 ms');
    expect(within(screen.getByTestId('section-batteries')).getByText('not read')).toBeTruthy();
    expect(within(screen.getByTestId('section-network')).getByText('44:85:00:2b:90:bc')).toBeTruthy();
    expect(within(screen.getByTestId('section-network')).getAllByText('virtual')).toHaveLength(2);
    expect(screen.getByTestId('device-software-count').textContent).toBe('4 packages');

    const panel = await screen.findByTestId('match-panel');
    expect(panel.getAttribute('data-match')).toBe('new');
    expect(within(panel).getByTestId('new-device').textContent).toBe('New device — not in the CMDB yet');
    expect((within(panel).getByLabelText(/^Name/) as HTMLInputElement).value).toBe('glpixps');
    expect((within(panel).getByLabelText(/^Type/) as HTMLInputElement).value).toBe('laptop');

    await userEvent.click(within(panel).getByRole('button', { name: 'Register this device' }));
    await waitFor(() => expect(screen.getByTestId('match-panel').getAttribute('data-match')).toBe('matched'));
    expect(screen.getByTestId('no-differences')).toBeTruthy();
    expect(screen.getByTestId('device-waiting-to-sync').textContent).toBe('Waiting to sync');
    expect(screen.getByTestId('match-rule').textContent).toBe('Matched by the same serial number and UUID.');
    expect(screen.queryByRole('button', { name: /^Update asset/ })).toBeNull();

    const assets = await db.assets.toArray();
    expect(assets).toHaveLength(1);
    expect(assets[0]).toMatchObject({ name: 'glpixps', type: 'laptop', state: 'in_use', siteId: site.id, serial: '640HP72' });
    expect((await db.outbox.toArray()).map((e) => e.op.entity)).toEqual(['asset_inventory']);
    expect(workspace.inventory.scanStatus.getState().running).toBe(false);
  });

  it('shows the matched asset and CI with the differences grouped, software folded into counts, and updates it', async () => {
    const db = freshDb('device');
    await seed(db, []);
    const asset = makeAsset();
    const before = laptopInventory({ memory: 3900, software: [{ name: 'firefox-esr', version: '115.9.0esr-1' }, { name: 'git', version: '1:2.39.5-0+deb12u1' }, { name: 'vim', version: '2:9.0.1378-2' }] });
    await db.assets.put(asset);
    await db.configurationItems.put({ id: uuidv7(), name: 'glpixps', ciType: 'computer', status: 'active', assetId: asset.id, siteId: site.id, description: '', rev: 7 });
    await db.assetInventories.put(recordedInventory(asset, before));
    await render(db, (server) => desktopScanning(server, [laptopInventory({ memory: 7800 })]));

    const panel = await screen.findByTestId('match-panel');
    await waitFor(() => expect(panel.getAttribute('data-match')).toBe('matched'));
    expect(within(panel).getByTestId('matched-asset').textContent).toBe('LT-0042 · glpixps');
    expect(within(panel).getByTestId('matched-asset').getAttribute('href')).toBe(`/assets/${asset.id}`);
    expect(within(panel).getByTestId('matched-ci').textContent).toBe('glpixps');
    expect(within(panel).getByTestId('match-rule').textContent).toBe('Matched by the same serial number and UUID.');
    expect(within(panel).getByTestId('changes-hardware').textContent).toContain('Memory changed: 3.8 GB → 7.6 GB');
    const software = within(panel).getByTestId('changes-software');
    expect(within(software).getByTestId('software-changes-software_added').textContent).toBe('2 added');
    expect(within(software).getByTestId('software-changes-software_removed').textContent).toBe('1 removed');
    expect(within(software).getByTestId('software-changes-software_upgraded').textContent).toBe('1 upgraded or downgraded');
    expect(within(software).queryByTestId('software-change-list')).toBeNull();
    await userEvent.click(within(software).getByTestId('software-changes-software_upgraded'));
    expect(within(software).getByTestId('software-change-list').textContent).toContain('Software upgraded: firefox-esr 115.9.0esr-1 → 128.5.0esr-1');

    await userEvent.click(within(panel).getByRole('button', { name: 'Update asset LT-0042' }));
    await waitFor(() => expect(screen.getByTestId('no-differences')).toBeTruthy());
    expect(screen.getByTestId('device-waiting-to-sync')).toBeTruthy();
    expect((await db.assetInventories.get(asset.id))?.summary.memoryMb).toBe(7800);
  });

  it('says "not recorded yet" for a matched asset without an inventory', async () => {
    const db = freshDb('device');
    await seed(db, []);
    await db.assets.put(makeAsset({ uuid: null, macs: [], serial: null, inventoriedAt: null }));
    await render(db, (server) => desktopScanning(server, [laptopInventory()]));
    const panel = await screen.findByTestId('match-panel');
    await waitFor(() => expect(panel.getAttribute('data-match')).toBe('matched'));
    expect(within(panel).getByTestId('match-rule').textContent).toBe('Matched by the same name.');
    expect(within(panel).getByTestId('not-recorded').textContent).toContain('Not recorded yet');
    expect(within(panel).getByRole('button', { name: 'Update asset LT-0042' })).toBeTruthy();
  });

  it('lets a person pick the asset when the rule finds several, and never guesses', async () => {
    const db = freshDb('device');
    await seed(db, []);
    const a = makeAsset({ tag: 'LT-0001', name: 'old-xps', uuid: null, macs: [] });
    const b = makeAsset({ tag: 'LT-0002', name: 'spare-xps', uuid: null, macs: [] });
    await db.assets.bulkPut([a, b]);
    await render(db, (server) => desktopScanning(server, [laptopInventory()]));

    const panel = await screen.findByTestId('match-panel');
    await waitFor(() => expect(panel.getAttribute('data-match')).toBe('ambiguous'));
    expect(within(panel).getByTestId('ambiguous-match').textContent).toContain('2 assets have the same serial number');
    const update = within(panel).getByRole('button', { name: 'Pick an asset to update' }) as HTMLButtonElement;
    expect(update.disabled).toBe(true);
    await userEvent.click(within(panel).getByLabelText(/LT-0002 · spare-xps/));
    await userEvent.click(within(panel).getByRole('button', { name: 'Update asset LT-0002' }));
    // The chosen asset now carries the UUID too, so the strongest rule finds it alone.
    await waitFor(() => expect(screen.getByTestId('match-panel').getAttribute('data-match')).toBe('matched'));
    expect(screen.getByTestId('matched-asset').textContent).toBe('LT-0002 · spare-xps');
    expect((await db.assets.get(a.id))?.uuid).toBeNull();
  });

  it('keeps a history of scans with their changes, and a rescan (S) of an unchanged machine shows none', async () => {
    const db = freshDb('device');
    await seed(db, []);
    const first = laptopInventory({ memory: 3900 });
    const second = laptopInventory();
    await render(db, (server) => desktopScanning(server, [first, second, second]));

    await waitFor(() => expect(screen.getAllByTestId('history-scan')).toHaveLength(1));
    expect(screen.getByTestId('history-change-count').textContent).toBe('First scan');
    await userEvent.keyboard('s');
    await waitFor(() => expect(screen.getAllByTestId('history-scan')).toHaveLength(2));
    const [newest] = screen.getAllByTestId('history-scan');
    expect(within(newest!).getByTestId('history-change-count').textContent).toBe('1 change');
    await userEvent.click(within(newest!).getByRole('button'));
    expect(within(newest!).getByTestId('history-changes').textContent).toContain('Memory changed: 3.8 GB → 7.6 GB');

    await userEvent.click(screen.getByRole('button', { name: /Scan now/ }));
    await waitFor(() => expect(screen.getAllByTestId('history-scan')).toHaveLength(3));
    expect(within(screen.getAllByTestId('history-scan')[0]!).getByTestId('history-change-count').textContent).toBe('No changes');
  });

  it('says why a scan failed, and refuses to register a device without a name', async () => {
    const db = freshDb('device');
    await seed(db, []);
    let fail = true;
    await render(db, (server) => ({
      ...desktopScanning(server, [laptopInventory()]),
      scanInventory: async () => {
        if (fail) throw new ApiError('server', 'FieldDesk could not scan this computer: inventory worker crashed: out of memory.');
        return laptopInventory();
      },
    }));
    expect((await screen.findByTestId('scan-error')).textContent).toContain('FieldDesk could not scan this computer: inventory worker crashed: out of memory.');
    fail = false;
    await userEvent.click(screen.getByRole('button', { name: /Scan now/ }));
    const panel = await screen.findByTestId('match-panel');
    expect(screen.queryByTestId('scan-error')).toBeNull();
    await userEvent.clear(within(panel).getByLabelText(/^Name/));
    await userEvent.click(within(panel).getByRole('button', { name: 'Register this device' }));
    expect(within(panel).getByTestId('register-error').textContent).toBe('The asset needs a name: the host name is a good one.');
    expect(await db.assets.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('in the web app, says plainly that scanning needs the desktop app', async () => {
    const db = freshDb('device');
    await seed(db, []);
    renderInWorkspace(<DeviceScreen />, { db, path: '/device', route: '/device' });
    const box = await screen.findByTestId('device-needs-desktop');
    expect(box.textContent).toContain('Scanning needs the FieldDesk desktop app');
    expect(within(box).getByRole('link', { name: 'Software' }).getAttribute('href')).toBe('/software');
  });
});
