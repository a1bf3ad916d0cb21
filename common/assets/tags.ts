/**
 * Asset tag patterns: "LAP-{#####}" gives LAP-00001, LAP-00002… Receiving ten laptops, or
 * creating many assets at once, numbers them from a pattern. The server gives the numbers
 * (after the highest tag of the pattern it holds, skipping any taken), so two technicians
 * receiving offline never give one tag twice; the app shows the same pattern's next tags
 * from its replica as a preview until the server answers.
 *
 * A pattern is text with exactly one run of # inside braces: the digits, zero-padded to the
 * run's length (a number longer than the run is written in full, never cut).
 */
import { z } from 'zod';
import type { TransitionCheck } from '../itsm/lifecycle';

const RUN = /\{(#+)\}/g;
const MAX_TAG = 64;

export interface TagPattern {
  prefix: string;
  width: number;
  suffix: string;
}

/** The pattern, or what is wrong with it in words. */
export function parseTagPattern(text: string): { ok: true; pattern: TagPattern } | { ok: false; reason: string } {
  const runs = [...text.matchAll(RUN)];
  if (runs.length !== 1) return { ok: false, reason: `A tag pattern needs exactly one number run such as {####} (got "${text}").` };
  const run = runs[0]!;
  const prefix = text.slice(0, run.index);
  const suffix = text.slice(run.index! + run[0].length);
  const width = run[1]!.length;
  if (/[{}#]/.test(prefix + suffix)) return { ok: false, reason: `A tag pattern may use { } and # only in its number run (got "${text}").` };
  if ([...text].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)) return { ok: false, reason: 'A tag pattern cannot hold control characters.' };
  if (width > 12) return { ok: false, reason: 'A tag pattern’s number run is at most 12 digits.' };
  if (prefix.length + suffix.length + width > MAX_TAG) return { ok: false, reason: `Tags from this pattern would be longer than ${MAX_TAG} characters.` };
  return { ok: true, pattern: { prefix, width, suffix } };
}

export const TagPatternSchema = z
  .string()
  .trim()
  .min(1)
  .max(MAX_TAG + 2)
  .superRefine((text, ctx) => {
    const parsed = parseTagPattern(text);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.reason });
  });

export function checkTagPattern(text: string): TransitionCheck {
  const parsed = parseTagPattern(text);
  return parsed.ok ? { ok: true } : { ok: false, reason: parsed.reason };
}

/** The tag with number `n`. */
export function tagOf(pattern: TagPattern, n: number): string {
  return `${pattern.prefix}${String(n).padStart(pattern.width, '0')}${pattern.suffix}`;
}

/** The number of a tag made from the pattern, or null when the tag is not one of its tags. */
export function numberOf(pattern: TagPattern, tag: string): number | null {
  if (!tag.startsWith(pattern.prefix) || !tag.endsWith(pattern.suffix)) return null;
  const digits = tag.slice(pattern.prefix.length, tag.length - pattern.suffix.length);
  if (!/^\d+$/.test(digits) || digits.length < pattern.width) return null;
  const n = Number(digits);
  return Number.isSafeInteger(n) ? n : null;
}

/** The `count` next tags of a pattern: after the highest of its tags in `taken`, skipping any taken. */
export function nextTags(pattern: TagPattern, taken: Iterable<string>, count: number): string[] {
  const used = new Set<string>();
  let highest = 0;
  for (const tag of taken) {
    used.add(tag);
    const n = numberOf(pattern, tag);
    if (n !== null && n > highest) highest = n;
  }
  const out: string[] = [];
  for (let n = highest + 1; out.length < count; n += 1) {
    const tag = tagOf(pattern, n);
    if (!used.has(tag)) out.push(tag);
  }
  return out;
}
