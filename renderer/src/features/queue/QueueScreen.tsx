/**
 * The queue (home screen): the queue panel (predefined queues and saved filters, with counts),
 * the view's toolbar (kinds, refinements, text filter, columns), bulk actions, and the
 * virtualised table. Which rows are listed lives in the URL (engine/queues.ts), so views are
 * shareable and the back button works; rows come from the in-memory ticket index
 * (engine/ticketIndex.ts), so a filter change over 100,000 tickets is a loop, not a query.
 */
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { ActionIcon, Button, Checkbox, Chip, CloseButton, Group, Menu, Modal, Pill, Stack, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconColumns, IconKeyboard, IconLayoutSidebarLeftCollapse, IconLayoutSidebarLeftExpand, IconSearch } from '@tabler/icons-react';
import { TICKET_KIND_LABELS, type TicketKind } from '@fielddesk/common/domain/entities';
import { PRIORITY_LABELS } from '@fielddesk/common/itsm/config';
import { STATUS_LABELS } from '@fielddesk/common/itsm/lifecycle';
import { useWorkspace } from '../../app/workspaceContext';
import { useItsmConfig } from '../../data/config';
import type { BulkChange } from '../../data/repositories/tickets';
import { usePendingKeys } from '../../shared/syncHooks';
import { EMPTY_DEFINITION, type FilterDefinition } from './engine/definition';
import { isPredefinedQueue, parseQueueQuery, PREDEFINED_QUEUES, queueSearch, type QueueQuery } from './engine/queues';
import type { SortSpec } from './engine/run';
import { BulkBar } from './BulkBar';
import { bulkReport, type BulkReport } from './bulkReport';
import { COLUMN_LABELS } from './columns';
import { FilterBuilder } from './FilterBuilder';
import { QueuePanel } from './QueuePanel';
import { QueueTable, type QueueTableHandle } from './QueueTable';
import { COLUMN_IDS, useQueueStore } from './queueStore';
import { savedFilterStore } from './savedFilters';
import type { ListKeyAction } from '../../shared/listKeys';
import { checkedInView } from '../../shared/selection';
import { ShortcutsHelp } from '../../shared/ShortcutsHelp';
import { useListControls } from '../../shared/useListControls';
import { actionFor, SHORTCUTS, type QueueAction } from './shortcuts';
import {
  useFilterContext,
  useMinuteClock,
  useNames,
  useQueueCounts,
  useQueueView,
  useSavedFilters,
  useSlaWarmup,
  useTicketIndex,
  type SavedFilter,
} from './useQueueData';
import classes from './QueueScreen.module.css';

const KINDS: TicketKind[] = ['incident', 'service_request', 'problem'];

/** Words for the refinements a link may carry (shown as removable pills). */
function refinementPills(query: QueueQuery): { key: keyof QueueQuery; label: string }[] {
  const pills: { key: keyof QueueQuery; label: string }[] = [];
  if (query.scope === 'mine') pills.push({ key: 'scope', label: 'Assigned to me' });
  if (query.scope === 'groups') pills.push({ key: 'scope', label: 'In my groups' });
  if (query.statuses.length) pills.push({ key: 'statuses', label: `Status: ${query.statuses.map((s) => STATUS_LABELS[s]).join(', ')}` });
  if (query.priorities.length) pills.push({ key: 'priorities', label: `Priority: ${query.priorities.map((p) => `P${p} ${PRIORITY_LABELS[p]}`).join(', ')}` });
  if (query.due === 'overdue') pills.push({ key: 'due', label: 'Overdue (resolution SLA breached)' });
  if (query.due === 'today') pills.push({ key: 'due', label: 'Due today' });
  if (query.resolved === 'week') pills.push({ key: 'resolved', label: 'Resolved this week' });
  return pills;
}

export function QueueScreen() {
  const navigate = useNavigate();
  const workspace = useWorkspace();
  const { user, db } = workspace;
  const [params, setParams] = useSearchParams();
  const store = useQueueStore();
  const { columns, sorting, lastQueue, panelOpen, checked, cursorId, anchorId } = store;

  const query = useMemo(() => parseQueueQuery(params, lastQueue), [params, lastQueue]);
  const setQuery = useCallback(
    (next: QueueQuery, opts: { replace?: boolean } = {}) => setParams(new URLSearchParams(queueSearch(next)), { replace: opts.replace }),
    [setParams],
  );
  const openQueue = useCallback((queue: string) => setQuery({ ...query, queue, scope: null, statuses: [], priorities: [], due: null, resolved: null, text: '' }), [query, setQuery]);

  useEffect(() => {
    if (query.queue !== lastQueue) store.setLastQueue(query.queue);
  }, [query.queue, lastQueue, store]);

  // The text filter: typed into local state at once, used deferred (typing never waits for the
  // view), written into the URL (replace, so each letter is not a history entry).
  const [text, setText] = useState(query.text);
  const written = useRef(query.text);
  useEffect(() => {
    // Only a change from elsewhere (back button, a link) replaces what is being typed.
    if (query.text !== written.current) {
      written.current = query.text;
      setText(query.text);
    }
  }, [query.text]);
  useEffect(() => {
    if (text === query.text) return;
    const timer = setTimeout(() => {
      written.current = text;
      setQuery({ ...query, text }, { replace: true });
    }, 250);
    return () => clearTimeout(timer);
  }, [text, query, setQuery]);
  const deferredText = useDeferredValue(text);
  // Keyed by the view's URL form, so writing the typed text into the URL (same view) recomputes nothing.
  const viewKey = queueSearch({ ...query, text: deferredText });
  const viewQuery = useMemo(() => ({ ...query, text: deferredText }), [viewKey]);

  const { index, snapshot, config } = useTicketIndex();
  const itsm = useItsmConfig();
  const now = useMinuteClock();
  useSlaWarmup(index, snapshot, config, now);
  const ctx = useFilterContext(now, config);
  const names = useNames();
  const saved = useSavedFilters();
  const pending = usePendingKeys();
  const { rows, known } = useQueueView(index, snapshot, viewQuery, sorting, ctx, names, saved);
  const counts = useQueueCounts(index, snapshot, ctx, saved);
  const viewIds = useMemo(() => rows.map((r) => r.ticket.id), [rows]);

  const savedHere = saved?.find((f) => f.queue === query.queue);
  const title = isPredefinedQueue(query.queue) ? PREDEFINED_QUEUES.find((q) => q.id === query.queue)!.label : (savedHere?.name ?? 'Saved filter');

  // Selection: a changed view keeps only rows it still lists.
  const prevQueue = useRef(query.queue);
  useEffect(() => {
    if (prevQueue.current === query.queue) return;
    prevQueue.current = query.queue;
    if (useQueueStore.getState().checked.size > 0) useQueueStore.getState().setChecked(new Set(), null);
  }, [query.queue]);

  // Bulk actions.
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<BulkReport | null>(null);
  const applyBulk = useCallback(
    async (change: BulkChange, label: string, ids: string[]) => {
      if (ids.length === 0) return;
      setBusy(true);
      try {
        const result = await workspace.tickets.bulkUpdate(ids, change);
        const r = bulkReport(result);
        setReport(r);
        notifications.show({ title: label, message: r.summary, color: r.tone === 'ok' ? 'teal' : r.tone === 'partial' ? 'yellow' : 'red', autoClose: r.tone === 'ok' ? 4000 : 10000 });
        // Keep the refused rows checked, so they can be looked at or tried again.
        useQueueStore.getState().setChecked(new Set(result.refused.map((x) => x.ticketId)), null);
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        setReport({ summary: `Nothing changed: ${message}`, refusals: [], tone: 'refused' });
      } finally {
        setBusy(false);
      }
    },
    [workspace.tickets],
  );
  const checkedIds = useMemo(() => checkedInView(checked, viewIds), [checked, viewIds]);

  // Saved filters.
  const filters = useMemo(() => savedFilterStore(db, user.id), [db, user.id]);
  const [builder, setBuilder] = useState<{ id: string | null; name: string; definition: FilterDefinition } | null>(null);
  const [renaming, setRenaming] = useState<{ filter: SavedFilter; name: string; error: string | null } | null>(null);
  const [helpOpen, setHelpOpen] = useState(false);

  // Keyboard.
  const tableRef = useRef<QueueTableHandle>(null);
  const filterRef = useRef<HTMLInputElement>(null);
  const open = useCallback((id: string) => void navigate(`/tickets/${id}`), [navigate]);
  const { onCheck, onCheckAll, onRowClick } = useListControls({
    viewIds,
    list: () => useQueueStore.getState(),
    open,
    scrollTo: (i) => tableRef.current?.scrollToIndex(i),
    filterRef,
    paused: !!builder || !!renaming || helpOpen,
    actionFor,
    onOwnKey: (action: Exclude<QueueAction, ListKeyAction>) => {
      switch (action.type) {
        case 'assignToMe': {
          const state = useQueueStore.getState();
          const at = state.cursorId ? viewIds.indexOf(state.cursorId) : -1;
          const ids = checkedInView(state.checked, viewIds);
          const targets = ids.length > 0 ? ids : at >= 0 ? [viewIds[at]!] : [];
          if (targets.length === 0) return false;
          void applyBulk({ assigneeId: user.id }, 'Assign to me', targets);
          return true;
        }
        case 'focusFilter':
          filterRef.current?.focus();
          return true;
        case 'help':
          setHelpOpen(true);
          return true;
        case 'queue':
          openQueue(action.queue);
          return true;
      }
    },
  });

  const empty = !known
    ? 'This saved filter is not on this device (it may have been deleted). Choose a queue on the left.'
    : snapshot.loading && rows.length === 0
      ? null
      : rows.length === 0
        ? snapshot.size === 0
          ? 'No tickets on this device yet. They arrive with the first sync.'
          : 'No tickets match this view.'
        : null;

  const pills = refinementPills(query);

  return (
    <div className={classes.layout} data-testid="queue-screen" data-queue-ready={!snapshot.loading || undefined}>
      {panelOpen && (
        <div className={classes.panel}>
          <QueuePanel
            current={query.queue}
            counts={counts}
            saved={saved}
            onOpen={openQueue}
            onNewFilter={() => setBuilder({ id: null, name: '', definition: EMPTY_DEFINITION })}
            onEditFilter={(f) => setBuilder({ id: f.id, name: f.name, definition: f.definition ?? EMPTY_DEFINITION })}
            onRenameFilter={(f) => setRenaming({ filter: f, name: f.name, error: null })}
            onDeleteFilter={(f) => {
              void filters.remove(f.id).then((r) => {
                if (!r.ok) notifications.show({ color: 'red', title: 'Not deleted', message: r.reason });
                else {
                  notifications.show({ title: 'Filter deleted', message: `"${f.name}" is no longer saved on this device.` });
                  if (query.queue === f.queue) openQueue('all-open');
                }
              });
            }}
          />
        </div>
      )}
      <Stack gap="xs" className={classes.main}>
        <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
          <Group gap="xs" align="flex-end">
            <Tooltip label={panelOpen ? 'Hide the queue list' : 'Show the queue list'}>
              <ActionIcon variant="subtle" aria-label={panelOpen ? 'Hide the queue list' : 'Show the queue list'} onClick={() => store.setPanelOpen(!panelOpen)}>
                {panelOpen ? <IconLayoutSidebarLeftCollapse size={18} /> : <IconLayoutSidebarLeftExpand size={18} />}
              </ActionIcon>
            </Tooltip>
            <div>
              <Title order={1} size="h3" data-testid="queue-title">
                {title}
              </Title>
              <Text size="xs" c="dimmed" data-testid="queue-count">
                {`${rows.length.toLocaleString()} of ${snapshot.size.toLocaleString()} tickets on this device`}
                {snapshot.loading ? ' (loading…)' : ''}
              </Text>
            </div>
          </Group>
          <Group gap="xs" wrap="wrap">
            <Chip.Group multiple value={query.kinds} onChange={(kinds) => setQuery({ ...query, kinds: kinds as TicketKind[] })}>
              <Group gap={4} aria-label="Kinds" role="group">
                {KINDS.map((k) => (
                  <Chip key={k} value={k} size="xs" variant="light">
                    {TICKET_KIND_LABELS[k]}
                  </Chip>
                ))}
              </Group>
            </Chip.Group>
            <TextInput
              ref={filterRef}
              aria-label="Filter tickets"
              placeholder="Number, title, person, site…  ( / )"
              leftSection={<IconSearch size={14} />}
              rightSection={text ? <CloseButton size="sm" aria-label="Clear the text filter" onClick={() => setText('')} /> : null}
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
              w={260}
            />
            <Menu closeOnItemClick={false} position="bottom-end">
              <Menu.Target>
                <ActionIcon variant="default" size="lg" aria-label="Choose columns" title="Choose columns">
                  <IconColumns size={16} />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>Columns</Menu.Label>
                {COLUMN_IDS.map((id) => (
                  <Menu.Item
                    key={id}
                    onClick={() => store.setColumns({ ...columns, [id]: !columns[id] })}
                    leftSection={<Checkbox size="xs" checked={columns[id]} readOnly tabIndex={-1} aria-hidden style={{ pointerEvents: 'none' }} />}
                  >
                    {COLUMN_LABELS[id]}
                  </Menu.Item>
                ))}
              </Menu.Dropdown>
            </Menu>
            <Tooltip label="Keyboard shortcuts (?)">
              <ActionIcon variant="default" size="lg" aria-label="Keyboard shortcuts" onClick={() => setHelpOpen(true)}>
                <IconKeyboard size={16} />
              </ActionIcon>
            </Tooltip>
          </Group>
        </Group>

        {pills.length > 0 && (
          <Group gap={6} data-testid="queue-refinements">
            {pills.map((p) => (
              <Pill
                key={p.key}
                withRemoveButton
                removeButtonProps={{ 'aria-label': `Remove "${p.label}"` }}
                onRemove={() => setQuery({ ...query, [p.key]: Array.isArray(query[p.key]) ? [] : null })}
              >
                {p.label}
              </Pill>
            ))}
          </Group>
        )}

        <BulkBar
          count={checkedIds.length}
          busy={busy}
          userId={user.id}
          names={names}
          resolutionCodes={itsm.resolutionCodes}
          report={report}
          onApply={(change, label) => void applyBulk(change, label, checkedIds)}
          onClear={() => store.setChecked(new Set(), null)}
          onDismissReport={() => setReport(null)}
        />

        <QueueTable
          ref={tableRef}
          rows={rows}
          viewIds={viewIds}
          columns={columns}
          sorting={sorting}
          onSortingChange={(next: SortSpec[]) => store.setSorting(next)}
          cursorId={cursorId}
          onOpen={onRowClick}
          ctx={ctx}
          names={names}
          pending={pending.tickets}
          checked={checked}
          onCheck={onCheck}
          onCheckAll={onCheckAll}
          empty={empty}
        />
        <Text size="xs" c="dimmed" visibleFrom="sm">
          j / k move, Enter opens, x selects, a assigns to me, / filters, ? lists every shortcut.{anchorId ? ' Shift-click selects a range.' : ''}
        </Text>
      </Stack>

      {builder && (
        <FilterBuilder
          opened
          initial={builder}
          names={names}
          index={index}
          ctx={ctx}
          onClose={() => setBuilder(null)}
          onSave={async (name, definition, id) => {
            const result = await filters.save(name, definition, id);
            if (!result.ok) return result;
            setBuilder(null);
            notifications.show({ title: 'Filter saved', message: `"${name.trim()}" is saved on this device.` });
            openQueue(`saved:${result.id}`);
            return { ok: true };
          }}
        />
      )}

      <Modal opened={renaming !== null} onClose={() => setRenaming(null)} title="Rename filter">
        {renaming && (
          <Stack>
            <TextInput label="Filter name" value={renaming.name} onChange={(e) => setRenaming({ ...renaming, name: e.currentTarget.value, error: null })} error={renaming.error} data-autofocus />
            <Group justify="flex-end">
              <Button
                onClick={() =>
                  void filters.rename(renaming.filter.id, renaming.name).then((r) => (r.ok ? setRenaming(null) : setRenaming({ ...renaming, error: r.reason })))
                }
              >
                Rename
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>

      <ShortcutsHelp opened={helpOpen} onClose={() => setHelpOpen(false)} shortcuts={SHORTCUTS} testId="shortcuts-help" />
    </div>
  );
}
