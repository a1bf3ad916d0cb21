/**
 * A keyboard-wedge barcode scanner, anywhere on the screen: every key the window sees (capture
 * phase, before any field or form) is fed to common/audits/wedge.ts's `WedgeReader` with the
 * event's own time, and a scan calls `onScan(code)` without the auditor clicking into a field.
 *
 * A scanner "types", so while the focus is in a text field its keystrokes would land there.
 * The hook keeps them out without losing a person's typing:
 * - the first key of a burst cannot be told from typing and reaches the field;
 * - the second key, as fast as a scanner's, shows a burst is arriving: from then on every key
 *   of the burst is held back (preventDefault), and the first one is taken back out of the field;
 * - at the terminator the burst is a scan (or a rejected burst): nothing of it stays in the
 *   field, and the Enter (or Tab) is stopped, so it neither submits a form nor moves the focus;
 * - a burst that ends without being a scan (a fast typist's two keys, a burst shorter than a
 *   code) is given back to the field where it was, as typed, once the burst is over — at the next
 *   slower key, or `maxGapMs` later.
 *
 * Held keys (autorepeat), shortcuts (Ctrl, Alt, Meta) and IME composition are left alone. With
 * `ownsKeys`, a character key outside a text field reaches nothing but the scanner.
 */
import { useEffect, useRef } from 'react';
import { DEFAULT_WEDGE_OPTIONS, WedgeReader, type WedgeOptions } from '@fielddesk/common/audits/wedge';

export interface WedgeScannerOptions {
  /** Off while a dialog that takes typing is open, say. Default on. */
  enabled?: boolean;
  /** A burst as fast as a scanner's that is not a code, with the reason in words. */
  onRejected?: (reason: string) => void;
  /** Thresholds (common/audits/wedge.ts's defaults otherwise). */
  wedge?: Partial<WedgeOptions>;
  /**
   * The screen owns the keyboard outside text fields: a character key there goes to the scanner
   * only, never to the app's single-key shortcuts (a scan of "NIT-0008" would otherwise open
   * New ticket with its first key, which cannot be told from typing). Shortcuts with Ctrl, Alt
   * or Meta still work. Default off.
   */
  ownsKeys?: boolean;
}

type TextField = HTMLInputElement | HTMLTextAreaElement;

/** Keys a scanner presses around characters (Shift for capitals): they neither add to nor end a burst (as in wedge.ts). */
const MODIFIER_KEYS = new Set(['Shift', 'CapsLock', 'Alt', 'AltGraph', 'Control', 'Meta', 'Dead', 'Unidentified']);

const TEXT_INPUT_TYPES = new Set(['text', 'search', 'tel', 'url', 'email', 'password', 'number', '']);

function textFieldOf(target: EventTarget | null): TextField | null {
  if (target instanceof HTMLTextAreaElement) return target.readOnly || target.disabled ? null : target;
  if (target instanceof HTMLInputElement && TEXT_INPUT_TYPES.has(target.type)) return target.readOnly || target.disabled ? null : target;
  return null;
}

/** Sets a field's value the way typing does, so React's onChange sees it. */
function setFieldValue(field: TextField, value: string, caret: number | null): void {
  const proto = field instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  const setter = Object.getOwnPropertyDescriptor(proto, 'value')?.set;
  if (setter) setter.call(field, value);
  else field.value = value;
  if (caret !== null) {
    try {
      field.setSelectionRange(caret, caret);
    } catch {
      /* email and number fields have no selection */
    }
  }
  field.dispatchEvent(new Event('input', { bubbles: true }));
}

function caretOf(field: TextField): number | null {
  try {
    return field.selectionStart;
  } catch {
    return null;
  }
}

/** Takes `text` back out of the field, just before the caret (or at the end). True if it was there. */
function takeBack(field: TextField, text: string): boolean {
  const value = field.value;
  const caret = caretOf(field) ?? value.length;
  if (caret < text.length || value.slice(caret - text.length, caret) !== text) return false;
  setFieldValue(field, value.slice(0, caret - text.length) + value.slice(caret), caret - text.length);
  return true;
}

/** Puts held keys into the field at the caret, as typing would have. */
function giveBack(field: TextField, text: string): void {
  if (!field.isConnected || text.length === 0) return;
  const value = field.value;
  const caret = caretOf(field) ?? value.length;
  setFieldValue(field, value.slice(0, caret) + text + value.slice(caret), caret + text.length);
}

export function useWedgeScanner(onScan: (code: string) => void, options: WedgeScannerOptions = {}): void {
  const { enabled = true, ownsKeys = false } = options;
  const latest = useRef({ onScan, onRejected: options.onRejected });
  latest.current = { onScan, onRejected: options.onRejected };
  const wedgeKey = JSON.stringify(options.wedge ?? {});

  useEffect(() => {
    if (!enabled) return;
    const wedge: WedgeOptions = { ...DEFAULT_WEDGE_OPTIONS, ...(JSON.parse(wedgeKey) as Partial<WedgeOptions>) };
    const reader = new WedgeReader(wedge);
    /** The burst's characters kept out of a field, to give back if it turns out to be typing. */
    let held: { field: TextField | null; text: string } | null = null;
    /** The last character key that reached the page (a burst's possible first key). */
    let last: { key: string; at: number; field: TextField | null } | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;

    const flush = () => {
      clearTimeout(timer);
      timer = undefined;
      if (held?.field) giveBack(held.field, held.text);
      held = null;
    };
    const drop = () => {
      clearTimeout(timer);
      timer = undefined;
      held = null;
      last = null;
    };

    const onKeyDown = (e: KeyboardEvent) => {
      if (e.isComposing || e.key === 'Process') return;
      if (e.ctrlKey || e.metaKey || (e.altKey && e.key !== 'AltGraph' && !e.getModifierState?.('AltGraph'))) {
        flush();
        reader.reset();
        last = null;
        return;
      }
      if (e.repeat) {
        flush();
        reader.reset();
        last = null;
        return;
      }
      if (MODIFIER_KEYS.has(e.key)) return;
      const at = e.timeStamp;
      const continues = reader.inBurst(at);
      // A slower key: the burst before it is over and was not a scan; give it back first.
      if (!continues && held) flush();
      const result = reader.push(e.key, at);
      const field = textFieldOf(e.target);
      if (ownsKeys && !field && [...e.key].length === 1) e.stopPropagation();

      if (result.kind === 'scan' || result.kind === 'rejected') {
        e.preventDefault();
        e.stopPropagation();
        drop();
        if (result.kind === 'scan') latest.current.onScan(result.code);
        else latest.current.onRejected?.(result.reason);
        return;
      }
      if (wedge.terminators.includes(e.key)) {
        // Not a scan (typing, or too short): whatever was held goes back before Enter does its work.
        flush();
        last = null;
        return;
      }
      if ([...e.key].length !== 1) {
        flush();
        last = null;
        return;
      }
      if (continues && reader.inBurst(at)) {
        // A burst is arriving: hold this key back, and take its first key out of the field.
        e.preventDefault();
        if (!held) {
          held = { field, text: '' };
          if (last && last.field && at - last.at <= wedge.maxGapMs && takeBack(last.field, last.key)) {
            held = { field: last.field, text: last.key };
          }
        }
        held.text += e.key;
        if (!held.field) held.field = field;
        last = null;
        clearTimeout(timer);
        timer = setTimeout(flush, wedge.maxGapMs + 1);
        return;
      }
      last = { key: e.key, at, field };
    };

    window.addEventListener('keydown', onKeyDown, { capture: true });
    return () => {
      window.removeEventListener('keydown', onKeyDown, { capture: true });
      flush();
    };
  }, [enabled, ownsKeys, wedgeKey]);
}
