/**
 * Test support (not used by the app): camera-like greyscale frames of barcodes drawn from
 * bwip-js's symbols, for the decoder's unit tests and for the fake camera of the e2e test
 * (e2e/web/audit-camera.spec.ts, which turns them into a Y4M video).
 */
import bwipjs from 'bwip-js/browser';

export type TestSymbology = 'code128' | 'qrcode' | 'code39' | 'ean13' | 'ean8' | 'datamatrix';

export interface GreyFrame {
  width: number;
  height: number;
  /** One luminance byte a pixel, row by row. */
  lum: Uint8ClampedArray;
}

/** The symbol's modules: for 1D codes one row of bar (true) and space widths, for 2D a matrix. */
function symbolMatrix(bcid: TestSymbology, text: string): boolean[][] {
  const raw = bwipjs.raw(bcid, text, bcid === 'qrcode' ? 'eclevel=M' : '') as Array<{ sbs?: number[]; pixs?: number[]; pixx?: number; pixy?: number }>;
  const sym = raw[0]!;
  if (sym.pixs && sym.pixx && sym.pixy) {
    return Array.from({ length: sym.pixy }, (_, y) => Array.from({ length: sym.pixx! }, (_, x) => sym.pixs![y * sym.pixx! + x] === 1));
  }
  if (!sym.sbs) throw new Error(`bwip-js gave no symbol for ${bcid}`);
  const row: boolean[] = [];
  sym.sbs.forEach((w, i) => {
    for (let k = 0; k < w; k++) row.push(i % 2 === 0);
  });
  return [row];
}

/**
 * A frame of `width` × `height` with the symbol centred on a white card (quiet zone) over a
 * grey background, as large as fits in about 70 % of the frame.
 */
export function barcodeFrame(bcid: TestSymbology, text: string, width = 640, height = 480): GreyFrame {
  const m = symbolMatrix(bcid, text);
  const linear = m.length === 1;
  const cols = m[0]!.length;
  const scale = Math.max(1, Math.floor((width * 0.7) / (cols + (linear ? 20 : 8))));
  const rows = linear ? Math.floor((height * 0.35) / scale) : m.length;
  const symW = cols * scale;
  const symH = rows * scale;
  const quiet = (linear ? 10 : 4) * scale;
  const x0 = Math.floor((width - symW) / 2);
  const y0 = Math.floor((height - symH) / 2);
  const lum = new Uint8ClampedArray(width * height).fill(150);
  for (let y = y0 - quiet; y < y0 + symH + quiet; y++) for (let x = x0 - quiet; x < x0 + symW + quiet; x++) if (x >= 0 && y >= 0 && x < width && y < height) lum[y * width + x] = 235;
  for (let y = 0; y < symH; y++) {
    const row = m[linear ? 0 : Math.floor(y / scale)]!;
    for (let x = 0; x < symW; x++) if (row[Math.floor(x / scale)]) lum[(y0 + y) * width + x0 + x] = 20;
  }
  return { width, height, lum };
}

/** The same frame as RGBA pixels (what a canvas's getImageData gives). */
export function toRgba(frame: GreyFrame): Uint8ClampedArray {
  const out = new Uint8ClampedArray(frame.width * frame.height * 4);
  frame.lum.forEach((v, i) => {
    out[i * 4] = v;
    out[i * 4 + 1] = v;
    out[i * 4 + 2] = v;
    out[i * 4 + 3] = 255;
  });
  return out;
}
