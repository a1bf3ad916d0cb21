import { describe, expect, it } from 'vitest';
import { PROBES, runScan, type ScanProgress } from './scan';
import { stubDeps, stubSi } from './test-fixtures';

describe('runScan', () => {
  it('runs every probe and reports progress once per probe, ending at total', async () => {
    const progress: ScanProgress[] = [];
    const scan = await runScan({ deps: stubDeps(), onProgress: (p) => progress.push(p) });
    expect(scan.notes).toEqual([]);
    expect(progress).toHaveLength(PROBES.length);
    expect(progress.map((p) => p.done)).toEqual(PROBES.map((_, i) => i + 1));
    expect(progress.every((p) => p.total === PROBES.length)).toBe(true);
    expect(new Set(progress.map((p) => p.probe))).toEqual(new Set(PROBES.map((p) => p.name)));
    expect(scan.sections.softwares).toHaveLength(2);
    expect(scan.machineId).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a failing probe and a hanging probe leave their sections empty with a note; the rest is there, on time', async () => {
    const si = stubSi({
      usb: () => Promise.reject(new Error('lsusb: command not found')),
      printer: () => new Promise<never>(() => {}),
      // A probe that throws before returning a promise is caught the same way.
      graphics: () => {
        throw new Error('no DRM device');
      },
    });
    const started = Date.now();
    const scan = await runScan({ deps: stubDeps({ si }), timeoutMs: 150 });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(scan.sections.usbdevices).toBeUndefined();
    expect(scan.sections.printers).toBeUndefined();
    expect(scan.sections.monitors).toBeUndefined();
    expect(scan.sections.hardware?.name).toBe('lt-0421');
    expect(scan.sections.softwares).toHaveLength(2);
    expect([...scan.notes].sort((a, b) => a.probe.localeCompare(b.probe))).toEqual([
      { probe: 'graphics', message: 'failed: no DRM device' },
      { probe: 'printers', message: 'timed out: no answer within 150 ms' },
      { probe: 'usbdevices', message: 'failed: lsusb: command not found' },
    ]);
  });

  it('a hanging machine id does not hold the scan either', async () => {
    const scan = await runScan({ deps: stubDeps({ machineId: () => new Promise<never>(() => {}) }), timeoutMs: 100 });
    expect(scan.machineId).toBeUndefined();
    expect(scan.notes).toEqual([{ probe: 'machineId', message: 'no answer within 100 ms' }]);
  });
});
