import { act, render } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { scannerKeys } from '@fielddesk/common/audits/wedge';
import { useWedgeScanner, type WedgeScannerOptions } from './useWedgeScanner';

/**
 * jsdom does not type: a keydown nobody prevented puts its character into the focused field
 * here, as a browser would (a bubbling listener, so the hook's capture listener runs first).
 */
function emulateTyping(e: KeyboardEvent) {
  const el = e.target;
  if (e.defaultPrevented || !(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement)) return;
  if ([...e.key].length !== 1) return;
  const caret = el.selectionStart ?? el.value.length;
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
  setter.call(el, el.value.slice(0, caret) + e.key + el.value.slice(caret));
  el.setSelectionRange(caret + 1, caret + 1);
  el.dispatchEvent(new Event('input', { bubbles: true }));
}

/** A keydown at a chosen time (fireEvent cannot set the read-only timeStamp); false if prevented. */
function press(target: Element | Window, key: string, at: number, init: KeyboardEventInit = {}) {
  const e = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init });
  Object.defineProperty(e, 'timeStamp', { value: at });
  act(() => {
    target.dispatchEvent(e);
  });
  return !e.defaultPrevented;
}

function Screen({ onScan, options, onSubmit }: { onScan: (c: string) => void; options?: WedgeScannerOptions; onSubmit?: () => void }) {
  const [note, setNote] = useState('');
  useWedgeScanner(onScan, options);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit?.();
      }}
    >
      <input aria-label="note" value={note} onChange={(e) => setNote(e.target.value)} />
      <output data-testid="state">{note}</output>
      <button type="submit">Save</button>
    </form>
  );
}

describe('useWedgeScanner', () => {
  beforeEach(() => document.addEventListener('keydown', emulateTyping));
  afterEach(() => {
    document.removeEventListener('keydown', emulateTyping);
    vi.useRealTimers();
  });

  it('controls its event times', () => {
    let seen = -1;
    const l = (e: KeyboardEvent) => (seen = e.timeStamp);
    window.addEventListener('keydown', l);
    press(document.body, 'a', 1234);
    window.removeEventListener('keydown', l);
    expect(seen).toBe(1234);
  });

  it('reads a scan with nothing focused', () => {
    const onScan = vi.fn();
    render(<Screen onScan={onScan} />);
    for (const k of scannerKeys('AST-0042', 1000)) press(document.body, k.key, k.at);
    expect(onScan).toHaveBeenCalledExactlyOnceWith('AST-0042');
  });

  it('with ownsKeys, keeps character keys outside fields from the app’s shortcuts (a scan of NIT-… would open New ticket), not Ctrl shortcuts', () => {
    const shortcuts: string[] = [];
    const hotkeys = (e: KeyboardEvent) => shortcuts.push(`${e.ctrlKey ? 'Ctrl+' : ''}${e.key}`);
    document.documentElement.addEventListener('keydown', hotkeys);
    try {
      const onScan = vi.fn();
      const { unmount } = render(<Screen onScan={onScan} options={{ ownsKeys: true }} />);
      for (const k of scannerKeys('NIT-0008', 1000)) press(document.body, k.key, k.at);
      expect(onScan).toHaveBeenCalledExactlyOnceWith('NIT-0008');
      press(document.body, 'k', 5000, { ctrlKey: true });
      expect(shortcuts).toEqual(['Ctrl+k']);
      unmount();
      // Without it, a slow single key reaches the shortcuts, as everywhere else in the app.
      render(<Screen onScan={onScan} />);
      press(document.body, 'n', 9000);
      expect(shortcuts).toEqual(['Ctrl+k', 'n']);
    } finally {
      document.documentElement.removeEventListener('keydown', hotkeys);
    }
  });

  it('ignores a person typing the same characters', () => {
    const onScan = vi.fn();
    render(<Screen onScan={onScan} />);
    for (const k of scannerKeys('AST-0042', 1000, 120)) press(document.body, k.key, k.at);
    expect(onScan).not.toHaveBeenCalled();
  });

  it('keeps a scan out of a focused text field and does not submit its form', () => {
    const onScan = vi.fn();
    const onSubmit = vi.fn();
    const { getByLabelText, getByTestId } = render(<Screen onScan={onScan} onSubmit={onSubmit} />);
    const input = getByLabelText('note') as HTMLInputElement;
    input.focus();
    // The person typed "hi" first, slowly.
    press(input, 'h', 100);
    press(input, 'i', 300);
    expect(input.value).toBe('hi');
    let submittedByEnter = 0;
    for (const k of scannerKeys('LAB-000123', 1000)) {
      const notPrevented = press(input, k.key, k.at);
      if (k.key === 'Enter' && notPrevented) submittedByEnter++;
    }
    expect(onScan).toHaveBeenCalledExactlyOnceWith('LAB-000123');
    expect(input.value).toBe('hi');
    expect(getByTestId('state').textContent).toBe('hi');
    expect(submittedByEnter).toBe(0);
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('takes the first key back out where the caret is, not only at the end', () => {
    const onScan = vi.fn();
    const { getByLabelText } = render(<Screen onScan={onScan} />);
    const input = getByLabelText('note') as HTMLInputElement;
    input.focus();
    for (const [i, k] of [...'abcd'].entries()) press(input, k, 100 + i * 200);
    input.setSelectionRange(2, 2);
    for (const k of scannerKeys('X1234', 2000)) press(input, k.key, k.at);
    expect(onScan).toHaveBeenCalledWith('X1234');
    expect(input.value).toBe('abcd');
  });

  it('gives a fast typist’s keys back to the field, in order', () => {
    const onScan = vi.fn();
    const { getByLabelText, getByTestId } = render(<Screen onScan={onScan} />);
    const input = getByLabelText('note') as HTMLInputElement;
    input.focus();
    // "th" rolled within 30 ms, then "e" 150 ms later, then " x" slowly.
    press(input, 't', 100);
    press(input, 'h', 130);
    expect(input.value).toBe(''); // held back while it might be a scan
    press(input, 'e', 280);
    expect(input.value).toBe('the');
    press(input, ' ', 500);
    press(input, 'x', 700);
    expect(input.value).toBe('the x');
    expect(getByTestId('state').textContent).toBe('the x');
    expect(onScan).not.toHaveBeenCalled();
  });

  it('gives held keys back on their own once the burst is over', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { getByLabelText } = render(<Screen onScan={vi.fn()} />);
    const input = getByLabelText('note') as HTMLInputElement;
    input.focus();
    press(input, 'o', 100);
    press(input, 'k', 120);
    expect(input.value).toBe('');
    vi.advanceTimersByTime(60);
    expect(input.value).toBe('ok');
  });

  it('gives back a short fast burst before its Enter does its work', () => {
    const onScan = vi.fn();
    const onSubmit = vi.fn();
    const { getByLabelText } = render(<Screen onScan={onScan} onSubmit={onSubmit} />);
    const input = getByLabelText('note') as HTMLInputElement;
    input.focus();
    for (const k of scannerKeys('ab', 1000)) press(input, k.key, k.at);
    expect(onScan).not.toHaveBeenCalled();
    expect(input.value).toBe('ab');
  });

  it('reports a burst that is not a code', () => {
    const onScan = vi.fn();
    const onRejected = vi.fn();
    const { getByLabelText } = render(<Screen onScan={onScan} options={{ onRejected, wedge: { maxLength: 8 } }} />);
    const input = getByLabelText('note') as HTMLInputElement;
    input.focus();
    for (const k of scannerKeys('ABCDEFGHIJKL', 1000)) press(input, k.key, k.at);
    expect(onScan).not.toHaveBeenCalled();
    expect(onRejected).toHaveBeenCalledOnce();
    expect(onRejected.mock.calls[0]![0]).toMatch(/more than 8 characters/);
    expect(input.value).toBe('');
  });

  it('reads scans in a row, and capitals sent with Shift', () => {
    const onScan = vi.fn();
    render(<Screen onScan={onScan} />);
    let t = 1000;
    for (const code of ['AST-1', 'ast-2', 'LOC:5f0c']) {
      for (const k of scannerKeys(code, t)) {
        if (/[A-Z]/.test(k.key)) press(document.body, 'Shift', k.at - 1);
        press(document.body, k.key, k.at);
      }
      t += 500;
    }
    expect(onScan.mock.calls.map((c) => c[0])).toEqual(['AST-1', 'ast-2', 'LOC:5f0c']);
  });

  it('keeps a scan with Shift before each capital out of a focused field', () => {
    const onScan = vi.fn();
    const { getByLabelText } = render(<Screen onScan={onScan} />);
    const input = getByLabelText('note') as HTMLInputElement;
    input.focus();
    press(input, 'x', 100);
    for (const k of scannerKeys('AB-12cD', 1000)) {
      if (/[A-Z]/.test(k.key)) press(input, 'Shift', k.at - 1, { shiftKey: true });
      press(input, k.key, k.at, { shiftKey: /[A-Z]/.test(k.key) });
    }
    expect(onScan).toHaveBeenCalledExactlyOnceWith('AB-12cD');
    expect(input.value).toBe('x');
  });

  it('leaves shortcuts and held keys alone, and stops listening when disabled or unmounted', () => {
    const onScan = vi.fn();
    const { rerender, unmount } = render(<Screen onScan={onScan} />);
    for (const k of scannerKeys('AST-0042', 1000)) press(document.body, k.key, k.at, { repeat: true });
    expect(onScan).not.toHaveBeenCalled();
    rerender(<Screen onScan={onScan} options={{ enabled: false }} />);
    for (const k of scannerKeys('AST-0042', 2000)) press(document.body, k.key, k.at);
    expect(onScan).not.toHaveBeenCalled();
    rerender(<Screen onScan={onScan} />);
    for (const k of scannerKeys('AST-0042', 3000)) press(document.body, k.key, k.at);
    expect(onScan).toHaveBeenCalledOnce();
    unmount();
    for (const k of scannerKeys('AST-0042', 4000)) press(document.body, k.key, k.at);
    expect(onScan).toHaveBeenCalledOnce();
  });
});
