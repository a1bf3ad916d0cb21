/**
 * Contracts (/contracts): every contract on this device with its kind, vendor, dates, renewal,
 * cost and the assets it covers, from the replica (offline too); "Ending within N days"
 * (/contracts?ending=30) keeps those whose last day is within N days of today, soonest first;
 * a search over name, reference and vendor. The Vendors tab (/contracts?tab=vendors) lists the
 * vendors. Keys: Shift+N new contract, e toggles "ending within", Shift+V new vendor (Vendors tab).
 */
import { localToday } from '../../shared/dates';
import { useMemo, useState } from 'react';
import { Anchor, Badge, Button, Group, Loader, NumberInput, Stack, Switch, Table, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useDisclosure, useHotkeys } from '@mantine/hooks';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { CONTRACT_KINDS, formatMoney, RENEWALS } from '@fielddesk/common/assets/contracts';
import { dayNumber } from '@fielddesk/common/assets/dates';
import { useNow } from '../../shared/useNow';
import { ContractFormDialog } from './ContractForm';
import { contractsEnding, daysLeftWords, DEFAULT_ENDING_DAYS, matchesContract, parseEndingDays } from './model';
import { useContractData } from './useContracts';
import { VendorsSection } from './VendorsSection';

export function ContractsScreen() {
  const navigate = useNavigate();
  const data = useContractData();
  const now = useNow(60_000);
  const today = localToday(new Date(now));
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'vendors' ? 'vendors' : 'contracts';
  const ending = parseEndingDays(params.get('ending'));
  const [daysText, setDaysText] = useState<number | string>(ending ?? DEFAULT_ENDING_DAYS);
  const [query, setQuery] = useState('');
  const [creating, create] = useDisclosure(false);

  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value === null) next.delete(key);
    else next.set(key, value);
    setParams(next, { replace: true });
  };
  const days = typeof daysText === 'number' ? daysText : DEFAULT_ENDING_DAYS;
  const toggleEnding = () => setParam('ending', ending === null ? String(days) : null);
  useHotkeys([
    ['shift+n', () => tab === 'contracts' && create.open()],
    ['e', () => tab === 'contracts' && toggleEnding()],
  ]);

  const rows = useMemo(() => {
    if (!data) return [];
    const vendorName = (id: string) => data.vendorById.get(id)?.name ?? '';
    const listed = ending === null ? data.contracts.map((item) => ({ item, daysLeft: dayNumber(item.endsOn) - dayNumber(today) })) : contractsEnding(data.contracts, ending, today);
    return listed.filter((e) => matchesContract(e.item, vendorName(e.item.vendorId), query));
  }, [data, ending, today, query]);
  const contractCount = useMemo(() => {
    const m = new Map<string, number>();
    for (const c of data?.contracts ?? []) m.set(c.vendorId, (m.get(c.vendorId) ?? 0) + 1);
    return m;
  }, [data]);

  if (!data) return <Loader size="sm" />;

  return (
    <Stack gap="md" maw={1280} data-testid="contracts-screen">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} size="h3">
            Contracts
          </Title>
          <Text size="sm" c="dimmed">
            Support, leases, warranties and licence agreements, with their vendors. From this device, offline too.
          </Text>
        </div>
        {tab === 'contracts' && (
          <Button leftSection={<IconPlus size={16} />} onClick={create.open} title="New contract (Shift+N)" data-testid="new-contract">
            New contract
          </Button>
        )}
      </Group>
      <Tabs value={tab} onChange={(v) => setParam('tab', v === 'vendors' ? 'vendors' : null)}>
        <Tabs.List>
          <Tabs.Tab value="contracts">Contracts ({data.contracts.length.toLocaleString()})</Tabs.Tab>
          <Tabs.Tab value="vendors">Vendors ({data.vendors.length.toLocaleString()})</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="contracts" pt="md">
          <Stack gap="sm">
            <Group gap="md" wrap="wrap">
              <TextInput
                aria-label="Search contracts"
                placeholder="Search name, reference, vendor"
                leftSection={<IconSearch size={14} aria-hidden="true" />}
                value={query}
                onChange={(e) => setQuery(e.currentTarget.value)}
                w={300}
              />
              <Switch label="Ending within" checked={ending !== null} onChange={toggleEnding} data-testid="ending-filter" title="Ending within N days (E)" />
              <NumberInput
                aria-label="Days ahead"
                value={daysText}
                min={0}
                max={3650}
                allowDecimal={false}
                w={90}
                onChange={(v) => {
                  setDaysText(v);
                  if (typeof v === 'number' && ending !== null) setParam('ending', String(v));
                }}
                data-testid="ending-days"
              />
              <Text size="sm">days</Text>
              <Text size="sm" c="dimmed" data-testid="contracts-count">
                {rows.length.toLocaleString()} {rows.length === 1 ? 'contract' : 'contracts'}
                {ending !== null ? ` ending within ${ending} days` : ''}
              </Text>
            </Group>
            {rows.length === 0 ? (
              <Text c="dimmed" size="sm" py="md" data-testid="contracts-empty">
                {ending !== null ? `No contract ends within ${ending} days.` : data.contracts.length === 0 ? 'No contracts yet.' : 'No contract matches the search.'}
              </Text>
            ) : (
              <Table.ScrollContainer minWidth={960}>
                <Table striped highlightOnHover verticalSpacing={6} aria-label="Contracts" data-testid="contracts-table">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Name</Table.Th>
                      <Table.Th>Kind</Table.Th>
                      <Table.Th>Vendor</Table.Th>
                      <Table.Th>Starts</Table.Th>
                      <Table.Th>Ends</Table.Th>
                      <Table.Th>Renewal</Table.Th>
                      <Table.Th style={{ textAlign: 'right' }}>Cost</Table.Th>
                      <Table.Th style={{ textAlign: 'right' }}>Assets</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {rows.map(({ item: c, daysLeft }) => (
                      <Table.Tr key={c.id} data-testid="contract-row" style={{ cursor: 'pointer' }} onClick={() => void navigate(`/contracts/${c.id}`)}>
                        <Table.Td>
                          <Anchor component={Link} to={`/contracts/${c.id}`} fw={500} onClick={(e) => e.stopPropagation()}>
                            {c.name}
                          </Anchor>
                          {c.reference && (
                            <Text size="xs" c="dimmed">
                              {c.reference}
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>{CONTRACT_KINDS[c.kind]}</Table.Td>
                        <Table.Td>{data.vendorById.get(c.vendorId)?.name ?? '—'}</Table.Td>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>{c.startsOn}</Table.Td>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>
                          <Text size="sm">{c.endsOn}</Text>
                          <Badge size="sm" variant="light" color={daysLeft < 0 ? 'gray' : daysLeft <= DEFAULT_ENDING_DAYS ? 'orange' : 'blue'} data-testid="contract-days-left">
                            {daysLeftWords(daysLeft)}
                          </Badge>
                        </Table.Td>
                        <Table.Td>{RENEWALS[c.renewal]}</Table.Td>
                        <Table.Td style={{ textAlign: 'right', fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>{formatMoney(c.costCents, c.currency)}</Table.Td>
                        <Table.Td style={{ textAlign: 'right' }} data-testid="contract-assets">
                          {(data.coveredBy.get(c.id)?.length ?? 0).toLocaleString()}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="vendors" pt="md">
          {tab === 'vendors' && <VendorsSection vendors={data.vendors} contractCount={contractCount} />}
        </Tabs.Panel>
      </Tabs>
      <ContractFormDialog
        opened={creating}
        onClose={create.close}
        vendors={data.vendors}
        onSaved={(id) => {
          create.close();
          void navigate(`/contracts/${id}`);
        }}
      />
    </Stack>
  );
}
