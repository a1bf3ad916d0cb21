/**
 * The three sounds of the audit run (common/audits/classify.ts `VERDICTS[v].sound`): ok, attention
 * and error, told apart without looking at the screen. They are made with Web Audio oscillators,
 * never fetched: a short rising pair of high beeps (ok), two equal middle beeps (attention), a
 * low falling buzz (error). Where there is no AudioContext nothing plays and nothing fails.
 * The mute switch is remembered on this device (localStorage).
 */
import { useCallback, useSyncExternalStore } from 'react';
import type { VerdictLook } from '@fielddesk/common/audits/classify';

export type VerdictSound = VerdictLook['sound'];

interface Tone {
  /** Start, ms after the sound starts. */
  at: number;
  ms: number;
  hz: number;
  /** Where the pitch ends (a glide), else steady. */
  toHz?: number;
  type: OscillatorType;
  gain: number;
}

/** What each sound is: the tones are data so a test can check they differ. */
export const SOUND_TONES: Record<VerdictSound, readonly Tone[]> = {
  ok: [
    { at: 0, ms: 70, hz: 1046, type: 'sine', gain: 0.25 },
    { at: 85, ms: 90, hz: 1568, type: 'sine', gain: 0.25 },
  ],
  attention: [
    { at: 0, ms: 110, hz: 660, type: 'triangle', gain: 0.35 },
    { at: 170, ms: 110, hz: 660, type: 'triangle', gain: 0.35 },
  ],
  error: [{ at: 0, ms: 380, hz: 220, toHz: 140, type: 'sawtooth', gain: 0.2 }],
};

const MUTE_KEY = 'fielddesk.auditSoundMuted';

type AudioContextCtor = new () => AudioContext;

function audioContextCtor(): AudioContextCtor | null {
  const w = globalThis as unknown as { AudioContext?: AudioContextCtor; webkitAudioContext?: AudioContextCtor };
  return w.AudioContext ?? w.webkitAudioContext ?? null;
}

let context: AudioContext | null = null;

export function isSoundMuted(): boolean {
  try {
    return localStorage.getItem(MUTE_KEY) === '1';
  } catch {
    return false;
  }
}

const listeners = new Set<() => void>();

export function setSoundMuted(muted: boolean): void {
  try {
    if (muted) localStorage.setItem(MUTE_KEY, '1');
    else localStorage.removeItem(MUTE_KEY);
  } catch {
    /* private mode: not remembered */
  }
  for (const l of listeners) l();
}

/** Plays one verdict's sound (unless muted); never throws. */
export function playVerdictSound(sound: VerdictSound): void {
  if (isSoundMuted()) return;
  const Ctor = audioContextCtor();
  if (!Ctor) return;
  try {
    context ??= new Ctor();
    const ctx = context;
    if (ctx.state === 'suspended') void ctx.resume().catch(() => {});
    const start = ctx.currentTime + 0.01;
    for (const tone of SOUND_TONES[sound]) {
      const t0 = start + tone.at / 1000;
      const t1 = t0 + tone.ms / 1000;
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = tone.type;
      osc.frequency.setValueAtTime(tone.hz, t0);
      if (tone.toHz) osc.frequency.linearRampToValueAtTime(tone.toHz, t1);
      // A few ms of attack and release: no click at either end.
      gain.gain.setValueAtTime(0, t0);
      gain.gain.linearRampToValueAtTime(tone.gain, t0 + 0.005);
      gain.gain.setValueAtTime(tone.gain, t1 - 0.01);
      gain.gain.linearRampToValueAtTime(0, t1);
      osc.connect(gain);
      gain.connect(ctx.destination);
      osc.start(t0);
      osc.stop(t1 + 0.02);
    }
  } catch {
    /* audio refused (autoplay policy, no output device): the colour still says it */
  }
}

/** For tests: forget the shared AudioContext. */
export function resetVerdictSoundForTests(): void {
  context = null;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (e: StorageEvent) => e.key === MUTE_KEY && listener();
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

/** The mute switch, shared by every component that shows it and remembered on this device. */
export function useSoundMuted(): [boolean, (muted: boolean) => void] {
  const muted = useSyncExternalStore(subscribe, isSoundMuted, () => false);
  return [muted, useCallback((m: boolean) => setSoundMuted(m), [])];
}
