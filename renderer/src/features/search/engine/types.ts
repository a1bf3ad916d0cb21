/** What the global search finds, and what it answers with (shared by the worker and the screens). */

/** Kinds of results, in the order their groups are listed when they score alike. */
export const SEARCH_TYPES = ['ticket', 'problem', 'task', 'article', 'asset', 'configuration_item', 'person'] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];

export const SEARCH_TYPE_LABELS: Record<SearchType, string> = {
  ticket: 'Tickets',
  problem: 'Problems',
  task: 'Tasks',
  article: 'Knowledge articles',
  asset: 'Assets',
  configuration_item: 'Configuration items',
  person: 'People',
};

/** One record as the index sees it: made from a Dexie record by documents.ts. */
export interface SearchDoc {
  /** `${table}:${id}`: unique across tables. */
  key: string;
  type: SearchType;
  id: string;
  /** Shown, and weighs most after the number. */
  title: string;
  /** A record number or tag (INC-0042, KB-0007, an asset tag); '' when the record has none. */
  number: string;
  /** Everything else worth finding the record by (description, notes, category…). */
  text: string;
  /** Shown under the title; not searched. */
  subtitle: string;
  /** 0..1: how much to prefer this record when scores are close (open tickets, published articles). */
  boost: number;
  /** Small facts the screens need to open or show a result (a task's ticket, an article's state). */
  extra: Record<string, string | null>;
}

export interface SearchHit {
  key: string;
  type: SearchType;
  id: string;
  title: string;
  number: string;
  subtitle: string;
  score: number;
  extra: Record<string, string | null>;
}

export interface SearchGroup {
  type: SearchType;
  hits: SearchHit[];
  /** How many records of this type matched (hits holds only the best few). */
  total: number;
}

export interface SearchOptions {
  /** Only these kinds (all when absent or empty). */
  types?: readonly SearchType[];
  /** At most this many hits per kind (default 5). */
  limitPerType?: number;
}

export interface SearchResult {
  query: string;
  groups: SearchGroup[];
  /** True when no record matched every word, and these match only some of them. */
  partial: boolean;
  /** Time the index spent answering, in milliseconds. */
  tookMs: number;
}

/** How far the index has got with reading the local replica. */
export interface IndexProgress {
  indexed: number;
  total: number;
  /** True once every table was read once; later changes are applied one by one. */
  ready: boolean;
  /**
   * How many times changes were applied to the index since it started (records written after
   * they were first read: a pull, a local edit). Answers on screen are asked again when it grows.
   */
  revision: number;
  /** Set when building failed: what went wrong, in words. */
  error?: string;
}
