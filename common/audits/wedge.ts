/**
 * Telling a keyboard-wedge barcode scanner from a person typing, by keystroke timing.
 *
 * A wedge scanner "types" the code it read as keystrokes a few milliseconds apart and ends
 * it with Enter (or Tab, as configured); a person types tens to hundreds of milliseconds
 * apart. The audit screen feeds every key the window sees into a `WedgeReader`, so a scan
 * works anywhere on the screen without clicking into a field; the reader answers, at the
 * terminator, whether the burst before it was a scan.
 *
 * The rule (after onScan.js, whose thresholds are the de-facto defaults): every gap between
 * two characters of the burst, and the gap before the terminator, is at most `maxGapMs`,
 * and the burst is at least `minLength` characters long. A slower key starts a new burst,
 * so a person's "abc⏎" is never a scan even when two of its keys come close together, and
 * a scan that follows typing is still read whole. Modifier keys (Shift for capitals) are
 * ignored; any other key that is not a character (Backspace, arrows) ends the burst.
 *
 * Pure and clock-free: the caller passes each key's time (KeyboardEvent.timeStamp), which is
 * what makes it table-testable and identical in both hosts.
 */

export interface WedgeOptions {
  /** The longest gap between two keys of one scan. Scanners send 1–20 ms apart; Bluetooth ones up to ~40. */
  maxGapMs: number;
  /** The shortest code a scan may carry (shorter bursts are taken as typing). */
  minLength: number;
  /** The longest code; a longer burst is reported as not a code. */
  maxLength: number;
  /** Keys that end a scan. */
  terminators: readonly string[];
}

export const DEFAULT_WEDGE_OPTIONS: WedgeOptions = { maxGapMs: 50, minLength: 4, maxLength: 256, terminators: ['Enter', 'Tab'] };

/** Keys a scanner may press around characters (capitals) that neither add nor break a burst. */
const MODIFIERS = new Set(['Shift', 'CapsLock', 'Alt', 'AltGraph', 'Control', 'Meta', 'Dead', 'Unidentified']);

export type WedgeResult =
  /** The key is not the end of a scan (typing, or a scan still arriving). */
  | { kind: 'none' }
  /** A scan ended with this key: the code (exactly as typed) and how long the burst took. */
  | { kind: 'scan'; code: string; durationMs: number }
  /** A burst as fast as a scanner's that cannot be a code; `reason` says why in words. */
  | { kind: 'rejected'; reason: string };

export class WedgeReader {
  private readonly options: WedgeOptions;
  private buffer = '';
  private firstAt = 0;
  private lastAt = 0;
  private overflow = false;

  constructor(options: Partial<WedgeOptions> = {}) {
    this.options = { ...DEFAULT_WEDGE_OPTIONS, ...options };
  }

  /** Feeds one key (KeyboardEvent.key) pressed at `at` ms; says whether a scan ended with it. */
  push(key: string, at: number): WedgeResult {
    const { maxGapMs, minLength, maxLength, terminators } = this.options;
    if (MODIFIERS.has(key)) return { kind: 'none' };
    const fast = this.buffer.length > 0 && at - this.lastAt <= maxGapMs;
    if (terminators.includes(key)) {
      const code = this.buffer;
      const overflow = this.overflow;
      const durationMs = at - this.firstAt;
      this.reset();
      if (!fast || (code.length < minLength && !overflow)) return { kind: 'none' };
      if (overflow) return { kind: 'rejected', reason: `The scanner sent more than ${maxLength} characters: that is not a tag, a serial number or a location label.` };
      return { kind: 'scan', code, durationMs };
    }
    if ([...key].length !== 1) {
      // Backspace, arrows, function keys: a person is editing; whatever came before is not a scan.
      this.reset();
      return { kind: 'none' };
    }
    if (!fast) {
      this.reset();
      this.firstAt = at;
    }
    if (this.buffer.length >= maxLength) this.overflow = true;
    else this.buffer += key;
    this.lastAt = at;
    return { kind: 'none' };
  }

  /** True while a fast burst is arriving (the screen may hold back a typed character's effect). */
  inBurst(at: number): boolean {
    return this.buffer.length > 0 && at - this.lastAt <= this.options.maxGapMs;
  }

  reset(): void {
    this.buffer = '';
    this.overflow = false;
    this.firstAt = 0;
    this.lastAt = 0;
  }
}

/** The keys a scanner sends for `code` (then Enter), `gapMs` apart from `start`: for tests and benchmarks. */
export function scannerKeys(code: string, start: number, gapMs = 8, terminator = 'Enter'): Array<{ key: string; at: number }> {
  const keys = [...code].map((key, i) => ({ key, at: start + i * gapMs }));
  keys.push({ key: terminator, at: start + [...code].length * gapMs });
  return keys;
}
