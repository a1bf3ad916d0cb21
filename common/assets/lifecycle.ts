/**
 * The hardware asset lifecycle, shared by the app (offline) and the server, so a move is
 * refused for the same reason in both places, in words a technician reads.
 *
 * States follow ServiceNow HAM: an asset is ordered, in stock, in use, in maintenance,
 * retired, disposed of, or missing, and each state may carry a substate that says more
 * (in stock: available or reserved or defective…; retired: sold or donated…; missing: lost
 * or stolen). As in ServiceNow, the substates are labels an admin edits: the config below
 * is data with defaults and a validator; a substate is stored by its key, so renaming a
 * label changes no asset. As in Snipe-IT, only an asset "ready to deploy" (here: in stock
 * and available) can be checked out, and "in use" means someone or something has it: an
 * asset goes into use by being checked out, and leaves it by being checked in.
 *
 * The moves allowed are a table (`ASSET_MOVES`); `checkMove` adds the rules that depend on
 * the asset's facts: a checked-out asset is checked in before it is retired, disposed of
 * or put in stock; an asset in maintenance cannot be checked out; only a retired asset is
 * disposed of; retiring, disposing and reporting missing need a reason.
 *
 * Assets had five statuses before; `OLD_STATUS_TO_STATE` is the mapping migration 0011
 * applied, and still applies to an inventory op queued by an older app.
 */
import { z } from 'zod';
import type { AssetStatus, CiStatus } from '../domain/entities';
import type { TransitionCheck } from '../itsm/lifecycle';

export type { TransitionCheck };

export const ASSET_STATES = ['ordered', 'in_stock', 'in_use', 'in_maintenance', 'retired', 'disposed', 'missing'] as const;
export const AssetStateSchema = z.enum(ASSET_STATES);
export type AssetState = z.infer<typeof AssetStateSchema>;

export const ASSET_STATE_LABELS: Record<AssetState, string> = {
  ordered: 'On order',
  in_stock: 'In stock',
  in_use: 'In use',
  in_maintenance: 'In maintenance',
  retired: 'Retired',
  disposed: 'Disposed',
  missing: 'Missing',
};

/** From each state, the states an asset may move to. Disposed is final. */
export const ASSET_MOVES: Record<AssetState, readonly AssetState[]> = {
  ordered: ['in_stock'],
  in_stock: ['in_use', 'in_maintenance', 'retired', 'missing'],
  in_use: ['in_stock', 'in_maintenance', 'retired', 'missing'],
  in_maintenance: ['in_stock', 'in_use', 'retired', 'missing'],
  retired: ['disposed', 'in_stock'],
  disposed: [],
  // Found again: back in stock, back with whoever had it, or written off.
  missing: ['in_stock', 'in_use', 'retired'],
};

export function allowedMoves(from: AssetState): readonly AssetState[] {
  return ASSET_MOVES[from];
}

/** Entering these states needs a reason in words (kept in the asset's history). */
export const REASON_REQUIRED: readonly AssetState[] = ['retired', 'disposed', 'missing'];

/** The substate whose assets may be checked out; the validator keeps it in every config. */
export const AVAILABLE_SUBSTATE = 'available';

/**
 * States whose substate must be chosen on entering them. In stock: whether an asset there
 * can be checked out depends on it (available or not), so it is never left unsaid. In the
 * other states a substate is optional.
 */
export const SUBSTATE_REQUIRED: readonly AssetState[] = ['in_stock'];

export const SubstateKeySchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z][a-z0-9_]*$/, 'must be lower case letters, digits and _ (e.g. pending_disposal)');

/** A substate as an admin edits it: a stable key (stored on assets) and the label people read. */
export const SubstateOptionSchema = z.object({ key: SubstateKeySchema, label: z.string().trim().min(1).max(100) }).strict();
export type SubstateOption = z.infer<typeof SubstateOptionSchema>;

/** The state and substate of an asset, as a record stores them and a sync op carries them. */
export const AssetStateFieldsSchema = z.object({ state: AssetStateSchema, substate: SubstateKeySchema.nullable() }).strict();
export type AssetStateFields = z.infer<typeof AssetStateFieldsSchema>;

const MAX_SUBSTATES = 20;

/** The lifecycle's editable part: the substates of each state (every state listed, maybe empty). */
export const AssetLifecycleConfigSchema = z
  .object({ substates: z.record(AssetStateSchema, z.array(SubstateOptionSchema).max(MAX_SUBSTATES)) })
  .strict()
  .superRefine((config, ctx) => {
    for (const state of ASSET_STATES) {
      const options = config.substates[state];
      const keys = new Set<string>();
      const labels = new Set<string>();
      options.forEach((option, i) => {
        if (keys.has(option.key)) ctx.addIssue({ code: 'custom', path: ['substates', state, i, 'key'], message: `"${option.key}" is listed twice` });
        const label = option.label.toLowerCase();
        if (labels.has(label)) ctx.addIssue({ code: 'custom', path: ['substates', state, i, 'label'], message: `"${option.label}" is listed twice` });
        keys.add(option.key);
        labels.add(label);
      });
    }
    if (!config.substates.in_stock.some((o) => o.key === AVAILABLE_SUBSTATE)) {
      ctx.addIssue({ code: 'custom', path: ['substates', 'in_stock'], message: `must keep the substate "${AVAILABLE_SUBSTATE}" (its label may change): only available assets can be checked out` });
    }
  });
export type AssetLifecycleConfig = z.infer<typeof AssetLifecycleConfigSchema>;

export const DEFAULT_ASSET_LIFECYCLE: AssetLifecycleConfig = {
  substates: {
    ordered: [],
    in_stock: [
      { key: 'available', label: 'Available' },
      { key: 'reserved', label: 'Reserved' },
      { key: 'defective', label: 'Defective' },
      { key: 'pending_disposal', label: 'Pending disposal' },
    ],
    in_use: [],
    in_maintenance: [],
    retired: [
      { key: 'sold', label: 'Sold' },
      { key: 'donated', label: 'Donated' },
      { key: 'returned_to_vendor', label: 'Returned to vendor' },
      { key: 'lease_returned', label: 'Lease returned' },
    ],
    disposed: [],
    missing: [
      { key: 'lost', label: 'Lost' },
      { key: 'stolen', label: 'Stolen' },
    ],
  },
};

/** Validates a config an admin sends: the config, or what is wrong with it in words. */
export function parseLifecycleConfig(value: unknown): { ok: true; config: AssetLifecycleConfig } | { ok: false; reason: string } {
  const parsed = AssetLifecycleConfigSchema.safeParse(value);
  if (parsed.success) return { ok: true, config: parsed.data };
  const issues = parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(config)'}: ${i.message}`);
  return { ok: false, reason: `The asset lifecycle settings are not valid: ${issues.join('; ')}.` };
}

/** "In stock: Available" or "In use": a state and substate as people read them. */
export function stateLabel(fields: AssetStateFields, config: AssetLifecycleConfig = DEFAULT_ASSET_LIFECYCLE): string {
  const state = ASSET_STATE_LABELS[fields.state];
  if (fields.substate === null) return state;
  const option = config.substates[fields.state].find((o) => o.key === fields.substate);
  return `${state}: ${option ? option.label : fields.substate}`;
}

/** "A, B or C". */
export function orList(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

/** The current asset `status` values, as the states (and substates) a migration writes. */
export const OLD_STATUS_TO_STATE: Record<AssetStatus, AssetStateFields> = {
  in_stock: { state: 'in_stock', substate: AVAILABLE_SUBSTATE },
  deployed: { state: 'in_use', substate: null },
  in_repair: { state: 'in_maintenance', substate: null },
  // Sold or donated, lost or stolen: the old status does not say, and we do not guess.
  retired: { state: 'retired', substate: null },
  missing: { state: 'missing', substate: null },
};

/** The status of an asset's configuration item that fits the asset's state. */
export function ciStatusOf(state: AssetState): CiStatus {
  switch (state) {
    case 'retired':
    case 'disposed':
      return 'retired';
    case 'in_maintenance':
      return 'maintenance';
    case 'ordered':
    case 'in_stock':
      return 'planned';
    default:
      return 'active';
  }
}

/** What a move depends on, about the asset as it is now. */
export interface AssetMoveFacts extends AssetStateFields {
  /** Whether the asset is checked out (to a person, a location or another asset). */
  checkedOut: boolean;
}

export interface MoveContext {
  /** Why: required on entering retired, disposed and missing. */
  reason?: string | null;
  /** The move is part of a check-out (to in use), done with it (checkout.ts checks the check-out). */
  checkingOut?: boolean;
  /** The move is part of a check-in (to in stock), done with it (checkout.ts checks the check-in). */
  checkingIn?: boolean;
  config?: AssetLifecycleConfig;
}

const VERB: Partial<Record<AssetState, string>> = { retired: 'retired', disposed: 'disposed of', in_stock: 'put in stock' };

const REASON_SENTENCE: Partial<Record<AssetState, string>> = {
  retired: 'Retiring an asset needs a reason.',
  disposed: 'Disposing of an asset needs a reason.',
  missing: 'Reporting an asset missing needs a reason.',
};

/** Says whether an asset may move to a state (and substate), and if not, why, in words. */
export function checkMove(asset: AssetMoveFacts, to: AssetState, substate: string | null, ctx: MoveContext = {}): TransitionCheck {
  const config = ctx.config ?? DEFAULT_ASSET_LIFECYCLE;
  const from = asset.state;
  if (from === to && substate === asset.substate) return { ok: true };
  const [fromLabel, toLabel] = [ASSET_STATE_LABELS[from], ASSET_STATE_LABELS[to]];
  if (from === 'disposed' && to !== 'disposed') {
    return { ok: false, reason: `A disposed asset cannot change state (asked for "${toLabel}").` };
  }
  if (to === 'disposed' && from !== 'retired' && from !== 'disposed') {
    return { ok: false, reason: `Only a retired asset can be disposed of, and this one is "${fromLabel}": retire it first.` };
  }
  if (from !== to && !ASSET_MOVES[from].includes(to)) {
    return { ok: false, reason: `An asset cannot go from "${fromLabel}" to "${toLabel}".` };
  }
  const substateCheck = checkSubstate(to, substate, config);
  if (!substateCheck.ok) return substateCheck;
  if (from === to) return { ok: true };

  if (asset.checkedOut && !(to === 'in_stock' && ctx.checkingIn)) {
    const verb = VERB[to];
    if (verb) return { ok: false, reason: `An asset that is checked out cannot be ${verb}: check it in first.` };
  }
  if (to === 'in_use') {
    if (from === 'in_maintenance' && ctx.checkingOut) {
      return { ok: false, reason: 'An asset in maintenance cannot be checked out: finish the maintenance and put it back in stock first.' };
    }
    if (!asset.checkedOut && !ctx.checkingOut) {
      return from === 'in_maintenance'
        ? { ok: false, reason: 'An asset in maintenance can only go back into use with whoever it is checked out to, and it is checked out to no one: put it back in stock, then check it out.' }
        : { ok: false, reason: 'An asset goes into use by being checked out: check it out to a person, a location or another asset.' };
    }
  }
  if (REASON_REQUIRED.includes(to) && !ctx.reason?.trim()) {
    return { ok: false, reason: REASON_SENTENCE[to] ?? `Moving an asset to "${toLabel}" needs a reason.` };
  }
  return { ok: true };
}

/** Whether `substate` is one of the state's substates (or rightly none). */
export function checkSubstate(state: AssetState, substate: string | null, config: AssetLifecycleConfig = DEFAULT_ASSET_LIFECYCLE): TransitionCheck {
  const options = config.substates[state];
  const label = ASSET_STATE_LABELS[state];
  const choices = orList(options.map((o) => o.label));
  if (substate === null) {
    if (SUBSTATE_REQUIRED.includes(state) && options.length > 0) return { ok: false, reason: `"${label}" needs a substate: choose ${choices}.` };
    return { ok: true };
  }
  if (options.some((o) => o.key === substate)) return { ok: true };
  const asked = substateLabel(substate, config);
  if (options.length === 0) return { ok: false, reason: `"${label}" has no substates, so an asset cannot be "${label}: ${asked}".` };
  return { ok: false, reason: `"${asked}" is not a substate of "${label}": choose ${choices}.` };
}

/** The label of a substate key in any state ("sold" → "Sold"), or the key itself when no state has it. */
function substateLabel(key: string, config: AssetLifecycleConfig): string {
  for (const state of ASSET_STATES) {
    const option = config.substates[state].find((o) => o.key === key);
    if (option) return option.label;
  }
  return key;
}
