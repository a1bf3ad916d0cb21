/**
 * Writing an article (/kb/new, /kb/:id/edit): title, category, tags, markdown body with a
 * preview (rendered exactly as readers will see it, sanitized), draft or published. Saving
 * writes the local replica and the outbox in one transaction (articles repository), so it
 * works offline and syncs later. The repository's reasons are shown as they are.
 *
 * /kb/new?fromTicket=<id> starts from a resolved ticket (knowledge-centred support): title,
 * symptoms, cause, workaround and resolution come from the ticket, and the article remembers it.
 */
import { useEffect, useMemo, useState } from 'react';
import { Alert, Anchor, Autocomplete, Button, Group, Loader, Paper, Stack, Switch, Tabs, TagsInput, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useLiveQuery } from 'dexie-react-hooks';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import type { KnowledgeArticle } from '@fielddesk/common/domain/entities';
import type { ArticlePatchFields } from '@fielddesk/common/sync/protocol';
import { useWorkspace } from '../../app/workspaceContext';
import { ticketNumber } from '../../data/display';
import { draftFromTicket, EMPTY_DRAFT, type ArticleDraft } from './articleDraft';
import { categoriesOf, useArticle, useArticles } from './hooks';
import { Markdown } from './Markdown';

function draftOf(article: KnowledgeArticle): ArticleDraft {
  return { title: article.title, body: article.body, category: article.category, tags: article.tags, published: article.published, sourceTicketId: article.sourceTicketId };
}

/** The fields of an edit that differ from the stored article. */
function changedFields(article: KnowledgeArticle, draft: ArticleDraft): ArticlePatchFields {
  const fields: ArticlePatchFields = {};
  if (draft.title.trim() !== article.title) fields.title = draft.title;
  if (draft.body.trim() !== article.body) fields.body = draft.body;
  if (draft.category !== article.category) fields.category = draft.category;
  if (JSON.stringify(draft.tags) !== JSON.stringify(article.tags)) fields.tags = draft.tags;
  if (draft.published !== article.published) fields.published = draft.published;
  return fields;
}

function Editor({ initial, article, sourceLabel }: { initial: ArticleDraft; article: KnowledgeArticle | null; sourceLabel: string | null }) {
  const { articles, engine } = useWorkspace();
  const navigate = useNavigate();
  const all = useArticles();
  const [draft, setDraft] = useState<ArticleDraft>(initial);
  const [tab, setTab] = useState<string | null>('write');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const categories = useMemo(() => categoriesOf(all ?? []).map((c) => c.name).filter((n) => n !== 'Uncategorised'), [all]);
  const set = <K extends keyof ArticleDraft>(key: K, value: ArticleDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  const save = async () => {
    setSaving(true);
    setError(null);
    if (article) {
      const fields = changedFields(article, draft);
      if (Object.keys(fields).length === 0) {
        setSaving(false);
        void navigate(`/kb/${article.id}`);
        return;
      }
      const result = await articles.updateArticle(article.id, fields);
      setSaving(false);
      if (!result.ok) return setError(result.reason);
      engine.requestSync();
      void navigate(`/kb/${article.id}`);
      return;
    }
    const result = await articles.createArticle({
      title: draft.title,
      body: draft.body,
      category: draft.category.trim(),
      tags: draft.tags,
      published: draft.published,
      sourceTicketId: draft.sourceTicketId,
    });
    setSaving(false);
    if (!result.ok) return setError(result.reason);
    engine.requestSync();
    void navigate(`/kb/${result.id}`, { replace: true });
  };

  return (
    <Stack gap="md" maw={900} component="form" onSubmit={(e) => (e.preventDefault(), void save())}>
      <Title order={1} size="h2">
        {article ? 'Edit article' : 'New article'}
      </Title>
      {sourceLabel && (
        <Text size="sm" c="dimmed" data-testid="kb-editor-source">
          From the resolution of {sourceLabel}
        </Text>
      )}
      <TextInput label="Title" required value={draft.title} onChange={(e) => set('title', e.currentTarget.value)} maxLength={300} data-autofocus data-testid="kb-title-input" />
      <Group grow align="flex-start">
        <Autocomplete label="Category" placeholder="e.g. Printing" data={categories} value={draft.category} onChange={(v) => set('category', v)} maxLength={100} data-testid="kb-category-input" />
        <TagsInput label="Tags" placeholder="Type and press Enter" value={draft.tags} onChange={(v) => set('tags', v)} maxTags={20} />
      </Group>
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="write">Write</Tabs.Tab>
          <Tabs.Tab value="preview">Preview</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="write" pt="xs">
          <Textarea
            label="Body (markdown)"
            description="Headings (#), lists, **bold**, `code`, tables and links. HTML is shown as text."
            required
            autosize
            minRows={12}
            maxRows={30}
            value={draft.body}
            onChange={(e) => set('body', e.currentTarget.value)}
            data-testid="kb-body-input"
          />
        </Tabs.Panel>
        <Tabs.Panel value="preview" pt="xs">
          <Paper withBorder p="lg" mih={200}>
            {draft.body.trim() ? <Markdown testId="kb-preview">{draft.body}</Markdown> : <Text c="dimmed">Nothing to preview yet.</Text>}
          </Paper>
        </Tabs.Panel>
      </Tabs>
      <Switch label="Published (visible to everyone; drafts only to you)" checked={draft.published} onChange={(e) => set('published', e.currentTarget.checked)} />
      {error && (
        <Alert color="red" data-testid="kb-error">
          {error}
        </Alert>
      )}
      <Group>
        <Button type="submit" loading={saving}>
          {article ? 'Save changes' : draft.published ? 'Publish article' : 'Save draft'}
        </Button>
        <Button variant="default" component={Link} to={article ? `/kb/${article.id}` : '/kb'}>
          Cancel
        </Button>
      </Group>
    </Stack>
  );
}

/** /kb/:id/edit */
export function ArticleEditScreen() {
  const { id } = useParams();
  const article = useArticle(id);
  if (article === undefined) return <Loader size="sm" />;
  if (article === null) {
    return (
      <Stack align="flex-start">
        <Title order={1} size="h3">
          Article not found
        </Title>
        <Text>This article is not on this device, so it cannot be edited here.</Text>
        <Anchor component={Link} to="/kb">
          Back to the knowledge base
        </Anchor>
      </Stack>
    );
  }
  return <Editor key={article.id} initial={draftOf(article)} article={article} sourceLabel={null} />;
}

/** /kb/new, optionally ?fromTicket=<id> */
export function ArticleCreateScreen() {
  const { db } = useWorkspace();
  const [params] = useSearchParams();
  const fromTicket = params.get('fromTicket');
  const ticket = useLiveQuery(async () => (fromTicket ? ((await db.tickets.get(fromTicket)) ?? null) : null), [db, fromTicket]);
  const [initial, setInitial] = useState<{ draft: ArticleDraft; source: string | null } | null>(null);

  // Prefill once: later changes to the ticket must not overwrite what the technician typed.
  useEffect(() => {
    if (initial || ticket === undefined) return;
    if (ticket) setInitial({ draft: draftFromTicket(ticket, ticketNumber(ticket)), source: `${ticketNumber(ticket)} · ${ticket.title}` });
    else setInitial({ draft: EMPTY_DRAFT, source: null });
  }, [ticket, initial]);

  if (!initial) return <Loader size="sm" />;
  return (
    <Stack>
      {fromTicket && !ticket && (
        <Alert color="yellow">The ticket to write this article from is not on this device; starting from an empty article.</Alert>
      )}
      <Editor initial={initial.draft} article={null} sourceLabel={initial.source} />
    </Stack>
  );
}
