import { MantineProvider } from '@mantine/core';
import { fireEvent, render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SCAN_VERDICTS, VERDICTS } from '@fielddesk/common/audits/classify';
import { SoundToggle, VerdictFeedback } from './VerdictFeedback';
import { SOUND_TONES, isSoundMuted, playVerdictSound, resetVerdictSoundForTests, setSoundMuted } from './verdictSound';

const wrap = (ui: ReactElement) => render(<MantineProvider>{ui}</MantineProvider>);

/** A Web Audio stand-in that records every oscillator started. */
class FakeAudioContext {
  static started: Array<{ type: string; hz: number }> = [];
  static made = 0;
  state = 'running';
  currentTime = 0;
  destination = {};
  constructor() {
    FakeAudioContext.made++;
  }
  resume() {
    return Promise.resolve();
  }
  createGain() {
    return { gain: { setValueAtTime() {}, linearRampToValueAtTime() {} }, connect() {} };
  }
  createOscillator() {
    const osc = {
      type: 'sine',
      hz: 0,
      frequency: { setValueAtTime: (v: number) => (osc.hz = v), linearRampToValueAtTime() {} },
      connect() {},
      start: () => FakeAudioContext.started.push({ type: osc.type, hz: osc.hz }),
      stop() {},
    };
    return osc;
  }
}

describe('VerdictFeedback', () => {
  it.each(SCAN_VERDICTS.map((v) => [v]))('%s: label, code and tone, as a polite status', (verdict) => {
    const { getByRole } = wrap(<VerdictFeedback scan={{ verdict, code: 'ast-0042', tag: 'AST-0042', assetName: 'Latitude 7440', expectedLocationName: 'Room 2.14' }} />);
    const box = getByRole('status');
    expect(box.getAttribute('aria-live')).toBe('polite');
    expect(box.dataset.tone).toBe(VERDICTS[verdict].tone);
    expect(box.textContent).toContain(VERDICTS[verdict].label);
    expect(box.textContent).toContain('AST-0042');
    expect(box.textContent).toContain('Scanned: ast-0042');
    expect(box.textContent).toContain('Latitude 7440');
    expect(box.textContent?.includes('Expected in Room 2.14')).toBe(verdict === 'found_elsewhere');
  });

  it('shows the code of an unknown tag, and a prompt before the first scan', () => {
    const { getByRole, rerender } = wrap(<VerdictFeedback scan={null} />);
    expect(getByRole('status').textContent).toMatch(/Scan a location label/);
    rerender(
      <MantineProvider>
        <VerdictFeedback scan={{ verdict: 'unknown', code: 'ZZ-999' }} />
      </MantineProvider>,
    );
    expect(getByRole('status').textContent).toBe('Unknown tagZZ-999');
  });
});

describe('verdict sounds', () => {
  const w = globalThis as unknown as { AudioContext?: unknown };
  beforeEach(() => {
    FakeAudioContext.started = [];
    FakeAudioContext.made = 0;
    resetVerdictSoundForTests();
  });
  afterEach(() => {
    delete w.AudioContext;
    resetVerdictSoundForTests();
  });

  it('plays three distinct sounds made of oscillators, on one shared context', () => {
    w.AudioContext = FakeAudioContext;
    const heard: string[] = [];
    for (const sound of ['ok', 'attention', 'error'] as const) {
      FakeAudioContext.started = [];
      playVerdictSound(sound);
      expect(FakeAudioContext.started.length).toBe(SOUND_TONES[sound].length);
      heard.push(JSON.stringify(FakeAudioContext.started));
    }
    expect(new Set(heard).size).toBe(3);
    expect(FakeAudioContext.made).toBe(1);
  });

  it('does nothing, silently, where there is no AudioContext', () => {
    delete w.AudioContext;
    expect(() => playVerdictSound('error')).not.toThrow();
  });

  it('stays silent when muted, and remembers the switch', () => {
    w.AudioContext = FakeAudioContext;
    setSoundMuted(true);
    expect(localStorage.getItem('fielddesk.auditSoundMuted')).toBe('1');
    playVerdictSound('ok');
    expect(FakeAudioContext.started).toHaveLength(0);
    setSoundMuted(false);
    playVerdictSound('ok');
    expect(FakeAudioContext.started).toHaveLength(2);
  });

  it('the toggle flips and remembers the mute switch', () => {
    const { getByTestId } = wrap(<SoundToggle />);
    const button = getByTestId('sound-toggle');
    expect(button.getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(button);
    expect(isSoundMuted()).toBe(true);
    expect(getByTestId('sound-toggle').getAttribute('aria-pressed')).toBe('true');
    expect(getByTestId('sound-toggle').getAttribute('aria-label')).toMatch(/Sounds off/);
    fireEvent.click(getByTestId('sound-toggle'));
    expect(isSoundMuted()).toBe(false);
  });
});
