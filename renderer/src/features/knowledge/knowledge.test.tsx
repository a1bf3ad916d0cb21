import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { KnowledgeArticle } from '@fielddesk/common/domain/entities';
import type { FieldDeskDb } from '../../data/db';
import { freshDb, makeTicket, seed, T0 } from '../../../test/fixtures';
import { renderInWorkspace } from '../../../test/render';
import { KnowledgeListScreen } from './KnowledgeListScreen';
import { ArticleScreen } from './ArticleScreen';
import { ArticleCreateScreen, ArticleEditScreen } from './ArticleEditorScreen';
import { CreateArticleFromResolution, RelatedArticles } from './RelatedArticles';
import { draftFromTicket } from './articleDraft';

function article(overrides: Partial<KnowledgeArticle> = {}): KnowledgeArticle {
  return {
    id: crypto.randomUUID(),
    number: 'KB-0001',
    title: 'Clear a stuck print queue',
    body: '## Steps\n\n1. Restart the **Print Spooler** service.',
    category: 'Printing',
    tags: ['spooler'],
    published: true,
    authorId: null,
    sourceTicketId: null,
    createdAt: T0,
    updatedAt: T0,
    rev: 5,
    ...overrides,
  };
}

async function withArticles(db: FieldDeskDb, list: KnowledgeArticle[]) {
  await seed(db, []);
  await db.knowledgeArticles.bulkPut(list);
}

/** Search answers come from an index built in the background: give them time on a busy machine. */
const SLOW = { timeout: 10_000 };

const rows = () => screen.queryAllByTestId('kb-article-row').map((r) => within(r).getByRole('link').textContent);

describe('KnowledgeListScreen', () => {
  it('lists articles by category and finds them by a typo', async () => {
    const db = freshDb('kb-list');
    await withArticles(db, [
      article(),
      article({ id: crypto.randomUUID(), number: 'KB-0002', title: 'Connect to the corporate VPN', category: 'Network', body: 'Open the VPN client.' }),
      article({ id: crypto.randomUUID(), number: 'KB-0003', title: 'Replace a toner cartridge', category: 'Printing', body: 'Open the front door.', published: false }),
    ]);
    const user = userEvent.setup();
    renderInWorkspace(<KnowledgeListScreen />, { db, path: '/kb', route: '/kb' });

    await waitFor(() => expect(rows()).toHaveLength(3), SLOW);
    expect(screen.getByText('Draft')).toBeTruthy();

    await user.click(screen.getByText('Network'));
    await waitFor(() => expect(rows()).toEqual(['Connect to the corporate VPN']), SLOW);
    await user.click(screen.getByText('All articles'));

    await user.type(screen.getByTestId('kb-search-input'), 'tonr');
    await waitFor(() => expect(rows()).toEqual(['Replace a toner cartridge']), SLOW);
  });
});

describe('ArticleScreen', () => {
  it('renders the body as sanitized markdown and publishes a draft offline', async () => {
    const db = freshDb('kb-view');
    const draft = article({ published: false, body: '# Steps\n\n<img src=x onerror="alert(1)">\n\n[bad](javascript:alert(1))' });
    await withArticles(db, [draft]);
    const user = userEvent.setup();
    renderInWorkspace(<ArticleScreen />, { db, path: '/kb/:id', route: `/kb/${draft.id}` });

    const body = await screen.findByTestId('kb-article-body');
    expect(body.querySelector('h1')?.textContent).toBe('Steps');
    expect(body.querySelector('img')).toBeNull();
    expect(body.textContent).toContain('<img src=x onerror="alert(1)">');
    expect(body.querySelector('a')?.getAttribute('href') ?? '').not.toContain('javascript');
    expect(screen.getByTestId('kb-article-state').textContent).toBe('Draft');

    await user.click(screen.getByRole('button', { name: 'Publish' }));
    await waitFor(() => expect(screen.getByTestId('kb-article-state').textContent).toBe('Published'), SLOW);
    const ops = await db.outbox.toArray();
    expect(ops.map((o) => [o.op.entity, o.op.kind])).toEqual([['knowledge_article', 'patch']]);
  });

  it('says so when the article is not on this device', async () => {
    const db = freshDb('kb-missing');
    await seed(db, []);
    renderInWorkspace(<ArticleScreen />, { db, path: '/kb/:id', route: '/kb/0190f2c8-0000-7000-8000-000000000000' });
    expect(await screen.findByText('Article not found')).toBeTruthy();
  });
});

describe('ArticleEditorScreen', () => {
  it('creates an article offline (record + outbox op) and shows the repository’s reason for bad input', async () => {
    const db = freshDb('kb-create');
    await seed(db, []);
    const user = userEvent.setup();
    renderInWorkspace(<ArticleCreateScreen />, { db, path: '/kb/new', route: '/kb/new' });

    await user.type(await screen.findByLabelText(/Title/), 'Reset a forgotten password');
    await user.type(screen.getByLabelText(/Body/), '   ');
    await user.click(screen.getByRole('button', { name: 'Save draft' }));
    expect((await screen.findByTestId('kb-error')).textContent).toMatch(/body/i);
    expect(await db.knowledgeArticles.count()).toBe(0);

    await user.type(screen.getByLabelText(/Body/), '1. Press **Ctrl+Alt+Del**');
    await user.click(screen.getByRole('tab', { name: 'Preview' }));
    expect((await screen.findByTestId('kb-preview')).querySelector('strong')?.textContent).toBe('Ctrl+Alt+Del');
    await user.click(screen.getByRole('button', { name: 'Save draft' }));

    await screen.findByTestId('elsewhere');
    const saved = await db.knowledgeArticles.toArray();
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({ title: 'Reset a forgotten password', published: false, number: null });
    const ops = await db.outbox.toArray();
    expect(ops.map((o) => [o.op.entity, o.op.kind])).toEqual([['knowledge_article', 'create']]);
  });

  it('edits an article: only changed fields go out', async () => {
    const db = freshDb('kb-edit');
    const existing = article();
    await withArticles(db, [existing]);
    const user = userEvent.setup();
    renderInWorkspace(<ArticleEditScreen />, { db, path: '/kb/:id/edit', route: `/kb/${existing.id}/edit` });
    const title = await screen.findByLabelText(/Title/);
    await user.clear(title);
    await user.type(title, 'Clear a stuck print queue on print01');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await screen.findByTestId('elsewhere');
    const ops = await db.outbox.toArray();
    expect(ops).toHaveLength(1);
    const op = ops[0]!.op;
    expect(op.kind === 'patch' && op.entity === 'knowledge_article' ? op.fields : null).toEqual({ title: 'Clear a stuck print queue on print01' });
  });

  it('drafts an article from a resolved ticket (knowledge-centred support)', async () => {
    const db = freshDb('kb-from-ticket');
    const ticket = makeTicket({ status: 'resolved', resolutionNotes: 'Replaced the fuser unit.', resolutionCode: 'fixed', category: 'Printing', subcategory: 'Laser' });
    await seed(db, [ticket]);
    const user = userEvent.setup();
    renderInWorkspace(<ArticleCreateScreen />, { db, path: '/kb/new', route: `/kb/new?fromTicket=${ticket.id}` });

    expect((await screen.findByTestId('kb-editor-source')).textContent).toContain('INC-1001');
    expect((screen.getByLabelText(/Title/) as HTMLInputElement).value).toBe(ticket.title);
    expect((screen.getByLabelText(/Body/) as HTMLTextAreaElement).value).toContain('Replaced the fuser unit.');
    await user.click(screen.getByRole('button', { name: 'Save draft' }));
    await screen.findByTestId('elsewhere');
    const [saved] = await db.knowledgeArticles.toArray();
    expect(saved).toMatchObject({ sourceTicketId: ticket.id, category: 'Printing', tags: ['Laser'] });
  });
});

describe('draftFromTicket', () => {
  it('takes symptoms, cause, workaround and resolution from a problem', () => {
    const problem = makeTicket({ kind: 'problem', number: 'PRB-0002', rootCause: 'Driver leak.', workaround: 'Restart the spooler.', resolutionNotes: null, description: 'Jobs stick.' });
    const draft = draftFromTicket(problem, 'PRB-0002');
    expect(draft.body).toBe('## Symptoms\n\nJobs stick.\n\n## Cause\n\nDriver leak.\n\n## Workaround\n\nRestart the spooler.\n\n_Written from PRB-0002._');
    expect(draft.sourceTicketId).toBe(problem.id);
  });
});

describe('RelatedArticles', () => {
  it('suggests articles from the ticket’s words, links one and unlinks it', async () => {
    const db = freshDb('kb-related');
    const ticket = makeTicket({ title: 'Print queue stuck on floor 2', category: 'Printing' });
    await seed(db, [ticket]);
    const kb = article();
    await db.knowledgeArticles.bulkPut([kb, article({ id: crypto.randomUUID(), number: 'KB-0009', title: 'Wi-Fi certificates', category: 'Network', body: 'Install the certificate.' })]);
    const user = userEvent.setup();
    renderInWorkspace(<RelatedArticles ticket={ticket} />, { db, path: '/tickets/:id', route: `/tickets/${ticket.id}` });

    const suggested = await screen.findByRole('list', { name: 'Suggested articles' });
    await waitFor(() => expect(within(suggested).getAllByTestId('related-article').map((r) => within(r).getByRole('link').textContent)).toEqual(['Clear a stuck print queue']), SLOW);

    await user.click(within(suggested).getByRole('button', { name: 'Link to ticket' }));
    const linked = await screen.findByRole('list', { name: 'Linked articles' });
    expect(within(linked).getByRole('link').textContent).toBe('Clear a stuck print queue');
    const [link] = await db.ticketLinks.toArray();
    expect(link).toMatchObject({ ticketId: ticket.id, targetEntity: 'knowledge_article', targetId: kb.id });

    await user.click(within(linked).getByRole('button', { name: 'Unlink' }));
    await waitFor(() => expect(screen.queryByRole('list', { name: 'Linked articles' })).toBeNull());
    expect((await db.outbox.toArray()).map((o) => `${o.op.entity}:${o.op.kind}`)).toEqual(['ticket_link:create', 'ticket_link:delete']);

    await user.type(screen.getByTestId('related-search'), 'certifcate');
    await waitFor(() => expect(screen.getAllByTestId('related-article').map((r) => within(r).getByRole('link').textContent)).toEqual(['Wi-Fi certificates']), SLOW);
  });

  it('offers "Create article from this resolution" once the ticket has resolution notes', async () => {
    const db = freshDb('kb-kcs-button');
    const open = makeTicket();
    const resolved = makeTicket({ status: 'resolved', resolutionNotes: 'Cleaned the rollers.' });
    await seed(db, [open, resolved]);
    const first = renderInWorkspace(<CreateArticleFromResolution ticket={open} />, { db });
    expect((screen.getByTestId('create-article-from-resolution') as HTMLButtonElement).disabled).toBe(true);
    first.unmount();
    const user = userEvent.setup();
    renderInWorkspace(<CreateArticleFromResolution ticket={resolved} />, { db });
    await user.click(screen.getByTestId('create-article-from-resolution'));
    await screen.findByTestId('elsewhere');
  });
});
