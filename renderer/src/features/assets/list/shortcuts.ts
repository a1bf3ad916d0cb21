/**
 * The Assets list's keys, in one table that both acts on a key and lists the keys in the help,
 * so the two never disagree (as the queue's shortcuts do).
 */
import type { KeyInput, ListKeyAction } from '../../../shared/listKeys';
import type { BulkKind } from './bulk';

export type ListAction = ListKeyAction | { type: 'focusFilter' } | { type: 'help' } | { type: 'bulk'; kind: BulkKind };

const KEYS: { keys: string[]; action: ListAction; description: string }[] = [
  { keys: ['j', 'ArrowDown'], action: { type: 'move', by: 1 }, description: 'Next asset' },
  { keys: ['k', 'ArrowUp'], action: { type: 'move', by: -1 }, description: 'Previous asset' },
  { keys: ['Enter', 'o'], action: { type: 'open' }, description: 'Open the asset' },
  { keys: ['x'], action: { type: 'toggle' }, description: 'Select or unselect the asset' },
  { keys: ['Escape'], action: { type: 'clear' }, description: 'Clear the selection' },
  { keys: ['/'], action: { type: 'focusFilter' }, description: 'Search by tag, name, serial or model' },
  { keys: ['s'], action: { type: 'bulk', kind: 'state' }, description: 'Change the state of the selected assets' },
  { keys: ['m'], action: { type: 'bulk', kind: 'move' }, description: 'Move the selected assets to a location' },
  { keys: ['a'], action: { type: 'bulk', kind: 'assign' }, description: 'Assign (check out) the selected assets to a person' },
  { keys: ['r'], action: { type: 'bulk', kind: 'retire' }, description: 'Retire the selected assets' },
  { keys: ['?'], action: { type: 'help' }, description: 'Show these shortcuts' },
];

const KEY_NAMES: Record<string, string> = { ArrowDown: '↓', ArrowUp: '↑', Escape: 'Esc' };

/** For the help: each key (as printed) and what it does. */
export const SHORTCUTS: { keys: string; description: string }[] = [
  ...KEYS.map((k) => ({ keys: k.keys.map((key) => KEY_NAMES[key] ?? key).join(' or '), description: k.description })),
  { keys: 'Shift + click', description: 'Select a range of assets' },
  { keys: 'Ctrl + A', description: 'Select every asset the filter lists' },
];

const BY_KEY = new Map(KEYS.flatMap((k) => k.keys.map((key) => [key, k.action] as const)));

/** The action of a key press, or null when the list should leave it alone. */
export function actionFor(e: KeyInput): ListAction | null {
  if (e.altKey || e.typing) return null;
  if (e.ctrlKey || e.metaKey) return e.key.toLowerCase() === 'a' ? { type: 'checkAll' } : null;
  return BY_KEY.get(e.key) ?? null;
}
