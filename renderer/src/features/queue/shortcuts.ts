/**
 * The queue's keyboard shortcuts: one table, used both to act on a key and to list the keys in
 * the `?` help, so the two never disagree.
 */
import type { KeyInput, ListKeyAction } from '../../shared/listKeys';
import { PREDEFINED_QUEUES } from './engine/queues';

export type QueueAction =
  | ListKeyAction
  | { type: 'assignToMe' }
  | { type: 'focusFilter' }
  | { type: 'help' }
  | { type: 'queue'; queue: string };

export interface Shortcut {
  keys: string;
  description: string;
}

/** Keys the whole workspace handles (features/create/CreateHotkey.tsx), listed here so the help is complete. */
const WORKSPACE_SHORTCUTS: Shortcut[] = [{ keys: 'n', description: 'New ticket (anywhere)' }];

/** Queues 1–6 (the daily ones) by number key. */
const QUEUE_KEYS = PREDEFINED_QUEUES.slice(0, 6);

export const SHORTCUTS: Shortcut[] = [
  { keys: 'j / k', description: 'Next / previous ticket' },
  { keys: 'Enter or o', description: 'Open the ticket' },
  { keys: 'x', description: 'Select or unselect the ticket' },
  { keys: 'Shift + click', description: 'Select a range of tickets' },
  { keys: 'Ctrl + A', description: 'Select every ticket in the view' },
  { keys: 'Esc', description: 'Clear the selection' },
  { keys: 'a', description: 'Assign the selected tickets (or the current one) to me' },
  { keys: '/', description: 'Filter the queue by text' },
  ...WORKSPACE_SHORTCUTS,
  ...QUEUE_KEYS.map((q, i) => ({ keys: String(i + 1), description: `Open "${q.label}"` })),
  { keys: '?', description: 'Show these shortcuts' },
];

export type { KeyInput };

/** The action of a key press, or null when the queue should leave it alone. */
export function actionFor(e: KeyInput): QueueAction | null {
  if (e.altKey) return null;
  if (e.typing) return null;
  if (e.ctrlKey || e.metaKey) return e.key === 'a' || e.key === 'A' ? { type: 'checkAll' } : null;
  switch (e.key) {
    case 'j':
    case 'ArrowDown':
      return { type: 'move', by: 1 };
    case 'k':
    case 'ArrowUp':
      return { type: 'move', by: -1 };
    case 'Enter':
    case 'o':
      return { type: 'open' };
    case 'x':
      return { type: 'toggle' };
    case 'Escape':
      return { type: 'clear' };
    case 'a':
      return { type: 'assignToMe' };
    case '/':
      return { type: 'focusFilter' };
    case '?':
      return { type: 'help' };
  }
  const n = Number(e.key);
  if (Number.isInteger(n) && n >= 1 && n <= QUEUE_KEYS.length) return { type: 'queue', queue: QUEUE_KEYS[n - 1]!.id };
  return null;
}
