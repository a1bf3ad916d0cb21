/**
 * Software across the CMDB: every title installed on the assets the user may see, with how
 * many assets have it and which versions (the start of licence and patch compliance). The
 * counts span every inventoried asset, which only the server holds, so this screen asks the
 * server (platform.listSoftware) and says so plainly when it cannot be reached.
 */
import '@mantine/charts/styles.css';
import { useEffect, useState } from 'react';
import { Alert, Badge, Button, Group, Loader, Pagination, Paper, Stack, Table, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { BarChart } from '@mantine/charts';
import { useDebouncedValue } from '@mantine/hooks';
import { IconCloudOff, IconRefresh, IconSearch } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { SoftwareTitle } from '@fielddesk/common/api/http';
import { isApiError } from '@fielddesk/common/ipc/contract';
import { usePlatform } from '../../app/platformContext';
import { useSyncStatus } from '../../shared/syncHooks';

export const SOFTWARE_PAGE_SIZE = 50;
/** Versions shown per title before "+N more". */
const VERSIONS_SHOWN = 5;

function Versions({ title }: { title: SoftwareTitle }) {
  const [all, setAll] = useState(false);
  const shown = all ? title.versions : title.versions.slice(0, VERSIONS_SHOWN);
  const more = title.versions.length - shown.length;
  return (
    <Group gap={4}>
      {shown.map((v) => (
        <Badge key={v.version ?? ''} variant="light" color="blue" size="md" fw={500} style={{ textTransform: 'none' }} data-testid="software-version">
          {v.version ?? 'no version'} × {v.installs.toLocaleString()}
        </Badge>
      ))}
      {more > 0 && (
        <Button variant="subtle" size="compact-xs" onClick={() => setAll(true)}>
          +{more} more
        </Button>
      )}
    </Group>
  );
}

export function SoftwareScreen() {
  const platform = usePlatform();
  const { online } = useSyncStatus();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const [page, setPage] = useState(1);
  useEffect(() => setPage(1), [q]);

  const query = useQuery({
    queryKey: ['software', q, page],
    queryFn: () => platform.listSoftware({ q: q === '' ? undefined : q, limit: SOFTWARE_PAGE_SIZE, offset: (page - 1) * SOFTWARE_PAGE_SIZE }),
    placeholderData: keepPreviousData,
    retry: false,
    staleTime: 30_000,
  });
  const { refetch } = query;
  // When the server answers again, ask again.
  useEffect(() => {
    if (online) void refetch();
  }, [online, refetch]);

  const error = query.error;
  const offline = error !== null && isApiError(error) && error.code === 'offline';
  const data = query.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / SOFTWARE_PAGE_SIZE)) : 1;
  // The chart says something only once several assets are inventoried.
  const top = data && page === 1 && q === '' && data.inventoriedAssets > 1 ? data.software.slice(0, 10).map((s) => ({ name: s.name.length > 28 ? `${s.name.slice(0, 27)}…` : s.name, Installs: s.installs })) : [];

  return (
    <Stack gap="md" maw={1100} data-testid="software-screen">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} size="h3">
            Software
          </Title>
          <Text size="sm" c="dimmed" data-testid="software-scope">
            {data
              ? `${data.total.toLocaleString()} ${data.total === 1 ? 'title' : 'titles'} across ${data.inventoriedAssets.toLocaleString()} inventoried ${data.inventoriedAssets === 1 ? 'asset' : 'assets'} you can see.`
              : 'Installed software across the inventoried assets you can see, counted by the server.'}
          </Text>
        </div>
        <TextInput
          aria-label="Search software"
          placeholder="Search by name or publisher"
          leftSection={<IconSearch size={14} aria-hidden="true" />}
          rightSection={query.isFetching ? <Loader size={14} /> : null}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={320}
        />
      </Group>

      {offline ? (
        <Alert color="yellow" icon={<IconCloudOff size={18} />} title="Software needs the server" data-testid="software-offline">
          <Stack gap="xs" align="flex-start">
            <Text size="sm">
              This list counts installations across every inventoried asset, and only the server holds them all. The server cannot be reached right now; the list
              comes back as soon as it answers. An asset&apos;s own software is on its asset screen, offline too.
            </Text>
            <Button size="xs" variant="default" leftSection={<IconRefresh size={14} />} onClick={() => void refetch()} loading={query.isFetching}>
              Try again
            </Button>
          </Stack>
        </Alert>
      ) : error ? (
        <Alert color="red" title="The software list could not be loaded" data-testid="software-error">
          <Stack gap="xs" align="flex-start">
            <Text size="sm">{error.message}</Text>
            <Button size="xs" variant="default" leftSection={<IconRefresh size={14} />} onClick={() => void refetch()} loading={query.isFetching}>
              Try again
            </Button>
          </Stack>
        </Alert>
      ) : null}

      {!data && query.isPending && <Loader size="sm" />}

      {data && !offline && (
        <>
          {top.length >= 3 && (
            <Paper withBorder p="md" radius="md">
              <Title order={2} size="h5" mb="sm">
                Most installed
              </Title>
              <BarChart h={200} data={top} dataKey="name" series={[{ name: 'Installs', color: 'blue.6' }]} tickLine="y" withTooltip aria-label="Most installed software titles (bar chart)" />
            </Paper>
          )}
          {data.software.length === 0 ? (
            <Text c="dimmed" data-testid="software-empty">
              {q !== '' ? `No software matches "${q}".` : data.inventoriedAssets === 0 ? 'No asset you can see has a recorded inventory yet. Register a device on This device, or point an inventory agent at the server.' : 'No software recorded.'}
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={720}>
              <Table striped highlightOnHover verticalSpacing={6} aria-label="Software titles" data-testid="software-titles" style={{ tableLayout: 'fixed' }}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w="28%">Name</Table.Th>
                    <Table.Th w="26%">Publisher</Table.Th>
                    <Table.Th w={90} style={{ textAlign: 'right' }}>
                      <Tooltip label="Assets with this title installed (any version)">
                        <span>Installs</span>
                      </Tooltip>
                    </Table.Th>
                    <Table.Th>Versions (installs)</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.software.map((s) => (
                    <Table.Tr key={`${s.name}\u0000${s.publisher ?? ''}`} data-testid="software-title">
                      <Table.Td style={{ overflowWrap: 'anywhere' }} data-testid="software-title-name">
                        {s.name}
                      </Table.Td>
                      <Table.Td style={{ maxWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }} title={s.publisher ?? undefined}>
                        {s.publisher ?? '—'}
                      </Table.Td>
                      <Table.Td style={{ textAlign: 'right', fontVariantNumeric: 'tabular-nums' }} data-testid="software-title-installs">
                        {s.installs.toLocaleString()}
                      </Table.Td>
                      <Table.Td>
                        <Versions title={s} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          {pages > 1 && (
            <Group justify="space-between">
              <Text size="sm" c="dimmed">
                {((page - 1) * SOFTWARE_PAGE_SIZE + 1).toLocaleString()}–{Math.min(page * SOFTWARE_PAGE_SIZE, data.total).toLocaleString()} of {data.total.toLocaleString()}
              </Text>
              <Pagination value={page} onChange={setPage} total={pages} size="sm" aria-label="Pages of software" />
            </Group>
          )}
        </>
      )}
    </Stack>
  );
}
