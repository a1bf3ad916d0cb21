/**
 * "This device" (#/device): what the machine the desktop app runs on is — discovered by main's
 * inventory worker (repositories/inventory.ts keeps each scan in Dexie with its changes) —
 * whether the CMDB knows it (GLPI's matching rules over the replica), what changed since it was
 * recorded, and the one action that registers or updates it, offline. Re-scan with the button
 * or S; the history below lists every scan kept on this device.
 *
 * The web app cannot see the machine it runs on (scanInventory answers 'unavailable'): the
 * screen says so and where to go instead.
 */
import { useCallback, useEffect, useRef } from 'react';
import { Alert, Anchor, Badge, Button, Group, Kbd, List, Loader, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconDeviceDesktop, IconDeviceDesktopSearch } from '@tabler/icons-react';
import { useLiveQuery } from 'dexie-react-hooks';
import { format, formatDistanceToNow } from 'date-fns';
import { Link } from 'react-router';
import { useStore } from 'zustand';
import { usePlatform } from '../../app/platformContext';
import { useWorkspace } from '../../app/workspaceContext';
import { useIntent } from '../../app/useIntent';
import type { DeviceScan } from '../../data/repositories/inventory';
import { usePendingKeys } from '../../shared/syncHooks';
import { DiscoveredSections } from './DiscoveredSections';
import { MatchPanel } from './MatchPanel';
import type { RegisterAssetFields } from './RegisterDeviceForm';
import { ScanHistory } from './ScanHistory';
import { describeNote } from './sections';

/** Scans listed in the history. */
const HISTORY_LIMIT = 60;

export const SCAN_NEEDS_DESKTOP_TEXT =
  'Scanning needs the FieldDesk desktop app: a web browser cannot see the hardware and software of the computer it runs on.';

function NeedsDesktop() {
  return (
    <Stack gap="md" maw={760} data-testid="device-needs-desktop">
      <Title order={1} size="h3">
        This device
      </Title>
      <Alert color="blue" icon={<IconDeviceDesktop size={20} />} title="Open this in the desktop app">
        <Stack gap="xs">
          <Text size="sm">{SCAN_NEEDS_DESKTOP_TEXT}</Text>
          <Text size="sm">
            In the desktop app, This device scans the machine — hardware, operating system, network, installed software — shows whether it is a known asset and what
            changed since it was recorded, and registers or updates it in one step, offline too.
          </Text>
          <Text size="sm">
            Here in the web app, an asset&apos;s recorded inventory is on its asset screen, and{' '}
            <Anchor component={Link} to="/software">
              Software
            </Anchor>{' '}
            lists what is installed across every inventoried asset.
          </Text>
        </Stack>
      </Alert>
    </Stack>
  );
}

function ScanProgress({ progress }: { progress: { done: number; total: number; probe: string } | null }) {
  const value = progress && progress.total > 0 ? (progress.done / progress.total) * 100 : 0;
  return (
    <Stack gap={4} data-testid="scan-progress">
      <Progress value={progress ? value : 100} striped animated={!progress || value < 100} aria-label="Scan progress" />
      <Text size="xs" c="dimmed" aria-live="polite">
        {progress ? `Scanning… ${progress.done} of ${progress.total} sections read (last: ${progress.probe})` : 'Starting the scan…'}
      </Text>
    </Stack>
  );
}

function DeviceHeader({ scan, running, onScan }: { scan: DeviceScan | null; running: boolean; onScan: () => void }) {
  const s = scan?.summary;
  const model = s ? [s.manufacturer, s.model].filter(Boolean).join(' ') : '';
  return (
    <Group justify="space-between" align="flex-start" wrap="nowrap">
      <Stack gap={2} style={{ minWidth: 0 }}>
        <Text size="xs" tt="uppercase" fw={700} c="dimmed">
          This device
        </Text>
        <Title order={1} size="h2" data-testid="device-name" style={{ overflowWrap: 'anywhere' }}>
          {s?.name ?? (running ? 'Scanning…' : 'Not scanned yet')}
        </Title>
        {s && (
          <Group gap="md" data-testid="device-identity">
            {model && <Text size="sm">{model}</Text>}
            <Text size="sm" c="dimmed">
              Serial {s.serial ?? 'unknown'}
            </Text>
            {s.os?.name && (
              <Text size="sm" c="dimmed">
                {s.os.name}
              </Text>
            )}
          </Group>
        )}
        {scan && (
          <Text size="xs" c="dimmed" data-testid="last-scanned" title={format(new Date(scan.scannedAt), 'd MMM yyyy, HH:mm:ss')}>
            Last scanned {formatDistanceToNow(new Date(scan.scannedAt), { addSuffix: true })}, in {(scan.durationMs / 1000).toFixed(1)} s
          </Text>
        )}
      </Stack>
      <Button onClick={onScan} loading={running} leftSection={<IconDeviceDesktopSearch size={16} aria-hidden="true" />} title="Scan this device again (S)" rightSection={<Kbd size="xs">S</Kbd>}>
        Scan now
      </Button>
    </Group>
  );
}

export function DeviceScreen() {
  const platform = usePlatform();
  const { inventory } = useWorkspace();
  const status = useStore(inventory.scanStatus);
  const scans = useLiveQuery(() => inventory.history(HISTORY_LIMIT), [inventory]);
  const latest = scans?.[0] ?? null;
  const match = useLiveQuery(async () => (latest ? inventory.matchDevice(latest.summary) : null), [inventory, latest]);
  const pending = usePendingKeys();
  const record = useIntent(
    (assetId: string | null, fields: RegisterAssetFields) =>
      latest ? inventory.registerDevice({ scanId: latest.id, ...(assetId ? { assetId } : {}), asset: fields }) : Promise.resolve({ ok: false as const, reason: 'Scan this device first.' }),
    'the device',
  );

  const desktop = platform.kind === 'desktop';
  const scan = useCallback(() => {
    inventory.scan().catch(() => {
      // The failure is in scanStatus (shown below); nothing else to do here.
    });
  }, [inventory]);
  useHotkeys([['s', () => desktop && scan()]]);

  // The first visit scans at once: the screen is about what this machine is.
  const autoScanned = useRef(false);
  useEffect(() => {
    if (!desktop || scans === undefined || scans.length > 0 || autoScanned.current || inventory.scanStatus.getState().running) return;
    autoScanned.current = true;
    scan();
  }, [desktop, scans, scan, inventory]);

  if (!desktop || status.errorCode === 'unavailable') return <NeedsDesktop />;

  async function onRecord(assetId: string | null, fields: RegisterAssetFields) {
    const saved = await record.run(assetId, fields);
    if (saved) notifications.show({ color: 'teal', message: assetId ? 'Asset updated on this device; it is sent to the server with the next sync.' : 'Device registered on this device; it is sent to the server with the next sync.' });
  }

  const matchedId = match?.kind === 'matched' ? match.asset.id : null;
  const waitingToSync = matchedId !== null && (pending.records.has(`asset_inventory:${matchedId}`) || pending.records.has(`asset:${matchedId}`));

  return (
    <Stack gap="md" maw={1100} data-testid="device-screen">
      <DeviceHeader scan={latest} running={status.running} onScan={scan} />
      {status.running && <ScanProgress progress={status.progress} />}
      {status.error && !status.running && (
        <Alert color="red" icon={<IconAlertTriangle size={18} />} title="The scan did not finish" data-testid="scan-error">
          {status.error}
        </Alert>
      )}
      {latest && latest.notes.length > 0 && (
        <Alert color="yellow" icon={<IconAlertTriangle size={18} />} title="Some sections could not be read" data-testid="scan-notes">
          <List size="sm" spacing={2}>
            {latest.notes.map((n) => (
              <List.Item key={n.probe}>{describeNote(n)}</List.Item>
            ))}
          </List>
          <Text size="xs" c="dimmed" mt={4}>
            The rest of the scan is complete; those sections are left out rather than guessed.
          </Text>
        </Alert>
      )}

      {scans === undefined ? (
        <Loader size="sm" />
      ) : !latest ? (
        !status.running && (
          <Paper withBorder p="md" radius="md">
            <Text size="sm" c="dimmed">
              No scan of this device yet. Press Scan now (or <Kbd size="xs">S</Kbd>) to read its hardware, operating system, network and software.
            </Text>
          </Paper>
        )
      ) : (
        <>
          {match ? (
            <MatchPanel match={match} summary={latest.summary} waitingToSync={waitingToSync} busy={record.busy} error={record.error} onRecord={(id, f) => void onRecord(id, f)} />
          ) : (
            <Loader size="sm" />
          )}

          <Stack gap="sm">
            <Group gap="xs">
              <Title order={2} size="h4">
                Discovered
              </Title>
              <Badge variant="light" color="gray" size="sm" style={{ textTransform: 'none' }}>
                {format(new Date(latest.scannedAt), 'd MMM yyyy, HH:mm')}
              </Badge>
            </Group>
            {latest.document ? (
              <DiscoveredSections inventory={{ document: latest.document, notes: latest.notes, scannedAt: latest.scannedAt, durationMs: latest.durationMs }} software={latest.summary.software} />
            ) : (
              <Text size="sm" c="dimmed">
                The details of this scan are no longer kept on this device; scan again to see them.
              </Text>
            )}
          </Stack>

          <ScanHistory scans={scans} />
        </>
      )}
    </Stack>
  );
}
