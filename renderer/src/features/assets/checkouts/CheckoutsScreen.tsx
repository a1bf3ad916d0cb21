/**
 * Check-outs (/assets/checkouts), offline: every open check-out on this device, as three lists
 * a desk agent works through: overdue (most days late first), waiting for the person's
 * signature, and all open ones. Each row opens its asset, where it is checked in (`i`) or
 * signed for (`g`).
 */
import { Anchor, Badge, Group, Loader, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { AssetCheckout } from '@fielddesk/common/assets/actions';
import { awaitingAcceptance, overdue } from '@fielddesk/common/assets/checkout';
import { useWorkspace } from '../../../app/workspaceContext';
import { useNow } from '../../../shared/useNow';
import { localToday } from '../../../shared/dates';
import { targetName } from '../lifecycle/timeline';

const VIEWS = [
  { value: 'overdue', label: 'Overdue' },
  { value: 'unsigned', label: 'Waiting for a signature' },
  { value: 'open', label: 'All open' },
] as const;
type View = (typeof VIEWS)[number]['value'];

export function CheckoutsScreen() {
  const { db } = useWorkspace();
  const [params, setParams] = useSearchParams();
  const view = (VIEWS.find((v) => v.value === params.get('view'))?.value ?? 'overdue') as View;
  const today = localToday(new Date(useNow(60_000)));
  const data = useLiveQuery(async () => {
    const open = await db.assetCheckouts.filter((c) => c.checkedInAt === null).toArray();
    const [assets, persons, locations] = await Promise.all([db.assets.bulkGet(open.map((c) => c.assetId)), db.persons.toArray(), db.locations.toArray()]);
    const heldAssets = await db.assets.bulkGet(open.filter((c) => c.target.kind === 'asset').map((c) => c.target.id));
    return {
      open,
      assets: new Map(assets.flatMap((a) => (a ? [[a.id, a] as const] : []))),
      names: {
        person: (id: string) => persons.find((p) => p.id === id)?.displayName,
        location: (id: string) => locations.find((l) => l.id === id)?.name,
        asset: (id: string) => heldAssets.find((a) => a?.id === id)?.name,
      },
    };
  }, [db]);
  const rows = useMemo(() => {
    if (!data) return undefined;
    const late = new Map(overdue(data.open, today).map((o) => [o.checkout.id, o.daysOverdue]));
    const list: AssetCheckout[] = view === 'overdue' ? overdue(data.open, today).map((o) => o.checkout) : view === 'unsigned' ? awaitingAcceptance(data.open) : [...data.open].sort((a, b) => b.checkedOutAt.localeCompare(a.checkedOutAt));
    return list.map((c) => ({ checkout: c, asset: data.assets.get(c.assetId), late: late.get(c.id) ?? 0 }));
  }, [data, view, today]);

  return (
    <Stack gap="md" data-testid="checkouts-screen">
      <Group justify="space-between" wrap="wrap">
        <Title order={1} size="h2">
          Check-outs
        </Title>
        <SegmentedControl data={VIEWS.map((v) => ({ ...v }))} value={view} onChange={(v) => setParams(new URLSearchParams({ view: v }))} aria-label="Which check-outs" />
      </Group>
      {!rows && <Loader size="sm" />}
      {rows && rows.length === 0 && (
        <Text c="dimmed">{view === 'overdue' ? 'Nothing is overdue on this device.' : view === 'unsigned' ? 'No check-out is waiting for a signature.' : 'Nothing is checked out on this device.'}</Text>
      )}
      {rows && rows.length > 0 && (
        // 560: the whole table fits beside the navbar on a tablet held upright (800 px), the names wrapping, the dates not.
        <Table.ScrollContainer minWidth={560}>
          <Table striped highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Asset</Table.Th>
                <Table.Th>With</Table.Th>
                <Table.Th>Since</Table.Th>
                <Table.Th>Expected back</Table.Th>
                <Table.Th>Signature</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map(({ checkout, asset, late }) => (
                <Table.Tr key={checkout.id} data-testid="checkout-row">
                  <Table.Td>
                    <Anchor component={Link} to={`/assets/${checkout.assetId}`}>
                      {asset ? `${asset.tag} · ${asset.name}` : 'An asset not on this device'}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{data ? targetName(checkout.target, data.names) : ''}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{checkout.checkedOutOn}</Table.Td>
                  <Table.Td>
                    <Text span inherit style={{ whiteSpace: 'nowrap' }}>
                      {checkout.expectedReturnOn ?? '—'}
                    </Text>{' '}
                    {late > 0 && (
                      <Badge color="red" variant="light">
                        {late} {late === 1 ? 'day' : 'days'} late
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{!checkout.acceptanceRequired ? 'Not asked' : checkout.acceptedAt ? 'Signed' : <Badge color="yellow" variant="light" miw="max-content">Waiting</Badge>}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
