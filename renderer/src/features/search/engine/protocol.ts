/** Messages between the page and the search worker. */
import type { IndexProgress, SearchOptions, SearchResult } from './types';

export type ToSearchWorker =
  | { type: 'init'; dbName: string }
  | { type: 'search'; seq: number; query: string; options?: SearchOptions }
  | { type: 'settled'; seq: number };

export type FromSearchWorker =
  | { type: 'progress'; progress: IndexProgress }
  | { type: 'result'; seq: number; result: SearchResult }
  | { type: 'settled'; seq: number };
