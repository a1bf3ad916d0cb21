/**
 * The Assets list (`/assets`): every asset on this device, offline, filtered by text, kind,
 * state, site, location, model, holder and warranty; saved views; chosen columns; sorting by
 * any column; multi-select with bulk state change, move, assign and retire; keyboard shortcuts.
 * What is listed comes from useAssetList (rows joined once, sorted once, filtered per change);
 * the rules and their words come from the asset repository (`workspace.assets.actMany`).
 */
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { ActionIcon, Alert, Button, Checkbox, Group, List, Menu, Modal, Stack, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArchive, IconArrowsExchange, IconColumns, IconDeviceFloppy, IconKeyboard, IconMapPin, IconTrash, IconUserCheck } from '@tabler/icons-react';
import { useLiveQuery } from 'dexie-react-hooks';
import { DEFAULT_ASSET_LIFECYCLE } from '@fielddesk/common/assets/lifecycle';
import { useWorkspace } from '../../app/workspaceContext';
import { useItsmConfig } from '../../data/config';
import { mayManageAssets } from '../../data/repositories/assets';
import type { ListKeyAction } from '../../shared/listKeys';
import { checkedInView } from '../../shared/selection';
import { ShortcutsHelp } from '../../shared/ShortcutsHelp';
import { useListControls } from '../../shared/useListControls';
import { usePendingKeys } from '../../shared/syncHooks';
import { AssetBulkDialog } from './AssetBulkDialog';
import { AssetFilters } from './AssetFilters';
import { AssetsTable, type AssetsTableHandle } from './AssetsTable';
import { useAssetsListStore } from './assetsListStore';
import { BULK_LABELS, bulkActions, bulkSummary, type BulkInput, type BulkKind, type BulkSummary } from './list/bulk';
import { COLUMN_IDS, COLUMNS, type ColumnId } from './list/columns';
import { EMPTY_FILTER, isEmptyFilter, warrantyFromSearch } from './list/filter';
import { nextSort } from './list/sort';
import { actionFor, SHORTCUTS, type ListAction } from './list/shortcuts';
import { assetViewStore, viewDefinition, type SavedAssetView } from './list/views';
import { useAssetList, useAssetNames } from './useAssetList';
import classes from './AssetsListScreen.module.css';

const BULK_ICONS = { state: IconArrowsExchange, move: IconMapPin, assign: IconUserCheck, retire: IconArchive } as const;

export function AssetsListScreen() {
  const navigate = useNavigate();
  const workspace = useWorkspace();
  const { db, user } = workspace;
  const store = useAssetsListStore();
  const { columns, sort, filter, viewId, checked, cursorId } = store;
  const lifecycle = useItsmConfig().assetLifecycle ?? DEFAULT_ASSET_LIFECYCLE;
  const names = useAssetNames();
  const canManage = mayManageAssets(user.role);

  // The text is typed into local state at once and applied deferred, so typing never waits for the list.
  const [text, setText] = useState(filter.text);

  // A link may name a warranty filter (the dashboard's "warranties ending"): it replaces the
  // filters once, on arrival, and leaves the address.
  const [search, setSearch] = useSearchParams();
  const linkedWarranty = warrantyFromSearch(search);
  useEffect(() => {
    if (!linkedWarranty) return;
    setText('');
    useAssetsListStore.getState().setFilter({ ...EMPTY_FILTER, warranty: linkedWarranty });
    setSearch({}, { replace: true });
  }, [linkedWarranty, setSearch]);
  const deferredText = useDeferredValue(text);
  // Keyed by content: writing the typed text into the store (below) yields the same filter, so nothing is filtered twice.
  const appliedKey = JSON.stringify({ ...filter, text: deferredText });
  const applied = useMemo(() => JSON.parse(appliedKey) as typeof filter, [appliedKey]);
  useEffect(() => {
    if (deferredText !== useAssetsListStore.getState().filter.text) store.setFilter({ ...useAssetsListStore.getState().filter, text: deferredText });
  }, [deferredText, store]);

  const { sorted, rows, loading } = useAssetList(names, applied, sort);
  const viewIds = useMemo(() => rows.map((r) => r.id), [rows]);
  const modelTexts = useMemo(() => {
    const texts = new Set<string>();
    for (const r of sorted) if (r.asset.modelId === null && r.asset.model) texts.add(r.asset.model);
    return [...texts].sort((a, b) => a.localeCompare(b));
  }, [sorted]);
  const pendingKeys = usePendingKeys();
  const pending = useMemo(() => {
    const ids = new Set<string>();
    for (const key of pendingKeys.records) if (key.startsWith('asset:')) ids.add(key.slice(6));
    return ids;
  }, [pendingKeys]);

  // Saved views.
  const views = useMemo(() => assetViewStore(db, user.id), [db, user.id]);
  const saved = useLiveQuery(() => views.list(), [views]);
  const currentView = saved?.find((v) => v.id === viewId) ?? null;
  const [saving, setSaving] = useState<{ name: string; error: string | null } | null>(null);
  const applyView = useCallback(
    (view: SavedAssetView) => {
      if (!view.definition) return notifications.show({ color: 'red', title: 'View not applied', message: view.error });
      store.setFilter(view.definition.filter);
      setText(view.definition.filter.text);
      store.setColumns(view.definition.columns);
      store.setSort(view.definition.sort);
      store.setView(view.id);
    },
    [store],
  );
  const setFilter = useCallback(
    (next: typeof filter) => {
      store.setFilter(next);
      store.setView(null);
    },
    [store],
  );
  const onSort = useCallback((c: ColumnId) => store.setSort(nextSort(useAssetsListStore.getState().sort, c)), [store]);
  const onPatch = useCallback((patch: Partial<typeof filter>) => setFilter({ ...useAssetsListStore.getState().filter, ...patch }), [setFilter]);
  const onText = useCallback(
    (t: string) => {
      setText(t);
      store.setView(null);
    },
    [store],
  );

  const checkedIds = useMemo(() => checkedInView(checked, viewIds), [checked, viewIds]);

  // Bulk actions.
  const [bulk, setBulk] = useState<BulkKind | null>(null);
  const [busy, setBusy] = useState(false);
  const [summary, setSummary] = useState<BulkSummary | null>(null);
  const runBulk = useCallback(
    async (input: BulkInput) => {
      const ids = checkedInView(useAssetsListStore.getState().checked, viewIds);
      if (ids.length === 0) return;
      setBusy(true);
      try {
        const result = await workspace.assets.actMany(bulkActions(input, ids));
        const s = bulkSummary(input.kind, result);
        setSummary(s);
        setBulk(null);
        notifications.show({ title: BULK_LABELS[input.kind].title, message: s.text, color: s.tone === 'ok' ? 'teal' : s.tone === 'partial' ? 'yellow' : 'red', autoClose: s.tone === 'ok' ? 4000 : 10000 });
        // The refused stay checked, to look at or try again.
        useAssetsListStore.getState().setChecked(new Set(result.refused.map((r) => r.assetId)), null);
      } catch (e) {
        setSummary({ text: `Nothing changed: ${e instanceof Error ? e.message : String(e)}`, tone: 'refused', refused: [] });
        setBulk(null);
      } finally {
        setBusy(false);
      }
    },
    [viewIds, workspace.assets],
  );
  const startBulk = useCallback(
    (kind: BulkKind) => {
      if (!canManage) return notifications.show({ color: 'red', title: BULK_LABELS[kind].title, message: 'Only technicians, desk staff and admins manage assets.' });
      if (checkedInView(useAssetsListStore.getState().checked, viewIds).length === 0) return notifications.show({ title: BULK_LABELS[kind].title, message: 'Select assets first (x, or the checkboxes).' });
      setBulk(kind);
    },
    [canManage, viewIds],
  );

  // Keyboard.
  const [helpOpen, setHelpOpen] = useState(false);
  const tableRef = useRef<AssetsTableHandle>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const open = useCallback((id: string) => void navigate(`/assets/${id}`), [navigate]);
  const { onCheck, onCheckAll, onRowClick } = useListControls({
    viewIds,
    list: () => useAssetsListStore.getState(),
    open,
    scrollTo: (i) => tableRef.current?.scrollToIndex(i),
    filterRef: searchRef,
    paused: bulk !== null || helpOpen || saving !== null,
    actionFor,
    onOwnKey: (action: Exclude<ListAction, ListKeyAction>) => {
      if (action.type === 'focusFilter') searchRef.current?.focus();
      else if (action.type === 'help') setHelpOpen(true);
      else startBulk(action.kind);
      return true;
    },
  });

  const empty = loading ? null : rows.length > 0 ? null : sorted.length === 0 ? 'No assets on this device yet. They arrive with the first sync.' : 'No assets match these filters.';
  const filtered = !isEmptyFilter(applied);

  return (
    <div className={classes.screen} data-testid="assets-list" data-ready={!loading || undefined}>
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="xs">
        <div>
          <Title order={1} size="h3">
            {currentView ? currentView.name : 'Assets'}
          </Title>
          <Text size="xs" c="dimmed" data-testid="assets-count">
            {loading ? 'Loading…' : `${rows.length.toLocaleString()} of ${sorted.length.toLocaleString()} assets on this device`}
          </Text>
        </div>
        <Group gap="xs">
          <Menu position="bottom-end">
            <Menu.Target>
              <Button variant="default" size="sm" leftSection={<IconDeviceFloppy size={16} />} data-testid="assets-views">
                Views
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item onClick={() => setSaving({ name: currentView?.name ?? '', error: null })} data-testid="assets-save-view">
                Save this view…
              </Menu.Item>
              <Menu.Item
                disabled={!filtered && !currentView}
                onClick={() => {
                  setFilter(EMPTY_FILTER);
                  setText('');
                }}
              >
                Clear the filters
              </Menu.Item>
              {saved && saved.length > 0 && <Menu.Divider />}
              {saved && saved.length > 0 && <Menu.Label>Saved on this device</Menu.Label>}
              {saved?.map((v) => (
                <Menu.Item
                  key={v.id}
                  onClick={() => applyView(v)}
                  data-testid="assets-view"
                  c={v.error ? 'red' : undefined}
                  rightSection={
                    <ActionIcon
                      size="xs"
                      variant="subtle"
                      color="red"
                      aria-label={`Delete the view ${v.name}`}
                      onClick={(e) => {
                        e.stopPropagation();
                        void views.remove(v.id).then(() => v.id === viewId && store.setView(null));
                      }}
                    >
                      <IconTrash size={12} />
                    </ActionIcon>
                  }
                >
                  {v.name}
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
          <Menu closeOnItemClick={false} position="bottom-end">
            <Menu.Target>
              <ActionIcon variant="default" size="lg" aria-label="Choose columns" title="Choose columns">
                <IconColumns size={16} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Label>Columns</Menu.Label>
              {COLUMN_IDS.map((id) => {
                const on = columns.includes(id);
                return (
                  <Menu.Item
                    key={id}
                    disabled={id === 'tag'}
                    onClick={() => store.setColumns(on ? columns.filter((c) => c !== id) : [...columns, id])}
                    leftSection={<Checkbox size="xs" checked={on} readOnly tabIndex={-1} aria-hidden style={{ pointerEvents: 'none' }} />}
                  >
                    {COLUMNS[id].label}
                  </Menu.Item>
                );
              })}
              <Menu.Label>Narrow screens drop the last columns first</Menu.Label>
            </Menu.Dropdown>
          </Menu>
          <Tooltip label="Keyboard shortcuts (?)">
            <ActionIcon variant="default" size="lg" aria-label="Keyboard shortcuts" onClick={() => setHelpOpen(true)}>
              <IconKeyboard size={16} />
            </ActionIcon>
          </Tooltip>
        </Group>
      </Group>

      <AssetFilters
        ref={searchRef}
        filter={filter}
        text={text}
        onText={onText}
        onPatch={onPatch}
        names={names}
        modelTexts={modelTexts}
        lifecycle={lifecycle}
      />

      {checkedIds.length > 0 && (
        <Group gap="xs" wrap="wrap" data-testid="assets-bulk-bar">
          <Text size="sm" fw={600}>
            {checkedIds.length.toLocaleString()} selected
          </Text>
          {(Object.keys(BULK_LABELS) as BulkKind[]).map((kind) => {
            const Icon = BULK_ICONS[kind];
            return (
              <Button key={kind} size="xs" variant="light" color={kind === 'retire' ? 'red' : undefined} leftSection={<Icon size={14} />} onClick={() => startBulk(kind)} disabled={!canManage} data-testid={`assets-bulk-${kind}`}>
                {BULK_LABELS[kind].title} ({BULK_LABELS[kind].key})
              </Button>
            );
          })}
          <Button size="xs" variant="subtle" onClick={() => store.setChecked(new Set(), null)}>
            Clear (Esc)
          </Button>
        </Group>
      )}

      {summary && (
        <Alert color={summary.tone === 'ok' ? 'teal' : summary.tone === 'partial' ? 'yellow' : 'red'} withCloseButton onClose={() => setSummary(null)} data-testid="assets-bulk-result" p="xs">
          <Text size="sm" fw={600} data-testid="assets-bulk-summary">
            {summary.text}
          </Text>
          {summary.refused.length > 1 && (
            <List size="sm" mt={4}>
              {summary.refused.map((r) => (
                <List.Item key={r.tag}>
                  {r.tag}: {r.reason}
                </List.Item>
              ))}
            </List>
          )}
        </Alert>
      )}

      <AssetsTable
        ref={tableRef}
        rows={rows}
        columns={columns}
        sort={sort}
        checked={checked}
        cursorId={cursorId}
        pending={pending}
        empty={empty}
        onSort={onSort}
        onCheck={onCheck}
        onCheckAll={onCheckAll}
        onRowClick={onRowClick}
      />
      <Text size="xs" c="dimmed" data-testid="assets-shortcut-hint">
        j / k move, Enter opens, x selects, / searches; s state, m move, a assign, r retire; ? lists every shortcut.
      </Text>

      <AssetBulkDialog kind={bulk} count={checkedIds.length} busy={busy} names={names} lifecycle={lifecycle} onClose={() => setBulk(null)} onRun={(input) => void runBulk(input)} />

      <Modal opened={saving !== null} onClose={() => setSaving(null)} title="Save this view">
        {saving && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void views.save(saving.name, viewDefinition(applied, columns, sort)).then((r) => {
                if (!r.ok) return setSaving({ ...saving, error: r.reason });
                setSaving(null);
                store.setView(r.id);
                notifications.show({ title: 'View saved', message: `"${saving.name.trim()}" is saved on this device.` });
              });
            }}
          >
            <Stack>
              <TextInput label="View name" value={saving.name} onChange={(e) => setSaving({ name: e.currentTarget.value, error: null })} error={saving.error} data-autofocus data-testid="assets-view-name" />
              <Text size="xs" c="dimmed">
                Keeps the filters, the columns and the sort; a view of the same name is replaced.
              </Text>
              <Group justify="flex-end">
                <Button type="submit" data-testid="assets-view-save">
                  Save
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Modal>

      <ShortcutsHelp opened={helpOpen} onClose={() => setHelpOpen(false)} shortcuts={SHORTCUTS} testId="assets-shortcuts-help" />
    </div>
  );
}
