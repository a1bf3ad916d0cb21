/**
 * The dashboard: my open work, overdue, due today, at risk, SLA compliance this week, and open
 * tickets by state and by priority, for me, my groups or everything on this device. Every
 * number, bar and slice opens the queue view that lists exactly those tickets (figures.ts).
 * Below them, what ends soon (EndingsCard: contracts and asset warranties ending within 7, 30
 * or 90 days) and the asset check-outs past their expected return.
 * Counted from the in-memory ticket index in slices, so it works offline and never blocks.
 */
import '@mantine/charts/styles.css';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Anchor, Group, Loader, Paper, SegmentedControl, SimpleGrid, Stack, Text, Title, type MantineColor } from '@mantine/core';
import { BarChart, DonutChart } from '@mantine/charts';
import { STATUS_LABELS } from '@fielddesk/common/itsm/lifecycle';
import { PRIORITY_LABELS, type Priority } from '@fielddesk/common/itsm/config';
import { useWorkspace } from '../../app/workspaceContext';
import { useOverdueCount, useWarrantyEndings } from '../assets';
import { DEFAULT_ENDING_DAYS, useContractEndings } from '../contracts';
import { useFilterContext, useMinuteClock, useSlaWarmup, useSlicedCounts, useTicketIndex } from '../queue';
import { EndingsCard } from './EndingsCard';
import { compliancePercent, dashboardFigures, figureHref, figurePredicates, OPEN_STATES, PRIORITIES, type DashboardScope } from './figures';

const SCOPES: { value: DashboardScope; label: string }[] = [
  { value: 'mine', label: 'Mine' },
  { value: 'groups', label: 'My groups' },
  { value: 'all', label: 'Everything' },
];

const PRIORITY_COLORS: Record<Priority, MantineColor> = { 1: 'red.7', 2: 'orange.6', 3: 'yellow.5', 4: 'gray.5', 5: 'gray.3' };

function StatCard({ id, label, value, hint, href, color }: { id: string; label: string; value: string | undefined; hint: string; href: string; color?: MantineColor }) {
  return (
    <Paper withBorder p="md" radius="md">
      <Text size="xs" tt="uppercase" fw={700} c="dimmed">
        {label}
      </Text>
      <Anchor component={Link} to={href} underline="hover" c={color} data-testid={`figure-${id}`} aria-label={`${label}: ${value ?? 'counting'}. Open the queue`}>
        <Text fz={34} fw={700} lh={1.2} span>
          {value ?? <Loader size="sm" />}
        </Text>
      </Anchor>
      <Text size="xs" c="dimmed">
        {hint}
      </Text>
    </Paper>
  );
}

export function DashboardScreen() {
  const navigate = useNavigate();
  const { user } = useWorkspace();
  const [params, setParams] = useSearchParams();
  const fallback: DashboardScope = user.groupIds.length > 0 ? 'groups' : 'all';
  const raw = params.get('scope');
  const scope: DashboardScope = raw === 'mine' || raw === 'groups' || raw === 'all' ? raw : fallback;

  const { index, snapshot, config } = useTicketIndex();
  const now = useMinuteClock();
  useSlaWarmup(index, snapshot, config, now);
  const ctx = useFilterContext(now, config);
  const figures = useMemo(() => dashboardFigures(scope), [scope]);
  const tests = useMemo(() => figurePredicates(figures, ctx), [figures, ctx]);
  const { counts, current } = useSlicedCounts(index, snapshot, tests);
  const hrefs = useMemo(() => new Map(figures.map((f) => [f.id, figureHref(f)])), [figures]);

  const count = (id: string) => counts?.get(id);
  const show = (id: string) => count(id)?.toLocaleString();
  const href = (id: string) => hrefs.get(id)!;
  const met = count('resolved-week-met');
  const missed = count('resolved-week-missed');
  const compliance = met === undefined || missed === undefined ? undefined : compliancePercent(met, missed);

  const byState = OPEN_STATES.map((s) => ({ id: `state-${s}`, label: STATUS_LABELS[s], Tickets: count(`state-${s}`) ?? 0 }));
  const byPriority = PRIORITIES.map((p) => ({ id: `priority-${p}`, name: `P${p} ${PRIORITY_LABELS[p]}`, value: count(`priority-${p}`) ?? 0, color: PRIORITY_COLORS[p] }));
  const openTotal = byState.reduce((n, s) => n + s.Tickets, 0);
  const [endingDays, setEndingDays] = useState(DEFAULT_ENDING_DAYS);
  const contractEndings = useContractEndings(endingDays);
  const warrantyEndings = useWarrantyEndings(endingDays);
  const endings = contractEndings && warrantyEndings ? [...contractEndings, ...warrantyEndings] : undefined;
  const overdueCheckouts = useOverdueCount();

  return (
    <Stack gap="md" data-testid="dashboard" data-dashboard-ready={current || undefined}>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} size="h3">
            Dashboard
          </Title>
          <Text size="xs" c="dimmed">
            From the {snapshot.size.toLocaleString()} tickets on this device{snapshot.loading ? ' (loading…)' : ''}. Every figure opens its queue.
          </Text>
        </div>
        <SegmentedControl aria-label="Whose tickets" size="sm" value={scope} data={SCOPES} onChange={(v) => setParams(new URLSearchParams({ scope: v }))} />
      </Group>

      <SimpleGrid cols={{ base: 1, xs: 2, md: 5 }}>
        <StatCard id="my-open" label="My open work" value={show('my-open')} hint="Open tickets assigned to me" href={href('my-open')} />
        <StatCard id="overdue" label="Overdue" value={show('overdue')} hint="Open, resolution SLA breached" href={href('overdue')} color={count('overdue') ? 'red' : undefined} />
        <StatCard id="due-today" label="Due today" value={show('due-today')} hint="Open, resolution due before midnight" href={href('due-today')} color={count('due-today') ? 'orange' : undefined} />
        <StatCard id="at-risk" label="SLA at risk or breached" value={show('at-risk')} hint="Open, an SLA clock at 75% or more" href={href('at-risk')} />
        <StatCard
          id="compliance"
          label="SLA compliance this week"
          value={counts === undefined ? undefined : compliance === null ? '—' : `${compliance}%`}
          hint={met === undefined || missed === undefined ? 'Resolution clocks stopped since Monday' : `${met} met, ${missed} missed since Monday`}
          href={href('resolved-week')}
          color={compliance !== null && compliance !== undefined && compliance < 90 ? 'orange' : undefined}
        />
      </SimpleGrid>

      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
        <EndingsCard
          endings={endings}
          days={endingDays}
          onDays={setEndingDays}
          links={[
            { label: 'contracts', count: contractEndings?.length ?? 0, href: `/contracts?ending=${endingDays}` },
            { label: 'warranties', count: warrantyEndings?.length ?? 0, href: `/assets?warranty=within_${endingDays}` },
          ]}
        />
        <StatCard id="checkouts-overdue" label="Check-outs overdue" value={overdueCheckouts?.toLocaleString()} hint="Assets past their expected return" href="/assets/checkouts?view=overdue" color={overdueCheckouts ? 'red' : undefined} />
      </SimpleGrid>

      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Paper withBorder p="md" radius="md">
          <Title order={2} size="h5" mb="sm">
            Open tickets by state
          </Title>
          <BarChart
            h={220}
            data={byState}
            dataKey="label"
            series={[{ name: 'Tickets', color: 'blue.6' }]}
            barProps={{ cursor: 'pointer', onClick: (_data: unknown, i: number) => void navigate(href(byState[i]!.id)) }}
            tickLine="y"
            withTooltip
            aria-label="Open tickets by state (bar chart); each bar opens its queue"
          />
          <Group gap="md" mt="sm">
            {byState.map((s) => (
              <Anchor key={s.id} component={Link} to={href(s.id)} size="sm" data-testid={`figure-${s.id}`}>
                {s.label}: {count(s.id)?.toLocaleString() ?? '…'}
              </Anchor>
            ))}
          </Group>
        </Paper>
        <Paper withBorder p="md" radius="md">
          <Title order={2} size="h5" mb="sm">
            Open tickets by priority
          </Title>
          <Group justify="center">
            {openTotal > 0 ? (
              <DonutChart
                size={200}
                thickness={28}
                data={byPriority.filter((p) => p.value > 0)}
                withTooltip
                tooltipDataSource="segment"
                chartLabel={`${openTotal.toLocaleString()} open`}
                pieProps={{ cursor: 'pointer', onClick: (data: { name?: string }) => {
                  const hit = byPriority.find((p) => p.name === data.name);
                  if (hit) void navigate(href(hit.id));
                } }}
                aria-label="Open tickets by priority (donut chart); each slice opens its queue"
              />
            ) : (
              <Text c="dimmed" py="xl">
                {counts === undefined ? 'Counting…' : 'No open tickets here.'}
              </Text>
            )}
          </Group>
          <Group gap="md" mt="sm">
            {byPriority.map((p) => (
              <Anchor key={p.id} component={Link} to={href(p.id)} size="sm" data-testid={`figure-${p.id}`}>
                {p.name}: {count(p.id)?.toLocaleString() ?? '…'}
              </Anchor>
            ))}
          </Group>
        </Paper>
      </SimpleGrid>
    </Stack>
  );
}
