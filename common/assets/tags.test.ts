import { describe, expect, it } from 'vitest';
import { nextTags, numberOf, parseTagPattern, tagOf, TagPatternSchema } from './tags';

const parse = (text: string) => {
  const parsed = parseTagPattern(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.pattern;
};

describe('asset tag patterns', () => {
  it.each([
    ['LAP-{#####}', 7, 'LAP-00007'],
    ['{###}-NYC', 42, '042-NYC'],
    ['T{##}', 123, 'T123'],
  ])('%s numbers %i as %s', (text, n, tag) => {
    expect(tagOf(parse(text), n)).toBe(tag);
  });

  it.each([
    ['LAP-', 'exactly one number run'],
    ['A{#}B{#}', 'exactly one number run'],
    ['A#{##}', 'only in its number run'],
    ['{#############}', 'at most 12 digits'],
    [`${'x'.repeat(60)}{######}`, 'longer than 64'],
  ])('refuses %s', (text, words) => {
    const parsed = parseTagPattern(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toContain(words);
    expect(TagPatternSchema.safeParse(text).success).toBe(false);
  });

  it('reads the number of its own tags only', () => {
    const p = parse('LAP-{####}');
    expect(numberOf(p, 'LAP-0012')).toBe(12);
    expect(numberOf(p, 'LAP-12345')).toBe(12345);
    expect(numberOf(p, 'LAP-12')).toBeNull();
    expect(numberOf(p, 'DSK-0012')).toBeNull();
    expect(numberOf(p, 'LAP-00a2')).toBeNull();
  });

  it('continues after the highest tag of the pattern and skips taken tags', () => {
    const p = parse('LAP-{###}');
    expect(nextTags(p, ['LAP-003', 'LAP-001', 'FD-000900', 'LAP-005'], 3)).toEqual(['LAP-006', 'LAP-007', 'LAP-008']);
    expect(nextTags(p, [], 2)).toEqual(['LAP-001', 'LAP-002']);
  });
});
