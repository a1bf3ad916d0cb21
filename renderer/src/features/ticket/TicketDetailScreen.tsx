/**
 * One ticket, as a technician works it: header (number, kind, state, priority, SLA clocks,
 * who/where), the known-error workaround of its problem, description, worklog composer and
 * activity timeline, tasks, attachments, editable details, state changes, resolution,
 * on-site sign-off, problem record or linked problem, linked assets/CIs, and knowledge
 * (features/knowledge: related and linked articles, "create article from this resolution").
 * Everything reads the local replica live and writes through the repositories, so it works
 * offline. A ticket whose linked records are missing still opens and says what is missing.
 * Keyboard: see ShortcutsHelp (a, w, r, t, s, Esc, ?).
 */
import { useRef, useState } from 'react';
import { Button, Divider, Grid, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft } from '@tabler/icons-react';
import { useLiveQuery } from 'dexie-react-hooks';
import { Link, useNavigate, useParams } from 'react-router';
import { BackLink } from '../../shared/RecordParts';
import type { Ticket } from '@fielddesk/common/domain/entities';
import { useWorkspace } from '../../app/workspaceContext';
import { recordKey } from '../../data/db';
import { usePendingKeys } from '../../shared/syncHooks';
import { CreateArticleFromResolution, RelatedArticles } from '../knowledge';
import { AttachmentsSection } from './AttachmentsSection';
import { Fact, TicketHeader } from './header/TicketHeader';
import { TicketFieldsPanel } from './fields/TicketFieldsPanel';
import { useTicketUpdate } from './fields/useTicketUpdate';
import { LinksSection } from './links/LinksSection';
import { KnownErrorBanner, LinkedProblemSection } from './problem/LinkedProblemSection';
import { ProblemSection } from './problem/ProblemSection';
import { ResolutionPanel } from './resolution/ResolutionPanel';
import { lastQueueLocation } from './queueReturn';
import { ShortcutsHelp } from './ShortcutsHelp';
import { SignOffSection } from './signoff/SignOffSection';
import { StatusChangeForm } from './StatusChangeForm';
import { TasksSection } from './TasksSection';
import { ActivityTimeline } from './timeline/ActivityTimeline';
import { useTicketRelations } from './useTicketRelations';
import { WorklogComposer } from './WorklogComposer';

function NotOnDevice() {
  return (
    <Stack align="flex-start">
      <Title order={1} size="h3">
        Ticket not found
      </Title>
      <Text>This ticket is not on this device. It may belong to another group or site, or it has not been synced yet.</Text>
      <Button component={Link} to="/" variant="default" leftSection={<IconArrowLeft size={16} />}>
        Back to the queue
      </Button>
    </Stack>
  );
}

/** Focuses a field and brings it into view (the shortcuts jump to a section). */
function jumpTo(el: HTMLElement | null) {
  if (!el) return false;
  el.scrollIntoView({ block: 'center', behavior: 'smooth' });
  el.focus({ preventScroll: true });
  return true;
}

function TicketWorkspace({ ticket }: { ticket: Ticket }) {
  const { user } = useWorkspace();
  const navigate = useNavigate();
  const relations = useTicketRelations(ticket);
  const pending = usePendingKeys();
  const update = useTicketUpdate(ticket.id);
  const [helpOpen, setHelpOpen] = useState(false);
  const worklogRef = useRef<HTMLTextAreaElement>(null);
  const resolutionRef = useRef<HTMLTextAreaElement>(null);
  const taskRef = useRef<HTMLInputElement>(null);
  const signerRef = useRef<HTMLInputElement>(null);
  const readOnly = ticket.status === 'closed';
  const isOpen = ticket.status !== 'resolved' && ticket.status !== 'closed';
  const problem = relations?.problem.state === 'found' ? relations.problem.record : null;
  const requester = relations?.requester.state === 'found' ? relations.requester.record : null;

  const say = (message: string) => notifications.show({ color: 'yellow', message });
  useHotkeys([
    [
      'a',
      () => {
        if (readOnly) return say('A closed ticket cannot be reassigned.');
        if (ticket.assigneeId === user.id) return say('This ticket is already assigned to you.');
        void update.save({ assigneeId: user.id }).then((ok) => {
          if (ok) notifications.show({ color: 'teal', message: 'Assigned to you.' });
        });
      },
    ],
    ['w', () => jumpTo(worklogRef.current) || say('A closed ticket takes no more worklog.')],
    ['r', () => jumpTo(resolutionRef.current) || say(ticket.status === 'closed' ? 'This ticket is closed.' : 'This ticket is already resolved.')],
    ['t', () => jumpTo(taskRef.current) || say('A closed ticket takes no new tasks.')],
    ['s', () => jumpTo(signerRef.current) || say('A closed ticket takes no new sign-off.')],
    // "?" is Shift+/ on most layouts, a key of its own on others.
    ['shift+?', () => setHelpOpen((o) => !o)],
    ['?', () => setHelpOpen((o) => !o)],
    [
      'Escape',
      () => {
        if (helpOpen) return setHelpOpen(false);
        // Back to the queue as it was last shown (filter and sort in its URL).
        void navigate(lastQueueLocation());
      },
    ],
  ]);

  return (
    <Stack gap="md" maw={1280}>
      <Group justify="space-between">
        <BackLink to={lastQueueLocation()}>Queue</BackLink>
        <ShortcutsHelp opened={helpOpen} onChange={setHelpOpen} />
      </Group>
      <TicketHeader ticket={ticket} relations={relations} pending={pending.records.has(recordKey('ticket', ticket.id))} />
      {ticket.kind === 'incident' && problem && <KnownErrorBanner problem={problem} />}

      <Grid gutter="lg">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="lg">
            <Paper withBorder p="md">
              <Title order={2} size="h4" mb="xs">
                Description
              </Title>
              {ticket.description.trim() ? (
                <Text size="sm" data-testid="ticket-description" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                  {ticket.description}
                </Text>
              ) : (
                <Text size="sm" c="dimmed" data-testid="ticket-description">
                  No description.
                </Text>
              )}
              {ticket.status === 'on_hold' && ticket.onHoldReason && (
                <>
                  <Divider my="sm" />
                  <Fact label="On hold because" value={ticket.onHoldReason} />
                </>
              )}
            </Paper>
            {ticket.kind === 'problem' && (
              <Paper withBorder p="md">
                <ProblemSection ticket={ticket} update={update} readOnly={readOnly} />
                {/* A known error's workaround is worth an article before the problem is resolved. */}
                {isOpen && ticket.knownError && (
                  <Group justify="flex-end" mt="sm">
                    <CreateArticleFromResolution ticket={ticket} />
                  </Group>
                )}
              </Paper>
            )}
            {!readOnly && (
              <Paper withBorder p="md">
                <WorklogComposer ticketId={ticket.id} ref={worklogRef} />
              </Paper>
            )}
            <Paper withBorder p="md">
              <ActivityTimeline ticketId={ticket.id} />
            </Paper>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack gap="lg">
            <Paper withBorder p="md">
              <TicketFieldsPanel ticket={ticket} update={update} readOnly={readOnly} />
            </Paper>
            {isOpen && (
              <Paper withBorder p="md">
                <Title order={2} size="h4" mb="xs">
                  Change status
                </Title>
                <StatusChangeForm key={`${ticket.id}:${ticket.status}`} ticket={ticket} />
              </Paper>
            )}
            <Paper withBorder p="md">
              <ResolutionPanel
                key={`${ticket.id}:${ticket.status}`}
                ticket={ticket}
                notesRef={resolutionRef}
                afterResolution={<CreateArticleFromResolution ticket={ticket} />}
              />
            </Paper>
            <Paper withBorder p="md">
              <TasksSection ticket={ticket} titleRef={taskRef} />
            </Paper>
            <Paper withBorder p="md">
              <SignOffSection key={requester?.id ?? 'none'} ticket={ticket} requester={requester} signerRef={signerRef} />
            </Paper>
            <Paper withBorder p="md">
              <AttachmentsSection ticketId={ticket.id} />
            </Paper>
            {ticket.kind === 'incident' && (
              <Paper withBorder p="md">
                <LinkedProblemSection ticket={ticket} problem={relations?.problem} update={update} readOnly={readOnly} />
              </Paper>
            )}
            <Paper withBorder p="md">
              <LinksSection ticket={ticket} readOnly={readOnly} />
            </Paper>
            <Paper withBorder p="md">
              <RelatedArticles ticket={ticket} readOnly={readOnly} />
            </Paper>
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

export function TicketDetailScreen() {
  const { id = '' } = useParams();
  const { db } = useWorkspace();
  // undefined while loading, null when this device does not have the ticket.
  const ticket = useLiveQuery(async () => (await db.tickets.get(id)) ?? null, [db, id]);
  if (ticket === undefined) return <Text c="dimmed">Loading ticket…</Text>;
  if (ticket === null) return <NotOnDevice />;
  return <TicketWorkspace key={ticket.id} ticket={ticket} />;
}
