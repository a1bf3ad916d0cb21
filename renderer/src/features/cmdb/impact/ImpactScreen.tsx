/**
 * The impact view of a configuration item (/cis/:id/impact?depth=3&direction=upstream): what an
 * outage of it affects (upstream) and what it relies on (downstream), as a graph (React Flow,
 * dagre layout) and as a table with the same content for the keyboard and screen readers. From
 * the replica, offline too: it knows the relations on this device (those touching a CI its user
 * sees), and says so. Beside each CI's open incidents, the changes scheduled on it (a change
 * names the CIs it affects through change_ci links): a count on its box, and in the table each
 * change's number, title and window, as text (there is no change screen to link to yet).
 */
import { Alert, Anchor, Badge, Button, Group, Loader, NumberInput, Paper, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { Link, useParams, useSearchParams } from 'react-router';
import { IMPACT_DEPTH } from '@fielddesk/common/cmdb/relations';
import { useWorkspace } from '../../../app/workspaceContext';
import { BackLink, NotHere } from '../../../shared/RecordParts';
import { changeLine, changeWindowText } from '../../../shared/changes';
import { ciDetail, DIRECTION_FILTERS, DIRECTION_WORDS, incidentWords, nameOf, parseDirection, type DirectionFilter, type ImpactRow } from './impactModel';
import { useImpact } from './useImpact';
import { ImpactGraph } from './ImpactGraph';

export function parseDepth(value: string | null): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 ? Math.min(n, IMPACT_DEPTH.max) : IMPACT_DEPTH.default;
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function ImpactScreen() {
  const { id } = useParams();
  const { db } = useWorkspace();
  const [params, setParams] = useSearchParams();
  const depth = parseDepth(params.get('depth'));
  const direction = parseDirection(params.get('direction'));
  const ci = useLiveQuery(async () => (id ? ((await db.configurationItems.get(id)) ?? null) : null), [db, id]);
  const data = useImpact(id, depth, direction);

  const set = (next: { depth?: number; direction?: DirectionFilter }) =>
    setParams(
      (p) => {
        const out = new URLSearchParams(p);
        if (next.depth !== undefined) out.set('depth', String(next.depth));
        if (next.direction !== undefined) out.set('direction', next.direction);
        return out;
      },
      { replace: true },
    );

  if (ci === undefined) return <Loader size="sm" />;
  if (ci === null || !id) return <NotHere what="Configuration item" />;
  const affected = data?.rows.filter((r) => r.direction === 'upstream').length ?? 0;
  const reliesOn = data?.rows.filter((r) => r.direction === 'downstream').length ?? 0;

  return (
    <Stack gap="md" data-testid="impact-screen">
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Stack gap={2}>
          <BackLink to={`/cis/${id}`}>{ci.name}</BackLink>
          <Title order={1} size="h2">
            Impact of {ci.name}
          </Title>
        </Stack>
        <Group gap="md" align="flex-end" wrap="wrap">
          <NumberInput
            label="Depth"
            description={`Steps, 1 to ${IMPACT_DEPTH.max}`}
            w={120}
            min={1}
            max={IMPACT_DEPTH.max}
            clampBehavior="strict"
            allowDecimal={false}
            value={depth}
            onChange={(v) => {
              if (typeof v === 'number' && v >= 1 && v <= IMPACT_DEPTH.max) set({ depth: v });
            }}
            data-testid="impact-depth"
          />
          <Stack gap={4}>
            <Text size="sm" fw={500} id="impact-direction-label">
              Direction
            </Text>
            <SegmentedControl aria-labelledby="impact-direction-label" value={direction} onChange={(v) => set({ direction: v as DirectionFilter })} data={[...DIRECTION_FILTERS]} data-testid="impact-direction" />
          </Stack>
        </Group>
      </Group>

      {data === undefined ? (
        <Loader size="sm" />
      ) : (
        <>
          <Text size="sm" data-testid="impact-summary">
            {direction !== 'downstream' && `An outage of ${ci.name} affects ${count(affected, 'item', 'items')}`}
            {direction === 'both' && '; '}
            {direction !== 'upstream' && `${direction === 'both' ? 'it' : ci.name} relies on ${count(reliesOn, 'item', 'items')}`}
            {` (within ${count(depth, 'step', 'steps')}).`}
          </Text>
          {data.rows.some((r) => !r.ci) && (
            <Alert color="yellow" variant="light">
              Some related configuration items are not on this device (another site's). What lies beyond them is not shown; the server has the whole picture.
            </Alert>
          )}
          <Paper withBorder h={{ base: 420, lg: 520 }} style={{ overflow: 'hidden' }} data-testid="impact-graph">
            {data.rows.length > 1 ? (
              <ImpactGraph data={data} />
            ) : (
              <Stack h="100%" align="center" justify="center" p="md">
                <Text c="dimmed" ta="center">
                  {ci.name} has no relationships {direction === 'both' ? '' : 'in this direction '}on this device.
                </Text>
                <Button component={Link} to={`/cis/${id}`} variant="default" size="xs">
                  Add a relationship
                </Button>
              </Stack>
            )}
          </Paper>
          <ImpactTable rows={data.rows} name={ci.name} />
        </>
      )}
    </Stack>
  );
}

/** Rows of the table drawn at first and per "Show more" (a 500-CI view would draw them all at once). */
export const TABLE_ROWS_PER_PAGE = 100;

function ImpactTable({ rows, name }: { rows: ImpactRow[]; name: string }) {
  const [pages, setPages] = useState(1);
  // Back to one page for another CI (not when a sync re-reads the same view).
  const start = rows[0]?.id;
  useEffect(() => setPages(1), [start]);
  const shown = pages * TABLE_ROWS_PER_PAGE;
  return (
    <Stack gap="xs">
      <Table.ScrollContainer minWidth={800}>
        <Table striped highlightOnHover verticalSpacing={6} data-testid="impact-table">
          <Table.Caption>What an outage of {name} affects and what it relies on, nearest first, with their open incidents and scheduled changes.</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Configuration item</Table.Th>
              <Table.Th scope="col">Direction</Table.Th>
              <Table.Th scope="col">Depth</Table.Th>
              <Table.Th scope="col">Through</Table.Th>
              <Table.Th scope="col">Open incidents</Table.Th>
              <Table.Th scope="col">Scheduled changes</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.slice(0, shown).map((row) => (
              <Table.Tr key={row.id} data-testid="impact-row" data-ci-id={row.id}>
                <Table.Th scope="row" fw={row.direction === 'self' ? 700 : 400}>
                  {row.ci ? (
                    <Anchor component={Link} to={`/cis/${row.id}`} size="sm">
                      {row.ci.name}
                    </Anchor>
                  ) : (
                    <Text size="sm" c="orange" span>
                      {nameOf(row.ci)}
                    </Text>
                  )}
                  {row.ci && (
                    <Text size="xs" c="dimmed">
                      {ciDetail(row.ci)}
                    </Text>
                  )}
                </Table.Th>
                <Table.Td>{DIRECTION_WORDS[row.direction]}</Table.Td>
                <Table.Td>{row.depth}</Table.Td>
                <Table.Td>
                  <Text size="sm">{row.via ?? '—'}</Text>
                </Table.Td>
                <Table.Td>
                  {row.openIncidents > 0 ? (
                    <Badge color="red" size="sm" circle={row.openIncidents < 10} aria-label={incidentWords(row.openIncidents)} data-testid="impact-row-incidents">
                      {row.openIncidents}
                    </Badge>
                  ) : (
                    <Text size="sm" c="dimmed">
                      0
                    </Text>
                  )}
                </Table.Td>
                <Table.Td data-testid="impact-row-changes">
                  {row.changes.length === 0 ? (
                    <Text size="sm" c="dimmed">
                      None
                    </Text>
                  ) : (
                    <Stack gap={4}>
                      {row.changes.map((c) => (
                        <div key={c.id} data-testid="impact-row-change" data-change-id={c.id}>
                          <Text size="sm">{changeLine(c)}</Text>
                          <Text size="xs" c="dimmed">
                            {changeWindowText(c)}
                          </Text>
                        </div>
                      ))}
                    </Stack>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {rows.length > shown && (
        <Group justify="space-between" data-testid="impact-table-more">
          <Text size="sm" c="dimmed">
            Showing {shown} of {rows.length} configuration items
          </Text>
          <Button variant="default" size="xs" onClick={() => setPages((p) => p + 1)}>
            Show {Math.min(TABLE_ROWS_PER_PAGE, rows.length - shown)} more
          </Button>
        </Group>
      )}
    </Stack>
  );
}
