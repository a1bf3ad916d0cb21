/**
 * A configuration item's relationships, both ways, in words: "depends on hq-app01", "is used by
 * FieldDesk", grouped by type, each a link to the other CI; removed (after a confirmation) and
 * added offline through the ciRelations repository, whose refusal is shown here in its words.
 * A relationship whose change has not reached the server is marked "Not yet synced".
 */
import { useMemo, useState } from 'react';
import { Alert, Anchor, Button, Group, Modal, Paper, Select, Stack, Text, Title, type ComboboxItem, type SelectProps } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useLiveQuery } from 'dexie-react-hooks';
import { Link } from 'react-router';
import { ciTypeLabel } from '@fielddesk/common/cmdb/classes';
import { relationWords } from '@fielddesk/common/cmdb/relations';
import { CI_RELATION_TYPES, type CiRelation, type CiRelationType } from '@fielddesk/common/entities/ci-relation';
import type { ConfigurationItem } from '@fielddesk/common/domain/entities';
import { useWorkspace } from '../../app/workspaceContext';
import { recordKey } from '../../data/db';
import { usePendingKeys } from '../../shared/syncHooks';
import { NotSyncedMarker } from '../../shared/badges';

const TYPE_ORDER = Object.keys(CI_RELATION_TYPES) as CiRelationType[];
/** How many CIs the picker lists at once (it filters as one types). */
const PICKER_LIMIT = 50;

export interface RelationshipItem {
  relation: CiRelation;
  /** Which end of the relation this CI is: "from" reads forward ("depends on"), "to" backward ("is used by"). */
  end: 'from' | 'to';
  words: string;
  other: { id: string; name: string; detail: string } | null;
}

export interface RelationshipGroup {
  words: string;
  items: RelationshipItem[];
}

/** Groups by the words read from this CI (a type's two ends; two ends read alike would share a group), in type order, each by name. */
export function groupRelationships(items: readonly RelationshipItem[]): RelationshipGroup[] {
  const rank = (i: RelationshipItem) => TYPE_ORDER.indexOf(i.relation.type) * 2 + (i.end === 'from' ? 0 : 1);
  const sorted = [...items].sort((a, b) => rank(a) - rank(b) || (a.other?.name ?? '\uffff').localeCompare(b.other?.name ?? '\uffff') || a.relation.id.localeCompare(b.relation.id));
  const groups: RelationshipGroup[] = [];
  for (const item of sorted) {
    const group = groups.find((g) => g.words === item.words);
    if (group) group.items.push(item);
    else groups.push({ words: item.words, items: [item] });
  }
  return groups;
}

function useRelationships(ciId: string): RelationshipItem[] | undefined {
  const { db } = useWorkspace();
  return useLiveQuery(async () => {
    const [outgoing, incoming] = await Promise.all([db.ciRelations.where('fromId').equals(ciId).toArray(), db.ciRelations.where('toId').equals(ciId).toArray()]);
    const ends = [...outgoing.map((relation) => ({ relation, end: 'from' as const, otherId: relation.toId })), ...incoming.map((relation) => ({ relation, end: 'to' as const, otherId: relation.fromId }))];
    const others = await db.configurationItems.bulkGet(ends.map((e) => e.otherId));
    const siteIds = [...new Set(others.flatMap((c) => (c?.siteId ? [c.siteId] : [])))];
    const sites = new Map((await db.sites.bulkGet(siteIds)).flatMap((s) => (s ? [[s.id, s.name] as const] : [])));
    return ends.map(({ relation, end }, i) => {
      const other = others[i];
      return {
        relation,
        end,
        words: relationWords(relation.type, end),
        other: other ? { id: other.id, name: other.name, detail: [ciTypeLabel(other.ciType), other.siteId ? sites.get(other.siteId) : null, other.status].filter(Boolean).join(' · ') } : null,
      };
    });
  }, [db, ciId]);
}

export function RelationshipsSection({ ci }: { ci: ConfigurationItem }) {
  const { ciRelations, engine } = useWorkspace();
  const items = useRelationships(ci.id);
  const pending = usePendingKeys();
  const [removing, setRemoving] = useState<RelationshipItem | null>(null);
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const groups = useMemo(() => groupRelationships(items ?? []), [items]);

  async function remove(item: RelationshipItem) {
    setError(null);
    const result = await ciRelations.unrelate(item.relation.id);
    setRemoving(null);
    if (!result.ok) setError(result.reason);
    else engine.requestSync();
  }

  return (
    <Stack gap="sm" data-testid="relationships-section">
      <Group justify="space-between">
        <Title order={2} size="h4">
          Relationships
        </Title>
        {!adding && (
          <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => setAdding(true)}>
            Add relationship
          </Button>
        )}
      </Group>
      {items?.length === 0 && (
        <Text size="sm" c="dimmed">
          No relationships on this device.
        </Text>
      )}
      {groups.map((group) => (
        <Stack key={group.words} gap={4} component="ul" aria-label={`${ci.name} ${group.words}`} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {group.items.map((item) => (
            <Paper component="li" key={item.relation.id} withBorder px="sm" py={6} data-testid="relationship">
              <Group justify="space-between" wrap="nowrap">
                <Stack gap={0} style={{ minWidth: 0 }}>
                  <Group gap={6} wrap="wrap">
                    <Text size="sm">
                      {item.words}{' '}
                      {item.other ? (
                        <Anchor component={Link} to={`/cis/${item.other.id}`} inherit fw={500}>
                          {item.other.name}
                        </Anchor>
                      ) : (
                        <Text c="orange" inherit span>
                          a configuration item not on this device
                        </Text>
                      )}
                    </Text>
                    {pending.records.has(recordKey('ci_relation', item.relation.id)) && <NotSyncedMarker />}
                  </Group>
                  {item.other?.detail && (
                    <Text size="xs" c="dimmed">
                      {item.other.detail}
                    </Text>
                  )}
                </Stack>
                <Button
                  size="compact-xs"
                  variant="subtle"
                  color="red"
                  leftSection={<IconTrash size={12} />}
                  onClick={() => setRemoving(item)}
                  aria-label={`Remove: ${item.words} ${item.other?.name ?? 'a configuration item not on this device'}`}
                >
                  Remove
                </Button>
              </Group>
            </Paper>
          ))}
        </Stack>
      ))}
      {adding && (
        <AddRelationship
          ci={ci}
          onError={setError}
          onDone={() => {
            setAdding(false);
          }}
        />
      )}
      {error && (
        <Alert color="red" data-testid="relationship-error" withCloseButton onClose={() => setError(null)} closeButtonLabel="Dismiss">
          {error}
        </Alert>
      )}
      <Modal opened={removing !== null} onClose={() => setRemoving(null)} title="Remove this relationship?" centered>
        {removing && (
          <Text size="sm">
            {ci.name} {removing.words} {removing.other?.name ?? 'a configuration item not on this device'}. It is removed on this device at once and on the server at the next sync.
          </Text>
        )}
        <Group justify="flex-end" mt="lg">
          <Button variant="default" onClick={() => setRemoving(null)}>
            Cancel
          </Button>
          <Button color="red" onClick={() => removing && void remove(removing)} data-testid="confirm-remove-relationship">
            Remove relationship
          </Button>
        </Group>
      </Modal>
    </Stack>
  );
}

const TYPE_OPTIONS = TYPE_ORDER.map((type) => ({ value: type, label: CI_RELATION_TYPES[type].forward }));

function AddRelationship({ ci, onError, onDone }: { ci: ConfigurationItem; onError: (reason: string | null) => void; onDone: () => void }) {
  const { db, ciRelations, engine } = useWorkspace();
  const [type, setType] = useState<CiRelationType>('depends_on');
  const [otherId, setOtherId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Every CI on this device but this one; the Select filters them by name as one types.
  const options = useLiveQuery(async () => {
    const all = await db.configurationItems.toArray();
    return all
      .filter((c) => c.id !== ci.id)
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((c) => ({ value: c.id, label: c.name, detail: ciTypeLabel(c.ciType) }));
  }, [db, ci.id]);
  const detailOf = useMemo(() => new Map((options ?? []).map((o) => [o.value, o.detail])), [options]);
  const renderOption: SelectProps['renderOption'] = ({ option }: { option: ComboboxItem }) => (
    <Stack gap={0}>
      <Text size="sm">{option.label}</Text>
      <Text size="xs" c="dimmed">
        {detailOf.get(option.value)}
      </Text>
    </Stack>
  );

  async function add() {
    if (!otherId) return;
    setBusy(true);
    onError(null);
    try {
      const result = await ciRelations.relate(ci.id, otherId, type);
      if (!result.ok) {
        onError(result.reason);
        return;
      }
      engine.requestSync();
      onDone();
    } finally {
      setBusy(false);
    }
  }

  return (
    <Paper withBorder p="sm" data-testid="add-relationship">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <Group align="flex-end" gap="sm" wrap="wrap">
          <Text size="sm" fw={500} pb={8}>
            {ci.name}
          </Text>
          <Select label="Relationship" data={TYPE_OPTIONS} value={type} onChange={(v) => v && setType(v as CiRelationType)} allowDeselect={false} w={180} />
          <Select
            label="Configuration item"
            placeholder="Search by name"
            data={(options ?? []).map(({ value, label }) => ({ value, label }))}
            value={otherId}
            onChange={setOtherId}
            searchable
            clearable
            limit={PICKER_LIMIT}
            nothingFoundMessage="Nothing matching on this device"
            renderOption={renderOption}
            style={{ flex: 1, minWidth: 220 }}
            data-autofocus
            autoFocus
            data-testid="relationship-target"
          />
          <Group gap="xs">
            <Button type="submit" disabled={!otherId} loading={busy}>
              Add
            </Button>
            <Button
              variant="default"
              onClick={() => {
                onError(null);
                onDone();
              }}
            >
              Cancel
            </Button>
          </Group>
        </Group>
      </form>
    </Paper>
  );
}
