/**
 * The one real inventory of this machine in the unit tests: worker.ts bundled with esbuild (as
 * electron-vite does for the app), run in a worker thread with short per-probe time limits, and
 * its GLPI form validated against GLPI's schema. In a container many sections are legitimately empty.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toGlpiInventory } from './glpi';
import { loadGlpiValidator, schemaMissingReason } from './glpi-schema';
import { runInventoryInWorker } from './runInWorker';
import { PROBES, type ScanProgress } from './scan';
import { buildInventoryWorker } from './test-fixtures';

const ROOT = resolve(import.meta.dirname, '../..');

describe('runInventoryInWorker', () => {
  it('scans this machine off the main thread, with progress, and the result is a valid GLPI inventory', async () => {
    const workerPath = await buildInventoryWorker();
    const progress: ScanProgress[] = [];
    const started = Date.now();
    const scan = await runInventoryInWorker((p) => progress.push(p), { workerPath, timeoutMs: 4000 });
    const ms = Date.now() - started;
    console.info(`real inventory in a worker: ${ms} ms, ${Object.keys(scan.sections).length} sections, notes: ${JSON.stringify(scan.notes)}`);
    expect(progress.at(-1)).toMatchObject({ done: PROBES.length, total: PROBES.length });
    // On a loaded CI machine a probe may run out of time: then its section is absent and a note says so.
    if (scan.sections.operatingsystem) expect(scan.sections.operatingsystem.kernel_name).toBe(process.platform);
    else expect(scan.notes.map((n) => n.probe)).toContain('operatingsystem');
    const inv = toGlpiInventory(scan, '0.0.0-test');
    const validate = loadGlpiValidator();
    if (!validate) {
      console.info(schemaMissingReason);
      return;
    }
    expect(validate(inv)).toEqual([]);
  }, 15_000);

  it('stops a worker that does not finish in time, saying so', async () => {
    const dir = resolve(ROOT, 'node_modules/.cache/fielddesk-inventory-test');
    mkdirSync(dir, { recursive: true });
    const stuck = resolve(dir, `stuck-worker-${process.pid}.mjs`);
    writeFileSync(stuck, 'setInterval(() => {}, 1000);\n');
    const started = Date.now();
    await expect(runInventoryInWorker(() => {}, { workerPath: stuck, deadlineMs: 300 })).rejects.toThrow('inventory worker did not finish within 0.3 s and was stopped');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('rejects with a reason when the worker cannot start', async () => {
    await expect(runInventoryInWorker(() => {}, { workerPath: resolve(ROOT, 'no-such-worker.mjs') })).rejects.toThrow(/inventory worker/);
  });
});
