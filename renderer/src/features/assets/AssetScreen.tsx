/**
 * An asset (/assets/:id) from the local replica, offline: a header with its tag, state, holder
 * and location and the daily actions (check out `o`, check in `i`, sign `g`, change state `s`,
 * move `m`, print label `l`); its details and money (today's value by straight-line
 * depreciation over its model's life, warranty end); who has it and whether they signed; the
 * contracts and licence seats that cover it; its lifecycle timeline with its tickets and the
 * changes that affect its CI; its recorded inventory; its configuration item; its linked tickets
 * and changes. Actions open AssetActionDialog, whose rules are the server's
 * (common/assets/actions.ts).
 */
import { Alert, Anchor, Badge, Button, Group, Image, Kbd, Loader, Paper, SimpleGrid, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useDisclosure, useHotkeys } from '@mantine/hooks';
import { IconArrowBackUp, IconArrowsMove, IconLogout, IconPrinter, IconSignature, IconStatusChange } from '@tabler/icons-react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { awaitingAcceptance, overdue } from '@fielddesk/common/assets/checkout';
import { daysBetween } from '@fielddesk/common/assets/dates';
import { valueOn } from '@fielddesk/common/assets/depreciation';
import { AVAILABLE_SUBSTATE, DEFAULT_ASSET_LIFECYCLE, stateLabel } from '@fielddesk/common/assets/lifecycle';
import { auditDue, type AuditInterval } from '@fielddesk/common/audits/intervals';
import type { Asset } from '@fielddesk/common/domain/entities';
import type { ContractAsset } from '@fielddesk/common/entities/contract-asset';
import type { Contract } from '@fielddesk/common/entities/contract';
import type { Vendor } from '@fielddesk/common/entities/vendor';
import { ITSM_CONFIG_ID } from '@fielddesk/common/itsm/config';
import { useWorkspace } from '../../app/workspaceContext';
import { ChangeList, useCiChanges } from '../../shared/ChangeList';
import { Fact, NotHere, TicketList, useLinkedTickets } from '../../shared/RecordParts';
import { AssetInventorySection } from './AssetInventorySection';
import { LabelDialog } from './labels/LabelDialog';
import { AssetActionDialog, type AssetActionKind } from './lifecycle/AssetActionDialog';
import { AssetTimeline } from './lifecycle/AssetTimeline';
import { localToday } from '../../shared/dates';
import { targetName } from './lifecycle/timeline';
import { useAssetNames } from './lifecycle/useAssetNames';

const money = (cents: number | null) => (cents === null ? '' : (cents / 100).toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 }));

export function AssetScreen() {
  const { id } = useParams();
  const { db } = useWorkspace();
  const asset = useLiveQuery(async () => (id ? ((await db.assets.get(id)) ?? null) : null), [db, id]);
  const tickets = useLinkedTickets(id);
  const checkouts = useLiveQuery(async () => (id ? await db.assetCheckouts.where('assetId').equals(id).toArray() : []), [db, id], []);
  const events = useLiveQuery(async () => (id ? await db.assetEvents.where('assetId').equals(id).toArray() : []), [db, id], []);
  const model = useLiveQuery(async () => (asset?.modelId ? ((await db.assetModels.get(asset.modelId)) ?? null) : null), [db, asset?.modelId]);
  const site = useLiveQuery(async () => (asset?.siteId ? ((await db.sites.get(asset.siteId)) ?? null) : null), [db, asset?.siteId]);
  const config = useLiveQuery(async () => (await db.itsmConfig.get(ITSM_CONFIG_ID))?.assetLifecycle ?? DEFAULT_ASSET_LIFECYCLE, [db], DEFAULT_ASSET_LIFECYCLE);
  const auditRules = useLiveQuery(async () => (await db.itsmConfig.get(ITSM_CONFIG_ID))?.auditIntervals ?? [], [db], []);
  const ci = useLiveQuery(async () => (id ? ((await db.configurationItems.where('assetId').equals(id).first()) ?? null) : null), [db, id]);
  const changes = useCiChanges(ci?.id);
  const vendor = useLiveQuery(async () => (asset?.vendorId ? (((await db.tableFor('vendor').get(asset.vendorId)) as Vendor | undefined) ?? null) : null), [db, asset?.vendorId]);
  const contracts = useLiveQuery(
    async () => {
      if (!id) return [];
      const links = (await db.tableFor('contract_asset').where('assetId').equals(id).toArray()) as ContractAsset[];
      return ((await db.tableFor('contract').bulkGet(links.map((l) => l.contractId))) as (Contract | undefined)[]).filter((c): c is Contract => !!c);
    },
    [db, id],
    [] as Contract[],
  );
  const names = useAssetNames(events, checkouts, asset?.locationId ?? null);
  const [labelOpen, label] = useDisclosure(false);
  const [action, setAction] = useState<AssetActionKind | null>(null);

  const open = checkouts.find((c) => c.checkedInAt === null) ?? null;
  const today = localToday();
  const late = open ? overdue([open], today)[0] : undefined;
  const unsigned = open ? awaitingAcceptance([open]).length > 0 : false;
  const canCheckOut = asset?.state === 'in_stock' && asset.substate === AVAILABLE_SUBSTATE && !asset.checkedOutTo;
  const canCheckIn = !!asset?.checkedOutTo;
  const disposed = asset?.state === 'disposed';

  useHotkeys([
    ['l', () => asset && label.open()],
    ['o', () => canCheckOut && setAction('check_out')],
    ['i', () => canCheckIn && setAction('check_in')],
    ['g', () => unsigned && setAction('accept')],
    ['s', () => asset && !disposed && setAction('state')],
    ['m', () => asset && !disposed && setAction('move')],
  ]);
  const labelData = useMemo(() => (asset ? { tag: asset.tag, name: asset.name, site: site?.name ?? null } : null), [asset, site]);
  if (asset === undefined) return <Loader size="sm" />;
  if (asset === null) return <NotHere what="Asset" />;

  const holder = asset.checkedOutTo ? targetName(asset.checkedOutTo, names) : null;
  const lifeMonths = model?.lifeMonths ?? null;
  const value = asset.costCents !== null && asset.purchasedOn && lifeMonths ? valueOn({ costCents: asset.costCents, salvageCents: 0, startOn: asset.purchasedOn, lifeMonths }, today) : null;
  const warrantyDays = asset.warrantyEndsOn ? daysBetween(today, asset.warrantyEndsOn) : null;

  return (
    <Stack gap="md" maw={960} data-testid="asset-screen">
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Stack gap={4}>
          <Group gap="sm">
            <Title order={1} size="h2">
              {asset.name}
            </Title>
            <Badge variant="light" size="lg" data-testid="asset-state">
              {stateLabel(asset, config)}
            </Badge>
          </Group>
          <Text c="dimmed" size="sm">
            {[asset.tag, holder ? `with ${holder}` : null, asset.locationId ? `at ${names.location(asset.locationId) ?? 'a location not on this device'}` : null, site?.name].filter(Boolean).join(' · ')}
          </Text>
        </Stack>
        <Group gap="xs" wrap="wrap">
          {canCheckOut && <ActionButton icon={<IconLogout size={16} />} keys="o" label="Check out" onClick={() => setAction('check_out')} />}
          {canCheckIn && <ActionButton icon={<IconArrowBackUp size={16} />} keys="i" label="Check in" onClick={() => setAction('check_in')} />}
          {unsigned && <ActionButton icon={<IconSignature size={16} />} keys="g" label="Sign" onClick={() => setAction('accept')} />}
          {!disposed && <ActionButton icon={<IconStatusChange size={16} />} keys="s" label="Change state" variant="default" onClick={() => setAction('state')} />}
          {!disposed && <ActionButton icon={<IconArrowsMove size={16} />} keys="m" label="Move" variant="default" onClick={() => setAction('move')} />}
          <ActionButton icon={<IconPrinter size={16} />} keys="l" label="Print label" variant="default" onClick={label.open} />
        </Group>
      </Group>
      {late && (
        <Alert color="orange" title="Overdue" data-testid="asset-overdue">
          Expected back on {open!.expectedReturnOn}: {late.daysOverdue} {late.daysOverdue === 1 ? 'day' : 'days'} late.
        </Alert>
      )}
      {unsigned && (
        <Alert color="yellow" title="Waiting for a signature">
          {holder} has not signed for it yet. Hand them the screen and press <Kbd size="xs">g</Kbd>.
        </Alert>
      )}
      {labelData && <LabelDialog opened={labelOpen} onClose={label.close} label={labelData} />}
      <AssetActionDialog kind={action} asset={asset} openCheckout={open} config={config} onClose={() => setAction(null)} />

      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="sm">
          Details
        </Title>
        <SimpleGrid cols={{ base: 2, sm: 3 }}>
          <Fact label="Asset tag">{asset.tag}</Fact>
          <Fact label="Kind">{asset.kind === 'non_it' ? 'Non-IT' : 'Hardware'}</Fact>
          <Fact label="Model">{model ? `${model.manufacturer} ${model.name}`.trim() : [asset.manufacturer, asset.model].filter(Boolean).join(' ')}</Fact>
          <Fact label="Serial number">{asset.serial}</Fact>
          <Fact label="Type">{asset.type}</Fact>
          <Fact label="Category">{model?.category}</Fact>
          <Fact label="Audits">{auditLine(asset, model?.category ?? null, auditRules, today)}</Fact>
        </SimpleGrid>
        {asset.notes && (
          <Text size="sm" mt="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {asset.notes}
          </Text>
        )}
      </Paper>

      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="sm">
          Money and contracts
        </Title>
        <SimpleGrid cols={{ base: 2, sm: 3 }}>
          <Fact label="Vendor">{vendor?.name}</Fact>
          <Fact label="Purchased">{asset.purchasedOn}</Fact>
          <Fact label="Cost">{money(asset.costCents)}</Fact>
          <Fact label="Value today">{value !== null ? `${money(value)} (${lifeMonths} months straight line)` : asset.costCents !== null && !lifeMonths ? 'Its model has no useful life set' : ''}</Fact>
          <Fact label="Warranty ends">
            {asset.warrantyEndsOn && (
              <>
                {asset.warrantyEndsOn}{' '}
                <Badge color={warrantyDays! < 0 ? 'gray' : warrantyDays! <= 30 ? 'orange' : 'green'} variant="light">
                  {warrantyDays! < 0 ? 'ended' : warrantyDays === 0 ? 'ends today' : `${warrantyDays} days left`}
                </Badge>
              </>
            )}
          </Fact>
        </SimpleGrid>
        {contracts.length > 0 && (
          <Stack gap={4} mt="sm">
            <Text size="sm" fw={500}>
              Covered by
            </Text>
            {contracts.map((c) => (
              <Anchor key={c.id} component={Link} to={`/contracts/${c.id}`} size="sm">
                {c.name} ({c.kind.replace('_', ' ')}, until {c.endsOn})
              </Anchor>
            ))}
          </Stack>
        )}
      </Paper>

      {open && (
        <Paper withBorder p="md" data-testid="asset-checkout">
          <Title order={2} size="h4" mb="sm">
            Checked out
          </Title>
          <SimpleGrid cols={{ base: 2, sm: 3 }}>
            <Fact label="To">{holder}</Fact>
            <Fact label="Since">{open.checkedOutOn}</Fact>
            <Fact label="Expected back">{open.expectedReturnOn ?? 'No date'}</Fact>
            <Fact label="Acceptance">{!open.acceptanceRequired ? 'Not asked' : open.acceptedAt ? `Signed by ${open.signedName ?? ''} on ${open.acceptedAt.slice(0, 10)}` : 'Waiting for a signature'}</Fact>
          </SimpleGrid>
          {open.signature && <Image src={open.signature} alt={`Signature of ${open.signedName ?? 'the person'}`} maw={320} mt="sm" radius="sm" bd="1px solid var(--mantine-color-gray-4)" data-testid="asset-signature" />}
        </Paper>
      )}

      <AssetTimeline events={events} tickets={tickets ?? []} changes={changes ?? []} inventoriedAt={asset.inventoriedAt} names={names} config={config} />

      {ci && (
        <Paper withBorder p="md">
          <Group justify="space-between">
            <Text>
              Configuration item: <Anchor component={Link} to={`/cis/${ci.id}`}>{ci.name}</Anchor> ({ci.ciType})
            </Text>
            <Anchor component={Link} to={`/cis/${ci.id}/impact`} size="sm">
              What depends on it?
            </Anchor>
          </Group>
        </Paper>
      )}
      <AssetInventorySection asset={asset} />
      <TicketList title="Linked tickets" tickets={tickets} />
      <ChangeList title="Changes" changes={ci === null ? [] : changes} empty={ci === null ? 'It has no configuration item, so no change names it.' : 'None on this device.'} />
    </Stack>
  );
}

function ActionButton({ icon, keys, label, onClick, variant = 'light' }: { icon: ReactNode; keys: string; label: string; onClick(): void; variant?: string }) {
  return (
    <Tooltip label={<>{label} <Kbd size="xs">{keys}</Kbd></>}>
      <Button variant={variant} leftSection={icon} aria-keyshortcuts={keys} onClick={onClick}>
        {label}
      </Button>
    </Tooltip>
  );
}

const DUE_WORDS = { overdue: 'overdue', due_soon: 'due soon', ok: '', never: '' } as const;

/** "Last 2026-03-02 · next 2027-03-02 (every 12 months)", from its category's and site's interval (common/audits/intervals.ts). */
function auditLine(asset: Asset, category: string | null, rules: readonly AuditInterval[], today: string): string {
  const due = auditDue({ category, siteId: asset.siteId, lastAuditedOn: asset.lastAuditedOn ?? null, purchasedOn: asset.purchasedOn }, today, rules);
  const next = `next ${due.nextOn}${DUE_WORDS[due.status] ? `, ${DUE_WORDS[due.status]}` : ''} (every ${due.months} months)`;
  return due.lastOn ? `Last ${due.lastOn} · ${next}` : `Never audited · ${next}`;
}
