/**
 * The Assets list's filter controls: one control per condition of list/filter.ts, each writing
 * the filter back whole. The text box is the list's `/` target; choices come from the replica
 * (models, sites, locations, people) and the lifecycle configuration (substates).
 */
import { forwardRef, memo, useMemo } from 'react';
import { CloseButton, Group, MultiSelect, Select, TextInput, type ComboboxData } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { ASSET_STATE_LABELS, ASSET_STATES, type AssetLifecycleConfig } from '@fielddesk/common/assets/lifecycle';
import { MODEL_TEXT, NO_HOLDER, WARRANTY_FILTERS, WARRANTY_LABELS, type AssetFilter, type WarrantyFilter } from './list/filter';
import type { AssetNames } from './useAssetList';

const KIND_OPTIONS = [
  { value: 'hardware', label: 'Hardware' },
  { value: 'non_it', label: 'Non-IT' },
];

/** Each state, then its substates ("In stock: Available"), as one grouped list. */
export function stateOptions(config: AssetLifecycleConfig): ComboboxData {
  return ASSET_STATES.map((state) => ({
    group: ASSET_STATE_LABELS[state],
    items: [
      { value: state, label: `${ASSET_STATE_LABELS[state]} (any)` },
      ...config.substates[state].map((o) => ({ value: `${state}:${o.key}`, label: `${ASSET_STATE_LABELS[state]}: ${o.label}` })),
    ],
  }));
}

interface SelectsProps {
  kinds: AssetFilter['kinds'];
  states: AssetFilter['states'];
  siteIds: AssetFilter['siteIds'];
  locationIds: AssetFilter['locationIds'];
  modelIds: AssetFilter['modelIds'];
  holder: AssetFilter['holder'];
  warranty: AssetFilter['warranty'];
  onPatch(patch: Partial<AssetFilter>): void;
  names: AssetNames;
  /** Inventoried model texts of assets with no model chosen, offered beside the models. */
  modelTexts: readonly string[];
  lifecycle: AssetLifecycleConfig;
}

/** Every filter but the text: its own memoized component, so a keystroke in the search re-renders none of them. */
const FilterSelects = memo(function FilterSelects({ kinds, states, siteIds, locationIds, modelIds, holder, warranty, onPatch, names, modelTexts, lifecycle }: SelectsProps) {
  const stateData = useMemo(() => stateOptions(lifecycle), [lifecycle]);
  const siteName = useMemo(() => new Map(names.sites.map((s) => [s.id, s.name])), [names.sites]);
  const sites = useMemo(() => names.sites.map((s) => ({ value: s.id, label: s.name })), [names.sites]);
  const locations = useMemo(
    () =>
      names.locations
        .filter((l) => siteIds.length === 0 || siteIds.includes(l.siteId))
        .map((l) => ({ value: l.id, label: siteName.size > 1 ? `${l.name} (${siteName.get(l.siteId) ?? 'another site'})` : l.name })),
    [names.locations, siteIds, siteName],
  );
  const models = useMemo(() => {
    const chosen = names.models.map((m) => ({ value: m.id, label: m.manufacturer ? `${m.manufacturer} ${m.name}` : m.name }));
    const inventoried = modelTexts.map((t) => ({ value: `${MODEL_TEXT}${t}`, label: t }));
    if (inventoried.length === 0) return chosen;
    if (chosen.length === 0) return inventoried;
    return [
      { group: 'Models', items: chosen },
      { group: 'As inventoried', items: inventoried },
    ];
  }, [names.models, modelTexts]);
  const holders = useMemo(() => [{ value: NO_HOLDER, label: 'Not checked out' }, ...names.persons.map((p) => ({ value: p.id, label: p.displayName }))], [names.persons]);
  const w = 190;

  return (
    <>
      <Select aria-label="Kind" placeholder="Any kind" data={KIND_OPTIONS} value={kinds[0] ?? null} onChange={(v) => onPatch({ kinds: v ? [v as 'hardware' | 'non_it'] : [] })} clearable w={130} data-testid="assets-filter-kind" />
      <MultiSelect aria-label="State" placeholder={states.length ? undefined : 'Any state'} data={stateData} value={states} onChange={(v) => onPatch({ states: v })} clearable searchable w={250} maxDropdownHeight={320} data-testid="assets-filter-state" />
      {sites.length > 1 && (
        <MultiSelect aria-label="Site" placeholder={siteIds.length ? undefined : 'Any site'} data={sites} value={siteIds} onChange={(v) => onPatch({ siteIds: v, locationIds: [] })} clearable searchable w={w} data-testid="assets-filter-site" />
      )}
      <MultiSelect aria-label="Location" placeholder={locationIds.length ? undefined : 'Any location'} data={locations} value={locationIds} onChange={(v) => onPatch({ locationIds: v })} clearable searchable limit={200} w={w} data-testid="assets-filter-location" />
      <MultiSelect aria-label="Model" placeholder={modelIds.length ? undefined : 'Any model'} data={models} value={modelIds} onChange={(v) => onPatch({ modelIds: v })} clearable searchable limit={200} w={250} data-testid="assets-filter-model" />
      <Select aria-label="Holder" placeholder="Anyone or no one" data={holders} value={holder} onChange={(v) => onPatch({ holder: v })} clearable searchable limit={100} w={w} data-testid="assets-filter-holder" />
      <Select
        aria-label="Warranty"
        placeholder="Any warranty"
        data={WARRANTY_FILTERS.map((value) => ({ value, label: WARRANTY_LABELS[value] }))}
        value={warranty}
        onChange={(v) => onPatch({ warranty: (v as WarrantyFilter | null) ?? null })}
        clearable
        w={w}
        data-testid="assets-filter-warranty"
      />
    </>
  );
});

interface Props extends Omit<SelectsProps, 'kinds' | 'states' | 'siteIds' | 'locationIds' | 'modelIds' | 'holder' | 'warranty'> {
  /** The filter's conditions (its text is `text`, typed ahead of the filter). */
  filter: AssetFilter;
  text: string;
  onText(text: string): void;
}

export const AssetFilters = forwardRef<HTMLInputElement, Props>(function AssetFilters({ filter, text, onText, ...rest }, ref) {
  return (
    <Group gap="xs" wrap="wrap" align="flex-start" data-testid="assets-filters">
      <TextInput
        ref={ref}
        aria-label="Search assets"
        placeholder="Tag, name, serial, model  ( / )"
        leftSection={<IconSearch size={14} />}
        rightSection={text ? <CloseButton size="sm" aria-label="Clear the search" onClick={() => onText('')} /> : null}
        value={text}
        onChange={(e) => onText(e.currentTarget.value)}
        w={240}
        data-testid="assets-search"
      />
      <FilterSelects
        kinds={filter.kinds}
        states={filter.states}
        siteIds={filter.siteIds}
        locationIds={filter.locationIds}
        modelIds={filter.modelIds}
        holder={filter.holder}
        warranty={filter.warranty}
        {...rest}
      />
    </Group>
  );
});
