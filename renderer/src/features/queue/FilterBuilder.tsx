/**
 * The filter builder: a name, conditions (field, operator, value) combined with AND or OR, and
 * optionally groups of conditions (one level). It shows how many tickets on this device match
 * as you build, and saves the filter on this device for the signed-in user.
 */
import { useDeferredValue, useMemo, useState } from 'react';
import { ActionIcon, Alert, Button, Group, Modal, MultiSelect, NumberInput, Paper, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import {
  FILTER_FIELDS,
  FILTER_FIELD_NAMES,
  ME,
  MY_GROUPS,
  OPERATORS,
  OPERATORS_BY_TYPE,
  isGroup,
  parseDefinition,
  type Combinator,
  type Condition,
  type ConditionGroup,
  type FieldSpec,
  type FilterDefinition,
  type FilterField,
  type FilterItem,
  type Operator,
} from './engine/definition';
import { compileDefinition, type FilterContext } from './engine/compile';
import type { TicketIndex } from './engine/ticketIndex';
import type { Names } from './useQueueData';

const FIELD_OPTIONS = FILTER_FIELD_NAMES.map((f) => ({ value: f, label: FILTER_FIELDS[f].label }));

function defaultValue(op: Operator): Condition['value'] {
  switch (OPERATORS[op].value) {
    case 'list':
      return [];
    case 'text':
      return '';
    case 'days':
      return 7;
    case 'date':
      return new Date().toISOString().slice(0, 10);
    case 'none':
      return null;
  }
}

export function newCondition(field: FilterField = 'status'): Condition {
  const op = OPERATORS_BY_TYPE[FILTER_FIELDS[field].type][0]!;
  return { field, op, value: defaultValue(op) };
}

function ConditionRow({
  condition,
  label,
  names,
  onChange,
  onRemove,
}: {
  condition: Condition;
  label: string;
  names: Names;
  onChange(c: Condition): void;
  onRemove(): void;
}) {
  const spec: FieldSpec = FILTER_FIELDS[condition.field];
  const ops = OPERATORS_BY_TYPE[spec.type];
  const expects = OPERATORS[condition.op].value;

  const listOptions = useMemo(() => {
    if (spec.options) return spec.options.map((o) => ({ value: o.value, label: o.label }));
    if (spec.type === 'person') return [{ value: ME, label: 'Me' }, ...names.persons.map((p) => ({ value: p.id, label: p.displayName }))];
    if (spec.type === 'group') return [{ value: MY_GROUPS, label: 'My groups' }, ...names.groups.map((g) => ({ value: g.id, label: g.name }))];
    if (spec.type === 'site') return names.sites.map((s) => ({ value: s.id, label: s.name }));
    return [];
  }, [spec, names]);

  return (
    <Group gap="xs" align="flex-start" wrap="nowrap" data-testid="filter-condition">
      <Select
        aria-label={`${label} field`}
        data={FIELD_OPTIONS}
        value={condition.field}
        allowDeselect={false}
        w={150}
        comboboxProps={{ withinPortal: true }}
        onChange={(v) => v && onChange(newCondition(v as FilterField))}
      />
      <Select
        aria-label={`${label} operator`}
        data={ops.map((o) => ({ value: o, label: OPERATORS[o].label }))}
        value={condition.op}
        allowDeselect={false}
        w={190}
        onChange={(v) => {
          if (!v) return;
          const op = v as Operator;
          const keep = OPERATORS[op].value === expects;
          onChange({ ...condition, op, value: keep ? condition.value : defaultValue(op) });
        }}
      />
      <div style={{ flex: 1, minWidth: 160 }}>
        {expects === 'list' && (
          <MultiSelect
            aria-label={`${label} value`}
            data={listOptions}
            value={Array.isArray(condition.value) ? condition.value : []}
            onChange={(value) => onChange({ ...condition, value })}
            searchable
            limit={50}
            placeholder="Choose…"
          />
        )}
        {expects === 'text' && (
          <TextInput aria-label={`${label} value`} value={typeof condition.value === 'string' ? condition.value : ''} onChange={(e) => onChange({ ...condition, value: e.currentTarget.value })} />
        )}
        {expects === 'days' && (
          <NumberInput
            aria-label={`${label} value`}
            value={typeof condition.value === 'number' ? condition.value : 0}
            min={0}
            max={36500}
            allowDecimal={false}
            allowNegative={false}
            suffix=" days"
            onChange={(v) => onChange({ ...condition, value: typeof v === 'number' ? v : Number(v) || 0 })}
          />
        )}
        {expects === 'date' && (
          <TextInput type="date" aria-label={`${label} value`} value={typeof condition.value === 'string' ? condition.value : ''} onChange={(e) => onChange({ ...condition, value: e.currentTarget.value })} />
        )}
      </div>
      <ActionIcon variant="subtle" color="gray" aria-label={`Remove ${label.toLowerCase()}`} onClick={onRemove} mt={4}>
        <IconTrash size={16} />
      </ActionIcon>
    </Group>
  );
}

function CombinatorControl({ value, onChange, label }: { value: Combinator; onChange(v: Combinator): void; label: string }) {
  return (
    <SegmentedControl
      size="xs"
      aria-label={label}
      value={value}
      onChange={(v) => onChange(v as Combinator)}
      data={[
        { value: 'and', label: 'Match all (AND)' },
        { value: 'or', label: 'Match any (OR)' },
      ]}
    />
  );
}

export interface FilterBuilderProps {
  opened: boolean;
  /** The filter being edited (null: a new one). */
  initial: { id: string | null; name: string; definition: FilterDefinition };
  names: Names;
  index: TicketIndex;
  ctx: FilterContext;
  onClose(): void;
  onSave(name: string, definition: FilterDefinition, id: string | null): Promise<{ ok: true } | { ok: false; reason: string }>;
}

export function FilterBuilder({ opened, initial, names, index, ctx, onClose, onSave }: FilterBuilderProps) {
  const [name, setName] = useState(initial.name);
  const [def, setDef] = useState<FilterDefinition>(initial.definition);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const setItem = (i: number, item: FilterItem) => setDef((d) => ({ ...d, items: d.items.map((x, j) => (j === i ? item : x)) }));
  const removeItem = (i: number) => setDef((d) => ({ ...d, items: d.items.filter((_, j) => j !== i) }));

  // How many tickets match, as you type (deferred, so the form never waits for the count).
  const deferred = useDeferredValue(def);
  const preview = useMemo(() => {
    const parsed = parseDefinition(deferred);
    if (!parsed.ok) return null;
    const test = compileDefinition(parsed.definition, ctx);
    let n = 0;
    for (const item of index.values()) if (test(item)) n++;
    return n;
  }, [deferred, ctx, index]);

  async function save() {
    setSaving(true);
    setError(null);
    const result = await onSave(name, def, initial.id);
    setSaving(false);
    if (!result.ok) setError(result.reason);
  }

  let conditionNumber = 0;
  return (
    <Modal opened={opened} onClose={onClose} title={initial.id ? 'Edit filter' : 'New filter'} size="xl" data-testid="filter-builder">
      <Stack gap="sm">
        <TextInput label="Filter name" value={name} onChange={(e) => setName(e.currentTarget.value)} maxLength={80} data-autofocus />
        <Group justify="space-between">
          <CombinatorControl label="Combine conditions" value={def.combinator} onChange={(combinator) => setDef((d) => ({ ...d, combinator }))} />
          <Text size="sm" c="dimmed" data-testid="filter-preview" data-settled={deferred === def}>
            {preview === null ? 'Complete the conditions to see how many tickets match.' : `${preview.toLocaleString()} tickets on this device match`}
          </Text>
        </Group>
        {def.items.length === 0 && (
          <Text size="sm" c="dimmed">
            No conditions yet: the filter lists every ticket. Add a condition below.
          </Text>
        )}
        {def.items.map((item, i) => {
          if (!isGroup(item)) {
            conditionNumber += 1;
            return (
              <ConditionRow
                key={i}
                label={`Condition ${conditionNumber}`}
                condition={item}
                names={names}
                onChange={(c) => setItem(i, c)}
                onRemove={() => removeItem(i)}
              />
            );
          }
          const group: ConditionGroup = item;
          return (
            <Paper key={i} withBorder p="xs" radius="sm" data-testid="filter-group">
              <Stack gap="xs">
                <Group justify="space-between">
                  <CombinatorControl label="Combine this group" value={group.combinator} onChange={(combinator) => setItem(i, { ...group, combinator })} />
                  <Button size="compact-xs" variant="subtle" color="gray" onClick={() => removeItem(i)}>
                    Remove group
                  </Button>
                </Group>
                {group.conditions.map((c, j) => {
                  conditionNumber += 1;
                  return (
                    <ConditionRow
                      key={j}
                      label={`Condition ${conditionNumber}`}
                      condition={c}
                      names={names}
                      onChange={(next) => setItem(i, { ...group, conditions: group.conditions.map((x, k) => (k === j ? next : x)) })}
                      onRemove={() =>
                        group.conditions.length === 1 ? removeItem(i) : setItem(i, { ...group, conditions: group.conditions.filter((_, k) => k !== j) })
                      }
                    />
                  );
                })}
                <Button
                  size="compact-xs"
                  variant="subtle"
                  leftSection={<IconPlus size={14} />}
                  onClick={() => setItem(i, { ...group, conditions: [...group.conditions, newCondition()] })}
                  w="fit-content"
                >
                  Add condition to group
                </Button>
              </Stack>
            </Paper>
          );
        })}
        <Group gap="xs">
          <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => setDef((d) => ({ ...d, items: [...d.items, newCondition()] }))}>
            Add condition
          </Button>
          <Button
            size="xs"
            variant="subtle"
            leftSection={<IconPlus size={14} />}
            onClick={() => setDef((d) => ({ ...d, items: [...d.items, { combinator: d.combinator === 'and' ? 'or' : 'and', conditions: [newCondition()] }] }))}
          >
            Add group
          </Button>
        </Group>
        {error && (
          <Alert color="red" variant="light" data-testid="filter-error">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={() => void save()} loading={saving}>
            Save filter
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
