/**
 * The global search box in the header: Ctrl+K (Cmd+K on macOS) from anywhere, type, and the
 * best tickets, problems, tasks, articles, assets, configuration items and people from the
 * local replica appear grouped by kind. The first result is selected, so Enter opens it in
 * one keystroke; arrow keys move through the others; Escape leaves.
 *
 * Results come from the search worker (searchService.ts), so typing never waits for them.
 * For tests and benchmarks: the input is `global-search-input`; the list is `search-results`
 * with `data-query` (the query its rows answer) and `data-pending`; rows are `search-result`
 * with `data-type`; the input carries `data-index-state` (building | ready).
 */
import { memo, useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { flushSync } from 'react-dom';
import { Combobox, Group, Kbd, Loader, Text, TextInput, useCombobox } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { routeOf } from './engine/documents';
import { SEARCH_TYPE_LABELS, type IndexProgress, type SearchHit, type SearchResult } from './engine/types';
import { useIndexProgress, useSearchService } from './useSearch';
import { TYPE_ICONS } from './TypeIcon';
import classes from './GlobalSearch.module.css';

const IS_MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

export function indexingLabel(progress: IndexProgress): string | null {
  if (progress.ready) return null;
  const percent = progress.total > 0 ? Math.min(99, Math.floor((progress.indexed / progress.total) * 100)) : 0;
  return `indexing… ${percent}%`;
}

/**
 * The rows of one answer. Memoised: a keystroke re-renders the input, and the rows only
 * when the answer for it arrives (keystroke-to-results is what the benchmark measures).
 */
const ResultList = memo(function ResultList({
  result,
  pending,
  query,
  ready,
  selectedKey,
}: {
  result: SearchResult | null;
  pending: boolean;
  query: string;
  ready: boolean;
  selectedKey: string | null;
}) {
  return (
    <>
      {result?.partial && (
        <Text size="xs" c="dimmed" px="sm" py={4}>
          Nothing matches every word; these match some of them.
        </Text>
      )}
      {result?.groups.map((group) => (
        <Combobox.Group
          key={group.type}
          label={group.total > group.hits.length ? `${SEARCH_TYPE_LABELS[group.type]} (${group.hits.length} of ${group.total})` : SEARCH_TYPE_LABELS[group.type]}
        >
          {group.hits.map((hit) => {
            const Icon = TYPE_ICONS[group.type];
            return (
              <Combobox.Option
                key={hit.key}
                value={hit.key}
                selected={hit.key === selectedKey}
                aria-selected={hit.key === selectedKey}
                data-testid="search-result"
                data-type={hit.type}
                aria-label={`${hit.title} ${hit.subtitle}`}
              >
                <div className={classes.row}>
                  <span className={classes.icon} aria-hidden="true">
                    <Icon size={16} />
                  </span>
                  <div className={classes.text}>
                    <p className={classes.title}>{hit.title}</p>
                    <p className={classes.subtitle}>{hit.subtitle}</p>
                  </div>
                </div>
              </Combobox.Option>
            );
          })}
        </Combobox.Group>
      ))}
      {result && result.groups.length === 0 && result.query === query && (
        <Combobox.Empty>{ready ? `Nothing found for “${query}”.` : `Nothing found yet for “${query}” (still indexing).`}</Combobox.Empty>
      )}
      {!result && pending && (
        <Group justify="center" p="sm">
          <Loader size="xs" />
        </Group>
      )}
    </>
  );
});

export function GlobalSearch() {
  const navigate = useNavigate();
  const service = useSearchService();
  const progress = useIndexProgress(service);
  const [query, setQuery] = useState('');
  const inputRef = useRef<HTMLInputElement>(null);
  const combobox = useCombobox();
  const [result, setResult] = useState<SearchResult | null>(null);
  /** The selected row (the first of each new answer, so Enter opens the best match). */
  const [selected, setSelected] = useState(0);
  const latest = useRef('');

  /**
   * Asks the worker straight from the keystroke's event handler (not from an effect, which
   * would wait for the next paint), and renders its answer in the same task it arrives in
   * (flushSync), so a keystroke's results are on screen as soon as the worker has them.
   */
  const ask = useCallback(
    (text: string) => {
      const q = text.trim();
      latest.current = q;
      if (q === '') {
        setResult(null);
        return;
      }
      void service.search(q, { channel: 'global', limitPerType: 5 }).then((answer) => {
        if (!answer || answer.query !== latest.current) return;
        flushSync(() => {
          setResult(answer);
          setSelected(0);
        });
      });
    },
    [service],
  );

  // While the index is being built, ask again as it fills in; afterwards, whenever changes written
  // since (the first sync's pages, a local edit) were applied to it, so an answer never stays stale.
  useEffect(() => {
    if (latest.current) ask(latest.current);
  }, [ask, progress.indexed, progress.ready, progress.revision]);
  const pending = query.trim() !== '' && result?.query !== query.trim();

  const ordered = useMemo(() => (result?.groups ?? []).flatMap((g) => g.hits), [result]);
  const hits = useMemo(() => new Map(ordered.map((h) => [h.key, h] as const)), [ordered]);
  const selectedKey = ordered[selected]?.key ?? null;
  const listRef = useRef<HTMLDivElement>(null);

  /**
   * Arrow keys and Enter are ours rather than the Combobox's: its navigation looks for the
   * options by walking the whole document, which costs milliseconds per answer behind a
   * queue of thousands of rows. Here the selection is a number and the rows render it.
   */
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Escape') {
      setQuery('');
      ask('');
      combobox.closeDropdown();
      inputRef.current?.blur();
      return;
    }
    if (ordered.length === 0) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      combobox.openDropdown();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setSelected((i) => (i + step + ordered.length) % ordered.length);
      requestAnimationFrame(() => listRef.current?.querySelector('[data-combobox-selected]')?.scrollIntoView({ block: 'nearest' }));
    } else if (event.key === 'Enter' && !event.nativeEvent.isComposing) {
      const hit = ordered[selected];
      if (hit) {
        event.preventDefault();
        open(hit);
      }
    }
  };

  useHotkeys(
    [
      [
        'mod+K',
        (event) => {
          event.preventDefault();
          inputRef.current?.focus();
          inputRef.current?.select();
          combobox.openDropdown();
        },
      ],
    ],
    [], // also while typing in another field
  );

  const open = (hit: SearchHit) => {
    combobox.closeDropdown();
    setQuery('');
    ask('');
    inputRef.current?.blur();
    void navigate(routeOf(hit));
  };

  const indexing = indexingLabel(progress);
  const trimmed = query.trim();

  return (
    <Combobox
      store={combobox}
      onOptionSubmit={(key) => {
        const hit = hits.get(key);
        if (hit) open(hit);
      }}
      width="min(640px, 95vw)"
      position="bottom-start"
      shadow="md"
      withinPortal
      keepMounted
      transitionProps={{ duration: 0 }}
    >
      <Combobox.Target withKeyboardNavigation={false}>
        <TextInput
          ref={inputRef}
          data-testid="global-search-input"
          data-index-state={progress.ready ? 'ready' : 'building'}
          aria-label="Search everything"
          placeholder="Search tickets, articles, assets, people…"
          value={query}
          // Up to 420 px, shrinking first when the header is crowded (offline, uploads waiting).
          maw={420}
          miw={140}
          style={{ flex: '1 1 420px' }}
          leftSection={<IconSearch size={16} aria-hidden="true" />}
          rightSectionWidth={indexing ? 110 : 64}
          rightSection={
            indexing ? (
              <Text size="xs" c="dimmed" data-testid="search-indexing">
                {indexing}
              </Text>
            ) : (
              <Kbd size="xs">{IS_MAC ? '⌘ K' : 'Ctrl K'}</Kbd>
            )
          }
          onChange={(event) => {
            const value = event.currentTarget.value;
            ask(value);
            setQuery(value);
            combobox.openDropdown();
          }}
          onFocus={() => combobox.openDropdown()}
          onBlur={() => combobox.closeDropdown()}
          onKeyDown={onKeyDown}
        />
      </Combobox.Target>

      <Combobox.Dropdown hidden={trimmed === ''} data-testid="search-results" data-query={result?.query ?? ''} data-pending={pending ? 'true' : 'false'}>
        <Combobox.Options ref={listRef} mah="min(70vh, 560px)" style={{ overflowY: 'auto' }} aria-label="Search results">
          <ResultList result={result} pending={pending} query={trimmed} ready={progress.ready} selectedKey={selectedKey} />
        </Combobox.Options>
        <Combobox.Footer>
          <Text size="xs" c="dimmed">
            ↑ ↓ to move · Enter to open · Esc to close{indexing ? ` · ${indexing}` : ''}
          </Text>
        </Combobox.Footer>
      </Combobox.Dropdown>
    </Combobox>
  );
}
