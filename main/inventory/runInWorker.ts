/**
 * Starts the inventory worker (worker.ts, built by electron-vite as out/main/inventory-worker.js)
 * and relays its progress; resolves with the scan when the worker is done.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ScanProgress, ScanResult } from './scan';

export interface WorkerOptions {
  timeoutMs?: number;
}

/**
 * The whole scan's backstop: probes run concurrently, each within its own time limit, so a worker
 * still busy long after that is stuck (and would hold every later scan that joins it).
 */
export const DEFAULT_SCAN_DEADLINE_MS = 120_000;

export type WorkerMessage =
  | { type: 'progress'; progress: ScanProgress }
  | { type: 'result'; result: ScanResult }
  | { type: 'error'; message: string };

/** Where the built worker sits: next to the bundled main (out/main/). */
export function defaultWorkerPath(): string {
  return join(dirname(fileURLToPath(import.meta.url)), 'inventory-worker.js');
}

export function runInventoryInWorker(
  onProgress: (progress: ScanProgress) => void,
  options: WorkerOptions & { workerPath?: string; deadlineMs?: number } = {},
): Promise<ScanResult> {
  const { workerPath = defaultWorkerPath(), deadlineMs, ...workerOptions } = options;
  const deadline = deadlineMs ?? (workerOptions.timeoutMs ? Math.max(3 * workerOptions.timeoutMs, 10_000) : DEFAULT_SCAN_DEADLINE_MS);
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerPath, { workerData: workerOptions });
    let settled = false;
    const timer = setTimeout(() => {
      const seconds = deadline >= 10_000 ? String(Math.round(deadline / 1000)) : (deadline / 1000).toFixed(1);
      finish(() => reject(new Error(`inventory worker did not finish within ${seconds} s and was stopped`)));
    }, deadline);
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
      // A probe still hanging past its time limit must not keep the thread alive.
      void worker.terminate();
    };
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') onProgress(message.progress);
      else if (message.type === 'result') finish(() => resolve(message.result));
      else finish(() => reject(new Error(`inventory worker failed: ${message.message}`)));
    });
    worker.on('error', (e) => finish(() => reject(new Error(`inventory worker crashed: ${e.message}`))));
    worker.on('exit', (code) => finish(() => reject(new Error(`inventory worker exited (code ${code}) before its result`))));
  });
}
