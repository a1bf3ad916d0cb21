/**
 * Runs a repository intent from a screen: keeps `busy` while it runs and the refusal reason
 * (as the repository words it) for the screen, and asks the sync engine to send the change
 * once it is saved. Every form that changes data goes through this one hook.
 */
import { useCallback, useRef, useState } from 'react';
import type { IntentResult } from '../data/repositories/tickets';
import { useWorkspace } from './workspaceContext';

export type SavedIntent = Extract<IntentResult, { ok: true }>;

export interface Intent<A extends unknown[]> {
  /** The saved result, or null when it was refused or failed (then `error` says why). */
  run(...args: A): Promise<SavedIntent | null>;
  error: string | null;
  setError(error: string | null): void;
  busy: boolean;
}

/** `what` names the thing in the message shown if the device itself fails ("the worklog"). */
export function useIntent<A extends unknown[]>(perform: (...args: A) => Promise<IntentResult>, what = 'the change'): Intent<A> {
  const { engine } = useWorkspace();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The latest `perform` (callers pass an inline function), without making `run` change each render.
  const latest = useRef(perform);
  latest.current = perform;

  const run = useCallback(
    async (...args: A): Promise<SavedIntent | null> => {
      setError(null);
      setBusy(true);
      try {
        const result = await latest.current(...args);
        if (!result.ok) {
          setError(result.reason);
          return null;
        }
        engine.requestSync();
        return result;
      } catch (e) {
        const text = `${what} could not be saved on this device: ${e instanceof Error ? e.message : String(e)}`;
        setError(text.charAt(0).toUpperCase() + text.slice(1));
        return null;
      } finally {
        setBusy(false);
      }
    },
    [engine, what],
  );
  return { run, error, setError, busy };
}
