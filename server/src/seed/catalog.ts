/**
 * The fixed content of the demo seed: sites, groups, staff, requesters, ticket and worklog
 * texts, and the hardware catalogue. seed/demo.ts combines these with a deterministic PRNG.
 * Everything here is fictional; e-mail addresses use the reserved example domain.
 */
import type { Priority, Role, TicketKind } from '@fielddesk/common/domain/entities';

export const DEMO_PASSWORD = 'fielddesk-demo';
export const EMAIL_DOMAIN = 'fielddesk.example';

export interface SiteSeed {
  code: string;
  name: string;
  timeZone: string;
  address: string;
  locations: string[];
}

export const SITES: SiteSeed[] = [
  {
    code: 'HQ',
    name: 'Headquarters',
    timeZone: 'America/New_York',
    address: '100 Harbor Street, Boston, MA 02110, USA',
    locations: ['Reception', 'Floor 2 - Finance', 'Floor 3 - Engineering', 'Floor 4 - Executive Suite', 'Training Room 3.14', 'Server Room B1'],
  },
  {
    code: 'DC',
    name: 'Distribution Center',
    timeZone: 'America/Chicago',
    address: '8400 Logistics Parkway, Joliet, IL 60431, USA',
    locations: ['Dock Office', 'Warehouse Floor', 'Shipping Desk', 'Break Room', 'Network Closet W2'],
  },
  {
    code: 'LAB',
    name: 'Research Lab',
    timeZone: 'Europe/Berlin',
    address: 'Forschungsweg 7, 10115 Berlin, Germany',
    locations: ['Lab 1 - Electronics', 'Lab 2 - Prototyping', 'Meeting Room Spree', 'Office Wing', 'Server Cabinet L0'],
  },
];

export const GROUPS = ['Field Support', 'Service Desk'] as const;
export type GroupName = (typeof GROUPS)[number];

export interface StaffSeed {
  username: string;
  displayName: string;
  role: Exclude<Role, 'requester'>;
  site: string | null;
  groups: GroupName[];
}

export const STAFF: StaffSeed[] = [
  { username: 'tech1', displayName: 'Alex Morgan', role: 'technician', site: 'HQ', groups: ['Field Support'] },
  { username: 'tech2', displayName: 'Priya Raman', role: 'technician', site: 'DC', groups: ['Field Support'] },
  { username: 'tech3', displayName: 'Jonas Becker', role: 'technician', site: 'LAB', groups: ['Field Support'] },
  { username: 'tech4', displayName: 'Maria Santos', role: 'technician', site: 'HQ', groups: ['Service Desk', 'Field Support'] },
  { username: 'tech5', displayName: 'Samuel Okafor', role: 'technician', site: 'DC', groups: ['Service Desk'] },
  { username: 'tech6', displayName: 'Lena Fischer', role: 'technician', site: 'LAB', groups: ['Service Desk'] },
  { username: 'desk1', displayName: 'Dana Whitfield', role: 'agent', site: 'HQ', groups: ['Service Desk'] },
  { username: 'admin', displayName: 'FieldDesk Administrator', role: 'admin', site: null, groups: [] },
];

/** 20 requesters: [display name, site code]. Usernames are first initial + last name. */
export const REQUESTERS: [string, string][] = [
  ['Olivia Bennett', 'HQ'],
  ['Marcus Lee', 'HQ'],
  ['Hannah Kowalski', 'HQ'],
  ['Daniel Price', 'HQ'],
  ['Sophie Turner', 'HQ'],
  ['Ethan Brooks', 'HQ'],
  ['Grace Nakamura', 'HQ'],
  ['Liam O\'Connor', 'HQ'],
  ['Ava Martinez', 'DC'],
  ['Noah Williams', 'DC'],
  ['Chloe Dubois', 'DC'],
  ['Lucas Silva', 'DC'],
  ['Mia Johansson', 'DC'],
  ['Benjamin Clark', 'DC'],
  ['Felix Wagner', 'LAB'],
  ['Emma Schulz', 'LAB'],
  ['Paul Hoffmann', 'LAB'],
  ['Clara Weber', 'LAB'],
  ['Tobias Richter', 'LAB'],
  ['Nina Petrova', 'LAB'],
];

export interface TicketTemplate {
  kind: TicketKind;
  /** A category of the ITSM configuration (common/itsm/defaults.ts) and one of its subcategories. */
  category: string;
  subcategory: string;
  /** Service requests: the catalog item asked for, when the request is one the catalog offers. */
  catalogItemId?: string;
  priority: Priority;
  /** {location}, {requester}, {site} are filled in. */
  title: string;
  description: string;
  /** Preferred group: field work on site, or remote work at the desk. */
  group: GroupName;
}

export const TICKET_TEMPLATES: TicketTemplate[] = [
  {
    kind: 'incident',
    category: 'Hardware',
    subcategory: 'Laptop',
    priority: 2,
    group: 'Field Support',
    title: "Laptop won't boot after overnight update",
    description:
      'My laptop installed updates overnight and now stops at a black screen with a spinning circle. I have tried holding the power button and restarting twice. I have a customer presentation this afternoon and all my files are on it.',
  },
  {
    kind: 'incident',
    category: 'Printing',
    subcategory: 'Printer',
    priority: 3,
    group: 'Field Support',
    title: 'Printer in {location} jams on every job',
    description:
      'The shared printer in {location} jams on every print job, usually on the second page. We cleared the paper path and replaced the paper but it keeps happening. The display shows "Paper jam in tray 2".',
  },
  {
    kind: 'incident',
    category: 'Network',
    subcategory: 'VPN',
    priority: 2,
    group: 'Service Desk',
    title: 'VPN disconnects every few minutes',
    description:
      'Since Monday the VPN client drops the connection every five to ten minutes when working from home. Reconnecting works, but Teams calls and file copies break each time. Home internet is otherwise fine.',
  },
  {
    kind: 'incident',
    category: 'Email',
    subcategory: 'Mailbox',
    priority: 3,
    group: 'Service Desk',
    title: 'Outlook keeps asking for my password',
    description:
      'Outlook pops up a password prompt every few minutes even though I enter the correct password. Webmail works fine. This started after I changed my password last week.',
  },
  {
    kind: 'incident',
    category: 'Network',
    subcategory: 'Wi-Fi',
    priority: 3,
    group: 'Field Support',
    title: 'No Wi-Fi in {location}',
    description:
      'Laptops in {location} show the corporate Wi-Fi with one bar or not at all. Several people are affected and have to sit in the corridor to join meetings. It was fine until about two days ago.',
  },
  {
    kind: 'incident',
    category: 'Hardware',
    subcategory: 'Monitor',
    priority: 4,
    group: 'Field Support',
    title: 'External monitor flickers when docked',
    description:
      'My second monitor flickers and goes black for a second every few minutes when the laptop is in the docking station. Swapping the cable did not help. The laptop screen itself is fine.',
  },
  {
    kind: 'incident',
    category: 'Access',
    subcategory: 'Permissions',
    priority: 3,
    group: 'Service Desk',
    title: 'Shared drive S: no longer maps at login',
    description:
      'The S: drive does not appear after login any more. I can reach it by typing the server path, but my spreadsheets have links to S: and they all show errors now.',
  },
  {
    kind: 'incident',
    category: 'Access',
    subcategory: 'Badge',
    priority: 2,
    group: 'Field Support',
    title: 'Badge reader at {location} not opening the door',
    description:
      'The badge reader next to {location} blinks red for every badge since this morning. People are being let in by hand. The reader seems powered but does not react to valid badges.',
  },
  {
    kind: 'incident',
    category: 'Telephony',
    subcategory: 'Desk phone',
    priority: 3,
    group: 'Field Support',
    title: 'Desk phone has no dial tone',
    description:
      'The desk phone at my workstation in {location} shows "No service" and has no dial tone. The network cable is plugged in and the laptop on the same desk has network.',
  },
  {
    kind: 'incident',
    category: 'Hardware',
    subcategory: 'Docking station',
    priority: 2,
    group: 'Field Support',
    title: 'Blue screen when connecting to the dock',
    description:
      'My laptop crashes with a blue screen (DRIVER_POWER_STATE_FAILURE) whenever I connect it to the docking station. It works normally when undocked.',
  },
  {
    kind: 'incident',
    category: 'Software',
    subcategory: 'Crash',
    priority: 3,
    group: 'Service Desk',
    title: 'ERP client crashes when printing invoices',
    description:
      'The ERP client closes without any message when I print an invoice batch. Single invoices print fine. Colleagues in {location} see the same thing since the last update.',
  },
  {
    kind: 'incident',
    category: 'Network',
    subcategory: 'Wi-Fi',
    priority: 1,
    group: 'Field Support',
    title: 'Handheld scanners offline at {site}',
    description:
      'All handheld scanners at {site} lost their connection at the start of the shift. Picking and shipping are stopped. The access points in the warehouse show a steady orange light.',
  },
  {
    kind: 'incident',
    category: 'Facilities IT',
    subcategory: 'Display',
    priority: 3,
    group: 'Field Support',
    title: 'Conference room display shows "No signal"',
    description:
      'The wall display in {location} shows "No signal" with every laptop we connect, using both the HDMI cable and the wireless presenter. Meetings are moving to other rooms.',
  },
  {
    kind: 'incident',
    category: 'Security',
    subcategory: 'Phishing',
    priority: 2,
    group: 'Service Desk',
    title: 'Suspicious e-mail asking to confirm payroll details',
    description:
      'I received an e-mail that looks like it comes from HR asking me to confirm my bank details on an external page. I did not click the link. Several colleagues received the same message.',
  },
  {
    kind: 'service_request',
    category: 'Onboarding',
    subcategory: 'New starter',
    catalogItemId: 'new-starter',
    priority: 3,
    group: 'Field Support',
    title: 'New starter setup for {requester}',
    description:
      'Please prepare a laptop, docking station, headset and accounts for {requester}, who starts on Monday in {location}. They need the standard office apps and access to the team shared drive.',
  },
  {
    kind: 'service_request',
    category: 'Software',
    subcategory: 'Installation',
    catalogItemId: 'software-install',
    priority: 4,
    group: 'Service Desk',
    title: 'Install Visio for {requester}',
    description: 'Please install Microsoft Visio for {requester}; the licence was approved by their manager. They need it for process diagrams by the end of the week.',
  },
  {
    kind: 'service_request',
    category: 'Access',
    subcategory: 'Permissions',
    catalogItemId: 'access-request',
    priority: 4,
    group: 'Service Desk',
    title: 'Access to the Finance shared folder',
    description: 'I need read and write access to the Finance shared folder for the quarterly close. My manager has approved this by e-mail; it is attached to this request.',
  },
  {
    kind: 'service_request',
    category: 'Printing',
    subcategory: 'Toner',
    catalogItemId: 'toner-replacement',
    priority: 4,
    group: 'Field Support',
    title: 'Replace toner in {location} printer',
    description: 'The printer in {location} reports toner low (black) and prints are getting faint. Please replace the cartridge; there are spares in the supply cabinet.',
  },
  {
    kind: 'service_request',
    category: 'Hardware',
    subcategory: 'Monitor',
    catalogItemId: 'second-monitor',
    priority: 4,
    group: 'Field Support',
    title: 'Second monitor for desk in {location}',
    description: 'Please set up a second monitor at my desk in {location}. I work with large spreadsheets and the approval from my manager is attached.',
  },
  {
    kind: 'service_request',
    category: 'Onboarding',
    subcategory: 'Move',
    catalogItemId: 'desk-move',
    priority: 4,
    group: 'Field Support',
    title: 'Move workstation to {location}',
    description: 'My team is moving to {location} next week. Please move my desktop, phone and monitors and check the network port at the new desk.',
  },
  {
    kind: 'service_request',
    category: 'Hardware',
    subcategory: 'Laptop',
    catalogItemId: 'new-laptop',
    priority: 3,
    group: 'Field Support',
    title: 'Replacement laptop battery',
    description: 'My laptop battery lasts less than an hour and the battery report shows 40% of its design capacity. Please replace the battery or the laptop.',
  },
  {
    kind: 'service_request',
    category: 'Onboarding',
    subcategory: 'Leaver',
    catalogItemId: 'leaver',
    priority: 3,
    group: 'Service Desk',
    title: 'Remove access for leaver {requester}',
    description: 'Please disable the accounts of {requester}, who leaves on Friday, and collect their laptop and badge. Their mailbox should be shared with their manager for 30 days.',
  },
  {
    kind: 'service_request',
    category: 'Telephony',
    subcategory: 'Mobile',
    catalogItemId: 'mobile-phone',
    priority: 4,
    group: 'Service Desk',
    title: 'New mobile phone for {requester}',
    description: 'Please order and enrol a company mobile phone for {requester}. The old phone has a cracked screen and will be returned when the new one arrives.',
  },
  {
    kind: 'service_request',
    category: 'Facilities IT',
    subcategory: 'Meeting room',
    priority: 4,
    group: 'Field Support',
    title: 'Set up video conferencing in {location}',
    description: 'We would like {location} to have a camera, speakerphone and a display for video calls. The room is used for customer meetings several times a week.',
  },
];

export const ON_HOLD_REASONS = [
  'Waiting for the replacement part from the vendor (RMA opened).',
  'Waiting for the requester to be back in the office.',
  'Waiting for manager approval of the purchase.',
  'Vendor support case open; waiting for their engineer.',
  'Scheduled for the next maintenance window.',
];

/** Resolution codes are those of the ITSM configuration (common/itsm/defaults.ts resolutionCodes). */
export const RESOLUTIONS: Record<TicketKind, { code: string; notes: string }[]> = {
  incident: [
    { code: 'Fixed', notes: 'Found the cause and fixed it on site. Tested with the requester, who confirmed it works.' },
    { code: 'Replaced hardware', notes: 'Replaced the faulty unit with a spare from stock and updated the asset record. Old unit sent for repair.' },
    { code: 'Workaround provided', notes: 'Applied a workaround until the vendor ships a fix; the requester knows how to apply it again if needed.' },
    { code: 'Configuration change', notes: 'Corrected the configuration (driver / profile reset) and restarted. Problem did not come back during testing.' },
    { code: 'User education', notes: 'Showed the requester how to avoid the problem; nothing was broken.' },
    { code: 'No fault found', notes: 'Could not reproduce the problem on site after extensive testing. Asked the requester to reopen if it happens again.' },
  ],
  service_request: [
    { code: 'Fixed', notes: 'Request fulfilled as asked and confirmed with the requester.' },
    { code: 'Fixed', notes: 'Installed, configured and handed over. Requester signed the handover sheet.' },
    { code: 'Workaround provided', notes: 'Delivered the main items; the remaining accessory is on back order and tracked separately.' },
    { code: 'Cancelled by requester', notes: 'The requester no longer needs this; closed on their request.' },
  ],
  problem: [
    { code: 'Fixed', notes: 'The permanent fix is rolled out to every affected device and no new incident has been linked for two weeks.' },
    { code: 'Configuration change', notes: 'The corrected configuration is deployed by policy; the linked incidents were resolved with it.' },
    { code: 'Replaced hardware', notes: 'The faulty batch was replaced under warranty; the vendor confirmed the defect.' },
  ],
};

/** Worklog bodies by ticket phase. */
export const WORKLOG_TEXTS = {
  triage: [
    'Triaged and routed to the right group. Asked the requester for the asset tag.',
    'Called the requester to get more detail; they can reproduce it reliably.',
    'Checked the knowledge base; no known issue matches. Passing to field support.',
  ],
  work: [
    'Remote session: collected logs and event viewer entries for analysis.',
    'On site: checked cabling and power, reseated the connections.',
    'Updated drivers and firmware to the current approved versions.',
    'Tested with a spare unit to rule out the hardware.',
    'Spoke with the vendor support line; they suggested a configuration change.',
    'Ran diagnostics; results attached to the asset record.',
    'Travelled to site and met the requester at their desk.',
  ],
  hold: ['Ordered the replacement part; expected in 3-5 working days.', 'Left a voicemail for the requester to arrange a visit.'],
  finish: ['Verified the fix with the requester and closed the loop.', 'Handed over, updated the asset record and documentation.'],
} as const;

export interface HardwareModel {
  type: string;
  manufacturer: string;
  model: string;
  /** Hostname / label prefix for the asset name. */
  prefix: string;
  /** How a serial of this make looks: A = letter, 9 = digit, H = hex digit, anything else literal. */
  serialPattern: string;
  /** Shared infrastructure is placed in a location, not assigned to a person. */
  shared: boolean;
  weight: number;
}

export const HARDWARE: HardwareModel[] = [
  { type: 'laptop', manufacturer: 'Dell', model: 'Latitude 5440', prefix: 'LT', serialPattern: 'A9AA9A9', shared: false, weight: 14 },
  { type: 'laptop', manufacturer: 'Lenovo', model: 'ThinkPad T14 Gen 4', prefix: 'LT', serialPattern: 'PF9A9A9A', shared: false, weight: 12 },
  { type: 'laptop', manufacturer: 'HP', model: 'EliteBook 840 G10', prefix: 'LT', serialPattern: '5CG9999AAA', shared: false, weight: 8 },
  { type: 'laptop', manufacturer: 'Apple', model: 'MacBook Pro 14-inch (M3)', prefix: 'MB', serialPattern: 'AAAA9AA9AA', shared: false, weight: 4 },
  { type: 'desktop', manufacturer: 'Dell', model: 'OptiPlex 7010', prefix: 'PC', serialPattern: 'A9AA9A9', shared: false, weight: 8 },
  { type: 'desktop', manufacturer: 'Lenovo', model: 'ThinkCentre M70q Gen 4', prefix: 'PC', serialPattern: 'MJ9A9A9A', shared: false, weight: 5 },
  { type: 'monitor', manufacturer: 'Dell', model: 'P2723DE', prefix: 'MON', serialPattern: 'CN-9A9A9A-99999-999-A9AA', shared: false, weight: 12 },
  { type: 'monitor', manufacturer: 'LG', model: '27UL500-W', prefix: 'MON', serialPattern: '999AAAA99999', shared: false, weight: 6 },
  { type: 'dock', manufacturer: 'Lenovo', model: 'ThinkPad Universal USB-C Dock', prefix: 'DCK', serialPattern: 'ZA9A9A9A', shared: false, weight: 6 },
  { type: 'dock', manufacturer: 'Dell', model: 'WD19S', prefix: 'DCK', serialPattern: 'A9AA9A9', shared: false, weight: 5 },
  { type: 'phone', manufacturer: 'Yealink', model: 'T54W', prefix: 'TEL', serialPattern: '9999999999999999', shared: false, weight: 5 },
  { type: 'mobile', manufacturer: 'Apple', model: 'iPhone 15', prefix: 'MOB', serialPattern: 'AAAA9AA9AA', shared: false, weight: 4 },
  { type: 'scanner', manufacturer: 'Zebra', model: 'TC52', prefix: 'HHS', serialPattern: '99999999999999', shared: true, weight: 4 },
  { type: 'printer', manufacturer: 'HP', model: 'LaserJet Pro M404dn', prefix: 'PRN', serialPattern: 'PHB9A99999', shared: true, weight: 3 },
  { type: 'printer', manufacturer: 'Brother', model: 'HL-L6400DW', prefix: 'PRN', serialPattern: 'E99999A9A999999', shared: true, weight: 2 },
  { type: 'switch', manufacturer: 'Cisco', model: 'Catalyst 9200L-48P', prefix: 'SW', serialPattern: 'JAE9999A9AA', shared: true, weight: 2 },
  { type: 'access point', manufacturer: 'Ubiquiti', model: 'U6-Pro', prefix: 'AP', serialPattern: 'HHHHHHHHHHHH', shared: true, weight: 3 },
  { type: 'display', manufacturer: 'Samsung', model: 'QM55C', prefix: 'DSP', serialPattern: '9999AAAA999999A', shared: true, weight: 2 },
];
