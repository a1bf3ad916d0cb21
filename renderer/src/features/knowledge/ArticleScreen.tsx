/**
 * One knowledge article (/kb/:id): its body rendered by the sanitizing Markdown renderer,
 * its state (draft or published, not yet synced), where it came from (the ticket whose
 * resolution it was written from) and the tickets it is linked to. Edit and publish work
 * offline like every other change.
 */
import { useState } from 'react';
import { Alert, Anchor, Badge, Button, Divider, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconEdit } from '@tabler/icons-react';
import { useLiveQuery } from 'dexie-react-hooks';
import { Link, useParams } from 'react-router';
import { BackLink } from '../../shared/RecordParts';
import type { KnowledgeArticle } from '@fielddesk/common/domain/entities';
import { useWorkspace } from '../../app/workspaceContext';
import { recordKey } from '../../data/db';
import { articleNumber, ticketNumber } from '../../data/display';
import { usePendingKeys } from '../../shared/syncHooks';
import { NotSyncedMarker } from '../../shared/badges';
import { categoryOf, useArticle } from './hooks';
import { Markdown } from './Markdown';

function SourceAndLinks({ article }: { article: KnowledgeArticle }) {
  const { db } = useWorkspace();
  const data = useLiveQuery(async () => {
    const source = article.sourceTicketId ? ((await db.tickets.get(article.sourceTicketId)) ?? null) : null;
    const links = await db.ticketLinks.where('targetId').equals(article.id).filter((l) => l.targetEntity === 'knowledge_article').toArray();
    const tickets = await db.tickets.bulkGet(links.map((l) => l.ticketId));
    return { source, linked: links.map((l, i) => ({ link: l, ticket: tickets[i] ?? null })) };
  }, [db, article.id, article.sourceTicketId]);
  if (!data) return null;
  return (
    <Stack gap={4}>
      {article.sourceTicketId && (
        <Text size="sm" data-testid="kb-source-ticket">
          Written from{' '}
          {data.source ? (
            <Anchor component={Link} to={`/tickets/${data.source.id}`}>
              {ticketNumber(data.source)} · {data.source.title}
            </Anchor>
          ) : (
            <Text span c="dimmed">
              a ticket that is not on this device
            </Text>
          )}
        </Text>
      )}
      {data.linked.length > 0 && (
        <Text size="sm" component="div">
          Linked to:{' '}
          {data.linked.map(({ link, ticket }, i) => (
            <span key={link.id}>
              {i > 0 && ', '}
              {ticket ? (
                <Anchor component={Link} to={`/tickets/${ticket.id}`}>
                  {ticketNumber(ticket)}
                </Anchor>
              ) : (
                <Text span c="dimmed">
                  a ticket not on this device
                </Text>
              )}
            </span>
          ))}
        </Text>
      )}
    </Stack>
  );
}

export function ArticleScreen() {
  const { id } = useParams();
  const article = useArticle(id);
  const { articles, engine } = useWorkspace();
  const pending = usePendingKeys();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (article === undefined) return <Loader size="sm" />;
  if (article === null) {
    return (
      <Stack align="flex-start">
        <Title order={1} size="h3">
          Article not found
        </Title>
        <Text>This article is not on this device. It may be another author’s draft, or it has not been synced yet.</Text>
        <Button component={Link} to="/kb" variant="default" leftSection={<IconArrowLeft size={16} />}>
          Back to the knowledge base
        </Button>
      </Stack>
    );
  }

  const togglePublished = async () => {
    setBusy(true);
    setError(null);
    const result = await articles.updateArticle(article.id, { published: !article.published });
    setBusy(false);
    if (!result.ok) setError(result.reason);
    else engine.requestSync();
  };

  return (
    <Stack gap="md" maw={900}>
      <BackLink to={`/kb?category=${encodeURIComponent(categoryOf(article))}`}>{categoryOf(article)}</BackLink>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={4}>
          <Title order={1} size="h2" data-testid="kb-article-title">
            {article.title}
          </Title>
          <Group gap="xs">
            <Text size="sm" c="dimmed" data-testid="kb-article-number">
              {articleNumber(article)}
            </Text>
            <Badge color={article.published ? 'green' : 'yellow'} variant="light" data-testid="kb-article-state">
              {article.published ? 'Published' : 'Draft'}
            </Badge>
            {pending.records.has(recordKey('knowledge_article', article.id)) && <NotSyncedMarker />}
            <Text size="xs" c="dimmed">
              Updated {new Date(article.updatedAt).toLocaleString()}
            </Text>
          </Group>
        </Stack>
        <Group gap="xs" wrap="nowrap">
          <Button variant="default" loading={busy} onClick={() => void togglePublished()}>
            {article.published ? 'Unpublish' : 'Publish'}
          </Button>
          <Button component={Link} to={`/kb/${article.id}/edit`} leftSection={<IconEdit size={16} aria-hidden="true" />}>
            Edit
          </Button>
        </Group>
      </Group>
      {error && (
        <Alert color="red" data-testid="kb-error">
          {error}
        </Alert>
      )}
      {article.tags.length > 0 && (
        <Group gap={6}>
          {article.tags.map((t) => (
            <Badge key={t} variant="outline" size="sm">
              {t}
            </Badge>
          ))}
        </Group>
      )}
      <SourceAndLinks article={article} />
      <Divider />
      <Paper withBorder p="lg">
        <Markdown testId="kb-article-body">{article.body}</Markdown>
      </Paper>
    </Stack>
  );
}
