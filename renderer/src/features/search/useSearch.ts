/**
 * React hooks over the replica's search service: the service itself, the indexing progress,
 * and the results of a query (kept while the next keystroke's results are on their way, so
 * the list never flickers empty).
 */
import { useEffect, useState, useSyncExternalStore } from 'react';
import { useWorkspace } from '../../app/workspaceContext';
import { releaseSearchService, retainSearchService, searchServiceFor, type SearchService } from './searchService';
import type { IndexProgress, SearchOptions, SearchResult } from './engine/types';

export function useSearchService(): SearchService {
  const { db } = useWorkspace();
  useEffect(() => {
    retainSearchService(db);
    return () => releaseSearchService(db);
  }, [db]);
  return searchServiceFor(db);
}

export function useIndexProgress(service: SearchService): IndexProgress {
  return useSyncExternalStore(service.subscribe, service.getProgress, service.getProgress);
}

export interface UseSearchResult {
  /** The latest answer (for `query`, or for an earlier query while the newer one is on its way). */
  result: SearchResult | null;
  /** True while the answer for the current query has not arrived. */
  pending: boolean;
}

/**
 * Searches as the query changes. `channel` makes searches of one box "latest only".
 * Re-searches when the index has grown (while it is being built), so results fill in.
 */
export function useSearch(query: string, options: SearchOptions & { channel: string; enabled?: boolean }): UseSearchResult {
  const service = useSearchService();
  const progress = useIndexProgress(service);
  const [result, setResult] = useState<SearchResult | null>(null);
  const { channel, enabled = true, limitPerType } = options;
  const typesKey = (options.types ?? []).join(',');
  const trimmed = query.trim();

  useEffect(() => {
    if (!enabled || trimmed === '') {
      setResult(null);
      return;
    }
    let current = true;
    const types = typesKey ? (typesKey.split(',') as SearchOptions['types']) : undefined;
    void service.search(trimmed, { channel, types, limitPerType }).then((r) => {
      if (current && r) setResult(r);
    });
    return () => {
      current = false;
    };
    // progress.indexed: search again as the index fills in while it is being built;
    // progress.revision: and when changes written since were applied to it.
  }, [service, trimmed, channel, typesKey, limitPerType, enabled, progress.indexed, progress.ready, progress.revision]);

  return { result: trimmed === '' ? null : result, pending: trimmed !== '' && result?.query !== trimmed };
}
