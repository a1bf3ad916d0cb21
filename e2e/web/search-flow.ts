/**
 * The search and knowledge-base journey of issue 4, shared by the web and desktop hosts:
 *
 * 1. a technician signs in; the search index is built in its worker (progress, then ready);
 * 2. Ctrl+K, a typo of a ticket's title finds it, and Enter opens it;
 * 3. the server goes away; the technician writes a knowledge article (markdown with hostile
 *    HTML in it), it shows with a provisional number, the global search finds it at once
 *    (the index follows local writes), and the article body is rendered sanitized;
 * 4. the server comes back, the article syncs, and the server holds it exactly once.
 *
 * Screenshots of the search results, the knowledge base list and the article are kept.
 */
import { expect, type Page, type TestInfo } from '@playwright/test';
import { API, type LoginResponse } from '@fielddesk/common/api/http';
import type { KnowledgeArticle, Ticket } from '@fielddesk/common/domain/entities';
import type { PullResponse } from '@fielddesk/common/sync/protocol';
import { DEMO_PASSWORD, type ServerProcess } from '../support/server';
import { shot, signIn, takeServerAway, FIRST_SYNC_MS } from '../support/slice';

/** What the server holds for a user (bearer token, like a desktop client). */
async function serverRecords(baseUrl: string, username: string): Promise<{ tickets: Ticket[]; articles: KnowledgeArticle[] }> {
  const login = await fetch(`${baseUrl}${API.login}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD, client: 'desktop' }),
  });
  if (!login.ok) throw new Error(`login as ${username} failed: ${login.status}`);
  const { token } = (await login.json()) as LoginResponse;
  const tickets = new Map<string, Ticket>();
  const articles = new Map<string, KnowledgeArticle>();
  let cursor = '0';
  for (;;) {
    const res = await fetch(`${baseUrl}${API.pull}?cursor=${cursor}&limit=2000`, { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`pull failed: ${res.status}`);
    const page = (await res.json()) as PullResponse;
    for (const c of page.changes) {
      if (c.op !== 'put') continue;
      if (c.entity === 'ticket') tickets.set(c.id, c.data as Ticket);
      if (c.entity === 'knowledge_article') articles.set(c.id, c.data as KnowledgeArticle);
    }
    cursor = page.cursor;
    if (!page.hasMore) break;
  }
  return { tickets: [...tickets.values()], articles: [...articles.values()] };
}

/**
 * The title as a person might type it: its longest word with two neighbouring letters
 * swapped ("printer" → "pritner"), the other words as they are.
 */
export function typoOf(title: string): string {
  const word = title
    .split(/[^A-Za-z]+/)
    .filter((w) => w.length >= 7)
    .sort((a, b) => b.length - a.length)[0];
  if (!word) throw new Error(`"${title}" has no word of 7 letters or more to misspell`);
  const i = Math.floor(word.length / 2) - 1;
  const typo = word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
  return title.replace(word, typo).toLowerCase();
}

async function searchFor(page: Page, query: string): Promise<void> {
  const input = page.getByTestId('global-search-input');
  await page.keyboard.press('Control+k');
  await expect(input).toBeFocused();
  await input.fill('');
  await page.keyboard.type(query);
  await expect(page.getByTestId('search-results')).toHaveAttribute('data-query', query.trim());
}

export async function runSearchAndKnowledge(
  page: Page,
  server: ServerProcess,
  testInfo: TestInfo,
  opts: { appUrl: (path: string) => string; serverUrl?: string },
): Promise<void> {
  const before = await serverRecords(server.url, 'tech1');
  const target = before.tickets.find((t) => t.title.split(/[^A-Za-z]+/).some((w) => w.length >= 7));
  if (!target) throw new Error('the demo seed should give tech1 a ticket with a long word in its title');
  const typo = typoOf(target.title);

  await page.goto(opts.appUrl('/'));
  await signIn(page, { username: 'tech1', serverUrl: opts.serverUrl });
  await expect(page.getByTestId('ticket-row').first()).toBeVisible({ timeout: FIRST_SYNC_MS });
  const input = page.getByTestId('global-search-input');
  await expect(input).toHaveAttribute('data-index-state', 'ready', { timeout: 60_000 });
  // The index lives in its Web Worker (the host's CSP allows it), not in the page's fallback.
  expect(page.workers().map((w) => w.url()).some((url) => url.includes('search.worker'))).toBe(true);

  // A typo of the title finds the ticket (first, or tied with tickets of the same title); Enter opens it.
  await searchFor(page, typo);
  const first = page.getByTestId('search-result').first();
  await expect(first).toContainText(target.title);
  await expect(first).toHaveAttribute('data-type', /ticket|problem/);
  await expect(first).toHaveAttribute('aria-selected', 'true');
  await shot(page, testInfo, 'search-typo');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: target.title })).toBeVisible();
  expect(page.url()).toContain('/tickets/');
  await expect(input).toHaveValue('');

  // Offline: write an article.
  await takeServerAway(server, page);
  await page.getByRole('link', { name: 'Knowledge' }).click();
  await expect(page.getByRole('heading', { name: 'Knowledge base' })).toBeVisible();
  await expect(page.getByTestId('kb-article-row').first()).toBeVisible();
  await shot(page, testInfo, 'kb-list');

  const stamp = `${testInfo.project.name}${Date.now()}`;
  const title = `Recalibrate the Zebra scanner trigger ${stamp}`;
  await page.getByRole('link', { name: 'New article' }).click();
  await page.getByTestId('kb-title-input').fill(title);
  await page.getByTestId('kb-category-input').fill('Scanners');
  await page.keyboard.press('Escape');
  await page.getByTestId('kb-body-input').fill(
    '## Steps\n\n1. Open **Settings → Scanner**\n2. Run `Calibrate trigger`\n\n<img src=x onerror="document.title=\'pwned\'"> <script>document.title="pwned"</script>\n\n[help](javascript:document.title="pwned")',
  );
  await page.getByRole('tab', { name: 'Preview' }).click();
  await expect(page.getByTestId('kb-preview').locator('strong')).toHaveText('Settings → Scanner');
  await page.getByRole('switch', { name: /Published/ }).check();
  await page.getByRole('button', { name: 'Publish article' }).click();

  await expect(page.getByTestId('kb-article-title')).toHaveText(title);
  await expect(page.getByTestId('kb-article-number')).toHaveText(/^KB-new-/);
  const body = page.getByTestId('kb-article-body');
  await expect(body.locator('h2')).toHaveText('Steps');
  await expect(body).toContainText('<script>document.title="pwned"</script>');
  await expect(body.locator('img, script')).toHaveCount(0);
  expect(await body.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))).not.toContain('javascript:document.title="pwned"');
  expect(await page.title()).not.toBe('pwned');
  await expect(page.getByTestId('pending-count')).not.toHaveText('0');
  await shot(page, testInfo, 'kb-article-offline');

  // The index follows the local write: the article is found offline, with a typo.
  await searchFor(page, 'recalibrte zebra');
  await expect(page.getByTestId('search-result').filter({ hasText: title }).first()).toHaveAttribute('data-type', 'article');
  await page.keyboard.press('Escape');

  // Back online: the article syncs once and gets its number.
  await server.startAgain();
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByTestId('pending-count')).toHaveText('0', { timeout: 30_000 });
  await expect(page.getByTestId('kb-article-number')).toHaveText(/^KB-\d+$/);
  await shot(page, testInfo, 'kb-article-synced');

  const after = await serverRecords(server.url, 'tech1');
  const stored = after.articles.filter((a) => a.title === title);
  expect(stored).toHaveLength(1);
  expect(stored[0]).toMatchObject({ category: 'Scanners', published: true });
  expect(stored[0]!.body).toContain('<script>document.title="pwned"</script>');
}
