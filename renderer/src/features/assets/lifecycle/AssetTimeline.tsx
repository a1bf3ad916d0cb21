/** An asset's lifecycle timeline (timeline.ts words it): newest first, what is not yet synced marked so; a change with its window. */
import { Anchor, Badge, Paper, Text, Timeline, Title } from '@mantine/core';
import { Link } from 'react-router';
import type { AssetEvent } from '@fielddesk/common/assets/actions';
import type { AssetLifecycleConfig } from '@fielddesk/common/assets/lifecycle';
import type { ChangeRequest } from '@fielddesk/common/changes/records';
import type { Ticket } from '@fielddesk/common/domain/entities';
import { timelineOf, type TimelineNames } from './timeline';

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function AssetTimeline({
  events,
  tickets,
  changes = [],
  inventoriedAt,
  names,
  config,
}: {
  events: readonly AssetEvent[];
  tickets: readonly Ticket[];
  changes?: readonly ChangeRequest[];
  inventoriedAt: string | null;
  names: TimelineNames;
  config: AssetLifecycleConfig;
}) {
  const entries = timelineOf(events, tickets, inventoriedAt, names, config, changes);
  return (
    <Paper withBorder p="md" data-testid="asset-timeline">
      <Title order={2} size="h4" mb="sm">
        History
      </Title>
      {entries.length === 0 ? (
        <Text c="dimmed" size="sm">
          Nothing recorded yet: its history starts with its next change.
        </Text>
      ) : (
        <Timeline bulletSize={14} lineWidth={2}>
          {entries.map((e) => (
            <Timeline.Item
              key={e.key}
              data-testid="asset-timeline-entry"
              data-kind={e.kind}
              title={
                <>
                  {e.ticketId ? (
                    <Anchor component={Link} to={`/tickets/${e.ticketId}`}>
                      {e.title}
                    </Anchor>
                  ) : (
                    e.title
                  )}{' '}
                  {e.pending && (
                    <Badge size="xs" color="yellow" variant="light">
                      Waiting to sync
                    </Badge>
                  )}
                </>
              }
            >
              {e.detail && <Text size="sm">{e.detail}</Text>}
              <Text size="xs" c="dimmed">
                {[e.until ? `${when(e.at)} – ${when(e.until)}` : when(e.at), e.actor].filter(Boolean).join(' · ')}
              </Text>
            </Timeline.Item>
          ))}
        </Timeline>
      )}
    </Paper>
  );
}
