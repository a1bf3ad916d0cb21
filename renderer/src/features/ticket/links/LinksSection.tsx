/**
 * The assets and configuration items a ticket is linked to: listed (a target not on this
 * device says so), added by searching the local replica, removed. Links are records of their
 * own (links repository), created and deleted offline like any other change; a linked CI
 * offers its impact view, upstream ("What does this outage affect?"). The search
 * goes through the replica's search index (features/search), so 20,000 assets stay instant.
 */
import { stateLabel } from '@fielddesk/common/assets/lifecycle';
import { useId, useState } from 'react';
import { Alert, Anchor, Badge, Button, Combobox, Group, Paper, SegmentedControl, Stack, Text, TextInput, Title, useCombobox } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch, IconUnlink } from '@tabler/icons-react';
import { useLiveQuery } from 'dexie-react-hooks';
import { Link } from 'react-router';
import type { Ticket, TicketLink } from '@fielddesk/common/domain/entities';
import { useWorkspace } from '../../../app/workspaceContext';
import { recordKey } from '../../../data/db';
import { useSearch, type SearchType } from '../../search';
import { usePendingKeys } from '../../../shared/syncHooks';
import { NotSyncedMarker } from '../../../shared/badges';
import { missingText } from '../useTicketRelations';

type Target = 'asset' | 'configuration_item';
const TARGET_WORDS: Record<Target, string> = { asset: 'Asset', configuration_item: 'Configuration item' };
/** Where each kind of target opens (the asset and CI screens of features/search). */
const TARGET_PATHS: Record<Target, string> = { asset: '/assets', configuration_item: '/cis' };
const MAX_RESULTS = 10;
const SEARCH_TYPES_OF: Record<Target, readonly SearchType[]> = { asset: ['asset'], configuration_item: ['configuration_item'] };

function useLinkedTargets(ticketId: string) {
  const { db } = useWorkspace();
  return useLiveQuery(
    async () => {
      const links = (await db.ticketLinks.where('ticketId').equals(ticketId).toArray()).filter(
        (l): l is TicketLink & { targetEntity: Target } => l.targetEntity === 'asset' || l.targetEntity === 'configuration_item',
      );
      const assets = await db.assets.bulkGet(links.filter((l) => l.targetEntity === 'asset').map((l) => l.targetId));
      const cis = await db.configurationItems.bulkGet(links.filter((l) => l.targetEntity === 'configuration_item').map((l) => l.targetId));
      const assetById = new Map(assets.flatMap((a) => (a ? [[a.id, a] as const] : [])));
      const ciById = new Map(cis.flatMap((c) => (c ? [[c.id, c] as const] : [])));
      return links.map((link) => {
        if (link.targetEntity === 'asset') {
          const a = assetById.get(link.targetId);
          return { link, title: a ? `${a.tag} · ${a.name}` : null, detail: a ? [a.model, stateLabel(a)].filter(Boolean).join(' · ') : '' };
        }
        const c = ciById.get(link.targetId);
        return { link, title: c ? c.name : null, detail: c ? `${c.ciType} · ${c.status}` : '' };
      });
    },
    [db, ticketId],
  );
}

function AddLink({ ticketId, linkedIds, onError }: { ticketId: string; linkedIds: ReadonlySet<string>; onError: (reason: string | null) => void }) {
  const { links, engine } = useWorkspace();
  const [target, setTarget] = useState<Target>('asset');
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query.trim(), 150);
  const combobox = useCombobox();
  const channel = useId();
  // The replica's search index: tag, serial, name, model (assets); name, type (CIs); typo tolerant.
  const { result, pending } = useSearch(debounced.length < 2 ? '' : debounced, { channel: `link-target:${channel}`, types: SEARCH_TYPES_OF[target], limitPerType: MAX_RESULTS });
  const results = result?.groups.flatMap((g) => g.hits).filter((h) => h.type === target && !linkedIds.has(h.id));

  async function add(targetId: string) {
    onError(null);
    const result = await links.link(ticketId, target, targetId);
    if (!result.ok) onError(result.reason);
    else engine.requestSync();
    setQuery('');
    combobox.closeDropdown();
  }

  return (
    <Group align="flex-end" gap="xs" wrap="nowrap">
      <SegmentedControl
        size="xs"
        value={target}
        onChange={(v) => setTarget(v as Target)}
        data={[
          { value: 'asset', label: 'Asset' },
          { value: 'configuration_item', label: 'CI' },
        ]}
        aria-label="What to link"
      />
      <Combobox store={combobox} onOptionSubmit={(id) => void add(id)}>
        <Combobox.Target>
          <TextInput
            style={{ flex: 1 }}
            label={target === 'asset' ? 'Link an asset' : 'Link a configuration item'}
            placeholder={target === 'asset' ? 'Asset tag, serial or name' : 'CI name or type'}
            leftSection={<IconSearch size={14} />}
            value={query}
            onChange={(e) => {
              setQuery(e.currentTarget.value);
              combobox.openDropdown();
              combobox.updateSelectedOptionIndex();
            }}
            onFocus={() => combobox.openDropdown()}
            onBlur={() => combobox.closeDropdown()}
            data-testid="link-target-search"
          />
        </Combobox.Target>
        <Combobox.Dropdown hidden={debounced.length < 2}>
          <Combobox.Options>
            {!pending && results && results.length === 0 && <Combobox.Empty>Nothing matching on this device</Combobox.Empty>}
            {results?.map((hit) => (
              <Combobox.Option value={hit.id} key={hit.id}>
                <Text size="sm">{hit.number ? `${hit.number} · ${hit.title}` : hit.title}</Text>
                <Text size="xs" c="dimmed">
                  {hit.subtitle}
                </Text>
              </Combobox.Option>
            ))}
          </Combobox.Options>
        </Combobox.Dropdown>
      </Combobox>
    </Group>
  );
}

export function LinksSection({ ticket, readOnly }: { ticket: Ticket; readOnly: boolean }) {
  const { links, engine } = useWorkspace();
  const linked = useLinkedTargets(ticket.id);
  const pending = usePendingKeys();
  const [error, setError] = useState<string | null>(null);

  async function remove(linkId: string) {
    setError(null);
    const result = await links.unlink(linkId);
    if (!result.ok) setError(result.reason);
    else engine.requestSync();
  }

  return (
    <Stack gap="sm" data-testid="links-section">
      <Title order={2} size="h4">
        Assets and configuration items
      </Title>
      {linked?.length === 0 && (
        <Text size="sm" c="dimmed">
          Nothing linked.
        </Text>
      )}
      <Stack gap={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label="Linked assets and configuration items">
        {linked?.map(({ link, title, detail }) => (
          <Paper component="li" key={link.id} withBorder px="sm" py={6} data-testid="linked-target">
            <Group justify="space-between" wrap="nowrap">
              <Stack gap={0} style={{ minWidth: 0 }}>
                <Group gap="xs">
                  <Badge size="xs" variant="default">
                    {TARGET_WORDS[link.targetEntity]}
                  </Badge>
                  {title ? (
                    <Anchor component={Link} to={`${TARGET_PATHS[link.targetEntity]}/${link.targetId}`} size="sm">
                      {title}
                    </Anchor>
                  ) : (
                    <Text size="sm" c="orange">
                      {missingText(TARGET_WORDS[link.targetEntity])}
                    </Text>
                  )}
                  {pending.records.has(recordKey('ticket_link', link.id)) && <NotSyncedMarker />}
                </Group>
                {detail && (
                  <Text size="xs" c="dimmed">
                    {detail}
                  </Text>
                )}
                {link.targetEntity === 'configuration_item' && title && (
                  <Anchor component={Link} to={`/cis/${link.targetId}/impact?direction=upstream`} size="xs" data-testid="ci-outage-impact">
                    What does this outage affect?
                  </Anchor>
                )}
              </Stack>
              {!readOnly && (
                <Button size="compact-xs" variant="subtle" color="red" leftSection={<IconUnlink size={12} />} onClick={() => void remove(link.id)}>
                  Remove
                </Button>
              )}
            </Group>
          </Paper>
        ))}
      </Stack>
      {!readOnly && <AddLink ticketId={ticket.id} linkedIds={new Set(linked?.map((l) => l.link.targetId) ?? [])} onError={setError} />}
      {error && (
        <Alert color="red" data-testid="links-error">
          {error}
        </Alert>
      )}
    </Stack>
  );
}
