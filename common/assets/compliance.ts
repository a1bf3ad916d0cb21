/**
 * Software licence compliance: per software title, the seats owned and assigned against
 * what is actually installed, the same on the app and the server.
 *
 * Snipe-IT counts licence seats checked out to people or assets and never looks at what is
 * installed; GLPI and ServiceNow SAM reconcile entitlements with discovered installs. We
 * reconcile both, from the inventories' `software_installs` rows:
 * - seats owned: the seats of the title's licences; seats assigned: its seat assignments
 *   (to an asset, or to a person);
 * - installs: the devices it is installed on (several versions on one device are one
 *   install); a licensed install is on a device that has a seat assigned, or whose holder
 *   has one; the others are unlicensed installs;
 * - used: the seats the installs take. Per device: one per device. Per user: one per
 *   distinct person holding a device it is on (`holders`: device → person, an input); a
 *   device nobody holds counts as a user of its own, since no one can be shown to share it.
 *   A title whose licences mix both kinds is counted per device (the stricter count) and
 *   reported as `mixed`, for a person to sort out;
 * - over-used: used beyond the seats owned; unused seats: seats owned beyond used;
 *   assigned, not installed: assignments whose asset (or person's devices) lack it, seats
 *   to take back.
 * A licence covers every version of its title.
 *
 * Title matching. An install's name and publisher are written by each vendor's installer
 * and differ in small ways ("Microsoft® Office Professional Plus 2021" by "Microsoft
 * Corporation", "microsoft office professional plus 2021" by "Microsoft Corp."). A title
 * is its normalised name and normalised publisher:
 * - name: ™ ℠ ® © dropped, Unicode NFKC (full-width letters as plain ones), lower case,
 *   runs of white space as one space, trimmed;
 * - publisher: the same, then full stops dropped and commas made spaces and legal suffixes at the end
 *   removed (Inc, Corporation, Corp, Ltd, LLC, GmbH, AG, SA…), so "Adobe Inc." is "adobe";
 * - an install or licence with no publisher joins the title of the same name when exactly
 *   one publisher is known for that name; with several, it stays apart ("publisher
 *   unknown"): we do not guess which vendor's product it is.
 * Nothing else is merged: editions, years and bitness in a name ("(x64)", "2019") stay
 * distinct titles, since they are often licensed apart. Different names for one product
 * are the licence's to list (a licence per name), not a fuzzy match's.
 *
 * Cost: linear in installs, one pass over them. Names are normalised once per distinct
 * (name, publisher) pair; each install is two map look-ups and a set insertion (the devices
 * of its spelling); spellings then join their titles, and a title looks up who holds its
 * devices only when it counts users or has seats given to people. No scan nests in another.
 */
import { z } from 'zod';
import { IdSchema } from '../domain/ids';

export const LicenceKindSchema = z.enum(['per_device', 'per_user']);
export type LicenceKind = z.infer<typeof LicenceKindSchema>;

/** A software licence: a number of seats of one title, counted per device or per user. */
export const LicenceSchema = z
  .object({
    id: IdSchema,
    name: z.string().trim().min(1).max(1000),
    publisher: z.string().max(1000).nullable(),
    seats: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    kind: LicenceKindSchema,
  })
  .strict();
export type Licence = z.infer<typeof LicenceSchema>;

/** A seat of a licence given to an asset or a person. */
export const SeatAssignmentSchema = z
  .object({ licenceId: IdSchema, target: z.object({ kind: z.enum(['asset', 'person']), id: IdSchema }).strict() })
  .strict();
export type SeatAssignment = z.infer<typeof SeatAssignmentSchema>;

/** A row of the server's `software_installs` (asset_id, name, version, publisher), in camelCase. */
export interface SoftwareInstall {
  assetId: string;
  name: string;
  version: string | null;
  publisher: string | null;
}

export interface TitleCompliance {
  /** The normalised name and publisher, joined by NUL: stable across spellings. */
  key: string;
  /** As a licence writes it, else as the first install seen does. */
  name: string;
  publisher: string | null;
  /** The kind of its licences: null when it has none. */
  kind: LicenceKind | 'mixed' | null;
  licenceIds: string[];
  seatsOwned: number;
  seatsAssigned: number;
  /** Devices it is installed on. */
  installs: number;
  licensedInstalls: number;
  unlicensedInstalls: number;
  /** Seats the installs take: devices, or distinct users for a per-user title. */
  used: number;
  overUsed: number;
  unusedSeats: number;
  /** Assignments whose asset, or whose person's devices, do not have it installed. */
  assignedNotInstalled: number;
}

export interface ComplianceInput {
  licences: readonly Licence[];
  assignments: readonly SeatAssignment[];
  installs: Iterable<SoftwareInstall>;
  /** Who holds each device (asset id → person id); a device not in it is held by no one. */
  holders: ReadonlyMap<string, string>;
}

// Dropped before NFKC, which would turn ™ into "TM" and ℠ into "SM".
const MARKS = /[\u2122\u2120\u00ae\u00a9]/g;
const SPACES = /\s+/g;
const LEGAL_SUFFIX = /(?:^|\s)(?:inc|incorporated|corp|corporation|co|company|ltd|limited|llc|llp|plc|gmbh|ag|sa|sas|sarl|srl|spa|bv|nv|ab|as|oy|kk|pty)$/;

/** A software name as titles compare it (see the header). */
export function normaliseSoftwareName(name: string): string {
  return name.replace(MARKS, '').normalize('NFKC').toLowerCase().replace(SPACES, ' ').trim();
}

/** A publisher as titles compare it, '' when there is none (see the header). */
export function normalisePublisher(publisher: string | null): string {
  if (publisher === null) return '';
  // Full stops go ("S.A." is "SA", "L.L.C." is "LLC"); commas part words ("Acme, Inc.").
  let p = normaliseSoftwareName(publisher).replace(/\./g, '').replace(/,/g, ' ').replace(SPACES, ' ').trim();
  // "Microsoft Corp" → "microsoft"; a publisher that is only a suffix ("AS") keeps it.
  for (let shorter = p.replace(LEGAL_SUFFIX, '').trim(); shorter !== p && shorter !== ''; shorter = p.replace(LEGAL_SUFFIX, '').trim()) p = shorter;
  return p;
}

interface Title {
  key: string;
  name: string;
  publisher: string | null;
  licences: Licence[];
  /** The devices of its spellings (null until one has any). */
  devices: Set<string> | null;
  assignedAssets: string[];
  assignedPersons: string[];
}

/** A raw (name, publisher) pair, normalised once, with the devices that spell it so. */
interface Spelling {
  name: string;
  publisher: string;
  rawName: string;
  rawPublisher: string | null;
  devices: Set<string>;
}

/**
 * Compliance per software title: every title that has a licence or an install. A title with
 * no licence has no seats, so all its installs are unlicensed and over-used; it is listed
 * after the licensed ones.
 */
export function licenceCompliance(input: ComplianceInput): TitleCompliance[] {
  // Each distinct spelling, normalised once: raw name → raw publisher (null as its own key) → spelling.
  const spellings = new Map<string, Map<string | null, Spelling>>();
  const publishersOf = new Map<string, Set<string>>();
  const spell = (rawName: string, rawPublisher: string | null): Spelling => {
    let byPublisher = spellings.get(rawName);
    if (!byPublisher) spellings.set(rawName, (byPublisher = new Map()));
    let s = byPublisher.get(rawPublisher);
    if (!s) {
      s = { name: normaliseSoftwareName(rawName), publisher: normalisePublisher(rawPublisher), rawName, rawPublisher, devices: new Set() };
      byPublisher.set(rawPublisher, s);
      let known = publishersOf.get(s.name);
      if (!known) publishersOf.set(s.name, (known = new Set()));
      if (s.publisher !== '') known.add(s.publisher);
    }
    return s;
  };

  const licenceSpellings = input.licences.map((l) => spell(l.name, l.publisher));
  // The one pass over the installs: each goes to its spelling's devices. Which title a
  // spelling belongs to is known only once every publisher of its name has been seen.
  for (const install of input.installs) spell(install.name, install.publisher).devices.add(install.assetId);

  const titles = new Map<string, Title>();
  const titleOf = (s: Spelling): Title => {
    const known = publishersOf.get(s.name)!;
    // No publisher: the name's only publisher if it has exactly one, else "publisher unknown".
    const publisher = s.publisher === '' && known.size === 1 ? [...known][0]! : s.publisher;
    const key = `${s.name}\u0000${publisher}`;
    let title = titles.get(key);
    if (!title) {
      title = { key, name: s.rawName, publisher: s.rawPublisher, licences: [], devices: null, assignedAssets: [], assignedPersons: [] };
      titles.set(key, title);
    }
    return title;
  };

  const byLicence = new Map<string, Title>();
  input.licences.forEach((licence, i) => {
    // Licences come first, so a title is named as its first licence writes it.
    const title = titleOf(licenceSpellings[i]!);
    title.licences.push(licence);
    byLicence.set(licence.id, title);
  });
  // A title's devices: its first spelling's set, taken as it is (no copy), then the others' added.
  for (const byPublisher of spellings.values()) {
    for (const s of byPublisher.values()) {
      if (s.devices.size === 0) continue;
      const title = titleOf(s);
      if (title.devices === null) title.devices = s.devices;
      else for (const device of s.devices) title.devices.add(device);
    }
  }
  // An assignment to a licence not given (deleted, or not visible) counts nowhere.
  for (const a of input.assignments) {
    const title = byLicence.get(a.licenceId);
    if (title) (a.target.kind === 'asset' ? title.assignedAssets : title.assignedPersons).push(a.target.id);
  }

  const out: TitleCompliance[] = [];
  for (const title of titles.values()) out.push(reconcile(title, input.holders));
  // Licensed titles first (the compliance view proper), then titles nobody holds a licence for
  // (free software, or a gap): each most over-used first. Keys compare plainly, not with
  // localeCompare, so the order is the same in every runtime.
  const unlicensed = (t: TitleCompliance) => (t.kind === null ? 1 : 0);
  return out.sort(
    (a, b) => unlicensed(a) - unlicensed(b) || b.overUsed - a.overUsed || b.unlicensedInstalls - a.unlicensedInstalls || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
}

const NO_DEVICES: ReadonlySet<string> = new Set();

function reconcile(title: Title, holders: ReadonlyMap<string, string>): TitleCompliance {
  const devices = title.devices ?? NO_DEVICES;
  const kinds = new Set(title.licences.map((l) => l.kind));
  const kind: TitleCompliance['kind'] = kinds.size === 0 ? null : kinds.size > 1 ? 'mixed' : title.licences[0]!.kind;
  const seatsOwned = title.licences.reduce((sum, l) => sum + l.seats, 0);
  const assignedAssets = new Set(title.assignedAssets);
  const assignedPersons = new Set(title.assignedPersons);

  // Who holds each device matters only to count users, or to match seats given to people:
  // most titles (no licence, or per device and assigned to assets) skip the per-device look-ups.
  const holdersWithIt = new Set<string>();
  let unheld = 0;
  let licensed = 0;
  if (kind === 'per_user' || assignedPersons.size > 0) {
    for (const device of devices) {
      const holder = holders.get(device);
      if (holder === undefined) unheld += 1;
      else holdersWithIt.add(holder);
      if (assignedAssets.has(device) || (holder !== undefined && assignedPersons.has(holder))) licensed += 1;
    }
  } else {
    for (const asset of assignedAssets) if (devices.has(asset)) licensed += 1;
  }
  const installs = devices.size;
  const used = kind === 'per_user' ? holdersWithIt.size + unheld : installs;
  let assignedNotInstalled = 0;
  for (const id of title.assignedAssets) if (!devices.has(id)) assignedNotInstalled += 1;
  for (const id of title.assignedPersons) if (!holdersWithIt.has(id)) assignedNotInstalled += 1;
  return {
    key: title.key,
    name: title.name,
    publisher: title.publisher,
    kind,
    licenceIds: title.licences.map((l) => l.id),
    seatsOwned,
    seatsAssigned: title.assignedAssets.length + title.assignedPersons.length,
    installs,
    licensedInstalls: licensed,
    unlicensedInstalls: installs - licensed,
    used,
    overUsed: Math.max(0, used - seatsOwned),
    unusedSeats: Math.max(0, seatsOwned - used),
    assignedNotInstalled,
  };
}
