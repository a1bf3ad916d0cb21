/**
 * The same-run references of bench:workspace's browser metrics (bench/README.md says why each):
 *
 *   start_to_queue_ms  an EMPTY page built with the app's bundler (Vite), served by the same
 *                      server from the same web directory, opened the same way (a new browser
 *                      process on the same profile) and timed by the same probe: one row and an
 *                      enabled "Filter tickets" input, put there by a few lines of script. What
 *                      any page costs to show its first frame on this machine.
 *   queue_filter_ms    a PLAIN FILTER PAGE (no framework, built with Vite like the empty page)
 *                      holding the same 100,000 generated tickets (data.ts, the generator that
 *                      filled the replica), opened in the same browser beside the app and timed
 *                      by the same probe on the same keystrokes: each input scans every ticket
 *                      for the text and puts the count and as many rows as the app showed into
 *                      the DOM. The plain scan in Node is printed beside it (node_scan_ms).
 *   search_p95_ms      MiniSearch 7 (the peer the app's index is measured against, see
 *                      renderer/src/features/search/engine/SearchIndex.ts) over the same records
 *                      as the app's index documents (documents.ts ticketDoc/articleDoc/assetDoc of
 *                      the generated tickets, articles and assets), in Node, prefix search with
 *                      the app's typo budget (tokenize.ts typoBudget), AND across words, on every
 *                      keystroke of the same queries; p95 of the search times.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import MiniSearch from 'minisearch';
import { build } from 'vite';
import { articleDoc, assetDoc, ticketDoc } from '../../renderer/src/features/search/engine/documents';
import { typoBudget } from '../../renderer/src/features/search/engine/tokenize';
import type { SearchDoc } from '../../renderer/src/features/search/engine/types';
import { generateArticles, generateAssets, generateTickets } from './data';
import { demoReference } from './reference';
import { log, median, percentile } from './report';

/** Where the empty page lives in the served web directory. */
export const EMPTY_PAGE_PATH = '/__bench-empty/index.html';

const EMPTY_HTML = `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" /><title>Empty</title></head>
  <body><div id="root"></div><script type="module" src="./main.ts"></script></body>
</html>
`;

/** The least a page can do to satisfy the probe: one visible row and an enabled filter input. */
const EMPTY_MAIN = `const root = document.getElementById('root');
const input = document.createElement('input');
input.setAttribute('aria-label', 'Filter tickets');
input.setAttribute('data-testid', 'queue-filter-input');
const row = document.createElement('div');
row.setAttribute('data-testid', 'ticket-row');
row.textContent = 'INC-0001 An empty page';
root.append(input, row);
`;

/** Builds a one-script page with Vite into <webDir>/<dir of pagePath> (the server serves it from there). */
async function buildPage(webDir: string, pagePath: string, main: string): Promise<string> {
  const src = fs.mkdtempSync(path.join(os.tmpdir(), 'fielddesk-bench-page-'));
  const outDir = path.join(webDir, path.dirname(pagePath));
  try {
    fs.writeFileSync(path.join(src, 'index.html'), EMPTY_HTML);
    fs.writeFileSync(path.join(src, 'main.ts'), main);
    await build({ root: src, base: './', configFile: false, logLevel: 'silent', build: { outDir, emptyOutDir: true, target: 'chrome120' } });
    return outDir;
  } finally {
    fs.rmSync(src, { recursive: true, force: true });
  }
}

/** Builds the empty page with Vite into <webDir>/__bench-empty. */
export async function buildEmptyPage(webDir: string): Promise<void> {
  await buildPage(webDir, EMPTY_PAGE_PATH, EMPTY_MAIN);
}

/** Where the plain filter page lives in the served web directory; `?rows=N` rows are shown. */
export const FILTER_PAGE_PATH = '/__bench-filter/index.html';

/**
 * The least a browser page does for a text filter over the tickets: the keys lower-cased once
 * (as the queue's index does), then on every input one pass over all of them, the count and
 * the first rows put into the DOM with the app's test ids, and nothing else: no framework, no
 * sorting, no virtual list. The input is enabled once the tickets are loaded.
 */
const FILTER_MAIN = `const root = document.getElementById('root')!;
const input = document.createElement('input');
input.setAttribute('aria-label', 'Filter tickets');
input.setAttribute('data-testid', 'queue-filter-input');
input.disabled = true;
const count = document.createElement('div');
count.setAttribute('data-testid', 'queue-count');
const list = document.createElement('div');
root.append(input, count, list);
const shown = Number(new URLSearchParams(location.search).get('rows') ?? '50');
const tickets: [string, string, string][] = await (await fetch('./tickets.json')).json();
const keys = tickets.map(([n, t, c]) => n.toLowerCase() + '\\n' + t.toLowerCase() + '\\n' + c.toLowerCase());
function render(needle: string): void {
  const rows: HTMLElement[] = [];
  let matched = 0;
  for (let i = 0; i < keys.length; i++) {
    if (!keys[i]!.includes(needle)) continue;
    matched++;
    if (rows.length < shown) {
      const row = document.createElement('div');
      row.setAttribute('data-testid', 'ticket-row');
      row.textContent = tickets[i]![0] + ' ' + tickets[i]![1] + ' · ' + tickets[i]![2];
      rows.push(row);
    }
  }
  count.textContent = matched + ' tickets';
  list.replaceChildren(...rows);
}
input.addEventListener('input', () => render(input.value.trim().toLowerCase()));
render('');
input.disabled = false;
`;

/** Builds the plain filter page with the tickets' number, title and category beside it. */
export async function buildFilterPage(webDir: string, tickets: readonly FilterTicket[]): Promise<void> {
  const outDir = await buildPage(webDir, FILTER_PAGE_PATH, FILTER_MAIN);
  fs.writeFileSync(path.join(outDir, 'tickets.json'), JSON.stringify(tickets));
}

/** Number, title and "category / subcategory": what the queue's text filter looks in. */
export type FilterTicket = [string, string, string];

export interface NodeReferences {
  /** Median ms of the plain scan over the tickets, per typed filter keystroke (Node). */
  filterScanMs: number;
  filterScans: number;
  /** The same tickets for the plain filter page. */
  filterTickets: FilterTicket[];
  /** p95 ms of MiniSearch per search keystroke; its median and its index build. */
  miniSearchP95Ms: number;
  miniSearchMedianMs: number;
  miniSearchIndexMs: number;
  miniSearchKeystrokes: number;
  records: { tickets: number; articles: number; assets: number };
}

/** Every prefix of each query whose trimmed text changes, as the bench types them. */
function keystrokes(queries: readonly string[]): string[] {
  const out: string[] = [];
  for (const q of queries) {
    for (let i = 1; i <= q.length; i++) if (q.slice(0, i).trim() !== q.slice(0, i - 1).trim()) out.push(q.slice(0, i).trim());
  }
  return out;
}

export function measureNodeReferences(
  totals: { tickets: number; articles: number; assets: number },
  username: string,
  filterQueries: readonly string[],
  searchQueries: readonly string[],
): NodeReferences {
  const now = Date.now();
  const ref = demoReference(username);
  const tickets = generateTickets(totals.tickets, ref, now);

  // The queue filter's plain scan: lower-cased keys made once (as the queue's index does), then
  // one pass per keystroke collecting the matching tickets.
  const filterTickets = tickets.map((t): FilterTicket => [t.number ?? '', t.title, `${t.category} / ${t.subcategory}`]);
  const keys = filterTickets.map(([n, t, c]) => `${n.toLowerCase()}\n${t.toLowerCase()}\n${c.toLowerCase()}`);
  const scan = (needle: string) => {
    const matched: number[] = [];
    for (let i = 0; i < keys.length; i++) if (keys[i]!.includes(needle)) matched.push(i);
    return matched.length;
  };
  const typed = keystrokes(filterQueries).map((q) => q.toLowerCase());
  for (const q of typed) scan(q); // warm-up
  const scanMs = typed.map((q) => {
    const started = performance.now();
    scan(q);
    return performance.now() - started;
  });

  // MiniSearch over the same documents the app's index holds.
  const docs: SearchDoc[] = [
    ...tickets.map(ticketDoc),
    ...generateArticles(totals.articles, ref, now).map(articleDoc),
    ...generateAssets(totals.assets, ref, 1).map(assetDoc),
  ];
  const indexStarted = performance.now();
  const mini = new MiniSearch<SearchDoc>({
    idField: 'key',
    fields: ['title', 'number', 'text'],
    // Prefix on every word and the app's typo budget (tokenize.ts: 1 edit from 4 letters, 2 from 7).
    searchOptions: { prefix: true, fuzzy: (term) => typoBudget(term) || false, combineWith: 'AND', boost: { number: 6, title: 3 } },
  });
  mini.addAll(docs);
  const indexMs = performance.now() - indexStarted;
  mini.search('printer'); // one untimed query, as the bench does in the page
  const searchMs = keystrokes(searchQueries).map((q) => {
    const started = performance.now();
    mini.search(q);
    return performance.now() - started;
  });
  const counts = { tickets: tickets.length, articles: totals.articles, assets: totals.assets };
  log(`references in Node: filter scan median ${median(scanMs).toFixed(1)} ms over ${counts.tickets} tickets; MiniSearch p95 ${Math.round(percentile(searchMs, 95))} ms over ${docs.length} records (index ${Math.round(indexMs)} ms)`);
  return {
    filterScanMs: median(scanMs),
    filterScans: scanMs.length,
    filterTickets,
    miniSearchP95Ms: percentile(searchMs, 95),
    miniSearchMedianMs: median(searchMs),
    miniSearchIndexMs: indexMs,
    miniSearchKeystrokes: searchMs.length,
    records: counts,
  };
}
