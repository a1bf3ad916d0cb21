/**
 * Audits (/audits): the audits in progress, planned and closed, and the assets due for an audit
 * (`?view=due`: overdue, due within 30 days, never audited, by each asset's category and site
 * interval from the ITSM configuration, common/audits/intervals.ts). Read from the replica, so it
 * works offline; Shift+N plans a new audit.
 */
import { useMemo, useState } from 'react';
import { Anchor, Badge, Button, Group, Kbd, Loader, Progress, SegmentedControl, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { useDisclosure, useHotkeys } from '@mantine/hooks';
import { IconMapPin, IconPlus } from '@tabler/icons-react';
import { useLiveQuery } from 'dexie-react-hooks';
import { Link, useSearchParams } from 'react-router';
import { NOT_EXPECTED_STATES } from '@fielddesk/common/audits/expected';
import { auditDue, type AuditDue } from '@fielddesk/common/audits/intervals';
import { AUDIT_STATE_LABELS, type Audit, type AuditState } from '@fielddesk/common/audits/records';
import { useWorkspace } from '../../app/workspaceContext';
import { useItsmConfig } from '../../data/config';
import { localToday } from '../../shared/dates';
import { NewAuditDialog } from './NewAuditDialog';
import { useAuditList, useNames, type Names } from './useAudits';

type View = 'in_progress' | 'planned' | 'closed' | 'due';
const VIEWS: View[] = ['in_progress', 'planned', 'closed', 'due'];
const STATE_COLORS: Record<AuditState, string> = { planned: 'gray', in_progress: 'blue', closed: 'green', cancelled: 'dark' };
const DUE_LABELS: Record<AuditDue['status'], string> = { overdue: 'Overdue', due_soon: 'Due soon', never: 'Never audited', ok: 'Up to date' };
const DUE_COLORS: Record<AuditDue['status'], string> = { overdue: 'red', due_soon: 'orange', never: 'grape', ok: 'green' };

function scopeOf(audit: Audit, names: Names): string {
  const where = audit.locationIds.length === 0 ? 'Whole site' : audit.locationIds.length === 1 ? names.location(audit.locationIds[0]!) : `${audit.locationIds.length} locations`;
  const what = [...audit.kinds.map((k) => (k === 'hardware' ? 'hardware' : 'non-IT')), ...audit.categories].join(', ');
  return what ? `${where} · ${what}` : where;
}

function AuditRow({ audit, names, today }: { audit: Audit; names: Names; today: string }) {
  const overdue = audit.dueOn !== null && audit.dueOn < today && (audit.state === 'planned' || audit.state === 'in_progress');
  const summary = audit.summary;
  return (
    <Table.Tr data-testid="audit-row">
      <Table.Td>
        <Anchor component={Link} to={audit.state === 'closed' ? `/audits/${audit.id}/report` : `/audits/${audit.id}`} fw={600} size="sm">
          {audit.number}
        </Anchor>
      </Table.Td>
      <Table.Td>
        <Text size="sm" fw={500}>
          {audit.name}
        </Text>
        <Text size="xs" c="dimmed">
          {names.site(audit.siteId)} · {scopeOf(audit, names)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{audit.auditorIds.map((id) => names.person(id)).join(', ') || '—'}</Text>
      </Table.Td>
      <Table.Td>
        <Group gap={6} wrap="nowrap">
          <Text size="sm">{audit.dueOn ?? '—'}</Text>
          {overdue && (
            <Badge color="red" size="sm" data-testid="audit-overdue">
              Overdue
            </Badge>
          )}
        </Group>
      </Table.Td>
      <Table.Td>
        <Badge color={STATE_COLORS[audit.state]} variant="light">
          {AUDIT_STATE_LABELS[audit.state]}
        </Badge>
      </Table.Td>
      <Table.Td miw={140}>
        {summary ? (
          <Tooltip label={`${summary.found + summary.foundElsewhere} found of ${summary.expected} expected; ${summary.missing} marked missing`}>
            <Progress value={summary.expected ? ((summary.found + summary.foundElsewhere) / summary.expected) * 100 : 100} color="green" aria-label="Found of expected" />
          </Tooltip>
        ) : (
          <Text size="sm" c="dimmed">
            {audit.expectedCount !== null ? `${audit.expectedCount} expected` : 'Not started'}
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

function DueAssets({ names, today }: { names: Names; today: string }) {
  const { db, user } = useWorkspace();
  const config = useItsmConfig();
  const data = useLiveQuery(async () => [await db.assets.toArray(), await db.assetModels.toArray()] as const, [db]);
  const rows = useMemo(() => {
    if (!data) return undefined;
    const category = new Map(data[1].map((m) => [m.id, m.category]));
    const rules = config.auditIntervals ?? [];
    return data[0]
      .filter((a) => (user.role !== 'technician' || a.siteId === user.siteId) && !NOT_EXPECTED_STATES.includes(a.state))
      .map((a) => ({ asset: a, due: auditDue({ category: a.modelId ? (category.get(a.modelId) ?? null) : null, siteId: a.siteId, lastAuditedOn: a.lastAuditedOn ?? null, purchasedOn: a.purchasedOn }, today, rules) }))
      .filter((r) => r.due.status !== 'ok')
      .sort((a, b) => a.due.inDays - b.due.inDays || a.asset.tag.localeCompare(b.asset.tag));
  }, [data, config, user, today]);
  if (!rows) return <Loader size="sm" />;
  if (rows.length === 0) return <Text c="dimmed">Every asset you can see was audited within its interval.</Text>;
  const shown = rows.slice(0, 500);
  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed" data-testid="due-summary">
        {rows.filter((r) => r.due.status === 'overdue').length} overdue, {rows.filter((r) => r.due.status === 'due_soon').length} due within 30 days, {rows.filter((r) => r.due.status === 'never').length} never audited
        {rows.length > shown.length ? ` (the first ${shown.length} shown)` : ''}.
      </Text>
      <Table.ScrollContainer minWidth={560}>
        <Table striped verticalSpacing={6} data-testid="due-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Asset</Table.Th>
              <Table.Th>Where</Table.Th>
              <Table.Th>Last audit</Table.Th>
              <Table.Th>Next audit</Table.Th>
              <Table.Th>Status</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map(({ asset, due }) => (
              <Table.Tr key={asset.id} data-testid="due-row">
                <Table.Td>
                  <Anchor component={Link} to={`/assets/${asset.id}`} size="sm" fw={500}>
                    {asset.tag}
                  </Anchor>{' '}
                  <Text span size="sm">
                    {asset.name}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">
                    {asset.siteId ? names.site(asset.siteId) : '—'}
                    {asset.locationId ? ` · ${names.location(asset.locationId)}` : ''}
                  </Text>
                </Table.Td>
                <Table.Td>{due.lastOn ?? '—'}</Table.Td>
                <Table.Td>
                  {due.nextOn} <Text span size="xs" c="dimmed">(every {due.months} months)</Text>
                </Table.Td>
                <Table.Td>
                  <Badge color={DUE_COLORS[due.status]} variant="light">
                    {DUE_LABELS[due.status]}
                  </Badge>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

export function AuditsScreen() {
  const [params, setParams] = useSearchParams();
  const asked = params.get('view') as View | null;
  const view: View = asked && VIEWS.includes(asked) ? asked : 'in_progress';
  const audits = useAuditList();
  const names = useNames();
  const [creating, create] = useDisclosure(false);
  const [today] = useState(() => localToday());
  useHotkeys([['shift+n', () => create.open()]]);
  const byState = useMemo(() => {
    const groups: Record<'in_progress' | 'planned' | 'closed', Audit[]> = { in_progress: [], planned: [], closed: [] };
    for (const a of audits ?? []) {
      if (a.state === 'cancelled' || a.state === 'closed') groups.closed.push(a);
      else groups[a.state].push(a);
    }
    groups.planned.sort((a, b) => (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999'));
    return groups;
  }, [audits]);
  if (!audits || !names) return <Loader size="sm" />;
  const list = view === 'due' ? [] : byState[view];

  return (
    <Stack gap="md" data-testid="audits-screen">
      <Group justify="space-between" wrap="wrap">
        <Title order={1} size="h2">
          Audits
        </Title>
        <Group gap="xs">
          <Button variant="default" component={Link} to="/locations" leftSection={<IconMapPin size={16} />}>
            Location labels
          </Button>
          <Tooltip label={<>Plan an audit <Kbd size="xs">Shift</Kbd>+<Kbd size="xs">N</Kbd></>}>
            <Button variant="light" leftSection={<IconPlus size={16} />} onClick={create.open} aria-keyshortcuts="Shift+N">
              New audit
            </Button>
          </Tooltip>
        </Group>
      </Group>
      <SegmentedControl
        value={view}
        onChange={(v) => setParams(v === 'in_progress' ? {} : { view: v }, { replace: true })}
        data={[
          { value: 'in_progress', label: `In progress (${byState.in_progress.length})` },
          { value: 'planned', label: `Planned (${byState.planned.length})` },
          { value: 'closed', label: `Closed (${byState.closed.length})` },
          { value: 'due', label: 'Assets due' },
        ]}
        aria-label="Which audits"
        data-testid="audits-view"
        style={{ alignSelf: 'flex-start' }}
      />
      {view === 'due' ? (
        <DueAssets names={names} today={today} />
      ) : list.length === 0 ? (
        <Text c="dimmed" data-testid="audits-empty">
          {view === 'in_progress' ? 'No audit is in progress.' : view === 'planned' ? 'No audit is planned.' : 'No audit is closed yet.'}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table striped highlightOnHover verticalSpacing={8} data-testid="audits-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Number</Table.Th>
                <Table.Th>Audit</Table.Th>
                <Table.Th>Auditors</Table.Th>
                <Table.Th>Due</Table.Th>
                <Table.Th>State</Table.Th>
                <Table.Th>Progress</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((a) => (
                <AuditRow key={a.id} audit={a} names={names} today={today} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {creating && <NewAuditDialog opened onClose={create.close} names={names} />}
    </Stack>
  );
}
