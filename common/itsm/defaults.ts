import { ITSM_CONFIG_ID, type BusinessCalendar, type ItsmConfig } from './config';

/**
 * The configuration a new server starts with (an administrator changes it through
 * PUT /api/admin/itsm-config), and what the app assumes until its first sync brings the
 * server's. ITIL's usual 3 x 3 matrix; targets in business minutes.
 */

const weekdays = (start: string, end: string) => [1, 2, 3, 4, 5].map((day) => ({ day, start, end }));

/** US federal holidays 2026-2027 (observed dates). */
const US_HOLIDAYS: BusinessCalendar['holidays'] = [
  { date: '2026-01-01', name: "New Year's Day" },
  { date: '2026-05-25', name: 'Memorial Day' },
  { date: '2026-07-03', name: 'Independence Day (observed)' },
  { date: '2026-09-07', name: 'Labor Day' },
  { date: '2026-11-26', name: 'Thanksgiving Day' },
  { date: '2026-12-25', name: 'Christmas Day' },
  { date: '2027-01-01', name: "New Year's Day" },
  { date: '2027-05-31', name: 'Memorial Day' },
  { date: '2027-07-05', name: 'Independence Day (observed)' },
  { date: '2027-09-06', name: 'Labor Day' },
  { date: '2027-11-25', name: 'Thanksgiving Day' },
  { date: '2027-12-24', name: 'Christmas Day (observed)' },
];

/** German public holidays 2026-2027 (national ones). */
const DE_HOLIDAYS: BusinessCalendar['holidays'] = [
  { date: '2026-01-01', name: 'Neujahr' },
  { date: '2026-04-03', name: 'Karfreitag' },
  { date: '2026-04-06', name: 'Ostermontag' },
  { date: '2026-05-01', name: 'Tag der Arbeit' },
  { date: '2026-05-14', name: 'Christi Himmelfahrt' },
  { date: '2026-05-25', name: 'Pfingstmontag' },
  { date: '2026-10-03', name: 'Tag der Deutschen Einheit' },
  { date: '2026-12-25', name: 'Weihnachtstag' },
  { date: '2026-12-26', name: 'Zweiter Weihnachtstag' },
  { date: '2027-01-01', name: 'Neujahr' },
  { date: '2027-03-26', name: 'Karfreitag' },
  { date: '2027-03-29', name: 'Ostermontag' },
  { date: '2027-05-01', name: 'Tag der Arbeit' },
  { date: '2027-05-06', name: 'Christi Himmelfahrt' },
  { date: '2027-05-17', name: 'Pfingstmontag' },
  { date: '2027-10-03', name: 'Tag der Deutschen Einheit' },
  { date: '2027-12-25', name: 'Weihnachtstag' },
  { date: '2027-12-26', name: 'Zweiter Weihnachtstag' },
];

export const DEFAULT_ITSM_CONFIG: ItsmConfig = {
  id: ITSM_CONFIG_ID,
  priorityMatrix: [
    [1, 2, 3],
    [2, 3, 4],
    [3, 4, 5],
  ],
  calendars: [
    { id: '24x7', name: 'Around the clock', timeZone: 'UTC', hours: [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, start: '00:00', end: '24:00' })), holidays: [] },
    { id: 'us-business', name: 'US business hours (New York)', timeZone: 'America/New_York', hours: weekdays('08:00', '18:00'), holidays: US_HOLIDAYS },
    { id: 'eu-business', name: 'EU business hours (Berlin)', timeZone: 'Europe/Berlin', hours: weekdays('08:00', '17:00'), holidays: DE_HOLIDAYS },
  ],
  slaPolicies: [
    { priority: 1, name: 'P1 Critical', responseMinutes: 15, resolutionMinutes: 4 * 60, calendarId: '24x7' },
    { priority: 2, name: 'P2 High', responseMinutes: 30, resolutionMinutes: 8 * 60, calendarId: 'us-business' },
    { priority: 3, name: 'P3 Medium', responseMinutes: 4 * 60, resolutionMinutes: 3 * 10 * 60, calendarId: 'us-business' },
    { priority: 4, name: 'P4 Low', responseMinutes: 8 * 60, resolutionMinutes: 5 * 10 * 60, calendarId: 'us-business' },
    { priority: 5, name: 'P5 Planning', responseMinutes: 2 * 10 * 60, resolutionMinutes: 20 * 10 * 60, calendarId: 'us-business' },
  ],
  slaWarningPercent: 75,
  reopenPeriodDays: 7,
  categories: [
    { name: 'Hardware', subcategories: ['Laptop', 'Desktop', 'Monitor', 'Docking station', 'Peripheral'] },
    { name: 'Software', subcategories: ['Installation', 'License', 'Crash', 'Update'] },
    { name: 'Network', subcategories: ['Wi-Fi', 'Wired', 'VPN', 'Switch', 'Firewall'] },
    { name: 'Email', subcategories: ['Mailbox', 'Distribution list', 'Calendar'] },
    { name: 'Access', subcategories: ['Account', 'Password', 'Permissions', 'Badge'] },
    { name: 'Printing', subcategories: ['Printer', 'Toner', 'Scanner', 'Queue'] },
    { name: 'Telephony', subcategories: ['Desk phone', 'Mobile', 'Headset'] },
    { name: 'Security', subcategories: ['Phishing', 'Malware', 'Lost device'] },
    { name: 'Facilities IT', subcategories: ['Meeting room', 'Display', 'Cabling'] },
    { name: 'Onboarding', subcategories: ['New starter', 'Leaver', 'Move'] },
  ],
  resolutionCodes: ['Fixed', 'Workaround provided', 'Replaced hardware', 'Configuration change', 'User education', 'Duplicate', 'No fault found', 'Cancelled by requester'],
  catalog: [
    {
      id: 'new-laptop',
      name: 'New laptop',
      category: 'Hardware',
      description: 'A standard laptop for a new starter or a replacement, imaged and enrolled.',
      tasks: ['Approve budget', 'Pick a laptop from stock', 'Image and enrol the laptop', 'Hand over to the requester'],
    },
    {
      id: 'software-install',
      name: 'Software installation',
      category: 'Software',
      description: 'Install licensed software from the approved catalog.',
      tasks: ['Check the license is available', 'Install and verify'],
    },
    {
      id: 'new-starter',
      name: 'New starter setup',
      category: 'Onboarding',
      description: 'Accounts, equipment and desk for a new colleague.',
      tasks: ['Create accounts', 'Prepare laptop and phone', 'Set up desk and badge', 'Welcome session'],
    },
    {
      id: 'access-request',
      name: 'Access to a shared folder or application',
      category: 'Access',
      description: 'Grant access once the owner approves.',
      tasks: ['Get owner approval', 'Grant access and confirm'],
    },
    {
      id: 'toner-replacement',
      name: 'Toner replacement',
      category: 'Printing',
      description: 'Replace a printer cartridge from the supply cabinet and check print quality.',
      tasks: ['Replace the cartridge and print a test page'],
    },
    {
      id: 'second-monitor',
      name: 'Second monitor',
      category: 'Hardware',
      description: "An additional monitor at a desk, with the manager's approval.",
      tasks: ['Check the approval', 'Pick a monitor from stock', 'Install and arrange the displays'],
    },
    {
      id: 'leaver',
      name: 'Leaver: remove access and collect equipment',
      category: 'Onboarding',
      description: 'Disable accounts, share the mailbox with the manager and collect laptop and badge.',
      tasks: ['Disable accounts', 'Share the mailbox with the manager', 'Collect laptop, phone and badge'],
    },
    {
      id: 'mobile-phone',
      name: 'Company mobile phone',
      category: 'Telephony',
      description: 'Order, enrol and hand over a company mobile phone.',
      tasks: ['Order the phone', 'Enrol in device management', 'Hand over and collect the old phone'],
    },
    {
      id: 'desk-move',
      name: 'Desk move',
      category: 'Facilities IT',
      description: 'Move equipment and network ports to a new desk.',
      tasks: ['Patch the network port', 'Move and reconnect equipment'],
    },
  ],
  rev: 0,
};
