/**
 * Licences (/licences): compliance per software title, counted on this device from the replica
 * (offline too; useLicences.ts): seats owned and assigned, installs, licensed and unlicensed
 * installs, seats used, over-used, unused seats, seats assigned where it is not installed.
 * Shows licensed titles (default), the over-used ones, the titles nobody holds a licence for, or
 * all (/licences?show=over). Says plainly when some inventories have not reached this device.
 * Keys: Shift+N new licence.
 */
import { useMemo, useState } from 'react';
import { Alert, Anchor, Badge, Button, Group, Loader, SegmentedControl, Stack, Table, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { useDisclosure, useHotkeys } from '@mantine/hooks';
import { IconInfoCircle, IconPlus, IconSearch } from '@tabler/icons-react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { TitleCompliance } from '@fielddesk/common/assets/compliance';
import { LicenceFormDialog } from './LicenceForm';
import { useLicenceData } from './useLicences';

type Show = 'licensed' | 'over' | 'unlicensed' | 'all';
const SHOWS: { value: Show; label: string }[] = [
  { value: 'licensed', label: 'Licensed titles' },
  { value: 'over', label: 'Over-used' },
  { value: 'unlicensed', label: 'No licence' },
  { value: 'all', label: 'All' },
];
/** Rows drawn at once (titles with no licence can be thousands). */
const ROWS = 200;

const KIND_WORDS: Record<NonNullable<TitleCompliance['kind']>, string> = { per_device: 'per device', per_user: 'per user', mixed: 'mixed: counted per device' };

function shown(t: TitleCompliance, show: Show): boolean {
  if (show === 'licensed') return t.kind !== null;
  if (show === 'over') return t.overUsed > 0;
  if (show === 'unlicensed') return t.kind === null;
  return true;
}

const num = (n: number) => n.toLocaleString();

export function LicencesScreen() {
  const navigate = useNavigate();
  const data = useLicenceData();
  const [params, setParams] = useSearchParams();
  const raw = params.get('show');
  const show: Show = raw === 'over' || raw === 'unlicensed' || raw === 'all' ? raw : 'licensed';
  const [query, setQuery] = useState('');
  const [creating, create] = useDisclosure(false);
  useHotkeys([['shift+n', () => create.open()]]);

  const rows = useMemo(() => {
    if (!data) return [];
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    return data.titles.filter((t) => shown(t, show) && words.every((w) => `${t.name} ${t.publisher ?? ''}`.toLowerCase().includes(w)));
  }, [data, show, query]);

  if (!data) return <Loader size="sm" />;
  const over = data.titles.filter((t) => t.kind !== null && t.overUsed > 0).length;

  return (
    <Stack gap="md" maw={1400} data-testid="licences-screen">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} size="h3">
            Licences
          </Title>
          <Text size="sm" c="dimmed" data-testid="licences-scope">
            {num(data.licences.length)} {data.licences.length === 1 ? 'licence' : 'licences'}; compliance over the software of {num(data.devicesCounted)} inventoried{' '}
            {data.devicesCounted === 1 ? 'device' : 'devices'} held on this device{over > 0 ? `; ${num(over)} over-used` : ''}.
          </Text>
        </div>
        <Button leftSection={<IconPlus size={16} />} onClick={create.open} title="New licence (Shift+N)" data-testid="new-licence">
          New licence
        </Button>
      </Group>
      {data.missingInventories > 0 && (
        <Alert color="yellow" icon={<IconInfoCircle size={18} />} data-testid="licences-incomplete">
          The software of {num(data.missingInventories)} inventoried {data.missingInventories === 1 ? 'device has' : 'devices have'} not reached this device yet, so these counts leave{' '}
          {data.missingInventories === 1 ? 'it' : 'them'} out. It arrives with the next sync; the Software screen asks the server for its own count when it can be reached.
        </Alert>
      )}
      <Group gap="md" wrap="wrap">
        <SegmentedControl aria-label="Which titles" value={show} data={SHOWS} onChange={(v) => setParams(v === 'licensed' ? {} : { show: v }, { replace: true })} />
        <TextInput aria-label="Search titles" placeholder="Search title or publisher" leftSection={<IconSearch size={14} aria-hidden="true" />} value={query} onChange={(e) => setQuery(e.currentTarget.value)} w={280} />
        <Text size="sm" c="dimmed">
          {num(rows.length)} {rows.length === 1 ? 'title' : 'titles'}
        </Text>
      </Group>
      {rows.length === 0 ? (
        <Text c="dimmed" size="sm" py="md" data-testid="licences-empty">
          {show === 'over' ? 'No title is over-used.' : data.titles.length === 0 ? 'No licences and no installs yet.' : 'No title matches.'}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={1100}>
          <Table striped highlightOnHover verticalSpacing={6} aria-label="Compliance per title" data-testid="compliance-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Title</Table.Th>
                <Table.Th>Counted</Table.Th>
                {(
                  [
                    ['Seats', 'Seats owned (all licences of the title)'],
                    ['Assigned', 'Seats given to devices or people'],
                    ['Installs', 'Devices it is installed on (any version)'],
                    ['Licensed', 'Installs on a device that has a seat, or whose holder has one'],
                    ['Unlicensed', 'Installs with no seat on the device or its holder'],
                    ['Used', 'Seats the installs take: devices, or people for a per-user title'],
                    ['Over-used', 'Used beyond the seats owned'],
                    ['Unused', 'Seats owned beyond those used'],
                    ['Not installed', 'Seats assigned where it is not installed: seats to take back'],
                  ] as const
                ).map(([label, hint]) => (
                  <Table.Th key={label} style={{ textAlign: 'right' }}>
                    <Tooltip label={hint}>
                      <span>{label}</span>
                    </Tooltip>
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.slice(0, ROWS).map((t) => {
                const first = t.licenceIds[0];
                const cell = (value: number, testId: string, color?: string) => (
                  <Table.Td style={{ textAlign: 'right', fontVariantNumeric: 'tabular-nums' }} data-testid={testId}>
                    {color && value > 0 ? (
                      <Badge color={color} variant="light">
                        {num(value)}
                      </Badge>
                    ) : (
                      num(value)
                    )}
                  </Table.Td>
                );
                return (
                  <Table.Tr key={t.key} data-testid="compliance-row" style={first ? { cursor: 'pointer' } : undefined} onClick={first ? () => void navigate(`/licences/${first}`) : undefined}>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>
                      {first ? (
                        <Anchor component={Link} to={`/licences/${first}`} fw={500} onClick={(e) => e.stopPropagation()} data-testid="compliance-title">
                          {t.name}
                        </Anchor>
                      ) : (
                        <Text span fw={500} data-testid="compliance-title">
                          {t.name}
                        </Text>
                      )}
                      <Text size="xs" c="dimmed">
                        {t.publisher ?? 'publisher unknown'}
                        {t.licenceIds.length > 1 ? ` · ${t.licenceIds.length} licences` : ''}
                      </Text>
                    </Table.Td>
                    <Table.Td>{t.kind ? KIND_WORDS[t.kind] : <Text span c="dimmed" size="sm">no licence</Text>}</Table.Td>
                    {cell(t.seatsOwned, 'c-seats')}
                    {cell(t.seatsAssigned, 'c-assigned')}
                    {cell(t.installs, 'c-installs')}
                    {cell(t.licensedInstalls, 'c-licensed')}
                    {cell(t.unlicensedInstalls, 'c-unlicensed', 'orange')}
                    {cell(t.used, 'c-used')}
                    {cell(t.overUsed, 'c-over', 'red')}
                    {cell(t.unusedSeats, 'c-unused', 'gray')}
                    {cell(t.assignedNotInstalled, 'c-not-installed', 'yellow')}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
          {rows.length > ROWS && (
            <Text size="sm" c="dimmed" mt="xs">
              The first {num(ROWS)} of {num(rows.length)} titles; search to find others.
            </Text>
          )}
        </Table.ScrollContainer>
      )}
      <LicenceFormDialog
        opened={creating}
        onClose={create.close}
        vendors={data.vendors}
        onSaved={(id) => {
          create.close();
          void navigate(`/licences/${id}`);
        }}
      />
    </Stack>
  );
}
