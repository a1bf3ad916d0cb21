/**
 * Which recorded asset a discovered device is, by GLPI's asset import rules (RuleImportAsset):
 * the rules are tried in order — serial AND uuid, then serial, then uuid, then a shared MAC,
 * then the name — and the first rule that finds anything decides. Junk values never take
 * part (see identity.ts), so two machines with "To Be Filled By O.E.M." are not one asset.
 *
 * When a rule finds more than one asset, the answer is "ambiguous" with that rule and the
 * assets it found: we do not guess (a wrong merge loses a machine's history; a person can
 * tell the two apart), and we do not fall through to a weaker rule either.
 *
 * Pure TypeScript: the desktop app (this device) and the server (agent intake) call the same
 * code, so both reach the same answer.
 */
import { z } from 'zod';
import { normaliseMac, normaliseName, normaliseSerial, normaliseUuid } from './identity';

const optionalText = z.string().nullish();

/** The raw identity facts of a device or a recorded asset, as reported (junk allowed). */
export const IdentityFactsSchema = z.object({
  serial: optionalText,
  uuid: optionalText,
  macs: z.array(z.string().nullish()).optional(),
  name: optionalText,
});
export type IdentityFacts = z.input<typeof IdentityFactsSchema>;

/** A recorded asset offered for matching: its id plus its identity facts. */
export const CandidateFactsSchema = IdentityFactsSchema.extend({ id: z.string().min(1) });
export type CandidateFacts = z.input<typeof CandidateFactsSchema>;

/** Normalised identity, junk dropped: what the rules compare. */
export interface AssetIdentity {
  serial: string | null;
  uuid: string | null;
  /** Distinct, sorted. */
  macs: string[];
  name: string | null;
}

/** GLPI's rules, strongest first. */
export const MATCH_RULES = ['serial+uuid', 'serial', 'uuid', 'mac', 'name'] as const;
export type MatchRule = (typeof MATCH_RULES)[number];

/** What the UI says about a match ("matched by serial"). */
export const MATCH_RULE_LABELS: Record<MatchRule, string> = {
  'serial+uuid': 'serial number and UUID',
  serial: 'serial number',
  uuid: 'UUID',
  mac: 'MAC address',
  name: 'name',
};

export type MatchResult<C> =
  | { kind: 'matched'; rule: MatchRule; candidate: C }
  | { kind: 'ambiguous'; rule: MatchRule; candidates: C[] };

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : '(root)'}: ${i.message}`).join('; ');
}

/**
 * The normalised identity of a device from its raw facts. Throws an Error naming the bad
 * field when the facts are not of the expected shape (e.g. a number where a serial is due).
 */
export function identityOf(facts: IdentityFacts): AssetIdentity {
  const parsed = IdentityFactsSchema.safeParse(facts);
  if (!parsed.success) throw new Error(`Identity facts are not valid: ${describeIssues(parsed.error)}`);
  const { serial, uuid, macs, name } = parsed.data;
  const normalisedMacs = new Set<string>();
  for (const mac of macs ?? []) {
    const m = normaliseMac(mac);
    if (m !== null) normalisedMacs.add(m);
  }
  return {
    serial: normaliseSerial(serial),
    uuid: normaliseUuid(uuid),
    macs: [...normalisedMacs].sort(),
    name: normaliseName(name),
  };
}

/** True when the identity has nothing left to match on (every value absent or junk). */
export function isAnonymous(identity: AssetIdentity): boolean {
  return identity.serial === null && identity.uuid === null && identity.macs.length === 0 && identity.name === null;
}

/** Whether a rule applies to the incoming identity, and if so whether a candidate satisfies it. */
const RULE_TESTS: Record<MatchRule, (incoming: AssetIdentity, candidate: AssetIdentity) => boolean | null> = {
  'serial+uuid': (a, b) => (a.serial === null || a.uuid === null ? null : a.serial === b.serial && a.uuid === b.uuid),
  serial: (a, b) => (a.serial === null ? null : a.serial === b.serial),
  uuid: (a, b) => (a.uuid === null ? null : a.uuid === b.uuid),
  mac: (a, b) => (a.macs.length === 0 ? null : b.macs.some((m) => a.macs.includes(m))),
  name: (a, b) => (a.name === null ? null : a.name === b.name),
};

/**
 * The recorded asset the identity belongs to and the rule that found it; "ambiguous" when the
 * deciding rule finds several; null when no rule finds any ("new" asset). Candidates are
 * validated like identity facts (a bad one throws, naming its index and field).
 */
export function matchAsset<C extends CandidateFacts>(identity: AssetIdentity, candidates: readonly C[]): MatchResult<C> | null {
  const known = candidates.map((candidate, index) => {
    const parsed = CandidateFactsSchema.safeParse(candidate);
    if (!parsed.success) throw new Error(`Candidate ${index} is not valid: ${describeIssues(parsed.error)}`);
    return { candidate, identity: identityOf(candidate) };
  });
  for (const rule of MATCH_RULES) {
    const test = RULE_TESTS[rule];
    const found: C[] = [];
    const seenIds = new Set<string>();
    for (const k of known) {
      if (test(identity, k.identity) !== true || seenIds.has(k.candidate.id)) continue;
      seenIds.add(k.candidate.id);
      found.push(k.candidate);
    }
    if (found.length === 1) return { kind: 'matched', rule, candidate: found[0]! };
    if (found.length > 1) return { kind: 'ambiguous', rule, candidates: found };
  }
  return null;
}
