/**
 * The in-memory full-text index behind the global search (runs in a Web Worker).
 *
 * Why not MiniSearch or FlexSearch whole: measured over 100,000 tickets + 5,000 articles +
 * 20,000 assets (Node 20, this machine), MiniSearch 7 took 200–750 ms for a one- or
 * two-letter prefix and ~100 ms for "pritner", because it scores every matching record with
 * per-record objects, and tickets made from a few dozen templates share their words (every
 * benchmark ticket says "printer"); FlexSearch 0.8 answered single words fast but found no
 * transposed typo ("pritner"), took 100–350 ms for numbers and several words, and used
 * 400–800 MB. The 50 ms budget per keystroke needs the work per query to stay flat however
 * many records share a word.
 *
 * So the hard part, the term dictionary with prefix and typo (Levenshtein) look-up, is
 * MiniSearch's radix tree (`minisearch/SearchableMap`), and what is ours is the small part
 * that makes it fast: postings as typed arrays (record number + a precomputed weight per
 * term), scored in tight loops into reused typed arrays, AND across the query's words with
 * the rarest word first, and a top-k per result type. Scoring 100,000 postings this way is
 * well under a millisecond.
 *
 * Records are numbered in the order they are added. Changing a record retires its number
 * (it stays in the postings, skipped, until a compaction removes it) and adds it anew.
 */
import SearchableMap from 'minisearch/SearchableMap';
import { numberTerms, tokenize, typoBudget } from './tokenize';
import { SEARCH_TYPES, type SearchDoc, type SearchGroup, type SearchHit, type SearchOptions, type SearchResult, type SearchType } from './types';

/** Field weights: a number beats a title word beats a word in the text. */
const NUMBER_WEIGHT = 6;
const TITLE_WEIGHT = 3;
const TEXT_WEIGHT = 1;
/** BM25's term-frequency saturation. */
const K1 = 1.2;
/** A prefix completion and a typo count for less than the word itself. */
const PREFIX_QUALITY = 0.8;
const FUZZY_QUALITY = [1, 0.5, 0.3] as const;
/** How much a record's boost (open ticket, published article) can lift its score. */
const BOOST_FACTOR = 0.15;
/** A one-letter prefix may complete to thousands of words: use the most common ones up to these limits. */
const MAX_EXPANSIONS = 64;
const MAX_POSTINGS_PER_TERM = 250_000;
/** At most this many words of a query are used. */
const MAX_QUERY_TERMS = 8;

/**
 * How many postings one query word may visit. A word of one or two letters is a prefix the
 * technician is still typing: it matches a large share of the replica and ranks nothing well,
 * so it visits fewer (its best completions still answer); the next letter narrows it anyway.
 */
function postingsCap(term: string): number {
  if (term.length <= 1) return 25_000;
  if (term.length === 2) return 80_000;
  return MAX_POSTINGS_PER_TERM;
}
const DEFAULT_LIMIT_PER_TYPE = 5;

/** Type codes in the typed arrays; 0 marks a retired record number. */
const DEAD = 0;
const HAS_DIGIT = /\p{N}/u;
const TYPE_CODE = new Map<SearchType, number>(SEARCH_TYPES.map((t, i) => [t, i + 1]));

class Postings {
  docs = new Int32Array(4);
  weights = new Float32Array(4);
  length = 0;

  push(doc: number, weight: number): void {
    if (this.length === this.docs.length) {
      const docs = new Int32Array(this.docs.length * 2);
      docs.set(this.docs);
      this.docs = docs;
      const weights = new Float32Array(this.weights.length * 2);
      weights.set(this.weights);
      this.weights = weights;
    }
    this.docs[this.length] = doc;
    this.weights[this.length] = weight;
    this.length++;
  }
}

interface StoredDoc {
  key: string;
  type: SearchType;
  id: string;
  title: string;
  number: string;
  subtitle: string;
  extra: Record<string, string | null>;
  /** The ids of the terms this record was indexed under (for the live document counts). */
  terms: Int32Array;
  fingerprint: number;
}

interface Expansion {
  termId: number;
  quality: number;
  /**
   * Caps the completion's or near miss's rarity at the typed word's own: a rare completion
   * ("554" for "5") must not outrank the word itself just because few records have it.
   */
  maxIdf: number;
}

function saturate(tf: number): number {
  return (tf * (K1 + 1)) / (tf + K1);
}

/**
 * The fingerprint of what the index holds for a record, so an unchanged record is not
 * re-indexed when a table is read again: a 53-bit hash (cyrb53) over every field, kept as a
 * number (a string per record would cost tens of megabytes over 125,000 records).
 */
export function fingerprint(doc: SearchDoc): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  const feed = (text: string) => {
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
    // A separator, so ("ab", "c") and ("a", "bc") differ.
    h1 = Math.imul(h1 ^ 0x1f, 2654435761);
    h2 = Math.imul(h2 ^ 0x1f, 1597334677);
  };
  feed(doc.type);
  feed(doc.title);
  feed(doc.number);
  feed(doc.text);
  feed(doc.subtitle);
  feed(String(doc.boost));
  for (const [k, v] of Object.entries(doc.extra)) {
    feed(k);
    feed(v ?? '\u0000');
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

export class SearchIndex {
  /**
   * term → term id (MiniSearch's radix tree: prefix and fuzzy look-ups). Words and codes
   * (terms with a digit: numbers, tags, serials, model names) live apart: typos are looked
   * for among words only, which keeps that look-up fast however many serials are indexed.
   */
  private readonly words = new SearchableMap<number>();
  private readonly codes = new SearchableMap<number>();
  /** The same term → id map as a hash map: indexing looks every term up, and this is several times faster than the tree. */
  private readonly termIds = new Map<string, number>();
  private readonly termText: string[] = [];
  private readonly postings: Postings[] = [];
  /** Live records per term (postings also hold retired records until a compaction). */
  private docFrequency = new Int32Array(1024);
  private readonly freeTermIds: number[] = [];

  private docs: (StoredDoc | null)[] = [];
  private docType = new Uint8Array(1024);
  private docBoost = new Float32Array(1024);
  private readonly byKey = new Map<string, number>();
  private live = 0;
  private retired = 0;

  // Scratch space for queries, reused so a keystroke allocates next to nothing.
  private acc = new Float32Array(0);
  private best = new Float32Array(0);
  private hits = new Uint8Array(0);
  private touched = new Int32Array(0);
  private termTouched = new Int32Array(0);

  /** How many records the index holds. */
  get size(): number {
    return this.live;
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  keys(): IterableIterator<string> {
    return this.byKey.keys();
  }

  /** Adds or replaces a record; returns false when it was already indexed exactly so. */
  upsert(doc: SearchDoc): boolean {
    const print = fingerprint(doc);
    const existing = this.byKey.get(doc.key);
    if (existing !== undefined) {
      if (this.docs[existing]?.fingerprint === print) return false;
      this.retire(existing);
    }
    this.add(doc, print);
    this.maybeCompact();
    return true;
  }

  remove(key: string): boolean {
    const num = this.byKey.get(key);
    if (num === undefined) return false;
    this.retire(num);
    this.byKey.delete(key);
    this.maybeCompact();
    return true;
  }

  private add(doc: SearchDoc, print: number): void {
    const num = this.docs.length;
    const weights = new Map<string, number>();
    const addWeight = (term: string, w: number) => weights.set(term, (weights.get(term) ?? 0) + w);

    for (const term of numberTerms(doc.number)) addWeight(term, NUMBER_WEIGHT);
    const titleTerms = tokenize(doc.title);
    // Shorter titles rank a shared word higher: "Printer" beats "Printer jams in room 12, again".
    const titleNorm = 0.75 + (0.25 * titleTerms.length) / 8;
    for (const [term, tf] of counts(titleTerms)) addWeight(term, (TITLE_WEIGHT * saturate(tf)) / titleNorm);
    const textTerms = tokenize(doc.text);
    const textNorm = 0.5 + (0.5 * textTerms.length) / 40;
    for (const [term, tf] of counts(textTerms)) addWeight(term, (TEXT_WEIGHT * saturate(tf)) / textNorm);

    const termIds = new Int32Array(weights.size);
    let i = 0;
    for (const [term, weight] of weights) {
      const termId = this.termId(term);
      this.postings[termId]!.push(num, weight);
      this.docFrequency[termId]!++;
      termIds[i++] = termId;
    }

    this.docs.push({
      key: doc.key,
      type: doc.type,
      id: doc.id,
      title: doc.title,
      number: doc.number,
      subtitle: doc.subtitle,
      extra: doc.extra,
      terms: termIds,
      fingerprint: print,
    });
    this.ensureDocCapacity(num + 1);
    this.docType[num] = TYPE_CODE.get(doc.type) ?? DEAD;
    this.docBoost[num] = Math.max(0, Math.min(1, doc.boost));
    this.byKey.set(doc.key, num);
    this.live++;
  }

  private retire(num: number): void {
    const doc = this.docs[num];
    if (!doc) return;
    for (const termId of doc.terms) this.docFrequency[termId]!--;
    this.docs[num] = null;
    this.docType[num] = DEAD;
    this.live--;
    this.retired++;
  }

  private vocabularyOf(term: string): SearchableMap<number> {
    return HAS_DIGIT.test(term) ? this.codes : this.words;
  }

  private termId(term: string): number {
    const known = this.termIds.get(term);
    if (known !== undefined) return known;
    const vocabulary = this.vocabularyOf(term);
    const id = this.freeTermIds.pop() ?? this.termText.length;
    this.termText[id] = term;
    this.postings[id] = new Postings();
    if (id >= this.docFrequency.length) {
      const grown = new Int32Array(this.docFrequency.length * 2);
      grown.set(this.docFrequency);
      this.docFrequency = grown;
    }
    this.docFrequency[id] = 0;
    vocabulary.set(term, id);
    this.termIds.set(term, id);
    return id;
  }

  private ensureDocCapacity(n: number): void {
    if (n <= this.docType.length) return;
    const size = Math.max(n, Math.ceil(this.docType.length * 1.5));
    const types = new Uint8Array(size);
    types.set(this.docType);
    this.docType = types;
    const boosts = new Float32Array(size);
    boosts.set(this.docBoost);
    this.docBoost = boosts;
  }

  /**
   * Drops retired record numbers from the postings and renumbers the live ones, once
   * retired numbers outweigh live ones (a long session of pulls changes many records).
   */
  private maybeCompact(): void {
    if (this.retired < 10_000 || this.retired < this.live) return;
    this.compact();
  }

  compact(): void {
    const remap = new Int32Array(this.docs.length).fill(-1);
    const docs: StoredDoc[] = [];
    for (let num = 0; num < this.docs.length; num++) {
      const doc = this.docs[num];
      if (!doc) continue;
      remap[num] = docs.length;
      docs.push(doc);
    }
    const types = new Uint8Array(Math.max(1024, docs.length));
    const boosts = new Float32Array(types.length);
    for (let num = 0; num < this.docs.length; num++) {
      const to = remap[num]!;
      if (to < 0) continue;
      types[to] = this.docType[num]!;
      boosts[to] = this.docBoost[num]!;
    }
    for (let termId = 0; termId < this.postings.length; termId++) {
      const p = this.postings[termId];
      if (!p) continue;
      let w = 0;
      for (let r = 0; r < p.length; r++) {
        const to = remap[p.docs[r]!]!;
        if (to < 0) continue;
        p.docs[w] = to;
        p.weights[w] = p.weights[r]!;
        w++;
      }
      p.length = w;
      if (w === 0 && this.docFrequency[termId] === 0) {
        // No record uses the term any more: forget it, so typo and prefix look-ups stay lean.
        const term = this.termText[termId]!;
        this.vocabularyOf(term).delete(term);
        this.termIds.delete(term);
        this.postings[termId] = new Postings();
        this.freeTermIds.push(termId);
      }
    }
    this.docs = docs;
    this.docType = types;
    this.docBoost = boosts;
    this.byKey.clear();
    docs.forEach((doc, num) => this.byKey.set(doc.key, num));
    this.retired = 0;
    this.acc = new Float32Array(0);
  }

  /** The words of a query term: itself, its completions and its near misses, each with how good a match it is. */
  private expand(term: string, isLast: boolean): Expansion[] {
    const found = new Map<number, number>();
    const vocabulary = this.vocabularyOf(term);
    const exact = vocabulary.get(term);
    if (exact !== undefined) found.set(exact, 1);

    // Every word may be a prefix while typing the last; earlier words from 3 letters on.
    if (isLast || term.length >= 3) {
      const completions: { termId: number; quality: number; df: number }[] = [];
      for (const [word, termId] of vocabulary.atPrefix(term).entries()) {
        if (word === term) continue;
        completions.push({ termId, quality: PREFIX_QUALITY * Math.sqrt(term.length / word.length), df: this.docFrequency[termId]! });
      }
      if (completions.length > MAX_EXPANSIONS) completions.sort((a, b) => b.df - a.df);
      for (const c of completions.slice(0, MAX_EXPANSIONS)) found.set(c.termId, Math.max(found.get(c.termId) ?? 0, c.quality));
    }

    const budget = vocabulary === this.words ? typoBudget(term) : 0;
    if (budget > 0) {
      for (const [, [termId, distance]] of this.words.fuzzyGet(term, budget)) {
        if (distance === 0) continue;
        const quality = FUZZY_QUALITY[distance as 1 | 2] ?? 0;
        if (quality > (found.get(termId) ?? 0)) found.set(termId, quality);
      }
    }

    // Best matches first, then cap the volume so a one-letter prefix stays cheap.
    const exactIdf = exact !== undefined && this.docFrequency[exact]! > 0 ? this.idf(exact) : Infinity;
    const list = [...found]
      .map(([termId, quality]) => ({ termId, quality, maxIdf: termId === exact ? Infinity : exactIdf }))
      .sort((a, b) => b.quality - a.quality);
    const kept: Expansion[] = [];
    let volume = 0;
    const cap = postingsCap(term);
    for (const e of list) {
      const n = this.postings[e.termId]!.length;
      if (kept.length > 0 && volume + n > cap) continue;
      kept.push(e);
      volume += n;
    }
    return kept;
  }

  private idf(termId: number): number {
    const df = Math.max(0, this.docFrequency[termId]!);
    return Math.log(1 + (this.live - df + 0.5) / (df + 0.5));
  }

  private ensureScratch(): void {
    const n = this.docs.length;
    if (this.acc.length >= n) return;
    const size = Math.ceil(n * 1.25) + 1024;
    this.acc = new Float32Array(size);
    this.best = new Float32Array(size);
    this.hits = new Uint8Array(size);
    this.touched = new Int32Array(size);
    this.termTouched = new Int32Array(size);
  }

  search(query: string, options: SearchOptions = {}): SearchResult {
    const started = performance.now();
    const terms = [...new Set(tokenize(query))].slice(0, MAX_QUERY_TERMS);
    if (terms.length === 0 || this.live === 0) return { query, groups: [], partial: false, tookMs: performance.now() - started };

    const typeAllowed = new Uint8Array(SEARCH_TYPES.length + 1);
    const wanted = options.types && options.types.length > 0 ? options.types : SEARCH_TYPES;
    for (const t of wanted) typeAllowed[TYPE_CODE.get(t)!] = 1;

    const expansions = terms.map((term, i) => this.expand(term, i === terms.length - 1));
    this.ensureScratch();

    let candidates = this.accumulate(expansions, typeAllowed, true);
    let partial = false;
    if (candidates === 0 && terms.length > 1) {
      candidates = this.accumulate(expansions, typeAllowed, false);
      partial = candidates > 0;
    }
    const groups = this.collect(candidates, terms.length, partial, options.limitPerType ?? DEFAULT_LIMIT_PER_TYPE);
    return { query, groups, partial, tookMs: performance.now() - started };
  }

  /**
   * Scores the records matching the query words into `acc`/`hits` and lists them in
   * `touched`; returns how many. `all`: every word must match (AND), rarest word first so
   * later words only revisit the survivors; otherwise any word (the fallback when AND finds none).
   */
  private accumulate(expansions: Expansion[][], typeAllowed: Uint8Array, all: boolean): number {
    const { acc, best, hits, touched, termTouched, docType } = this;
    const order = expansions
      .map((list) => ({ list, volume: list.reduce((n, e) => n + this.postings[e.termId]!.length, 0) }))
      .sort((a, b) => a.volume - b.volume);

    let count = 0;
    for (let i = 0; i < order.length; i++) {
      const list = order[i]!.list;
      let tt = 0;
      for (const { termId, quality, maxIdf } of list) {
        const p = this.postings[termId]!;
        const factor = Math.min(this.idf(termId), maxIdf) * quality;
        const docs = p.docs;
        const weights = p.weights;
        for (let j = 0, n = p.length; j < n; j++) {
          const d = docs[j]!;
          if (typeAllowed[docType[d]!] === 0) continue;
          if (all && hits[d] !== i) continue;
          const s = factor * weights[j]!;
          const b = best[d]!;
          if (b === 0) {
            termTouched[tt++] = d;
            best[d] = s;
          } else if (s > b) best[d] = s;
        }
      }
      for (let k = 0; k < tt; k++) {
        const d = termTouched[k]!;
        if (hits[d] === 0) touched[count++] = d;
        acc[d] = acc[d]! + best[d]!;
        hits[d] = hits[d]! + 1;
        best[d] = 0;
      }
      if (all && tt === 0) {
        this.reset(count);
        return 0;
      }
    }
    if (!all) return count;
    // Keep only the records that matched every word.
    let kept = 0;
    for (let k = 0; k < count; k++) {
      const d = touched[k]!;
      if (hits[d] === order.length) touched[kept++] = d;
      else {
        acc[d] = 0;
        hits[d] = 0;
      }
    }
    return kept;
  }

  private reset(count: number): void {
    for (let k = 0; k < count; k++) {
      const d = this.touched[k]!;
      this.acc[d] = 0;
      this.hits[d] = 0;
    }
  }

  /** The best few per type, best type first; clears the scratch space. */
  private collect(count: number, termCount: number, partial: boolean, limitPerType: number): SearchGroup[] {
    const { acc, hits, touched, docType, docBoost } = this;
    const tops: { docs: number[]; scores: number[]; total: number }[] = SEARCH_TYPES.map(() => ({ docs: [], scores: [], total: 0 }));
    for (let k = 0; k < count; k++) {
      const d = touched[k]!;
      let score = acc[d]! * (1 + BOOST_FACTOR * docBoost[d]!);
      if (partial) score *= (hits[d]! / termCount) ** 2;
      acc[d] = 0;
      hits[d] = 0;
      const top = tops[docType[d]! - 1]!;
      top.total++;
      const n = top.scores.length;
      if (n === limitPerType && score <= top.scores[n - 1]!) continue;
      // Insert in order (the lists are a handful long).
      let at = n;
      while (at > 0 && top.scores[at - 1]! < score) at--;
      top.scores.splice(at, 0, score);
      top.docs.splice(at, 0, d);
      if (top.scores.length > limitPerType) {
        top.scores.pop();
        top.docs.pop();
      }
    }
    const groups: SearchGroup[] = [];
    tops.forEach((top, i) => {
      if (top.docs.length === 0) return;
      const hitsOut: SearchHit[] = top.docs.map((d, j) => {
        const doc = this.docs[d]!;
        return { key: doc.key, type: doc.type, id: doc.id, title: doc.title, number: doc.number, subtitle: doc.subtitle, score: top.scores[j]!, extra: doc.extra };
      });
      groups.push({ type: SEARCH_TYPES[i]!, hits: hitsOut, total: top.total });
    });
    // Stable: equal best scores keep SEARCH_TYPES order.
    return groups.sort((a, b) => b.hits[0]!.score - a.hits[0]!.score);
  }
}

function counts(terms: string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const t of terms) out.set(t, (out.get(t) ?? 0) + 1);
  return out;
}
