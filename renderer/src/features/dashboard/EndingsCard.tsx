/**
 * "Ending soon": how many things end within N days (7, 30 or 90, chosen on the card), how many of
 * each kind with a link to its own list (contracts, warranties: each list shows the same count),
 * and the soonest few by name. It takes a list of endings of any kind, each saying what it is and
 * where it opens.
 */
import { Anchor, Group, Loader, Paper, SegmentedControl, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';

export interface Ending {
  /** What ends ("Contract", "Warranty"). */
  what: string;
  id: string;
  name: string;
  endsOn: string;
  daysLeft: number;
  href: string;
}

export const ENDING_DAY_CHOICES = [7, 30, 90] as const;
/** The soonest endings named on the card. */
const NAMED = 3;

export interface EndingsLink {
  /** "contracts", "warranties": what the count counts. */
  label: string;
  count: number;
  href: string;
}

export function EndingsCard({ endings, days, onDays, links }: { endings: readonly Ending[] | undefined; days: number; onDays: (days: number) => void; links: readonly EndingsLink[] }) {
  const soonest = [...(endings ?? [])].sort((a, b) => a.daysLeft - b.daysLeft).slice(0, NAMED);
  return (
    <Paper withBorder p="md" radius="md" data-testid="endings-card">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Text size="xs" tt="uppercase" fw={700} c="dimmed">
          Ending within {days} days
        </Text>
        <SegmentedControl
          size="xs"
          aria-label="Days ahead"
          value={String(days)}
          data={ENDING_DAY_CHOICES.map((d) => ({ value: String(d), label: `${d} d` }))}
          onChange={(v) => onDays(Number(v))}
        />
      </Group>
      <Text fz={34} fw={700} lh={1.2} c={endings && endings.length > 0 ? 'orange' : undefined} data-testid="figure-ending">
        {endings ? endings.length.toLocaleString() : <Loader size="sm" />}
      </Text>
      {/* Each kind opens its own list, which shows the same count. */}
      <Group gap="sm" mb={4}>
        {links.map((l) => (
          <Anchor key={l.label} component={Link} to={l.href} size="sm" data-testid={`ending-link-${l.label}`} aria-label={`${l.count} ${l.label} ending within ${days} days: open the list`}>
            {l.count.toLocaleString()} {l.label}
          </Anchor>
        ))}
      </Group>
      <Stack gap={0}>
        {soonest.length === 0 ? (
          <Text size="xs" c="dimmed">
            {endings ? 'Nothing ends in that time.' : 'Counting…'}
          </Text>
        ) : (
          soonest.map((e) => (
            <Anchor key={`${e.what}:${e.id}`} component={Link} to={e.href} size="xs" lineClamp={1} data-testid="ending-item">
              {e.what}: {e.name} — {e.daysLeft === 0 ? 'today' : e.daysLeft === 1 ? 'tomorrow' : `in ${e.daysLeft} days`}
            </Anchor>
          ))
        )}
      </Stack>
    </Paper>
  );
}
