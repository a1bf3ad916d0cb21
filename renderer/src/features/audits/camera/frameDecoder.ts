/**
 * Decoding camera frames: @zxing/library (pure JavaScript, bundled with the app: nothing is
 * fetched at run time, no WebAssembly) reading QR, Code 128, Code 39, EAN-13, EAN-8 and Data
 * Matrix from a frame's luminance. `FrameDecoder.tick` is what the camera loop calls for each
 * frame: it answers a code only the first time it is seen, and again only after it has been out
 * of sight for `repeatWindowMs` — a code held in front of the camera is one scan, not one per frame.
 */
import { BarcodeFormat, BinaryBitmap, DecodeHintType, HybridBinarizer, MultiFormatReader, RGBLuminanceSource } from '@zxing/library';

export const CAMERA_FORMATS: readonly BarcodeFormat[] = [
  BarcodeFormat.QR_CODE,
  BarcodeFormat.CODE_128,
  BarcodeFormat.CODE_39,
  BarcodeFormat.EAN_13,
  BarcodeFormat.EAN_8,
  BarcodeFormat.DATA_MATRIX,
];

export interface Decoded {
  text: string;
  /** zxing's name for the symbology: QR_CODE, CODE_128… */
  format: string;
}

/** RGBA pixels (ImageData.data) to one luminance byte a pixel. */
export function rgbaToLuminance(rgba: Uint8ClampedArray, width: number, height: number): Uint8ClampedArray {
  const lum = new Uint8ClampedArray(width * height);
  for (let i = 0, p = 0; p < lum.length; i += 4, p++) {
    // ITU-R BT.601 weights in fixed point, as zxing's own canvas source does.
    lum[p] = (rgba[i]! * 306 + rgba[i + 1]! * 601 + rgba[i + 2]! * 117) >> 10;
  }
  return lum;
}

export class FrameDecoder {
  private readonly reader = new MultiFormatReader();
  private readonly lastSeen = new Map<string, number>();
  private readonly repeatWindowMs: number;

  constructor(options: { repeatWindowMs?: number; formats?: readonly BarcodeFormat[] } = {}) {
    this.repeatWindowMs = options.repeatWindowMs ?? 2000;
    const hints = new Map<DecodeHintType, unknown>([
      [DecodeHintType.POSSIBLE_FORMATS, [...(options.formats ?? CAMERA_FORMATS)]],
      [DecodeHintType.TRY_HARDER, true],
    ]);
    this.reader.setHints(hints);
  }

  /** The code in one frame, if any. */
  decode(luminance: Uint8ClampedArray, width: number, height: number): Decoded | null {
    try {
      const bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(luminance, width, height)));
      const result = this.reader.decodeWithState(bitmap);
      return { text: result.getText(), format: BarcodeFormat[result.getBarcodeFormat()] ?? String(result.getBarcodeFormat()) };
    } catch {
      // NotFound, checksum and format errors: no code in this frame.
      return null;
    } finally {
      this.reader.reset();
    }
  }

  /** One frame of the loop at `now` (ms): the code to report, or null (none, or seen just before). */
  tick(luminance: Uint8ClampedArray, width: number, height: number, now: number): Decoded | null {
    const found = this.decode(luminance, width, height);
    if (!found) return null;
    const seen = this.lastSeen.get(found.text);
    this.lastSeen.set(found.text, now);
    if (this.lastSeen.size > 256) {
      for (const [text, at] of this.lastSeen) if (now - at > this.repeatWindowMs) this.lastSeen.delete(text);
    }
    return seen !== undefined && now - seen <= this.repeatWindowMs ? null : found;
  }
}
