/**
 * CMDB checks (/cmdb/reconcile?tab=stale&days=30): what in the CMDB needs a person's look, from
 * the replica (offline too), in three tabs with their counts: configuration items whose asset has
 * not been inventoried for N days (7, 30, 90 or 365; or never), assets no CI stands for, and
 * assets that look like one device recorded twice, with what they share in words. Computed with
 * the shared functions of common/cmdb/reconcile.ts (as the server's /api/cmdb/reconciliation);
 * each list draws a page at a time ("Show more"), so 20,000 assets stay quick. Text from records
 * is rendered as text only.
 */
import { stateLabel } from '@fielddesk/common/assets/lifecycle';
import { useEffect, useState, type ReactNode } from 'react';
import { Alert, Anchor, Badge, Button, Group, List, Loader, Paper, SegmentedControl, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { Link, useSearchParams } from 'react-router';
import { ciTypeLabel } from '@fielddesk/common/cmdb/classes';
import type { DuplicateGroup, StaleCi } from '@fielddesk/common/cmdb/reconcile';
import type { Asset, ConfigurationItem } from '@fielddesk/common/domain/entities';
import { useNow } from '../../../shared/useNow';
import {
  count,
  GROUPS_PER_PAGE,
  inventoriedWords,
  parseDays,
  parseTab,
  ROWS_PER_PAGE,
  sharedSentence,
  sinceWords,
  STALE_DAY_CHOICES,
  type ReconcileTab,
} from './reconcileModel';
import { useReconciliation } from './useReconciliation';

const HOUR_MS = 3_600_000;

/** How many of `total` items to draw: a page, and a page more per "Show more"; back to one page when `resetKey` changes. */
function useShown(perPage: number, resetKey: unknown): [number, () => void] {
  const [pages, setPages] = useState(1);
  useEffect(() => setPages(1), [resetKey]);
  return [pages * perPage, () => setPages((p) => p + 1)];
}

function ShowMore({ shown, total, perPage, what, onMore }: { shown: number; total: number; perPage: number; what: string; onMore: () => void }) {
  if (total <= shown) return null;
  return (
    <Group justify="space-between" data-testid="reconcile-show-more">
      <Text size="sm" c="dimmed">
        Showing {shown.toLocaleString()} of {total.toLocaleString()} {what}
      </Text>
      <Button variant="default" size="xs" onClick={onMore}>
        Show {Math.min(perPage, total - shown).toLocaleString()} more
      </Button>
    </Group>
  );
}

function Empty({ children, testId }: { children: ReactNode; testId: string }) {
  return (
    <Text c="dimmed" size="sm" py="md" data-testid={testId}>
      {children}
    </Text>
  );
}

function AssetLink({ asset }: { asset: { id: string; tag: string } }) {
  return (
    <Anchor component={Link} to={`/assets/${asset.id}`} size="sm" data-testid="reconcile-asset-link">
      {asset.tag}
    </Anchor>
  );
}

function StaleList({ rows, days, ciById }: { rows: StaleCi[]; days: number; ciById: ReadonlyMap<string, ConfigurationItem> }) {
  const [shown, more] = useShown(ROWS_PER_PAGE, `${days}:${rows.length}`);
  if (rows.length === 0) return <Empty testId="reconcile-stale-empty">Every configuration item with an asset was inventoried within the last {count(days, 'day', 'days')}.</Empty>;
  return (
    <Stack gap="sm">
      <Table.ScrollContainer minWidth={640}>
        <Table striped highlightOnHover verticalSpacing={6} data-testid="reconcile-stale-table">
          <Table.Caption>Configuration items whose asset was last inventoried more than {count(days, 'day', 'days')} ago, or never; never first, then the longest since.</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Configuration item</Table.Th>
              <Table.Th scope="col">Class</Table.Th>
              <Table.Th scope="col">Asset</Table.Th>
              <Table.Th scope="col" style={{ textAlign: 'right' }}>
                Since its last inventory
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.slice(0, shown).map(({ ci, asset, days: since }) => {
              const record = ciById.get(ci.id);
              return (
                <Table.Tr key={ci.id} data-testid="reconcile-stale-row" data-ci-id={ci.id}>
                  <Table.Th scope="row" fw={400}>
                    <Anchor component={Link} to={`/cis/${ci.id}`} size="sm" data-testid="reconcile-ci-link">
                      {ci.name}
                    </Anchor>
                  </Table.Th>
                  <Table.Td>
                    <Text size="sm">{record ? ciTypeLabel(record.ciType) : ''}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      <AssetLink asset={asset} />
                      <Text size="sm" c="dimmed" truncate>
                        {asset.name}
                      </Text>
                    </Group>
                  </Table.Td>
                  <Table.Td style={{ textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>
                    {since === null ? (
                      <Badge color="orange" variant="light" size="sm" tt="none">
                        never
                      </Badge>
                    ) : (
                      <Text size="sm">{sinceWords(since)}</Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <ShowMore shown={shown} total={rows.length} perPage={ROWS_PER_PAGE} what="configuration items" onMore={more} />
    </Stack>
  );
}

function WithoutCiList({ rows }: { rows: Asset[] }) {
  const [shown, more] = useShown(ROWS_PER_PAGE, rows.length);
  if (rows.length === 0) return <Empty testId="reconcile-without-ci-empty">Every asset on this device has a configuration item.</Empty>;
  return (
    <Stack gap="sm">
      <Table.ScrollContainer minWidth={560}>
        <Table striped highlightOnHover verticalSpacing={6} data-testid="reconcile-without-ci-table">
          <Table.Caption>Assets that no configuration item stands for, by tag.</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Asset tag</Table.Th>
              <Table.Th scope="col">Name</Table.Th>
              <Table.Th scope="col">Type</Table.Th>
              <Table.Th scope="col">Status</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.slice(0, shown).map((asset) => (
              <Table.Tr key={asset.id} data-testid="reconcile-without-ci-row" data-asset-id={asset.id}>
                <Table.Th scope="row" fw={400}>
                  <AssetLink asset={asset} />
                </Table.Th>
                <Table.Td>
                  <Text size="sm">{asset.name}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{asset.type}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{stateLabel(asset)}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <ShowMore shown={shown} total={rows.length} perPage={ROWS_PER_PAGE} what="assets" onMore={more} />
    </Stack>
  );
}

function DuplicateList({ groups, assetById, now }: { groups: DuplicateGroup[]; assetById: ReadonlyMap<string, Asset>; now: number }) {
  const [shown, more] = useShown(GROUPS_PER_PAGE, groups.length);
  if (groups.length === 0) return <Empty testId="reconcile-duplicates-empty">No two assets on this device share a serial number, UUID, MAC address or name.</Empty>;
  return (
    <Stack gap="sm">
      <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Groups of likely duplicates">
        {groups.slice(0, shown).map((group) => {
          const sentence = sharedSentence(group.shared);
          return (
            <Paper key={group.assets[0]!.id} component="li" withBorder p="sm" data-testid="reconcile-duplicate-group">
              <Text size="sm" fw={600} data-testid="reconcile-duplicate-shared">
                {sentence}
              </Text>
              <List size="sm" spacing={2} mt={4} aria-label={sentence}>
                {group.assets.map((asset) => {
                  const record = assetById.get(asset.id);
                  return (
                    <List.Item key={asset.id} data-testid="reconcile-duplicate-asset">
                      <Group gap={6} wrap="wrap">
                        <AssetLink asset={asset} />
                        <Text size="sm" span>
                          {asset.name}
                        </Text>
                        <Text size="xs" c="dimmed" span>
                          {[record?.type, stateLabel(asset), inventoriedWords(asset.inventoriedAt, now)].filter(Boolean).join(' · ')}
                        </Text>
                      </Group>
                    </List.Item>
                  );
                })}
              </List>
            </Paper>
          );
        })}
      </Stack>
      <ShowMore shown={shown} total={groups.length} perPage={GROUPS_PER_PAGE} what="groups" onMore={more} />
    </Stack>
  );
}

function TabLabel({ label, n, tab }: { label: string; n: number | undefined; tab: ReconcileTab }) {
  return (
    <Group gap={6} wrap="nowrap" component="span">
      <span>{label}</span>
      {n !== undefined && (
        <Badge size="sm" variant={n > 0 ? 'filled' : 'light'} color={n > 0 ? 'orange' : 'gray'} data-testid={`reconcile-count-${tab}`}>
          {n.toLocaleString()}
        </Badge>
      )}
    </Group>
  );
}

export function ReconcileScreen() {
  const [params, setParams] = useSearchParams();
  const tab = parseTab(params.get('tab'));
  const days = parseDays(params.get('days'));
  const now = useNow(HOUR_MS);
  const data = useReconciliation(days, now);

  const set = (next: { tab?: ReconcileTab; days?: number }) =>
    setParams(
      (p) => {
        const out = new URLSearchParams(p);
        if (next.tab !== undefined) out.set('tab', next.tab);
        if (next.days !== undefined) out.set('days', String(next.days));
        return out;
      },
      { replace: true },
    );

  return (
    <Stack gap="md" maw={1100} data-testid="reconcile-screen">
      <div>
        <Title order={1} size="h3">
          CMDB checks
        </Title>
        <Text size="sm" c="dimmed" data-testid="reconcile-scope">
          {data
            ? `From the ${count(data.assets, 'asset', 'assets')} and ${count(data.cis, 'configuration item', 'configuration items')} on this device, so these lists work offline. Retired assets and CIs are left out.`
            : 'Reading the assets and configuration items on this device…'}
        </Text>
      </div>

      <Tabs value={tab} onChange={(v) => v && set({ tab: parseTab(v) })} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="stale" data-testid="reconcile-tab-stale">
            <TabLabel label={`Not inventoried for ${days} days`} n={data?.stale.length} tab="stale" />
          </Tabs.Tab>
          <Tabs.Tab value="without-ci" data-testid="reconcile-tab-without-ci">
            <TabLabel label="Assets without a CI" n={data?.withoutCi.length} tab="without-ci" />
          </Tabs.Tab>
          <Tabs.Tab value="duplicates" data-testid="reconcile-tab-duplicates">
            <TabLabel label="Likely duplicates" n={data?.duplicates.length} tab="duplicates" />
          </Tabs.Tab>
        </Tabs.List>

        <Tabs.Panel value="stale" pt="md">
          <Stack gap="sm">
            <Group gap="sm" align="center" wrap="wrap">
              <Text size="sm" fw={500} id="reconcile-days-label">
                Not inventoried for more than
              </Text>
              <SegmentedControl
                aria-labelledby="reconcile-days-label"
                size="xs"
                value={String(days)}
                onChange={(v) => set({ days: parseDays(v) })}
                data={STALE_DAY_CHOICES.map((d) => ({ value: String(d), label: `${d} days` }))}
                data-testid="reconcile-days"
              />
            </Group>
            <Text size="sm" c="dimmed">
              What the CMDB says of these may no longer be true: their asset has not reported an inventory for that long, or ever. Run an inventory on the device, or
              retire what is gone.
            </Text>
            {data ? <StaleList rows={data.stale} days={days} ciById={data.ciById} /> : <Loader size="sm" />}
          </Stack>
        </Tabs.Panel>

        <Tabs.Panel value="without-ci" pt="md">
          <Stack gap="sm">
            <Text size="sm" c="dimmed">
              Hardware in the register (in use, in stock, in repair or missing) that no configuration item stands for, so no impact view or relationship can include it.
            </Text>
            {data ? <WithoutCiList rows={data.withoutCi} /> : <Loader size="sm" />}
          </Stack>
        </Tabs.Panel>

        <Tabs.Panel value="duplicates" pt="md">
          <Stack gap="sm">
            <Alert variant="light" color="blue" icon={<IconInfoCircle size={18} />} p="xs">
              <Text size="sm">
                Assets that look like one device recorded twice: the same serial number, UUID or MAC address (placeholder values left out), or the same name where
                none of those is known. Nothing is merged here; open the assets to decide.
              </Text>
            </Alert>
            {data ? <DuplicateList groups={data.duplicates} assetById={data.assetById} now={now} /> : <Loader size="sm" />}
          </Stack>
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
