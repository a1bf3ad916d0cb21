/**
 * The knowledge base (/kb): articles by category, with search. Reads the local replica only,
 * so it works offline; search uses the same index as the global search (articles only), with
 * its prefix and typo tolerance. The category is in the URL (?category=…) so Back returns to it.
 */
import { useMemo, useState } from 'react';
import { Anchor, Badge, Button, Grid, Group, Loader, NavLink, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { Link, useSearchParams } from 'react-router';
import type { KnowledgeArticle } from '@fielddesk/common/domain/entities';
import { articleNumber } from '../../data/display';
import { useSearch } from '../search';
import { categoriesOf, categoryOf, useArticles } from './hooks';

/** Rows shown before "Show more" (5,000 articles would be a long page to render at once). */
const PAGE = 100;

interface Row {
  id: string;
  title: string;
  number: string;
  category: string;
  published: boolean;
  updatedAt: string | null;
}

function rowOf(a: KnowledgeArticle): Row {
  return { id: a.id, title: a.title, number: articleNumber(a), category: categoryOf(a), published: a.published, updatedAt: a.updatedAt };
}

function ArticleRow({ row }: { row: Row }) {
  return (
    <Paper component="li" withBorder px="md" py="xs" data-testid="kb-article-row">
      <Group justify="space-between" wrap="nowrap">
        <Stack gap={0} style={{ minWidth: 0 }}>
          <Anchor component={Link} to={`/kb/${row.id}`} fw={500} truncate>
            {row.title}
          </Anchor>
          <Text size="xs" c="dimmed">
            {row.number} · {row.category}
            {row.updatedAt ? ` · updated ${new Date(row.updatedAt).toLocaleDateString()}` : ''}
          </Text>
        </Stack>
        {!row.published && (
          <Badge color="yellow" variant="light" size="sm">
            Draft
          </Badge>
        )}
      </Group>
    </Paper>
  );
}

export function KnowledgeListScreen() {
  const articles = useArticles();
  const [params, setParams] = useSearchParams();
  const category = params.get('category');
  const [query, setQuery] = useState(params.get('q') ?? '');
  const [shown, setShown] = useState(PAGE);
  const searching = query.trim() !== '';
  const { result, pending } = useSearch(query, { channel: 'kb', types: ['article'], limitPerType: 500, enabled: searching });

  const categories = useMemo(() => categoriesOf(articles ?? []), [articles]);
  const byId = useMemo(() => new Map((articles ?? []).map((a) => [a.id, a])), [articles]);

  const rows: Row[] = useMemo(() => {
    if (searching) {
      const hits = result?.groups.find((g) => g.type === 'article')?.hits ?? [];
      return hits.flatMap((h) => {
        const a = byId.get(h.id);
        return a ? [rowOf(a)] : [];
      });
    }
    return (articles ?? []).map(rowOf);
  }, [searching, result, articles, byId]);
  const filtered = category ? rows.filter((r) => r.category === category) : rows;

  const chooseCategory = (name: string | null) => {
    const next = new URLSearchParams(params);
    if (name) next.set('category', name);
    else next.delete('category');
    setParams(next, { replace: false });
    setShown(PAGE);
  };

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1} size="h2">
          Knowledge base
        </Title>
        <Button component={Link} to="/kb/new" leftSection={<IconPlus size={16} aria-hidden="true" />}>
          New article
        </Button>
      </Group>
      <Grid>
        <Grid.Col span={{ base: 12, sm: 4, md: 3 }}>
          <Stack gap={2} component="nav" aria-label="Categories">
            <NavLink label="All articles" rightSection={<Text size="xs">{articles?.length ?? ''}</Text>} active={!category} onClick={() => chooseCategory(null)} data-testid="kb-category" />
            {categories.map((c) => (
              <NavLink
                key={c.name}
                label={c.name}
                rightSection={<Text size="xs">{c.count}</Text>}
                active={category === c.name}
                onClick={() => chooseCategory(c.name)}
                data-testid="kb-category"
              />
            ))}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 8, md: 9 }}>
          <Stack gap="sm">
            <TextInput
              aria-label="Search articles"
              placeholder="Search articles (typos are fine)"
              leftSection={<IconSearch size={16} aria-hidden="true" />}
              rightSection={searching && pending ? <Loader size="xs" /> : null}
              value={query}
              onChange={(e) => {
                setQuery(e.currentTarget.value);
                setShown(PAGE);
              }}
              data-testid="kb-search-input"
            />
            {articles === undefined ? (
              <Loader size="sm" />
            ) : filtered.length === 0 ? (
              <Text c="dimmed" data-testid="kb-empty">
                {searching ? `No article matches “${query.trim()}”${category ? ` in ${category}` : ''}.` : articles.length === 0 ? 'No articles on this device yet.' : 'No articles in this category.'}
              </Text>
            ) : (
              <>
                <Text size="sm" c="dimmed" data-testid="kb-count">
                  {filtered.length === 1 ? '1 article' : `${filtered.length} articles`}
                  {category ? ` in ${category}` : ''}
                  {searching && result?.partial ? ' (matching some of the words)' : ''}
                </Text>
                <Stack gap={6} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label="Articles">
                  {filtered.slice(0, shown).map((row) => (
                    <ArticleRow key={row.id} row={row} />
                  ))}
                </Stack>
                {filtered.length > shown && (
                  <Button variant="default" onClick={() => setShown((n) => n + PAGE)}>
                    Show more ({filtered.length - shown} left)
                  </Button>
                )}
              </>
            )}
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
