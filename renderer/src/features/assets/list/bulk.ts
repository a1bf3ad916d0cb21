/**
 * The Assets list's bulk actions as data: from what the person chose in the dialog, one asset
 * action per selected asset (the repository checks each against the rules), and the outcome in
 * words — "4 retired; 1 refused: FD-000123: An asset that is checked out cannot be retired:
 * check it in first." The rules' reasons are shown as they are, never summarised away.
 */
import type { AssetAction } from '@fielddesk/common/assets/actions';
import type { AssetState } from '@fielddesk/common/assets/lifecycle';
import type { BulkResult } from '../../../data/repositories/assets';

export type BulkKind = 'state' | 'move' | 'assign' | 'retire';

export const BULK_LABELS: Record<BulkKind, { title: string; done: string; key: string }> = {
  state: { title: 'Change state', done: 'changed', key: 's' },
  move: { title: 'Move to a location', done: 'moved', key: 'm' },
  assign: { title: 'Assign to a person', done: 'assigned', key: 'a' },
  retire: { title: 'Retire', done: 'retired', key: 'r' },
};

export type BulkInput =
  | { kind: 'state'; to: AssetState; substate: string | null; reason: string }
  | { kind: 'move'; locationId: string; reason: string }
  | { kind: 'assign'; personId: string; today: string; expectedReturnOn: string | null; reason: string }
  | { kind: 'retire'; substate: string | null; reason: string };

/** What is missing before the dialog can run, in words, or null. */
export function bulkProblem(input: BulkInput): string | null {
  if (input.kind === 'retire' && !input.reason.trim()) return 'Say why these assets are retired.';
  if (input.kind === 'assign' && input.expectedReturnOn !== null && input.expectedReturnOn < input.today) return 'The expected return date is before today.';
  return null;
}

export function bulkActions(input: BulkInput, assetIds: readonly string[]): AssetAction[] {
  const reason = input.reason.trim();
  return assetIds.map((assetId): AssetAction => {
    switch (input.kind) {
      case 'state':
        return { action: 'state', assetId, to: input.to, substate: input.substate, reason };
      case 'retire':
        return { action: 'state', assetId, to: 'retired', substate: input.substate, reason };
      case 'move':
        return { action: 'move', assetId, locationId: input.locationId, reason };
      case 'assign':
        return {
          action: 'check_out',
          assetId,
          target: { kind: 'person', id: input.personId },
          checkedOutOn: input.today,
          expectedReturnOn: input.expectedReturnOn,
          acceptanceRequired: false,
          reason,
        };
    }
  });
}

export interface BulkSummary {
  text: string;
  tone: 'ok' | 'partial' | 'refused';
  /** Each refused asset: its tag and the rule's words. */
  refused: { tag: string; reason: string }[];
}

export function bulkSummary(kind: BulkKind, result: BulkResult): BulkSummary {
  const refused = result.refused.map((r) => ({ tag: r.tag, reason: r.reason }));
  let text = `${result.done.length} ${BULK_LABELS[kind].done}`;
  if (refused.length) text += `; ${refused.length} refused: ${refused.map((r) => `${r.tag}: ${r.reason}`).join(' ')}`;
  else text += '.';
  const tone = refused.length === 0 ? 'ok' : result.done.length === 0 ? 'refused' : 'partial';
  return { text, tone, refused };
}
