/**
 * A contract (/contracts/:id), from the replica (offline too): its details (kind, vendor and how
 * to reach them, dates and days left, renewal and the last day to give notice, cost, notes),
 * editing in a dialog, and the assets it covers: added through a searchable picker of the assets
 * on this device, removed one by one (each a link of its own, so two people adding assets while
 * offline both arrive). Keys: e edit, a add an asset (focuses the picker).
 */
import { localToday } from '../../shared/dates';
import { useMemo, useRef, useState } from 'react';
import { Anchor, Badge, Button, Group, Loader, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useDisclosure, useHotkeys } from '@mantine/hooks';
import { IconPencil, IconTrash } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import { CONTRACT_KINDS, formatMoney, noticeBy, RENEWALS } from '@fielddesk/common/assets/contracts';
import { dayNumber } from '@fielddesk/common/assets/dates';
import { useIntent } from '../../app/useIntent';
import { BackLink, Fact, NotHere } from '../../shared/RecordParts';
import { useNow } from '../../shared/useNow';
import { PickAndAdd } from '../../shared/PickAndAdd';
import { ContractFormDialog } from './ContractForm';
import { daysLeftWords } from './model';
import { useAssets, useContractData, useContractRepository } from './useContracts';

export function ContractScreen() {
  const { id = '' } = useParams();
  const data = useContractData();
  const assets = useAssets();
  const repo = useContractRepository();
  const now = useNow(60_000);
  const [editing, edit] = useDisclosure(false);
  const [picked, setPicked] = useState<string | null>(null);
  const picker = useRef<HTMLInputElement>(null);
  const add = useIntent((assetId: string) => repo.coverAsset(id, assetId), 'the covered asset');
  const remove = useIntent((linkId: string) => repo.uncoverAsset(linkId), 'the change');
  useHotkeys([
    ['e', () => edit.open()],
    ['a', () => picker.current?.focus()],
  ]);

  const contract = data?.contracts.find((c) => c.id === id);
  const links = useMemo(() => data?.coveredBy.get(id) ?? [], [data, id]);
  const assetById = useMemo(() => new Map((assets ?? []).map((a) => [a.id, a])), [assets]);
  const options = useMemo(() => {
    const covered = new Set(links.map((l) => l.assetId));
    return (assets ?? []).filter((a) => !covered.has(a.id)).map((a) => ({ value: a.id, label: `${a.tag} — ${a.name}` }));
  }, [assets, links]);

  if (!data || !assets) return <Loader size="sm" />;
  if (!contract) return <NotHere what="Contract" />;
  const vendor = data.vendorById.get(contract.vendorId);
  const daysLeft = dayNumber(contract.endsOn) - dayNumber(localToday(new Date(now)));
  const notice = noticeBy(contract);

  return (
    <Stack gap="md" maw={1100} data-testid="contract-screen">
      <BackLink to="/contracts">Contracts</BackLink>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1} size="h3" data-testid="contract-name">
            {contract.name}
          </Title>
          <Group gap="xs" mt={4}>
            <Badge variant="light">{CONTRACT_KINDS[contract.kind]}</Badge>
            <Badge variant="light" color={daysLeft < 0 ? 'gray' : daysLeft <= 30 ? 'orange' : 'blue'}>
              {daysLeftWords(daysLeft)}
            </Badge>
            {contract.rev === 0 && (
              <Badge variant="outline" color="gray">
                not sent yet
              </Badge>
            )}
          </Group>
        </div>
        <Button variant="default" leftSection={<IconPencil size={16} />} onClick={edit.open} title="Edit (E)" data-testid="edit-contract">
          Edit
        </Button>
      </Group>

      <Paper withBorder p="md" radius="md">
        <SimpleGrid cols={{ base: 2, sm: 3, md: 4 }} spacing="md">
          <Fact label="Vendor">{vendor?.name}</Fact>
          <Fact label="Vendor contact">{[vendor?.contactName, vendor?.phone, vendor?.email].filter(Boolean).join(' · ')}</Fact>
          <Fact label="Vendor's reference">{contract.reference}</Fact>
          <Fact label="Cost">{formatMoney(contract.costCents, contract.currency)}</Fact>
          <Fact label="Starts on">{contract.startsOn}</Fact>
          <Fact label="Ends on (last day covered)">{contract.endsOn}</Fact>
          <Fact label="Renewal">{RENEWALS[contract.renewal]}</Fact>
          <Fact label="Notice">{notice ? `${contract.noticeDays} days: give notice by ${notice}` : `${contract.noticeDays} days`}</Fact>
        </SimpleGrid>
        {contract.notes && (
          <Text size="sm" mt="md" style={{ whiteSpace: 'pre-wrap' }}>
            {contract.notes}
          </Text>
        )}
      </Paper>

      <Paper withBorder p="md" radius="md">
        <Title order={2} size="h5" mb="sm">
          Assets covered ({links.length.toLocaleString()})
        </Title>
        <PickAndAdd
          pickerRef={picker}
          label="Add an asset"
          placeholder="Search by tag or name (A)"
          options={options}
          value={picked}
          onChange={setPicked}
          nothingFound="No asset on this device matches"
          width={380}
          action="Add"
          busy={add.busy}
          onAdd={(id) => void add.run(id).then((ok) => ok && setPicked(null))}
          error={add.error ?? remove.error}
          testIds={{ picker: 'cover-asset-picker', add: 'cover-asset-add', error: 'cover-asset-error' }}
        />
        {links.length === 0 ? (
          <Text c="dimmed" size="sm">
            No asset you can see is covered by this contract.
          </Text>
        ) : (
          <Table verticalSpacing={4} aria-label="Assets covered" data-testid="covered-assets">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Tag</Table.Th>
                <Table.Th>Name</Table.Th>
                <Table.Th>Type</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {links.map((l) => {
                const asset = assetById.get(l.assetId);
                return (
                  <Table.Tr key={l.id} data-testid="covered-asset">
                    <Table.Td>{asset ? <Anchor component={Link} to={`/assets/${asset.id}`}>{asset.tag}</Anchor> : '—'}</Table.Td>
                    <Table.Td>{asset?.name ?? 'An asset not on this device'}</Table.Td>
                    <Table.Td>{asset?.type ?? ''}</Table.Td>
                    <Table.Td style={{ textAlign: 'right' }}>
                      <Button size="compact-sm" variant="subtle" color="red" leftSection={<IconTrash size={14} />} onClick={() => void remove.run(l.id)} aria-label={`Remove ${asset?.tag ?? 'asset'} from the contract`}>
                        Remove
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
      <ContractFormDialog opened={editing} onClose={edit.close} vendors={data.vendors} contract={contract} />
    </Stack>
  );
}
