/**
 * The daily scan of this device (desktop app only): two minutes after the app starts (never
 * competing with its start and first sync) and then every hour, if the newest scan is older
 * than a day (or there is none), scan in the background. A failed scan
 * is kept in the inventory repository's scanStatus (the "This device" screen shows it), never
 * thrown; the next hourly check tries again. The shell mounts useDailyScan() once.
 */
import { useEffect } from 'react';
import type { Platform } from '@fielddesk/common/ipc/contract';
import { usePlatform } from '../../app/platformContext';
import { useWorkspace } from '../../app/workspaceContext';
import type { InventoryRepository } from '../../data/repositories/inventory';

export const DAILY_SCAN_MAX_AGE_MS = 24 * 60 * 60 * 1000;
export const DAILY_SCAN_CHECK_MS = 60 * 60 * 1000;
export const DAILY_SCAN_FIRST_CHECK_MS = 2 * 60 * 1000;

export interface DailyScanOptions {
  platform: Pick<Platform, 'getAppInfo'>;
  inventory: Pick<InventoryRepository, 'latestScan' | 'scan' | 'scanStatus'>;
  /** A scan older than this is due (default one day). */
  maxAgeMs?: number;
  /** How often to look (default hourly). */
  checkEveryMs?: number;
  /** When to look first, after the start (default two minutes; 0: at once). */
  firstCheckAfterMs?: number;
  now?: () => number;
}

/** Whether a scan is due now: none yet, or the newest is older than `maxAgeMs`. */
export function isScanDue(latestScannedAt: string | null, now: number, maxAgeMs = DAILY_SCAN_MAX_AGE_MS): boolean {
  if (latestScannedAt === null) return true;
  const at = Date.parse(latestScannedAt);
  return !Number.isFinite(at) || now - at >= maxAgeMs;
}

/** Starts the schedule; returns a function that stops it. Does nothing outside the desktop app. */
export function startDailyScan(options: DailyScanOptions): () => void {
  const { platform, inventory } = options;
  const maxAgeMs = options.maxAgeMs ?? DAILY_SCAN_MAX_AGE_MS;
  const checkEveryMs = options.checkEveryMs ?? DAILY_SCAN_CHECK_MS;
  const firstCheckAfterMs = options.firstCheckAfterMs ?? DAILY_SCAN_FIRST_CHECK_MS;
  const now = options.now ?? Date.now;
  let stopped = false;
  let first: ReturnType<typeof setTimeout> | null = null;
  let timer: ReturnType<typeof setInterval> | null = null;

  async function check(): Promise<void> {
    if (stopped || inventory.scanStatus.getState().running) return;
    try {
      const latest = await inventory.latestScan();
      if (stopped || !isScanDue(latest?.scannedAt ?? null, now(), maxAgeMs)) return;
      await inventory.scan();
    } catch {
      // Kept in inventory.scanStatus (error, errorCode) for the screen; tried again at the next check.
    }
  }

  void platform
    .getAppInfo()
    .then((info) => {
      if (stopped || info.platform !== 'desktop') return;
      if (firstCheckAfterMs > 0) first = setTimeout(() => void check(), firstCheckAfterMs);
      else void check();
      timer = setInterval(() => void check(), checkEveryMs);
    })
    .catch(() => {
      // Without app info there is no telling whether this machine can be scanned: do nothing.
    });

  return () => {
    stopped = true;
    if (first) clearTimeout(first);
    if (timer) clearInterval(timer);
  };
}

/** Mount once in the signed-in shell: scans this device daily in the background (desktop only). */
export function useDailyScan(): void {
  const platform = usePlatform();
  const { inventory } = useWorkspace();
  useEffect(() => startDailyScan({ platform, inventory }), [platform, inventory]);
}
