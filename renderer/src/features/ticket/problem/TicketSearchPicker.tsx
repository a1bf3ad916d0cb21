/**
 * Picks a ticket by number or words of its title, through the replica's search index
 * (features/search: ranked, prefix and typo tolerant, fast over 100,000 tickets, offline).
 * `types` says which kinds the index looks in ('ticket' = incidents and requests,
 * 'problem'); `accept` then filters the hits on the whole record (not already linked…).
 */
import { useId, useRef, useState } from 'react';
import { Combobox, Loader, Text, TextInput, useCombobox } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useLiveQuery } from 'dexie-react-hooks';
import type { Ticket } from '@fielddesk/common/domain/entities';
import { useWorkspace } from '../../../app/workspaceContext';
import { ticketNumber } from '../../../data/display';
import { useSearch, type SearchType } from '../../search';

const MAX_RESULTS = 10;

export function TicketSearchPicker({
  label,
  placeholder,
  types,
  accept,
  onPick,
  testId,
}: {
  label: string;
  placeholder: string;
  types: readonly SearchType[];
  /** Which tickets may be picked (kind, not already linked…). */
  accept: (t: Ticket) => boolean;
  onPick: (t: Ticket) => void;
  testId?: string;
}) {
  const { db } = useWorkspace();
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query.trim(), 150);
  // `accept` is a new closure on each render; the lookup reads the latest one without re-running.
  const acceptRef = useRef(accept);
  acceptRef.current = accept;
  const channel = useId();
  const { result } = useSearch(debounced.length < 2 ? '' : debounced, { channel: `ticket-picker:${channel}`, types, limitPerType: MAX_RESULTS * 2 });
  const hitIds = result?.groups.flatMap((g) => g.hits.map((h) => h.id)) ?? [];
  const idsKey = hitIds.join(',');
  const results = useLiveQuery(async () => {
    if (!idsKey) return [];
    const found = await db.tickets.bulkGet(idsKey.split(','));
    return found.filter((t): t is Ticket => t !== undefined && acceptRef.current(t)).slice(0, MAX_RESULTS);
  }, [db, idsKey]);
  const searching = debounced.length >= 2 && (result === null || result.query !== debounced);

  return (
    <Combobox
      store={combobox}
      onOptionSubmit={(id) => {
        const picked = results?.find((t) => t.id === id);
        if (picked) onPick(picked);
        setQuery('');
        combobox.closeDropdown();
      }}
    >
      <Combobox.Target>
        <TextInput
          label={label}
          placeholder={placeholder}
          value={query}
          leftSection={<IconSearch size={14} />}
          rightSection={searching ? <Loader size={14} /> : null}
          onChange={(e) => {
            setQuery(e.currentTarget.value);
            combobox.openDropdown();
            combobox.updateSelectedOptionIndex();
          }}
          onFocus={() => combobox.openDropdown()}
          onBlur={() => combobox.closeDropdown()}
          data-testid={testId}
        />
      </Combobox.Target>
      <Combobox.Dropdown hidden={debounced.length < 2}>
        <Combobox.Options>
          {!searching && results && results.length === 0 && <Combobox.Empty>No matching ticket on this device</Combobox.Empty>}
          {results?.map((t) => (
            <Combobox.Option value={t.id} key={t.id}>
              <Text size="sm" span ff="monospace" c="dimmed">
                {ticketNumber(t)}
              </Text>{' '}
              <Text size="sm" span>
                {t.title}
              </Text>
            </Combobox.Option>
          ))}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}
