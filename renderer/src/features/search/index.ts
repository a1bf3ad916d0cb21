/**
 * Global search (Ctrl/Cmd+K in the header; the index runs in a Web Worker). Offers other
 * features `useSearch` (the knowledge list, related articles, ticket pickers).
 */
import type { Feature } from '../../shared/feature';

export const feature: Feature = { name: 'search' };

export { GlobalSearch } from './GlobalSearch';
export { useSearch, type UseSearchResult } from './useSearch';
export type { SearchType } from './engine/types';
