/**
 * Locations (`/locations`): a site's locations, as this device knows them, with labels to print
 * (issue 14, item 7) so that "location first" works on an audit's first day: pick the site, tick
 * the locations (or all of them), choose the label stock, download the PDF (an A4 sheet of 24 by
 * default). Everything is made on the device, offline.
 */
import { Alert, Badge, Button, Checkbox, Group, Image, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconPrinter, IconSearch } from '@tabler/icons-react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState } from 'react';
import { locationLabelCode } from '@fielddesk/common/audits/codes';
import { useWorkspace } from '../../../app/workspaceContext';
import { stockById } from '../../../shared/labels';
import { LOCATION_LABEL_STOCKS, locationLabelsFileName, locationLabelsPdf, locationLabelsSvgs, type LocationLabelData } from './locationLabels';
import { downloadFile } from '../../../shared/download';

const STOCK_KEY = 'fielddesk.locationLabelStock';
const DEFAULT_STOCK = 'a4-3x8';

function savedStock(): string {
  try {
    const id = localStorage.getItem(STOCK_KEY);
    return id && LOCATION_LABEL_STOCKS.some((s) => s.id === id) ? id : DEFAULT_STOCK;
  } catch {
    return DEFAULT_STOCK;
  }
}

export function LocationLabelsScreen() {
  const { db, user } = useWorkspace();
  const data = useLiveQuery(async () => [await db.sites.toArray(), await db.locations.toArray()] as const, [db]);
  const [siteChoice, setSiteChoice] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [stockId, setStockId] = useState(savedStock);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const stock = stockById(stockId);

  const sites = useMemo(() => [...(data?.[0] ?? [])].sort((a, b) => a.name.localeCompare(b.name)), [data]);
  const siteId = siteChoice ?? (sites.some((s) => s.id === user.siteId) ? user.siteId : (sites[0]?.id ?? null));
  const site = sites.find((s) => s.id === siteId) ?? null;
  const locations = useMemo(
    () => (data?.[1] ?? []).filter((l) => l.siteId === siteId).sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true })),
    [data, siteId],
  );
  const needle = search.trim().toLowerCase();
  const shown = needle ? locations.filter((l) => l.name.toLowerCase().includes(needle)) : locations;
  const chosen: LocationLabelData[] = locations.filter((l) => selected.has(l.id)).map((l) => ({ id: l.id, name: l.name, site: site?.name ?? null }));
  const allShown = shown.length > 0 && shown.every((l) => selected.has(l.id));
  const someShown = shown.some((l) => selected.has(l.id));

  const first = chosen[0];
  const [firstId, firstName, firstSite] = [first?.id, first?.name, first?.site ?? null];
  // The first label alone, at its size (not on the sheet).
  const preview = useMemo(() => {
    if (!firstId || !firstName) return null;
    try {
      return locationLabelsSvgs([{ id: firstId, name: firstName, site: firstSite }], { ...stock, sheet: undefined })[0]!;
    } catch {
      return null;
    }
  }, [firstId, firstName, firstSite, stock]);

  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const toggleShown = () =>
    setSelected((s) => {
      const next = new Set(s);
      for (const l of shown) if (allShown) next.delete(l.id);
      else next.add(l.id);
      return next;
    });

  const print = async () => {
    setError(null);
    setBusy(true);
    try {
      const bytes = await locationLabelsPdf(chosen, stock);
      downloadFile(bytes as BlobPart, 'application/pdf', locationLabelsFileName(chosen));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  if (!data) return null;
  return (
    <Stack gap="md" p="md" maw={1000}>
      <div>
        <Title order={2}>Locations</Title>
        <Text c="dimmed">Print location labels, so that an auditor scans where they are before scanning the assets there.</Text>
      </div>
      <Group align="flex-end" wrap="wrap">
        <Select
          label="Site"
          data={sites.map((s) => ({ value: s.id, label: `${s.name} (${s.code})` }))}
          value={siteId}
          onChange={(v) => {
            setSiteChoice(v);
            setSelected(new Set());
          }}
          allowDeselect={false}
          w={260}
          data-testid="location-site"
        />
        <TextInput label="Find" placeholder="Location name" leftSection={<IconSearch size={16} />} value={search} onChange={(e) => setSearch(e.currentTarget.value)} w={220} />
        <Select
          label="Label size"
          data={LOCATION_LABEL_STOCKS.map((s) => ({ value: s.id, label: s.name }))}
          value={stock.id}
          onChange={(id) => {
            if (!id) return;
            setStockId(id);
            try {
              localStorage.setItem(STOCK_KEY, id);
            } catch {
              /* not remembered */
            }
          }}
          allowDeselect={false}
          w={340}
          data-testid="location-label-stock"
        />
        <Button leftSection={<IconPrinter size={18} />} disabled={chosen.length === 0} loading={busy} onClick={() => void print()} data-testid="print-location-labels">
          Print labels{chosen.length > 0 ? ` (${chosen.length})` : ''}
        </Button>
      </Group>
      {error && (
        <Alert color="red" title="The labels could not be made">
          {error}
        </Alert>
      )}
      {locations.length === 0 ? (
        <Text c="dimmed">{site ? `This device knows no locations at ${site.name}.` : 'This device knows no sites yet.'}</Text>
      ) : (
        <Table striped highlightOnHover data-testid="locations-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={40}>
                <Checkbox aria-label="Select every location shown" checked={allShown} indeterminate={someShown && !allShown} onChange={toggleShown} />
              </Table.Th>
              <Table.Th>Location</Table.Th>
              <Table.Th>Label code</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((l) => (
              <Table.Tr key={l.id} onClick={() => toggle(l.id)} style={{ cursor: 'pointer' }}>
                <Table.Td>
                  <Checkbox aria-label={`Select ${l.name}`} checked={selected.has(l.id)} onChange={() => toggle(l.id)} onClick={(e) => e.stopPropagation()} />
                </Table.Td>
                <Table.Td>{l.name}</Table.Td>
                <Table.Td>
                  <Text ff="monospace" size="xs" c="dimmed">
                    {locationLabelCode(l.id)}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {preview && (
        <Paper withBorder p="sm" bg="gray.1" maw={520}>
          <Group justify="space-between" mb={6}>
            <Text size="sm" fw={600}>
              Label of {chosen[0]!.name}
            </Text>
            {chosen.length > 1 && <Badge variant="light">and {chosen.length - 1} more</Badge>}
          </Group>
          <Image src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(preview)}`} alt={`Label of ${chosen[0]!.name}`} data-testid="location-label-preview" fit="contain" style={{ background: '#fff', boxShadow: '0 0 0 1px var(--mantine-color-gray-4)' }} />
          <Text size="xs" c="dimmed" mt={6}>
            Print at 100 % (no fit to page).
          </Text>
        </Paper>
      )}
    </Stack>
  );
}
