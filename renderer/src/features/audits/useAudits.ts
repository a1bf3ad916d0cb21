/**
 * What the audit screens read from the replica, live: the audits, one audit with its snapshot
 * (snapshotView: the server's rows once they are all here), its scans and history, and the
 * names of the places and people they mention. Everything is on this device, so it works offline.
 */
import { useMemo } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { AuditIndex } from '@fielddesk/common/audits/classify';
import { scopeDrift, type ScopeDrift, type ScopedAsset } from '@fielddesk/common/audits/expected';
import { mergeScans, type MergedAudit } from '@fielddesk/common/audits/merge';
import type { Audit, AuditEvent, AuditScan } from '@fielddesk/common/audits/records';
import type { Location, Person, Site } from '@fielddesk/common/domain/entities';
import { useWorkspace } from '../../app/workspaceContext';
import { auditTables, createAuditRepository, snapshotView, type AuditRepository } from '../../data/repositories/audits';

export function useAuditRepository(): AuditRepository {
  const { db, user } = useWorkspace();
  return useMemo(() => createAuditRepository({ db, userId: user.id, user }), [db, user]);
}

/** Every audit on this device, newest first; undefined while loading. */
export function useAuditList(): Audit[] | undefined {
  const { db } = useWorkspace();
  return useLiveQuery(async () => (await auditTables(db).audits.toArray()).sort((a, b) => b.createdAt.localeCompare(a.createdAt)), [db]);
}

export interface Names {
  sites: ReadonlyMap<string, Site>;
  locations: ReadonlyMap<string, Location>;
  persons: ReadonlyMap<string, Person>;
  site(id: string): string;
  location(id: string | null): string;
  person(id: string | null): string;
}

export function useNames(): Names | undefined {
  const { db } = useWorkspace();
  const data = useLiveQuery(async () => [await db.sites.toArray(), await db.locations.toArray(), await db.persons.toArray()] as const, [db]);
  return useMemo(() => {
    if (!data) return undefined;
    const sites = new Map(data[0].map((s) => [s.id, s]));
    const locations = new Map(data[1].map((l) => [l.id, l]));
    const persons = new Map(data[2].map((p) => [p.id, p]));
    return {
      sites,
      locations,
      persons,
      site: (id) => sites.get(id)?.name ?? 'a site not on this device',
      location: (id) => (id === null ? 'No location' : (locations.get(id)?.name ?? 'a location not on this device')),
      person: (id) => (id === null ? 'Someone' : (persons.get(id)?.displayName ?? 'Someone not on this device')),
    };
  }, [data]);
}

export interface AuditView {
  audit: Audit;
  index: AuditIndex;
  /** The scans recorded before the audit closed, merged (late ones apart). */
  merged: MergedAudit;
  scans: AuditScan[];
  late: AuditScan[];
  events: AuditEvent[];
}

/** What a screen shows of an asset beside its tag. */
export interface AssetLabel {
  tag: string;
  name: string;
}

/**
 * Tag and name of the given assets, from the replica, live: read only for the rows a screen
 * shows (the assets a location expects, the last scans), never for a whole audit's 50,000 when
 * the screen opens. Undefined while loading (the lists show their tags meanwhile: NO_LABELS).
 */
export function useAssetLabels(ids: readonly string[]): ReadonlyMap<string, AssetLabel> | undefined {
  const { db } = useWorkspace();
  // Keyed on the set of ids, not their order: a list sorted anew after each scan reads nothing again.
  const key = useMemo(() => [...new Set(ids)].sort().join(','), [ids]);
  const labels = useLiveQuery(async () => {
    const wanted = key === '' ? [] : key.split(',');
    const assets = await db.assets.bulkGet(wanted);
    return new Map(assets.flatMap((a) => (a ? [[a.id, { tag: a.tag, name: a.name }] as const] : [])));
  }, [db, key]);
  return labels;
}
export const NO_LABELS: ReadonlyMap<string, AssetLabel> = new Map();

/**
 * One audit as its screens show it; null when it is not on this device, undefined while loading.
 * Three live reads, so that a scan (one row in auditScans) re-reads only the scans: the audit
 * itself, its snapshot (50,000 rows in a large audit, read again only when the snapshot or the
 * audit changes), and its scans and history. The assets' names are read by the screens for the
 * rows they show (useAssetLabels).
 */
export function useAuditView(auditId: string): AuditView | null | undefined {
  const { db } = useWorkspace();
  const audit = useLiveQuery(async () => (await auditTables(db).audits.get(auditId)) ?? null, [db, auditId]);
  const snapshot = useLiveQuery(async () => {
    const t = auditTables(db);
    const current = await t.audits.get(auditId);
    if (!current) return null;
    return snapshotView(current, await t.expected.where('auditId').equals(auditId).toArray()).rows;
    // The snapshot's view depends on the audit's state and count only: keyed on them, not on every change of the audit.
  }, [db, auditId, audit?.state, audit?.expectedCount]);
  const history = useLiveQuery(async () => {
    const t = auditTables(db);
    const [scans, events] = await Promise.all([t.scans.where('auditId').equals(auditId).toArray(), t.events.where('auditId').equals(auditId).toArray()]);
    return { scans, events };
  }, [db, auditId]);
  const index = useMemo(() => (snapshot ? new AuditIndex(snapshot) : undefined), [snapshot]);
  return useMemo(() => {
    if (audit === null || snapshot === null) return null;
    if (audit === undefined || snapshot === undefined || history === undefined || !index) return undefined;
    const scans = [...history.scans].sort((a, b) => (a.scannedAt < b.scannedAt ? -1 : a.scannedAt > b.scannedAt ? 1 : a.id.localeCompare(b.id)));
    return {
      audit,
      index,
      merged: mergeScans(index, scans.filter((s) => !s.late)),
      scans,
      late: scans.filter((s) => s.late),
      events: [...history.events].sort((a, b) => a.at.localeCompare(b.at)),
    };
  }, [audit, snapshot, history, index]);
}

/** What changed at the audit's site since its snapshot was fixed (common/audits/expected.ts scopeDrift); undefined while loading. */
export function useScopeDrift(view: AuditView): ScopeDrift | undefined {
  const { db } = useWorkspace();
  const assets = useLiveQuery(async () => {
    const [list, models] = await Promise.all([db.assets.where('siteId').equals(view.audit.siteId).toArray(), db.assetModels.toArray()]);
    const category = new Map(models.map((m) => [m.id, m.category]));
    return list.map((a): ScopedAsset => ({ id: a.id, tag: a.tag, serial: a.serial, kind: a.kind, state: a.state, siteId: a.siteId, locationId: a.locationId, category: a.modelId ? (category.get(a.modelId) ?? null) : null }));
  }, [db, view.audit.siteId]);
  return useMemo(() => (assets ? scopeDrift(view.audit, view.index.byId.values(), assets) : undefined), [assets, view.audit, view.index]);
}
