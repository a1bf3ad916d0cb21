import { describe, expect, it } from 'vitest';
import {
  licenceCompliance,
  LicenceSchema,
  normalisePublisher,
  normaliseSoftwareName,
  SeatAssignmentSchema,
  type Licence,
  type LicenceKind,
  type SeatAssignment,
  type SoftwareInstall,
  type TitleCompliance,
} from './compliance';

const uuid = (n: number) => `0190a4b2-0000-7000-8000-${String(n).padStart(12, '0')}`;
const [PC1, PC2, PC3, PC4, PC5, PC6] = [1, 2, 3, 4, 5, 6].map(uuid) as [string, string, string, string, string, string];
const [ALICE, BOB, CAROL, DAVE] = [11, 12, 13, 14].map(uuid) as [string, string, string, string];
// PC5 is held by no one (a kiosk); PC4 by Carol, who has nothing else.
const holders = new Map([
  [PC1, ALICE],
  [PC2, ALICE],
  [PC3, BOB],
  [PC4, CAROL],
  [PC6, DAVE],
]);

let n = 100;
const licence = (name: string, publisher: string | null, seats: number, kind: LicenceKind): Licence => ({ id: uuid(++n), name, publisher, seats, kind });
const install = (assetId: string, name: string, publisher: string | null, version: string | null = '1.0'): SoftwareInstall => ({ assetId, name, publisher, version });
const toAsset = (l: Licence, id: string): SeatAssignment => ({ licenceId: l.id, target: { kind: 'asset', id } });
const toPerson = (l: Licence, id: string): SeatAssignment => ({ licenceId: l.id, target: { kind: 'person', id } });

describe('normalising titles', () => {
  it.each([
    ['Microsoft® Office Professional Plus 2021', 'microsoft office professional plus 2021'],
    ['  microsoft   Office\tProfessional Plus 2021 ', 'microsoft office professional plus 2021'],
    ['Adobe Acrobat™ Reader DC', 'adobe acrobat reader dc'],
    ['Ｍｏｚｉｌｌａ Firefox', 'mozilla firefox'],
    ['Mozilla Firefox (x64 en-US)', 'mozilla firefox (x64 en-us)'],
    ['7-Zip 23.01 (x64)', '7-zip 23.01 (x64)'],
  ])('name %j → %j', (name, normalised) => {
    expect(normaliseSoftwareName(name)).toBe(normalised);
  });

  it.each<[string | null, string]>([
    ['Microsoft Corporation', 'microsoft'],
    ['Microsoft Corp.', 'microsoft'],
    ['MICROSOFT', 'microsoft'],
    ['Adobe Inc.', 'adobe'],
    ['Adobe Systems Incorporated', 'adobe systems'],
    ['Oracle America, Inc.', 'oracle america'],
    ['SAP SE', 'sap se'],
    ['TeamViewer Germany GmbH', 'teamviewer germany'],
    ['Foo Co., Ltd.', 'foo'],
    ['Opera Norway AS', 'opera norway'],
    ['Vendor S.A.', 'vendor'],
    ['Vendor SA', 'vendor'],
    ['Acme L.L.C.', 'acme'],
    ['J.R. Software', 'jr software'],
    ['AS', 'as'],
    ['Inc.', 'inc'],
    ['   ', ''],
    [null, ''],
  ])('publisher %j → %j', (publisher, normalised) => {
    expect(normalisePublisher(publisher)).toBe(normalised);
  });
});

describe('licenceCompliance', () => {
  const office = licence('Microsoft Office Professional Plus 2021', 'Microsoft Corporation', 3, 'per_device');
  const visio = licence('Microsoft Visio Professional 2021', 'Microsoft Corporation', 2, 'per_user');
  const photoshop = licence('Adobe Photoshop 2024', 'Adobe Inc.', 5, 'per_device');
  const acrobat = licence('Adobe Acrobat Pro', 'Adobe Inc.', 10, 'per_device');
  const autocadSeat = licence('AutoCAD 2025', 'Autodesk, Inc.', 1, 'per_device');
  const autocadUser = licence('AutoCAD 2025', 'Autodesk', 1, 'per_user');
  const licences = [office, visio, photoshop, acrobat, autocadSeat, autocadUser];

  const installs = [
    // Office: four devices, spelt four ways (two versions on PC1 are one install; PC5's has no publisher).
    install(PC1, 'Microsoft® Office Professional Plus 2021', 'Microsoft Corp.', '16.0.1'),
    install(PC1, 'Microsoft Office Professional Plus 2021', 'Microsoft Corporation', '16.0.2'),
    install(PC2, 'microsoft  office professional plus 2021', 'Microsoft Corporation'),
    install(PC3, 'Microsoft Office Professional Plus 2021', 'MICROSOFT CORPORATION'),
    install(PC5, 'Microsoft Office Professional Plus 2021', null),
    // Visio, per user: Alice on two devices, Bob, and the kiosk nobody holds.
    install(PC1, 'Microsoft Visio Professional 2021', 'Microsoft Corporation'),
    install(PC2, 'Microsoft Visio Professional 2021', 'Microsoft Corporation'),
    install(PC3, 'Microsoft Visio Professional 2021', 'Microsoft Corporation'),
    install(PC5, 'Microsoft Visio Professional 2021', 'Microsoft Corporation'),
    // Photoshop: one device.
    install(PC6, 'Adobe Photoshop 2024', 'Adobe Inc'),
    // AutoCAD, licences of both kinds: Alice's two devices.
    install(PC1, 'AutoCAD 2025', 'Autodesk'),
    install(PC2, 'AutoCAD 2025', 'Autodesk Inc.'),
    // No licence at all.
    install(PC1, 'Notepad++', 'Notepad++ Team'),
    install(PC2, 'Notepad++', 'Notepad++ Team'),
    install(PC3, 'Notepad++', 'Notepad++ Team'),
    // One name, two publishers, and one install that says none: three titles.
    install(PC1, 'Java 8', 'Oracle Corporation'),
    install(PC2, 'Java 8', 'Azul Systems, Inc.'),
    install(PC3, 'Java 8', null),
  ];

  const assignments = [
    toAsset(office, PC1),
    toAsset(office, PC4), // PC4 does not have Office: a seat to take back
    toPerson(office, BOB), // covers PC3
    toPerson(visio, ALICE), // covers PC1 and PC2
    toPerson(visio, CAROL), // Carol's PC4 has no Visio
    toAsset(photoshop, PC6),
    toPerson(autocadUser, ALICE),
    { licenceId: uuid(999), target: { kind: 'asset', id: PC1 } } satisfies SeatAssignment, // a licence not given: counts nowhere
  ];

  const result = licenceCompliance({ licences, assignments, installs, holders });
  const byName = new Map(result.map((t) => [`${t.name} / ${t.publisher ?? '-'}`, t]));

  type Row = Pick<
    TitleCompliance,
    'kind' | 'seatsOwned' | 'seatsAssigned' | 'installs' | 'licensedInstalls' | 'unlicensedInstalls' | 'used' | 'overUsed' | 'unusedSeats' | 'assignedNotInstalled'
  >;
  const row = (kind: Row['kind'], seatsOwned: number, seatsAssigned: number, installs: number, licensedInstalls: number, used: number, assignedNotInstalled: number): Row => ({
    kind,
    seatsOwned,
    seatsAssigned,
    installs,
    licensedInstalls,
    unlicensedInstalls: installs - licensedInstalls,
    used,
    overUsed: Math.max(0, used - seatsOwned),
    unusedSeats: Math.max(0, seatsOwned - used),
    assignedNotInstalled,
  });

  const cases: [string, string, Row][] = [
    ['per device, spellings joined, one device over', 'Microsoft Office Professional Plus 2021 / Microsoft Corporation', row('per_device', 3, 3, 4, 2, 4, 1)],
    ['per user: Alice counts once, the kiosk counts as its own user', 'Microsoft Visio Professional 2021 / Microsoft Corporation', row('per_user', 2, 2, 4, 2, 3, 1)],
    ['per device, seats to spare', 'Adobe Photoshop 2024 / Adobe Inc.', row('per_device', 5, 1, 1, 1, 1, 0)],
    ['a licence nothing has installed', 'Adobe Acrobat Pro / Adobe Inc.', row('per_device', 10, 0, 0, 0, 0, 0)],
    ['licences of both kinds: counted per device, flagged mixed', 'AutoCAD 2025 / Autodesk, Inc.', row('mixed', 2, 1, 2, 2, 2, 0)],
    ['no licence: every install unlicensed', 'Notepad++ / Notepad++ Team', row(null, 0, 0, 3, 0, 3, 0)],
    ['a name with two publishers: each its own title', 'Java 8 / Oracle Corporation', row(null, 0, 0, 1, 0, 1, 0)],
    ['…the other publisher', 'Java 8 / Azul Systems, Inc.', row(null, 0, 0, 1, 0, 1, 0)],
    ['…and the install without a publisher stays apart: we do not guess', 'Java 8 / -', row(null, 0, 0, 1, 0, 1, 0)],
  ];
  it.each(cases)('%s', (_, name, expected) => {
    const title = byName.get(name);
    expect(title, `no title ${name} in ${[...byName.keys()].join(', ')}`).toBeDefined();
    expect(title).toMatchObject(expected);
  });

  it('reports every title once, licensed titles first, most over-used first', () => {
    expect(result.map((t) => t.name)).toEqual([
      'Microsoft Office Professional Plus 2021',
      'Microsoft Visio Professional 2021',
      'Adobe Acrobat Pro',
      'Adobe Photoshop 2024',
      'AutoCAD 2025',
      'Notepad++',
      'Java 8',
      'Java 8',
      'Java 8',
    ]);
  });

  it('names a title as its licence writes it and lists its licences', () => {
    const autocad = byName.get('AutoCAD 2025 / Autodesk, Inc.');
    expect(autocad?.licenceIds).toEqual([autocadSeat.id, autocadUser.id]);
    expect(autocad?.key).toBe('autocad 2025\u0000autodesk');
  });

  it('a licence without a publisher joins the one publisher its name has', () => {
    const [title] = licenceCompliance({ licences: [licence('Slack', null, 1, 'per_user')], assignments: [], installs: [install(PC1, 'Slack', 'Slack Technologies Inc.')], holders });
    expect(title).toMatchObject({ name: 'Slack', publisher: null, installs: 1, used: 1, overUsed: 0, key: 'slack\u0000slack technologies' });
  });

  it('a per-user title held by one person on many devices takes one seat', () => {
    const l = licence('Tableau Desktop', 'Tableau', 1, 'per_user');
    const [title] = licenceCompliance({ licences: [l], assignments: [toPerson(l, ALICE)], installs: [install(PC1, 'Tableau Desktop', 'Tableau'), install(PC2, 'Tableau Desktop', 'Tableau')], holders });
    expect(title).toMatchObject({ installs: 2, licensedInstalls: 2, used: 1, overUsed: 0, unusedSeats: 0 });
  });

  it('more seats assigned than owned is reported as it is', () => {
    const l = licence('WinRAR', 'win.rar GmbH', 1, 'per_device');
    const [title] = licenceCompliance({ licences: [l], assignments: [toAsset(l, PC1), toAsset(l, PC2)], installs: [], holders });
    expect(title).toMatchObject({ seatsOwned: 1, seatsAssigned: 2, assignedNotInstalled: 2, unusedSeats: 1 });
  });

  it('nothing in, nothing out', () => {
    expect(licenceCompliance({ licences: [], assignments: [], installs: [], holders: new Map() })).toEqual([]);
  });

  it('reads the installs once (a generator is fine)', () => {
    function* rows() {
      yield install(PC1, 'Zoom', 'Zoom Video Communications, Inc.');
      yield install(PC2, 'Zoom', 'Zoom Video Communications, Inc.');
    }
    expect(licenceCompliance({ licences: [], assignments: [], installs: rows(), holders })[0]).toMatchObject({ installs: 2 });
  });

  it('groups the installs of many devices under their titles', () => {
    const many = Array.from({ length: 20_000 }, (_, i) => install(uuid(10_000 + i), `Title ${i % 200}`, 'Vendor'));
    const titles = licenceCompliance({ licences: [], assignments: [], installs: many, holders: new Map() });
    expect(titles).toHaveLength(200);
    expect(titles.every((t) => t.installs === 100)).toBe(true);
  });
});

describe('schemas', () => {
  it.each([
    ['a licence', LicenceSchema, licence('Office', 'Microsoft', 10, 'per_device'), true],
    ['a licence with no seats', LicenceSchema, licence('Office', 'Microsoft', 0, 'per_user'), true],
    ['a licence with negative seats', LicenceSchema, licence('Office', 'Microsoft', -1, 'per_device'), false],
    ['a licence with half a seat', LicenceSchema, licence('Office', 'Microsoft', 1.5, 'per_device'), false],
    ['a licence of another kind', LicenceSchema, { ...licence('Office', 'Microsoft', 1, 'per_device'), kind: 'per_core' }, false],
    ['a licence with a blank name', LicenceSchema, licence('  ', 'Microsoft', 1, 'per_device'), false],
    ['an assignment to a person', SeatAssignmentSchema, { licenceId: uuid(1), target: { kind: 'person', id: ALICE } }, true],
    ['an assignment to a location', SeatAssignmentSchema, { licenceId: uuid(1), target: { kind: 'location', id: ALICE } }, false],
  ] as const)('%s: %s', (_, schema, value, ok) => {
    expect(schema.safeParse(value).success).toBe(ok);
  });
});
