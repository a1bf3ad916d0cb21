import { describe, expect, it } from 'vitest';
import { scannerKeys, WedgeReader, type WedgeResult } from './wedge';

/** Feeds keys and returns every result that is not 'none'. */
function feed(keys: Array<{ key: string; at: number }>, reader = new WedgeReader()): WedgeResult[] {
  return keys.map(({ key, at }) => reader.push(key, at)).filter((r) => r.kind !== 'none');
}

/** Keys typed with the given gaps between them (the first at 1000 ms). */
function typed(keys: string[], gaps: number[]): Array<{ key: string; at: number }> {
  let at = 1000;
  return keys.map((key, i) => {
    if (i > 0) at += gaps[(i - 1) % gaps.length]!;
    return { key, at };
  });
}

describe('WedgeReader', () => {
  it.each([
    ['a USB scanner, 5 ms apart', scannerKeys('FD-000123', 0, 5), [{ kind: 'scan', code: 'FD-000123', durationMs: 45 }]],
    ['a Bluetooth scanner, 40 ms apart', scannerKeys('FD-000123', 0, 40), [{ kind: 'scan', code: 'FD-000123', durationMs: 360 }]],
    ['a scanner ending with Tab', scannerKeys('CZC1234XYZ', 0, 8, 'Tab'), [{ kind: 'scan', code: 'CZC1234XYZ', durationMs: 80 }]],
    ['capitals sent with Shift', typed(['Shift', 'F', 'Shift', 'D', '-', '1', '2', 'Enter'], [3]), [{ kind: 'scan', code: 'FD-12', durationMs: 18 }]],
    ['a person typing 120 ms apart', typed([...'FD-000123', 'Enter'], [120]), []],
    ['a fast typist whose bigrams are close, then Enter late', typed([...'FD-1', 'Enter'], [30, 140, 30, 200]), []],
    ['a short fast burst (a person pressing two keys at once)', typed(['a', 's', 'Enter'], [10]), []],
    ['a scan right after typing is read whole', [...typed(['x', 'y'], [150]), ...scannerKeys('FD-000777', 2000, 6)], [{ kind: 'scan', code: 'FD-000777', durationMs: 54 }]],
    ['Backspace inside a burst: it was edited, not scanned', typed(['F', 'D', '-', 'Backspace', '1', '2', 'Enter'], [5]), []],
    ['two scans back to back', [...scannerKeys('FD-1111', 0, 5), ...scannerKeys('FD-2222', 500, 5)], [
      { kind: 'scan', code: 'FD-1111', durationMs: 35 },
      { kind: 'scan', code: 'FD-2222', durationMs: 35 },
    ]],
    ['Enter alone', typed(['Enter'], [0]), []],
  ] as const)('%s', (_name, keys, expected) => {
    expect(feed([...keys])).toEqual(expected);
  });

  it('says plainly when a burst is longer than any code', () => {
    const results = feed(scannerKeys('X'.repeat(300), 0, 2));
    expect(results).toEqual([{ kind: 'rejected', reason: 'The scanner sent more than 256 characters: that is not a tag, a serial number or a location label.' }]);
  });

  it('takes its thresholds from options', () => {
    expect(feed(scannerKeys('FD-1', 0, 70), new WedgeReader({ maxGapMs: 80 }))).toEqual([{ kind: 'scan', code: 'FD-1', durationMs: 280 }]);
    expect(feed(scannerKeys('AB', 0, 5), new WedgeReader({ minLength: 2 }))).toEqual([{ kind: 'scan', code: 'AB', durationMs: 10 }]);
  });

  it('knows when a burst is arriving', () => {
    const reader = new WedgeReader();
    expect(reader.inBurst(0)).toBe(false);
    reader.push('F', 0);
    expect(reader.inBurst(10)).toBe(true);
    expect(reader.inBurst(100)).toBe(false);
  });
});
