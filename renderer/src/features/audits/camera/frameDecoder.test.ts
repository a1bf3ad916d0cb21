import { describe, expect, it } from 'vitest';
import { locationLabelCode } from '@fielddesk/common/audits/codes';
import { FrameDecoder, rgbaToLuminance } from './frameDecoder';
import { barcodeFrame, toRgba, type TestSymbology } from './testBarcodes';

const LOC = locationLabelCode('5f0c8a9e-3b1d-4c2e-9f00-1a2b3c4d5e6f');

describe('FrameDecoder', () => {
  it.each<[TestSymbology, string, string]>([
    ['code128', 'AST-0042', 'CODE_128'],
    ['qrcode', LOC, 'QR_CODE'],
    ['code39', 'AST-39', 'CODE_39'],
    ['ean13', '4006381333931', 'EAN_13'],
    ['ean8', '96385074', 'EAN_8'],
    ['datamatrix', 'LAB-2026-000123', 'DATA_MATRIX'],
  ])('reads %s from a camera-sized frame', (bcid, text, format) => {
    const frame = barcodeFrame(bcid, text);
    const decoder = new FrameDecoder();
    // Through the RGBA path a canvas gives.
    const lum = rgbaToLuminance(toRgba(frame), frame.width, frame.height);
    expect(decoder.decode(lum, frame.width, frame.height)).toEqual({ text, format });
  });

  it('finds nothing in an empty frame', () => {
    const lum = new Uint8ClampedArray(320 * 240).fill(128);
    expect(new FrameDecoder().decode(lum, 320, 240)).toBeNull();
  });

  it('reports a code once while it stays in sight, again after it was away, and each distinct code', () => {
    const decoder = new FrameDecoder({ repeatWindowMs: 1000 });
    const a = barcodeFrame('code128', 'AST-0001');
    const b = barcodeFrame('qrcode', LOC);
    const empty = { ...a, lum: new Uint8ClampedArray(a.lum.length).fill(128) };
    const seen: string[] = [];
    const timeline: Array<[typeof a, number]> = [
      [a, 0], [a, 150], [a, 300], [a, 450], // held in front: once
      [b, 600], [b, 750], // another code: at once
      [a, 900], // back to A within the window since it was last seen (450): not again
      [empty, 1050], [empty, 2000],
      [a, 2100], // away for over a second: again
    ];
    for (const [frame, now] of timeline) {
      const found = decoder.tick(frame.lum, frame.width, frame.height, now);
      if (found) seen.push(found.text);
    }
    expect(seen).toEqual(['AST-0001', LOC, 'AST-0001']);
  });
});
