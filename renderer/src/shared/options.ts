/**
 * Choices for the ticket pickers, live from the replica: people (staff for assignees, anyone
 * for requesters), groups, sites and their locations, categories from the ITSM configuration.
 * Shared by the ticket detail, Create New, tasks and the device registration.
 */
import type { ComboboxData } from '@mantine/core';
import { useLiveQuery } from 'dexie-react-hooks';
import type { Group, Location, Person, Site } from '@fielddesk/common/domain/entities';
import type { ItsmConfig } from '@fielddesk/common/itsm/config';
import { LEVEL_LABELS, PRIORITY_LABELS } from '@fielddesk/common/itsm/config';
import { useWorkspace } from '../app/workspaceContext';

const byName = (a: { displayName: string }, b: { displayName: string }) => a.displayName.localeCompare(b.displayName);

export function usePeople(): Person[] {
  const { db } = useWorkspace();
  return useLiveQuery(async () => (await db.persons.toArray()).sort(byName), [db], [] as Person[]);
}

export function useGroups(): Group[] {
  const { db } = useWorkspace();
  return useLiveQuery(async () => (await db.groups.toArray()).sort((a, b) => a.name.localeCompare(b.name)), [db], [] as Group[]);
}

export function useSites(): Site[] {
  const { db } = useWorkspace();
  return useLiveQuery(async () => (await db.sites.toArray()).sort((a, b) => a.name.localeCompare(b.name)), [db], [] as Site[]);
}

export function useLocations(siteId: string | null): Location[] {
  const { db } = useWorkspace();
  return useLiveQuery(
    async () => (siteId ? (await db.locations.where('siteId').equals(siteId).toArray()).sort((a, b) => a.name.localeCompare(b.name)) : []),
    [db, siteId],
    [] as Location[],
  );
}

/**
 * Assignee choices: the members of the record's group first, then other staff. Someone from
 * outside the group can be picked, and the repository refuses them with the reason (the same
 * rule the server applies), rather than the list silently hiding them.
 */
export function assigneeOptions(people: readonly Person[], groupId: string | null, groupName: string | null): ComboboxData {
  const staff = people.filter((p) => p.role !== 'requester');
  if (!groupId) return staff.map((p) => ({ value: p.id, label: p.displayName }));
  const inGroup = staff.filter((p) => p.groupIds.includes(groupId));
  const others = staff.filter((p) => !p.groupIds.includes(groupId));
  return [
    { group: groupName ? `In ${groupName}` : 'In the group', items: inGroup.map((p) => ({ value: p.id, label: p.displayName })) },
    { group: 'Other staff', items: others.map((p) => ({ value: p.id, label: p.displayName })) },
  ].filter((g) => g.items.length > 0);
}

export function personOptions(people: readonly Person[]): ComboboxData {
  return people.map((p) => ({ value: p.id, label: p.email ? `${p.displayName} · ${p.email}` : p.displayName }));
}

export const LEVEL_OPTIONS = ([1, 2, 3] as const).map((l) => ({ value: String(l), label: `${l} – ${LEVEL_LABELS[l]}` }));
export const PRIORITY_OPTIONS = ([1, 2, 3, 4, 5] as const).map((p) => ({ value: String(p), label: `P${p} ${PRIORITY_LABELS[p]}` }));

export function categoryOptions(config: ItsmConfig, current: string): string[] {
  const names = config.categories.map((c) => c.name);
  // A value the configuration no longer lists stays selectable, so the field shows it.
  return current && !names.includes(current) ? [current, ...names] : names;
}

export function subcategoryOptions(config: ItsmConfig, category: string, current: string): string[] {
  const subs = config.categories.find((c) => c.name === category)?.subcategories ?? [];
  return current && !subs.includes(current) ? [current, ...subs] : subs;
}
