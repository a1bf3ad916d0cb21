/**
 * The knowledge base (`/kb`, `/kb/new`, `/kb/:id`, `/kb/:id/edit`). Offers the ticket screen
 * its related articles and "write an article from this resolution".
 */
import { IconBook2 } from '@tabler/icons-react';
import { lazyScreen, type Feature } from '../../shared/feature';

const KnowledgeListScreen = lazyScreen('knowledge', () => import('./KnowledgeListScreen'), (m) => m.KnowledgeListScreen);
const ArticleScreen = lazyScreen('article', () => import('./ArticleScreen'), (m) => m.ArticleScreen);
const ArticleCreateScreen = lazyScreen('new article', () => import('./ArticleEditorScreen'), (m) => m.ArticleCreateScreen);
const ArticleEditScreen = lazyScreen('article editor', () => import('./ArticleEditorScreen'), (m) => m.ArticleEditScreen);

export const feature: Feature = {
  name: 'knowledge',
  routes: [
    { path: '/kb', screen: KnowledgeListScreen },
    { path: '/kb/new', screen: ArticleCreateScreen },
    { path: '/kb/:id', screen: ArticleScreen },
    { path: '/kb/:id/edit', screen: ArticleEditScreen },
  ],
  nav: { to: '/kb', label: 'Knowledge', icon: IconBook2, order: 40 },
};

export { CreateArticleFromResolution, RelatedArticles } from './RelatedArticles';
