/**
 * A licence (/licences/:id), from the replica (offline too): its details (the product key as
 * plain text), its title's compliance figures, the seats given (to an asset or a person; taken
 * back one by one) with a picker to give one more, and the devices on this device that have the
 * title installed, each saying whether it holds a seat. When online it also shows how many
 * devices the server counts with the title (the Software screen's source), and says plainly
 * when the server cannot be reached. Keys: e edit, a assign a seat (focuses the picker).
 */
import { useMemo, useRef, useState } from 'react';
import { Anchor, Badge, Button, Code, Group, Loader, Paper, SegmentedControl, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useDisclosure, useHotkeys } from '@mantine/hooks';
import { IconCloudOff, IconPencil, IconTrash } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { normalisePublisher, normaliseSoftwareName } from '@fielddesk/common/assets/compliance';
import { assetLabel, formatMoney, type SeatTargetKind } from '@fielddesk/common/assets/contracts';
import { isApiError } from '@fielddesk/common/ipc/contract';
import { usePlatform } from '../../app/platformContext';
import { useIntent } from '../../app/useIntent';
import { BackLink, Fact, NotHere } from '../../shared/RecordParts';
import { useSyncStatus } from '../../shared/syncHooks';
import { PickAndAdd } from '../../shared/PickAndAdd';
import { LicenceFormDialog } from './LicenceForm';
import { useLicenceData, useLicenceRepository } from './useLicences';

/** Whether an install (name, publisher) is of the licence's title: same name, and same publisher or none given. */
function sameTitle(licence: { name: string; publisher: string | null }, install: { name: string; publisher: string | null }): boolean {
  if (normaliseSoftwareName(install.name) !== normaliseSoftwareName(licence.name)) return false;
  const theirs = normalisePublisher(install.publisher);
  const ours = normalisePublisher(licence.publisher);
  return theirs === '' || ours === '' || theirs === ours;
}

/** Devices the server counts with this title (the Software screen's source: GET /api/inventory/software). */
function ServerCount({ licence }: { licence: { name: string; publisher: string | null } }) {
  const platform = usePlatform();
  const { online } = useSyncStatus();
  const query = useQuery({
    queryKey: ['licence-server-count', licence.name, licence.publisher],
    queryFn: () => platform.listSoftware({ q: licence.name, limit: 500 }),
    enabled: online === true,
    retry: false,
    staleTime: 30_000,
  });
  const offline = online !== true || (query.error !== null && isApiError(query.error) && query.error.code === 'offline');
  if (offline) {
    return (
      <Group gap={6} data-testid="licence-server-offline">
        <IconCloudOff size={16} />
        <Text size="sm" c="dimmed">
          The server cannot be reached: the figures here are this device&apos;s count.
        </Text>
      </Group>
    );
  }
  if (query.error) return <Text size="sm" c="dimmed">The server&apos;s count could not be read: {query.error.message}</Text>;
  if (!query.data) return <Loader size="xs" />;
  const devices = query.data.software.filter((s) => sameTitle(licence, s)).reduce((n, s) => n + s.installs, 0);
  return (
    <Text size="sm" c="dimmed" data-testid="licence-server-count">
      The server counts {devices.toLocaleString()} {devices === 1 ? 'install' : 'installs'} of this title across the devices you can see (by spelling; a device with two spellings counts twice there).
    </Text>
  );
}

export function LicenceScreen() {
  const { id = '' } = useParams();
  const data = useLicenceData();
  const repo = useLicenceRepository();
  const [editing, edit] = useDisclosure(false);
  const [kind, setKind] = useState<SeatTargetKind>('asset');
  const [picked, setPicked] = useState<string | null>(null);
  const picker = useRef<HTMLInputElement>(null);
  const assign = useIntent((target: { kind: SeatTargetKind; id: string }) => repo.assignSeat(id, target), 'the seat');
  const unassign = useIntent((seatId: string) => repo.unassignSeat(seatId), 'the change');
  useHotkeys([
    ['e', () => edit.open()],
    ['a', () => picker.current?.focus()],
  ]);

  const licence = data?.licences.find((l) => l.id === id);
  const seats = useMemo(() => (data ? data.seats.filter((s) => s.licenceId === id) : []), [data, id]);
  const assetById = useMemo(() => new Map((data?.assets ?? []).map((a) => [a.id, a])), [data]);
  const personById = useMemo(() => new Map((data?.persons ?? []).map((p) => [p.id, p])), [data]);
  const options = useMemo(() => {
    if (!data) return [];
    const given = new Set(seats.filter((s) => s.targetKind === kind).map((s) => s.targetId));
    return kind === 'asset'
      ? data.assets.filter((a) => !given.has(a.id)).map((a) => ({ value: a.id, label: `${a.tag} — ${a.name}` }))
      : data.persons.filter((p) => !given.has(p.id) && p.role !== 'requester').map((p) => ({ value: p.id, label: p.displayName }));
  }, [data, seats, kind]);
  const devices = useMemo(() => {
    if (!data || !licence) return [];
    const seatAssets = new Set(seats.filter((s) => s.targetKind === 'asset').map((s) => s.targetId));
    const seatPersons = new Set(seats.filter((s) => s.targetKind === 'person').map((s) => s.targetId));
    const out: { assetId: string; versions: string[]; licensed: boolean }[] = [];
    for (const [assetId, software] of data.installed) {
      const mine = software.filter((s) => sameTitle(licence, s));
      if (mine.length === 0) continue;
      const holder = assetById.get(assetId)?.assignedToId ?? null;
      out.push({ assetId, versions: mine.map((s) => s.version ?? 'no version'), licensed: seatAssets.has(assetId) || (holder !== null && seatPersons.has(holder)) });
    }
    return out.sort((a, b) => Number(a.licensed) - Number(b.licensed) || (assetById.get(a.assetId)?.tag ?? '').localeCompare(assetById.get(b.assetId)?.tag ?? ''));
  }, [data, licence, seats, assetById]);

  if (!data) return <Loader size="sm" />;
  if (!licence) return <NotHere what="Licence" />;
  const title = data.titleOf.get(licence.id);
  const vendor = data.vendors.find((v) => v.id === licence.vendorId);
  const left = licence.seats - seats.length;

  return (
    <Stack gap="md" maw={1100} data-testid="licence-screen">
      <BackLink to="/licences">Licences</BackLink>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1} size="h3" data-testid="licence-name">
            {licence.name}
          </Title>
          <Group gap="xs" mt={4}>
            <Text size="sm" c="dimmed">
              {licence.publisher ?? 'publisher unknown'}
            </Text>
            <Badge variant="light">{licence.kind === 'per_device' ? 'per device' : 'per user'}</Badge>
            <Badge variant="light" color={left > 0 ? 'green' : 'gray'} data-testid="licence-seats-left">
              {left.toLocaleString()} of {licence.seats.toLocaleString()} seats free
            </Badge>
          </Group>
        </div>
        <Button variant="default" leftSection={<IconPencil size={16} />} onClick={edit.open} title="Edit (E)">
          Edit
        </Button>
      </Group>

      <Paper withBorder p="md" radius="md">
        <SimpleGrid cols={{ base: 2, sm: 3, md: 4 }} spacing="md">
          <Fact label="Vendor">{vendor?.name}</Fact>
          <Fact label="Purchased on">{licence.purchasedOn}</Fact>
          <Fact label="Expires on">{licence.expiresOn}</Fact>
          <Fact label="Cost">{licence.costCents === null ? null : formatMoney(licence.costCents, licence.currency)}</Fact>
        </SimpleGrid>
        <Stack gap={0} mt="md">
          <Text size="xs" c="dimmed">
            Product key
          </Text>
          {licence.productKey ? (
            <Code style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }} data-testid="licence-product-key">
              {licence.productKey}
            </Code>
          ) : (
            <Text size="sm">—</Text>
          )}
        </Stack>
        {licence.notes && (
          <Text size="sm" mt="md" style={{ whiteSpace: 'pre-wrap' }}>
            {licence.notes}
          </Text>
        )}
      </Paper>

      {title && (
        <Paper withBorder p="md" radius="md" data-testid="licence-compliance">
          <Title order={2} size="h5" mb="sm">
            Compliance of the title{title.licenceIds.length > 1 ? ` (${title.licenceIds.length} licences)` : ''}
          </Title>
          <SimpleGrid cols={{ base: 2, sm: 4, md: 8 }} spacing="sm">
            <Fact label="Seats owned">{title.seatsOwned.toLocaleString()}</Fact>
            <Fact label="Installs">{title.installs.toLocaleString()}</Fact>
            <Fact label="Licensed">{title.licensedInstalls.toLocaleString()}</Fact>
            <Fact label="Unlicensed">{title.unlicensedInstalls.toLocaleString()}</Fact>
            <Fact label="Used">{title.used.toLocaleString()}</Fact>
            <Fact label="Over-used">{title.overUsed.toLocaleString()}</Fact>
            <Fact label="Unused seats">{title.unusedSeats.toLocaleString()}</Fact>
            <Fact label="Assigned, not installed">{title.assignedNotInstalled.toLocaleString()}</Fact>
          </SimpleGrid>
          <Group mt="sm">
            <ServerCount licence={licence} />
          </Group>
        </Paper>
      )}

      <Paper withBorder p="md" radius="md">
        <Title order={2} size="h5" mb="sm">
          Seats assigned ({seats.length.toLocaleString()} of {licence.seats.toLocaleString()})
        </Title>
        <PickAndAdd
          pickerRef={picker}
          ariaLabel={kind === 'asset' ? 'Device to assign a seat to' : 'Person to assign a seat to'}
          placeholder={kind === 'asset' ? 'Search by tag or name (A)' : 'Search by name (A)'}
          options={options}
          value={picked}
          onChange={setPicked}
          nothingFound="Nobody on this device matches"
          width={360}
          action="Assign a seat"
          busy={assign.busy}
          onAdd={(id) => void assign.run({ kind, id }).then((ok) => ok && setPicked(null))}
          error={assign.error ?? unassign.error}
          testIds={{ picker: 'seat-picker', add: 'seat-assign', error: 'seat-error' }}
          before={
            <SegmentedControl
              aria-label="Assign to"
              value={kind}
              onChange={(v) => {
                setKind(v as SeatTargetKind);
                setPicked(null);
              }}
              data={[
                { value: 'asset', label: 'A device' },
                { value: 'person', label: 'A person' },
              ]}
            />
          }
        />
        {seats.length === 0 ? (
          <Text c="dimmed" size="sm">
            No seat is assigned yet.
          </Text>
        ) : (
          <Table verticalSpacing={4} aria-label="Seats assigned" data-testid="seats">
            <Table.Tbody>
              {seats.map((s) => {
                const asset = s.targetKind === 'asset' ? assetById.get(s.targetId) : undefined;
                const person = s.targetKind === 'person' ? personById.get(s.targetId) : undefined;
                return (
                  <Table.Tr key={s.id} data-testid="seat">
                    <Table.Td>{s.targetKind === 'asset' ? 'Device' : 'Person'}</Table.Td>
                    <Table.Td>
                      {asset ? (
                        <Anchor component={Link} to={`/assets/${asset.id}`}>
                          {assetLabel(asset)}
                        </Anchor>
                      ) : person ? (
                        <Anchor component={Link} to={`/people/${person.id}`}>
                          {person.displayName}
                        </Anchor>
                      ) : (
                        'Not on this device'
                      )}
                    </Table.Td>
                    <Table.Td>{s.rev === 0 ? <Badge variant="outline" color="gray">not sent yet</Badge> : null}</Table.Td>
                    <Table.Td style={{ textAlign: 'right' }}>
                      <Button size="compact-sm" variant="subtle" color="red" leftSection={<IconTrash size={14} />} onClick={() => void unassign.run(s.id)} aria-label="Take the seat back">
                        Unassign
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        )}
      </Paper>

      <Paper withBorder p="md" radius="md">
        <Title order={2} size="h5" mb="sm">
          Devices with it installed ({devices.length.toLocaleString()})
        </Title>
        {devices.length === 0 ? (
          <Text c="dimmed" size="sm">
            No device on this device&apos;s replica has it installed.
          </Text>
        ) : (
          <Table verticalSpacing={4} aria-label="Devices with it installed" data-testid="licence-devices">
            <Table.Tbody>
              {devices.map((d) => {
                const asset = assetById.get(d.assetId);
                return (
                  <Table.Tr key={d.assetId} data-testid="licence-device">
                    <Table.Td>{asset ? <Anchor component={Link} to={`/assets/${asset.id}`}>{assetLabel(asset)}</Anchor> : d.assetId}</Table.Td>
                    <Table.Td>{d.versions.join(', ')}</Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={d.licensed ? 'green' : 'orange'}>
                        {d.licensed ? 'licensed' : 'no seat'}
                      </Badge>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
      <LicenceFormDialog opened={editing} onClose={edit.close} vendors={data.vendors} licence={licence} />
    </Stack>
  );
}
