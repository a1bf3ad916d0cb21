/**
 * Generated software estate for licence_compliance_ms (deterministic, mulberry32 from the
 * server's seed PRNG): software titles by publishers, assets with their installs drawn from a
 * Zipf-like popularity over the titles, licences for most titles (per device and per user;
 * some over-used, some with seats to spare, some unused), seat assignments and holders.
 *
 * Installs are written as inventories write them: a tenth of them spell the title another way
 * (the publisher's legal suffix, a ® in the name, a different case, no publisher), and some
 * devices carry two versions of a title (one install for compliance), so `licenceCompliance`'s
 * normalisation and joining are exercised as in real data, not just a map insert per row.
 */
import type { Licence, SeatAssignment, SoftwareInstall } from '@fielddesk/common/assets/compliance';
import { createRng } from '../../server/src/seed/prng';

export interface LicenceEstateOptions {
  titles: number;
  assets: number;
  /** Distinct titles per asset, drawn uniformly in [min, max]. */
  installsPerAsset: readonly [number, number];
  seed?: number;
}

export interface LicenceEstate {
  /** Asset ids, in order (the `assets` rows the installs refer to). */
  assetIds: string[];
  installs: SoftwareInstall[];
  licences: Licence[];
  assignments: SeatAssignment[];
  holders: Map<string, string>;
  persons: number;
  /** Titles with at least one licence, and of those how many are sold per user. */
  licensedTitles: number;
  perUserTitles: number;
}

const SUFFIXES = ['Inc.', 'Corporation', 'Ltd', 'GmbH', 'LLC', 'AG', 'S.A.', 'Software Ltd'] as const;
const SUFFIX_VARIANT: Record<string, string> = {
  'Inc.': 'Inc',
  Corporation: 'Corp.',
  Ltd: 'Limited',
  GmbH: 'GmbH',
  LLC: 'L.L.C.',
  AG: 'AG',
  'S.A.': 'SA',
  'Software Ltd': 'Software Limited',
};
const STEMS = ['Office', 'Studio', 'Reader', 'Browser', 'Agent', 'Client', 'Designer', 'Toolkit', 'Runtime', 'Viewer', 'Manager', 'Suite', 'Connect', 'Player', 'Editor', 'Analytics'] as const;
const EDITIONS = ['', ' Professional', ' Standard', ' Enterprise', ' (x64)', ' 2019', ' 2021', ' Plus'] as const;

interface Title {
  name: string;
  publisher: string;
  /** Another spelling of the same title, as some installers write it. */
  altName: string;
  altPublisher: string | null;
}

export function generateLicenceEstate(options: LicenceEstateOptions): LicenceEstate {
  const rng = createRng(options.seed ?? 13_2026);
  const [minPer, maxPer] = options.installsPerAsset;

  // Publishers: a hundred and fifty vendors, each with its legal suffix.
  const publishers = Array.from({ length: 150 }, (_, i) => {
    const suffix = SUFFIXES[i % SUFFIXES.length]!;
    return { canonical: `Vendor${i.toString(36).toUpperCase()} ${suffix}`, variant: `Vendor${i.toString(36).toUpperCase()} ${SUFFIX_VARIANT[suffix]}` };
  });
  // Titles: a few large publishers own many titles (Zipf-like too).
  const titles: Title[] = [];
  for (let t = 0; t < options.titles; t++) {
    const p = publishers[Math.min(publishers.length - 1, Math.floor(publishers.length * rng.next() ** 2))]!;
    const base = `${p.canonical.split(' ')[0]} ${STEMS[t % STEMS.length]} ${Math.floor(t / STEMS.length)}${EDITIONS[rng.int(0, EDITIONS.length - 1)]}`;
    titles.push({ name: base, publisher: p.canonical, altName: rng.chance(0.5) ? `${base}®` : base.toUpperCase(), altPublisher: rng.chance(0.15) ? null : p.variant });
  }

  // Zipf (s = 1) popularity over the titles: cumulative weights, drawn by binary search.
  const cumulative = new Float64Array(options.titles);
  let sum = 0;
  for (let r = 0; r < options.titles; r++) cumulative[r] = sum += 1 / (r + 1);
  const draw = (): number => {
    const x = rng.next() * sum;
    let lo = 0;
    let hi = options.titles - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  const assetIds: string[] = [];
  const installs: SoftwareInstall[] = [];
  const devicesOf: string[][] = titles.map(() => []);
  for (let a = 0; a < options.assets; a++) {
    const assetId = rng.uuid();
    assetIds.push(assetId);
    const want = rng.int(minPer, maxPer);
    const chosen = new Set<number>();
    // Popular titles collide; past a few misses, take the next unpopular one.
    for (let misses = 0; chosen.size < want; ) {
      const t = misses > 50 ? rng.int(0, options.titles - 1) : draw();
      if (chosen.has(t)) misses += 1;
      else chosen.add(t);
    }
    for (const t of chosen) {
      const title = titles[t]!;
      devicesOf[t]!.push(assetId);
      const other = rng.chance(0.1);
      const version = `${rng.int(1, 24)}.${rng.int(0, 9)}.${rng.int(0, 999)}`;
      installs.push({ assetId, name: other ? title.altName : title.name, version, publisher: other ? title.altPublisher : title.publisher });
      // Two versions side by side on one device: one install for compliance.
      if (rng.chance(0.02)) installs.push({ assetId, name: title.name, version: `${rng.int(1, 24)}.0.0`, publisher: title.publisher });
    }
  }

  // Holders: 85 % of devices are held by someone; people hold one or two devices.
  const persons = Math.round(options.assets * 0.6);
  const personIds = Array.from({ length: persons }, () => rng.uuid());
  const holders = new Map<string, string>();
  for (const assetId of assetIds) if (rng.chance(0.85)) holders.set(assetId, rng.pick(personIds));

  // Licences for 80 % of the titles (the rest free or a gap): per device for 70 % of them,
  // per user for the rest; seats from well below the installs (over-used) to well above
  // (seats to spare), a few titles with none installed left at all (unused), a few with two
  // licences (a renewal). Seats are assigned for half of them: to devices that have the
  // title and a few that no longer do (per device), or to people (per user).
  const licences: Licence[] = [];
  const assignments: SeatAssignment[] = [];
  let licensedTitles = 0;
  let perUserTitles = 0;
  titles.forEach((title, t) => {
    if (!rng.chance(0.8)) return;
    licensedTitles += 1;
    const kind = rng.chance(0.7) ? 'per_device' : 'per_user';
    if (kind === 'per_user') perUserTitles += 1;
    const devices = devicesOf[t]!;
    const fit = rng.weighted([
      [0.6, 2],
      [1.0, 3],
      [1.3, 3],
      [3, 1],
    ] as const);
    const seats = Math.max(1, Math.round(devices.length * fit));
    const parts = rng.chance(0.1) ? [Math.ceil(seats / 2), Math.floor(seats / 2)] : [seats];
    for (const part of parts) {
      const licence: Licence = { id: rng.uuid(), name: title.name, publisher: title.publisher, seats: part, kind };
      licences.push(licence);
      if (!rng.chance(0.5)) continue;
      const given = Math.min(part, devices.length);
      for (let i = 0; i < given; i++) {
        const device = rng.chance(0.97) ? devices[rng.int(0, devices.length - 1)]! : rng.pick(assetIds);
        const person = holders.get(device);
        assignments.push(
          kind === 'per_user' && person !== undefined
            ? { licenceId: licence.id, target: { kind: 'person', id: person } }
            : { licenceId: licence.id, target: { kind: 'asset', id: device } },
        );
      }
    }
  });

  return { assetIds, installs, licences, assignments, holders, persons, licensedTitles, perUserTitles };
}
