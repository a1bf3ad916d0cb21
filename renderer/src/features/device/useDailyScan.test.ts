import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppInfo, LocalInventory, PlatformEvent } from '@fielddesk/common/ipc/contract';
import { ApiError } from '@fielddesk/common/ipc/contract';
import { createInventoryRepository } from '../../data/repositories/inventory';
import { freshDb, seed, tech } from '../../../test/fixtures';
import { DAILY_SCAN_CHECK_MS, DAILY_SCAN_FIRST_CHECK_MS, isScanDue, startDailyScan } from './useDailyScan';

const HOUR = 60 * 60 * 1000;

function localInventory(scannedAt: string): LocalInventory {
  return {
    document: { deviceid: 'ws-042-0123456789abcdef', itemtype: 'Computer', action: 'inventory', content: { hardware: { name: 'ws-042' }, bios: { ssn: 'CZC1' } } },
    notes: [],
    scannedAt,
    durationMs: 300,
  };
}

async function setup(kind: AppInfo['platform'], clock: { now: number }) {
  const db = freshDb('daily-scan');
  await seed(db, []);
  const scanInventory = vi.fn(async () => localInventory(new Date(clock.now).toISOString()));
  const platform = {
    getAppInfo: async (): Promise<AppInfo> => ({ version: 't', platform: kind, os: 'linux', serverUrl: null }),
    scanInventory,
    onEvent: (_l: (e: PlatformEvent) => void) => () => {},
  };
  const inventory = createInventoryRepository({ db, userId: tech.id, platform });
  return { db, inventory, platform, scanInventory };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('daily scan', () => {
  it('is due with no scan, or one older than a day', () => {
    const now = Date.parse('2026-11-21T10:00:00.000Z');
    expect(isScanDue(null, now)).toBe(true);
    expect(isScanDue('2026-11-20T10:00:00.000Z', now)).toBe(true);
    expect(isScanDue('2026-11-20T10:00:01.000Z', now)).toBe(false);
    expect(isScanDue('not a date', now)).toBe(true);
  });

  it('looks first two minutes after the start, not during it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const clock = { now: Date.parse('2026-11-21T10:00:00.000Z') };
    const { inventory, platform, scanInventory } = await setup('desktop', clock);
    const stop = startDailyScan({ platform, inventory, now: () => clock.now });
    await vi.advanceTimersByTimeAsync(DAILY_SCAN_FIRST_CHECK_MS - 1000);
    expect(scanInventory).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1000);
    await vi.waitFor(() => expect(scanInventory).toHaveBeenCalledTimes(1));
    stop();
  });

  it('on the desktop: scans at the first look when none exists, then only once the newest is a day old (checked hourly)', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const clock = { now: Date.parse('2026-11-21T10:00:00.000Z') };
    const { inventory, platform, scanInventory, db } = await setup('desktop', clock);
    const stop = startDailyScan({ platform, inventory, now: () => clock.now, firstCheckAfterMs: 0 });
    await vi.waitFor(async () => expect(await db.deviceScans.count()).toBe(1));
    expect(scanInventory).toHaveBeenCalledTimes(1);

    clock.now += 23 * HOUR;
    vi.advanceTimersByTime(DAILY_SCAN_CHECK_MS);
    await new Promise((r) => setTimeout(r, 50));
    expect(scanInventory).toHaveBeenCalledTimes(1);

    clock.now += HOUR;
    vi.advanceTimersByTime(DAILY_SCAN_CHECK_MS);
    await vi.waitFor(async () => expect(await db.deviceScans.count()).toBe(2));
    expect(scanInventory).toHaveBeenCalledTimes(2);
    stop();
    clock.now += 48 * HOUR;
    vi.advanceTimersByTime(DAILY_SCAN_CHECK_MS * 3);
    await new Promise((r) => setTimeout(r, 50));
    expect(scanInventory).toHaveBeenCalledTimes(2);
  });

  it('keeps a failure in the scan status instead of throwing, and tries again at the next check', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const clock = { now: Date.parse('2026-11-21T10:00:00.000Z') };
    const { inventory, platform, scanInventory, db } = await setup('desktop', clock);
    scanInventory.mockRejectedValueOnce(new ApiError('server', 'FieldDesk could not scan this computer: inventory worker crashed.'));
    const stop = startDailyScan({ platform, inventory, now: () => clock.now, firstCheckAfterMs: 0 });
    await vi.waitFor(() => expect(inventory.scanStatus.getState().error).toBe('FieldDesk could not scan this computer: inventory worker crashed.'));
    expect(await db.deviceScans.count()).toBe(0);
    vi.advanceTimersByTime(DAILY_SCAN_CHECK_MS);
    await vi.waitFor(async () => expect(await db.deviceScans.count()).toBe(1));
    expect(inventory.scanStatus.getState().error).toBeNull();
    stop();
  });

  it('does nothing in the web app', async () => {
    const clock = { now: Date.now() };
    const { inventory, platform, scanInventory } = await setup('web', clock);
    const stop = startDailyScan({ platform, inventory, firstCheckAfterMs: 0 });
    await new Promise((r) => setTimeout(r, 50));
    expect(scanInventory).not.toHaveBeenCalled();
    stop();
  });
});
