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
 * - 30 change requests whose maintenance windows spread from 30 days ago to 120 days ahead,
 *   in every status.
 */
import type { Asset, ChangeRequest, ChangeStatus, ConfigurationItem, KnowledgeArticle, Person, Site } from '@fielddesk/common/domain/entities';
import { ARTICLES, CHANGE_TEMPLATES, type ArticleSeed } from './catalog-itsm';
import { buildDemoConfigurationItems, DEMO_CMDB_COUNTS } from './demo-cmdb';
import { createRng } from './prng';

export const DEMO_ITSM_SEED = 20240612;
export const DEMO_ITSM_COUNTS = { configurationItems: DEMO_CMDB_COUNTS.configurationItems, knowledgeArticles: ARTICLES.length, changes: 30 } as const;

export interface DemoItsmData {
  configurationItems: ConfigurationItem[];
  knowledgeArticles: KnowledgeArticle[];
  changes: ChangeRequest[];
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

  // ---- Changes ----
  const changes: ChangeRequest[] = [];
  const span = 150 * DAY;
  for (let i = 0; i < DEMO_ITSM_COUNTS.changes; i++) {
    const template = CHANGE_TEMPLATES[i % CHANGE_TEMPLATES.length] ?? CHANGE_TEMPLATES[0];
    if (!template) break;
    const site = rng.pick(core.sites);
    // Spread evenly from 30 days ago to 120 days ahead, with some jitter; windows start in the evening.
    const dayStart = Math.floor((now - 30 * DAY + (span * (i + 0.5)) / DEMO_ITSM_COUNTS.changes) / DAY) * DAY;
    const start = dayStart + rng.int(18, 22) * HOUR + rng.pick([0, 30]) * 60_000;
    const end = start + template.hours * HOUR;
    let status: ChangeStatus;
    if (end < now) status = rng.weighted<ChangeStatus>([['completed', 8], ['cancelled', 2]]);
    else if (start <= now) status = 'implementing';
    else status = rng.weighted<ChangeStatus>([['scheduled', 6], ['draft', 3], ['cancelled', 1]]);
    changes.push({
      id: rng.uuid(),
      number: null,
      title: template.title.replaceAll('{site}', site.name),
      description: template.description,
      status,
      risk: template.risk,
      windowStart: iso(start),
      windowEnd: iso(end),
      siteId: template.title.includes('{site}') ? site.id : null,
      ownerId: rng.pick(staff).id,
      rev: 0,
    });
  }
  // Every status appears: the change whose window is nearest now is being implemented.
  const nearest = changes.reduce((best, c) => (Math.abs(Date.parse(c.windowStart) - now) < Math.abs(Date.parse(best.windowStart) - now) ? c : best));
  const shift = now - HOUR - Date.parse(nearest.windowStart);
  nearest.windowStart = iso(Date.parse(nearest.windowStart) + shift);
  nearest.windowEnd = iso(Date.parse(nearest.windowEnd) + shift);
  nearest.status = 'implementing';
  for (const status of ['draft', 'scheduled', 'completed', 'cancelled'] as const) {
    if (changes.some((c) => c.status === status)) continue;
    const past = status === 'completed' || status === 'cancelled';
    const candidate = changes.find((c) => c !== nearest && (past ? Date.parse(c.windowEnd) < now : Date.parse(c.windowStart) > now) && changes.filter((x) => x.status === c.status).length > 1);
    if (candidate) candidate.status = status;
  }
  changes.sort((a, b) => a.windowStart.localeCompare(b.windowStart) || a.id.localeCompare(b.id));
  changes.forEach((c, i) => (c.number = `CHG-${String(i + 1).padStart(4, '0')}`));

  return { configurationItems: cis, knowledgeArticles: articles, changes };
}
