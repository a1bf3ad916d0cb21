/**
 * Knowledge for a ticket, placed on the ticket screen: the articles already linked to it
 * (with unlink), articles suggested from the ticket's own words (its title, then its
 * category; the search index's typo tolerance and "some of the words" fallback make loose
 * matches work), each with "Link to ticket", and a box to search for another article.
 * Links are records of their own (links repository): created and deleted offline.
 *
 * Also exports CreateArticleFromResolution: "write an article from this resolution"
 * (knowledge-centred support), which opens the editor prefilled from the ticket.
 */
import { useMemo, useState, type ReactNode } from 'react';
import { Alert, Anchor, Badge, Button, Group, Paper, Stack, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { IconBookUpload, IconLink, IconSearch, IconUnlink } from '@tabler/icons-react';
import { useLiveQuery } from 'dexie-react-hooks';
import { Link, useNavigate } from 'react-router';
import type { KnowledgeArticle, Ticket, TicketLink } from '@fielddesk/common/domain/entities';
import { useWorkspace } from '../../app/workspaceContext';
import { recordKey } from '../../data/db';
import { articleNumber } from '../../data/display';
import { usePendingKeys } from '../../shared/syncHooks';
import { NotSyncedMarker } from '../../shared/badges';
import { useSearch } from '../search';
import { hasResolution } from './articleDraft';

const SUGGESTIONS = 5;

/** The words a ticket is searched by: its title (the search engine uses the first eight words). */
export function suggestionQuery(ticket: Pick<Ticket, 'title' | 'category'>): string {
  return `${ticket.title} ${ticket.category}`.trim();
}

function useLinkedArticles(ticketId: string) {
  const { db } = useWorkspace();
  return useLiveQuery(async () => {
    const links = (await db.ticketLinks.where('ticketId').equals(ticketId).toArray()).filter((l) => l.targetEntity === 'knowledge_article');
    const found = await db.knowledgeArticles.bulkGet(links.map((l) => l.targetId));
    return links.map((link, i) => ({ link, article: found[i] ?? null }));
  }, [db, ticketId]);
}

function ArticleLine({ article, number, children, pending }: { article: Pick<KnowledgeArticle, 'id' | 'title' | 'published'> | null; number: string; children?: ReactNode; pending?: boolean }) {
  return (
    <Paper component="li" withBorder px="sm" py={6} data-testid="related-article">
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Stack gap={0} style={{ minWidth: 0 }}>
          {article ? (
            <Anchor component={Link} to={`/kb/${article.id}`} size="sm" truncate>
              {article.title}
            </Anchor>
          ) : (
            <Text size="sm" c="orange">
              An article that is not on this device
            </Text>
          )}
          <Group gap={6}>
            <Text size="xs" c="dimmed">
              {number}
            </Text>
            {article && !article.published && (
              <Badge size="xs" color="yellow" variant="light">
                Draft
              </Badge>
            )}
            {pending && <NotSyncedMarker />}
          </Group>
        </Stack>
        {/* The actions keep their size; the title truncates instead. */}
        <div style={{ flexShrink: 0 }}>{children}</div>
      </Group>
    </Paper>
  );
}

export function RelatedArticles({ ticket, readOnly = false }: { ticket: Ticket; readOnly?: boolean }) {
  const { links, engine } = useWorkspace();
  const linked = useLinkedArticles(ticket.id);
  const pending = usePendingKeys();
  const [error, setError] = useState<string | null>(null);
  const [own, setOwn] = useState('');
  const query = own.trim() || suggestionQuery(ticket);
  const { result } = useSearch(query, { channel: `related:${ticket.id}`, types: ['article'], limitPerType: SUGGESTIONS + 10 });

  const linkedIds = useMemo(() => new Set((linked ?? []).map((l) => l.link.targetId)), [linked]);
  const suggestions = (result?.groups[0]?.hits ?? []).filter((h) => !linkedIds.has(h.id)).slice(0, SUGGESTIONS);

  const act = async (run: () => Promise<{ ok: true } | { ok: false; reason: string }>) => {
    setError(null);
    const r = await run();
    if (!r.ok) setError(r.reason);
    else engine.requestSync();
  };

  return (
    <Stack gap="sm" data-testid="related-articles">
      <Title order={2} size="h4">
        Knowledge
      </Title>
      {linked && linked.length > 0 && (
        <Stack gap={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label="Linked articles">
          {linked.map(({ link, article }: { link: TicketLink; article: KnowledgeArticle | null }) => (
            <ArticleLine key={link.id} article={article} number={article ? articleNumber(article) : ''} pending={pending.records.has(recordKey('ticket_link', link.id))}>
              {!readOnly && (
                <Button size="compact-xs" variant="subtle" color="red" leftSection={<IconUnlink size={12} />} onClick={() => void act(() => links.unlink(link.id))}>
                  Unlink
                </Button>
              )}
            </ArticleLine>
          ))}
        </Stack>
      )}
      <Text size="xs" c="dimmed" fw={500}>
        {own.trim() ? 'Matching articles' : 'Suggested from this ticket'}
      </Text>
      {suggestions.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="related-none">
          {result ? 'No matching articles on this device.' : 'Looking…'}
        </Text>
      ) : (
        <Stack gap={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label="Suggested articles">
          {suggestions.map((hit) => (
            <ArticleLine key={hit.id} article={{ id: hit.id, title: hit.title, published: hit.extra.published !== 'no' }} number={hit.number}>
              {!readOnly && (
                <Button size="compact-xs" variant="light" leftSection={<IconLink size={12} />} onClick={() => void act(() => links.link(ticket.id, 'knowledge_article', hit.id))}>
                  Link to ticket
                </Button>
              )}
            </ArticleLine>
          ))}
        </Stack>
      )}
      <TextInput
        size="xs"
        aria-label="Search articles for this ticket"
        placeholder="Search other articles…"
        leftSection={<IconSearch size={14} aria-hidden="true" />}
        value={own}
        onChange={(e) => setOwn(e.currentTarget.value)}
        data-testid="related-search"
      />
      {error && (
        <Alert color="red" data-testid="related-error">
          {error}
        </Alert>
      )}
    </Stack>
  );
}

/** "Create article from this resolution": opens the article editor prefilled from the ticket. */
export function CreateArticleFromResolution({ ticket }: { ticket: Ticket }) {
  const navigate = useNavigate();
  const ready = hasResolution(ticket);
  const button = (
    <Button
      variant="light"
      leftSection={<IconBookUpload size={16} aria-hidden="true" />}
      disabled={!ready}
      onClick={() => void navigate(`/kb/new?fromTicket=${encodeURIComponent(ticket.id)}`)}
      data-testid="create-article-from-resolution"
    >
      Create article from this resolution
    </Button>
  );
  if (ready) return button;
  return (
    <Tooltip label={ticket.kind === 'problem' ? 'Write the root cause, workaround or resolution notes first.' : 'Resolve the ticket with notes first.'}>
      <span>{button}</span>
    </Tooltip>
  );
}
