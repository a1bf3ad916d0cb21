/**
 * Builds the demo CMDB (configuration items), knowledge base and change calendar from the
 * core demo data (seed/demo.ts). Pure and deterministic: its own fixed PRNG seed, so the
 * core data set stays exactly as it was; times are placed relative to `now`.
 *
 * - 300 configuration items (seed/demo-cmdb.ts): each site's network, hosts and virtual
 *   machines, its switches, printers, access points, displays, phones and PCs (backed by their
 *   assets), and the company's databases, applications and business services;
 * - 40 knowledge articles in markdown (headings, numbered steps, code, tables, links), 4 of them
 *   unpublished drafts;
 *
 * The change calendar is demo-changes.ts.
 */
import type { Asset, ConfigurationItem, KnowledgeArticle, Person, Site } from '@fielddesk/common/domain/entities';
import { ARTICLES, type ArticleSeed } from './catalog-itsm';
import { buildDemoConfigurationItems, DEMO_CMDB_COUNTS } from './demo-cmdb';
import { createRng } from './prng';

export const DEMO_ITSM_SEED = 20240612;
export const DEMO_ITSM_COUNTS = { configurationItems: DEMO_CMDB_COUNTS.configurationItems, knowledgeArticles: ARTICLES.length } as const;

export interface DemoItsmData {
  configurationItems: ConfigurationItem[];
  knowledgeArticles: KnowledgeArticle[];
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();

/** The intranet the demo articles link to (a reserved example domain). */
const INTRANET = 'https://intranet.fielddesk.example/it';
const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/**
 * The markdown body of a knowledge article: summary, numbered steps, commands in a fenced
 * code block, a table where the article has one, notes, and "See also" links (the intranet
 * page of its category and the other articles of that category, by number and title).
 */
export function articleMarkdown(a: ArticleSeed, all: readonly ArticleSeed[] = []): string {
  const parts = [`## Summary`, '', a.summary, '', '## Steps', '', ...a.steps.map((s, i) => `${i + 1}. ${s}`)];
  if (a.code) parts.push('', '## Commands', '', `\`\`\`${a.code.lang}`, a.code.text, '```');
  if (a.table) {
    const row = (cells: readonly string[]) => `| ${cells.map((c) => c.replaceAll('|', '\\|')).join(' | ')} |`;
    parts.push('', `## ${a.table.caption}`, '', row(a.table.headers), row(a.table.headers.map(() => '---')), ...a.table.rows.map(row));
  }
  if (a.notes?.length) parts.push('', '## Notes', '', ...a.notes.map((n) => `- ${n}`));
  const related = all
    .map((other, i) => ({ other, number: `KB-${String(i + 1).padStart(4, '0')}` }))
    .filter(({ other }) => other !== a && other.category === a.category && !other.draft)
    .slice(0, 3);
  parts.push('', '## See also', '', `- [${a.category} on the IT intranet](${INTRANET}/${slug(a.category)})`);
  for (const link of a.links ?? []) parts.push(`- [${link.label}](${link.url})`);
  for (const { other, number } of related) parts.push(`- ${number}: ${other.title}`);
  parts.push('', `_Tags: ${a.tags.join(', ')}_`);
  return parts.join('\n');
}

export function buildDemoItsmData(nowMs: number, core: { sites: Site[]; persons: Person[]; assets: Asset[] }): DemoItsmData {
  const rng = createRng(DEMO_ITSM_SEED);
  const now = Math.floor(nowMs / 60_000) * 60_000;
  const staff = core.persons.filter((p) => p.role === 'technician' || p.role === 'agent');
  const technicians = core.persons.filter((p) => p.role === 'technician');
  const admin = core.persons.find((p) => p.role === 'admin') ?? null;

  // ---- Configuration items ----
  // The CMDB has its own generator (demo-cmdb.ts). This one still makes the draws the first demo's
  // 60 CIs made (60 ids, 15 statuses), so the articles and changes below are as they were.
  const cis = buildDemoConfigurationItems(core);
  for (let i = 0; i < 60; i++) rng.uuid();
  for (let i = 0; i < 15; i++) rng.chance(0.9);

  // ---- Knowledge base ----
  const articles: KnowledgeArticle[] = ARTICLES.map((a, i) => {
    const author = a.draft ? (technicians[i % 2] ?? null) : rng.pick(staff);
    const updatedAt = now - rng.int(a.draft ? 0 : 7, a.draft ? 6 : 400) * DAY - rng.int(0, 23) * HOUR;
    const createdAt = updatedAt - rng.int(0, a.draft ? 3 : 200) * DAY - rng.int(0, 23) * HOUR;
    return {
      id: rng.uuid(),
      number: `KB-${String(i + 1).padStart(4, '0')}`,
      title: a.title,
      body: articleMarkdown(a, ARTICLES),
      category: a.category,
      tags: a.tags,
      published: !a.draft,
      authorId: author?.id ?? admin?.id ?? null,
      sourceTicketId: null,
      createdAt: iso(createdAt),
      updatedAt: iso(updatedAt),
      rev: 0,
    };
  });

  return { configurationItems: cis, knowledgeArticles: articles };
}
