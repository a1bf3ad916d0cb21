/**
 * What changed between two inventory summaries of one device: the recorded asset against
 * what was discovered now, or one scan against the one before (the device's history).
 *
 * Components are paired by what identifies them — disks by serial (else model and size),
 * network cards by MAC, software by name — so a replaced disk reads
 * "disk replaced", an upgraded package "upgraded 1.2 → 1.3", not a removal and an addition.
 */
import { formatMb } from './loose';
import type { InventorySummary, SummaryDisk, SummaryNetwork, SummarySoftware } from './summary';

export type InventoryChange =
  | { kind: 'identity'; field: 'name' | 'serial' | 'uuid' | 'manufacturer' | 'model' | 'assetTag'; before: string | null; after: string | null }
  | { kind: 'memory'; beforeMb: number | null; afterMb: number | null }
  | { kind: 'cpu'; before: string; after: string }
  | { kind: 'os'; before: string | null; after: string | null }
  | { kind: 'disk_added'; disk: SummaryDisk }
  | { kind: 'disk_removed'; disk: SummaryDisk }
  | { kind: 'disk_replaced'; before: SummaryDisk; after: SummaryDisk }
  | { kind: 'network_added'; card: SummaryNetwork }
  | { kind: 'network_removed'; card: SummaryNetwork }
  | { kind: 'network_replaced'; before: SummaryNetwork; after: SummaryNetwork }
  | { kind: 'software_added'; software: SummarySoftware }
  | { kind: 'software_removed'; software: SummarySoftware }
  | { kind: 'software_upgraded'; name: string; publisher: string | null; before: string | null; after: string | null };

export type InventoryChangeKind = InventoryChange['kind'];

/** Which group a change belongs to on screen. */
export function changeGroup(change: InventoryChange): 'identity' | 'hardware' | 'network' | 'os' | 'software' {
  switch (change.kind) {
    case 'identity':
      return 'identity';
    case 'os':
      return 'os';
    case 'network_added':
    case 'network_removed':
    case 'network_replaced':
      return 'network';
    case 'software_added':
    case 'software_removed':
    case 'software_upgraded':
      return 'software';
    default:
      return 'hardware';
  }
}

function memoryLabel(mb: number | null): string {
  return formatMb(mb) || 'unknown';
}

function diskLabel(d: SummaryDisk): string {
  const name = d.model ?? d.name ?? 'disk';
  const size = d.sizeMb !== null ? ` ${formatMb(d.sizeMb)}` : '';
  const serial = d.serial ? ` (serial ${d.serial})` : '';
  return `${name}${size}${serial}`;
}

function cardLabel(n: SummaryNetwork): string {
  return `${n.name ?? 'network card'}${n.mac ? ` ${n.mac}` : ''}`;
}

function cpuLabel(summary: InventorySummary): string {
  if (summary.cpus.length === 0) return 'none';
  const names = summary.cpus.map((c) => c.name ?? 'processor');
  return names.length > 1 && names.every((n) => n === names[0]) ? `${names.length} × ${names[0]}` : names.join(', ');
}

function osLabel(summary: InventorySummary): string | null {
  if (!summary.os) return null;
  const parts = [summary.os.name, summary.os.version && !summary.os.name?.includes(summary.os.version) ? summary.os.version : null, summary.os.kernel ? `kernel ${summary.os.kernel}` : null];
  const label = parts.filter((p): p is string => !!p).join(' ');
  return label === '' ? null : label;
}

/** One line a person reads, e.g. "Memory changed: 8 GB → 16 GB". */
export function describeChange(change: InventoryChange): string {
  switch (change.kind) {
    case 'identity':
      return `${IDENTITY_LABELS[change.field]} changed: ${change.before ?? 'none'} → ${change.after ?? 'none'}`;
    case 'memory':
      return `Memory changed: ${memoryLabel(change.beforeMb)} → ${memoryLabel(change.afterMb)}`;
    case 'cpu':
      return `Processor changed: ${change.before} → ${change.after}`;
    case 'os':
      return `Operating system changed: ${change.before ?? 'unknown'} → ${change.after ?? 'unknown'}`;
    case 'disk_added':
      return `Disk added: ${diskLabel(change.disk)}`;
    case 'disk_removed':
      return `Disk removed: ${diskLabel(change.disk)}`;
    case 'disk_replaced':
      return `Disk replaced: ${diskLabel(change.before)} → ${diskLabel(change.after)}`;
    case 'network_added':
      return `Network card added: ${cardLabel(change.card)}`;
    case 'network_removed':
      return `Network card removed: ${cardLabel(change.card)}`;
    case 'network_replaced':
      return `Network card changed: ${cardLabel(change.before)} → ${cardLabel(change.after)}`;
    case 'software_added':
      return `Software added: ${change.software.name}${change.software.version ? ` ${change.software.version}` : ''}`;
    case 'software_removed':
      return `Software removed: ${change.software.name}${change.software.version ? ` ${change.software.version}` : ''}`;
    case 'software_upgraded':
      return `Software ${compareVersions(change.before, change.after) > 0 ? 'downgraded' : 'upgraded'}: ${change.name} ${change.before ?? '?'} → ${change.after ?? '?'}`;
  }
}

const IDENTITY_LABELS = { name: 'Name', serial: 'Serial number', uuid: 'UUID', manufacturer: 'Manufacturer', model: 'Model', assetTag: 'Asset tag' } as const;

/**
 * Compares two version strings the way package managers roughly do: numeric runs as numbers,
 * everything else as text ("1.10" > "1.9", "2.0-3" > "2.0-2"). Negative when a < b.
 */
export function compareVersions(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  const pa = a.match(/\d+|[^\d]+/g) ?? [];
  const pb = b.match(/\d+|[^\d]+/g) ?? [];
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const nx = /^\d/.test(x);
    const ny = /^\d/.test(y);
    if (nx && ny) {
      const d = Number(x) - Number(y);
      if (d !== 0) return d;
    } else if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return 0;
}

function diskKey(d: SummaryDisk): string {
  return d.serial ? `serial:${d.serial}` : `model:${d.model ?? d.name ?? ''}:${d.sizeMb ?? ''}`;
}

function cardKey(n: SummaryNetwork): string {
  return n.mac ? `mac:${n.mac.toLowerCase()}` : `name:${n.name ?? ''}`;
}

/** Software is paired by name alone: a package's publisher string changes with its repository. */
function softwareKey(s: SummarySoftware): string {
  return s.name.toLowerCase();
}

/**
 * Memory reported by the OS moves a little between boots (firmware and kernel reservations):
 * only a difference of more than 5% (and at least 256 MB) is a change of the hardware.
 */
function memoryChanged(before: number | null, after: number | null): boolean {
  if (before === null || after === null) return before !== after;
  const delta = Math.abs(before - after);
  return delta >= 256 && delta > 0.05 * Math.max(before, after);
}

/** Items only in `before` and only in `after`, by key. */
function sides<T>(before: readonly T[], after: readonly T[], key: (t: T) => string): { removed: T[]; added: T[] } {
  const beforeKeys = new Set(before.map(key));
  const afterKeys = new Set(after.map(key));
  return { removed: before.filter((t) => !afterKeys.has(key(t))), added: after.filter((t) => !beforeKeys.has(key(t))) };
}

/**
 * The changes from `before` to `after`, in a stable order: identity, hardware, operating
 * system, network, software (each sorted by name). Software lists are compared only when
 * both sides have one (a printer's SNMP inventory has none, which is not "all removed").
 */
export function diffInventory(before: InventorySummary, after: InventorySummary): InventoryChange[] {
  const changes: InventoryChange[] = [];
  for (const field of ['name', 'serial', 'uuid', 'manufacturer', 'model', 'assetTag'] as const) {
    const b = before[field];
    const a = after[field];
    if ((b ?? '').toLowerCase() !== (a ?? '').toLowerCase()) changes.push({ kind: 'identity', field, before: b, after: a });
  }
  if (memoryChanged(before.memoryMb, after.memoryMb)) {
    changes.push({ kind: 'memory', beforeMb: before.memoryMb, afterMb: after.memoryMb });
  }
  const cpuBefore = cpuLabel(before);
  const cpuAfter = cpuLabel(after);
  if (cpuBefore !== cpuAfter) changes.push({ kind: 'cpu', before: cpuBefore, after: cpuAfter });

  const disks = sides(before.disks, after.disks, diskKey);
  const pairs = Math.min(disks.removed.length, disks.added.length);
  for (let i = 0; i < pairs; i++) changes.push({ kind: 'disk_replaced', before: disks.removed[i]!, after: disks.added[i]! });
  for (const disk of disks.removed.slice(pairs)) changes.push({ kind: 'disk_removed', disk });
  for (const disk of disks.added.slice(pairs)) changes.push({ kind: 'disk_added', disk });

  const osBefore = osLabel(before);
  const osAfter = osLabel(after);
  if (osBefore !== osAfter) changes.push({ kind: 'os', before: osBefore, after: osAfter });

  const physical = (cards: SummaryNetwork[]) => cards.filter((n) => !n.virtual);
  const cards = sides(physical(before.networks), physical(after.networks), cardKey);
  const byName = new Map(cards.added.map((c) => [c.name ?? '', c]));
  for (const card of cards.removed) {
    const successor = card.name ? byName.get(card.name) : undefined;
    if (successor) {
      byName.delete(card.name ?? '');
      changes.push({ kind: 'network_replaced', before: card, after: successor });
    } else {
      changes.push({ kind: 'network_removed', card });
    }
  }
  for (const card of cards.added) if (byName.get(card.name ?? '') === card) changes.push({ kind: 'network_added', card });

  if (before.software.length > 0 && after.software.length > 0) {
    const versionsOf = (list: SummarySoftware[]) => {
      const map = new Map<string, SummarySoftware[]>();
      for (const s of list) {
        const k = softwareKey(s);
        const entries = map.get(k);
        if (entries) entries.push(s);
        else map.set(k, [s]);
      }
      return map;
    };
    const b = versionsOf(before.software);
    const a = versionsOf(after.software);
    const software: InventoryChange[] = [];
    for (const [k, olds] of b) {
      const news = a.get(k);
      if (!news) {
        for (const s of olds) software.push({ kind: 'software_removed', software: s });
        continue;
      }
      const oldVersions = new Set(olds.map((s) => s.version));
      const newVersions = new Set(news.map((s) => s.version));
      const gone = olds.filter((s) => !newVersions.has(s.version));
      const come = news.filter((s) => !oldVersions.has(s.version));
      const n = Math.min(gone.length, come.length);
      for (let i = 0; i < n; i++) {
        software.push({ kind: 'software_upgraded', name: come[i]!.name, publisher: come[i]!.publisher, before: gone[i]!.version, after: come[i]!.version });
      }
      for (const s of gone.slice(n)) software.push({ kind: 'software_removed', software: s });
      for (const s of come.slice(n)) software.push({ kind: 'software_added', software: s });
    }
    for (const [k, news] of a) if (!b.has(k)) for (const s of news) software.push({ kind: 'software_added', software: s });
    const nameOf = (c: InventoryChange) => (c.kind === 'software_upgraded' ? c.name : 'software' in c ? c.software.name : '');
    software.sort((x, y) => nameOf(x).localeCompare(nameOf(y)));
    changes.push(...software);
  }
  return changes;
}
