/**
 * Turning text into search terms, the same way for records and for what the user types, so
 * a query term can only ever meet terms made by the same rules.
 *
 * - lower case, accents folded ("Café" and "cafe" are one term);
 * - words are runs of letters and digits; "Wi-Fi" is two words, "wi" and "fi";
 * - a record number or tag such as INC-0042, KB-0007 or AST-01234 (letters, a hyphen, digits)
 *   stays one term, so "inc-00" is a prefix of it and does not match every incident's "inc".
 */

/** Terms longer than this are cut: nobody types them, and they only bloat the vocabulary. */
const MAX_TERM_LENGTH = 40;

const COMBINING_MARKS = /\p{M}+/gu;
/** Separators: anything but letters, digits and the hyphen (hyphens are looked at per word). */
const SEPARATORS = /[^\p{L}\p{N}-]+/u;
/** A record number or tag: letters, one hyphen, digits (the digits may still be being typed). */
const NUMBER_LIKE = /^\p{L}+-\p{N}*$/u;
/** The digits after the dash of a number like INC-0042 (made once: this runs per token at index time). */
const TRAILING_DIGITS = /-(\p{N}+)$/u;
const LEADING_ZEROS = /^0+(?=\d)/;

const NON_ASCII = /[^ -~\t\n\r]/;

export function normalize(text: string): string {
  // Most text is plain ASCII: skip the (comparatively slow) Unicode decomposition for it.
  if (!NON_ASCII.test(text)) return text.toLowerCase();
  return text.normalize('NFKD').replace(COMBINING_MARKS, '').toLowerCase();
}

/** The terms of a text, in order, repeats kept (term frequency matters to the ranking). */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  if (!text) return out;
  for (const word of normalize(text).split(SEPARATORS)) {
    if (!word) continue;
    if (word.includes('-')) {
      if (NUMBER_LIKE.test(word)) {
        out.push(word.slice(0, MAX_TERM_LENGTH));
        continue;
      }
      for (const part of word.split('-')) if (part) out.push(part.slice(0, MAX_TERM_LENGTH));
      continue;
    }
    out.push(word.slice(0, MAX_TERM_LENGTH));
  }
  return out;
}

/**
 * The terms of a record number or tag: the whole number plus its digits with and without
 * leading zeros, so INC-0042 is found by "inc-0042", "0042" and "42".
 */
export function numberTerms(value: string): string[] {
  const out = new Set<string>();
  for (const term of tokenize(value)) {
    out.add(term);
    const digits = TRAILING_DIGITS.exec(term)?.[1];
    if (digits) {
      out.add(digits);
      const stripped = digits.replace(LEADING_ZEROS, '');
      out.add(stripped);
    }
  }
  return [...out];
}

/**
 * How many typing mistakes a query term may contain and still match (Levenshtein distance,
 * where swapping two letters counts as two): none for short terms, whose near neighbours are
 * mostly other words; one from 4 letters; two from 7 ("pritner" finds "printer").
 */
export function typoBudget(term: string): number {
  if (term.length >= 7) return 2;
  if (term.length >= 4) return 1;
  return 0;
}
