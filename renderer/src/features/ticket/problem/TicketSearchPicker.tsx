/**
 * Picks a ticket by number or title from the local replica (works offline). The replica may
 * hold 100,000 tickets and has no title index, so it scans only once the technician has
 * typed two characters, debounced, and stops at the first few matches.
 */
import { useRef, useState } from 'react';
import { Combobox, Loader, Text, TextInput, useCombobox } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useLiveQuery } from 'dexie-react-hooks';
import type { Ticket } from '@fielddesk/common/domain/entities';
import { useWorkspace } from '../../../app/workspaceContext';
import { ticketNumber } from '../../../data/display';

const MAX_RESULTS = 10;

export function TicketSearchPicker({
  label,
  placeholder,
  accept,
  onPick,
  testId,
}: {
  label: string;
  placeholder: string;
  /** Which tickets may be picked (kind, not already linked…). */
  accept: (t: Ticket) => boolean;
  onPick: (t: Ticket) => void;
  testId?: string;
}) {
  const { db } = useWorkspace();
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query.trim().toLowerCase(), 200);
  // `accept` is a new closure on each render; the scan reads the latest one without re-running.
  const acceptRef = useRef(accept);
  acceptRef.current = accept;
  const results = useLiveQuery(async () => {
    if (debounced.length < 2) return [];
    return db.tickets
      .filter((t) => acceptRef.current(t) && (ticketNumber(t).toLowerCase().includes(debounced) || t.title.toLowerCase().includes(debounced)))
      .limit(MAX_RESULTS)
      .toArray();
  }, [db, debounced]);

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
          rightSection={query.trim().length >= 2 && results === undefined ? <Loader size={14} /> : null}
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
          {results && results.length === 0 && <Combobox.Empty>No matching ticket on this device</Combobox.Empty>}
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
