/** Live reads of the knowledge base from the local replica. */
import { useLiveQuery } from 'dexie-react-hooks';
import type { KnowledgeArticle } from '@fielddesk/common/domain/entities';
import { useWorkspace } from '../../app/workspaceContext';

/** Every article on this device (published ones, and this user's drafts), newest change first; undefined while loading. */
export function useArticles(): KnowledgeArticle[] | undefined {
  const { db } = useWorkspace();
  return useLiveQuery(async () => (await db.knowledgeArticles.toArray()).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)), [db]);
}

/** One article: undefined while loading, null when it is not on this device. */
export function useArticle(id: string | undefined): KnowledgeArticle | null | undefined {
  const { db } = useWorkspace();
  return useLiveQuery(async () => (id ? ((await db.knowledgeArticles.get(id)) ?? null) : null), [db, id]);
}

/** The categories in use, with how many articles each has, by name. */
export function categoriesOf(articles: readonly KnowledgeArticle[]): { name: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const a of articles) {
    const name = a.category.trim() || 'Uncategorised';
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts].map(([name, count]) => ({ name, count })).sort((a, b) => a.name.localeCompare(b.name));
}

export function categoryOf(article: Pick<KnowledgeArticle, 'category'>): string {
  return article.category.trim() || 'Uncategorised';
}
