/**
 * Fixed content for the service-desk layer of the demo (seed/demo-desk.ts): problems with
 * their root causes and workarounds, task templates, replies to requesters, and which
 * assets, configuration items and knowledge articles fit a ticket's category. Everything
 * here is fictional.
 */
import type { Level } from '@fielddesk/common/itsm/config';
import type { TicketStatus } from '@fielddesk/common/itsm/lifecycle';
import type { GroupName } from './catalog';

export interface ProblemSeed {
  title: string;
  description: string;
  category: string;
  subcategory: string;
  impact: Level;
  urgency: Level;
  status: TicketStatus;
  group: GroupName;
  /** Site code when the problem belongs to one site; null: company-wide. */
  site: string | null;
  /** Null while the problem is still being investigated. */
  rootCause: string | null;
  /** Set on known errors (and only there: a workaround makes little sense without a root cause). */
  workaround: string | null;
  /** Incidents of the core set whose title matches are linked to this problem (problemId). */
  incidents: RegExp | null;
  /** How many matching incidents are linked at most. */
  linkCount: number;
  /** Site-scoped configuration items (by name suffix, e.g. "print01") the problem is about. */
  ciSuffix?: string;
}

export const PROBLEMS: ProblemSeed[] = [
  {
    title: 'USB-C docks cause blue screens and flickering monitors after dock firmware 1.0.40',
    description: 'Since the dock firmware rollout, laptops on Lenovo and Dell USB-C docks blue-screen when connected or lose the external monitors for a few seconds at a time.',
    category: 'Hardware',
    subcategory: 'Docking station',
    impact: 1,
    urgency: 2,
    status: 'in_progress',
    group: 'Field Support',
    site: null,
    rootCause: 'Dock firmware 1.0.40 negotiates DisplayPort 1.4 with the Intel graphics driver 31.0.101.4255, which crashes (igdkmdn64.sys) when the link retrains.',
    workaround: 'Roll the graphics driver back to 31.0.101.4091 from the company portal, or connect the monitors directly by HDMI until the fixed driver is released.',
    incidents: /dock/i,
    linkCount: 6,
  },
  {
    title: 'VPN gateway drops idle tunnels after 300 seconds',
    description: 'Remote workers lose the VPN every few minutes when the link is idle; calls and file copies break on reconnect.',
    category: 'Network',
    subcategory: 'VPN',
    impact: 1,
    urgency: 2,
    status: 'on_hold',
    group: 'Service Desk',
    site: null,
    rootCause: 'The gateway idle timeout was lowered to 300 s in the last firmware; the client keep-alive is 600 s, so idle tunnels are torn down.',
    workaround: 'Set the VPN client keep-alive to 60 seconds (Settings > Advanced > Keep-alive) and reconnect. The change survives restarts.',
    incidents: /VPN/,
    linkCount: 5,
  },
  {
    title: 'Overnight feature update leaves some laptops at a black screen',
    description: 'Latitude 5440 laptops with an older BIOS stop at a black screen with a spinning circle after the monthly feature update.',
    category: 'Hardware',
    subcategory: 'Laptop',
    impact: 2,
    urgency: 1,
    status: 'in_progress',
    group: 'Field Support',
    site: null,
    rootCause: 'The update changes the boot manager while BitLocker is active; BIOS versions before 1.14 then fail the measured boot and wait for a recovery key that is never shown.',
    workaround: 'Hold Shift while choosing Restart, open Troubleshoot > Command Prompt, run `manage-bde -unlock C: -rp <recovery key>` and `bcdboot C:\\Windows`, then update the BIOS to 1.14 before the next update.',
    incidents: /won't boot/,
    linkCount: 5,
  },
  {
    title: 'Outlook prompts for a password again and again after a password change',
    description: 'After changing their password, users get the Outlook credential prompt every few minutes even when they type the new password.',
    category: 'Email',
    subcategory: 'Mailbox',
    impact: 2,
    urgency: 2,
    status: 'assigned',
    group: 'Service Desk',
    site: null,
    rootCause: 'Legacy cached credentials in Windows Credential Manager (MicrosoftOffice16_Data entries) take precedence over modern authentication.',
    workaround: 'Close Outlook, remove every "MicrosoftOffice16" entry in Credential Manager, sign out of Office and sign in again.',
    incidents: /Outlook/,
    linkCount: 4,
  },
  {
    title: 'HP M404 printers jam on tray 2',
    description: 'The LaserJet Pro M404 printers jam on the second page of most jobs fed from tray 2.',
    category: 'Printing',
    subcategory: 'Printer',
    impact: 2,
    urgency: 3,
    status: 'assigned',
    group: 'Field Support',
    site: null,
    rootCause: 'Worn pick-up rollers on printers older than three years (over 120,000 pages).',
    workaround: 'Print from tray 1 (set it as the default tray on the print server queue) until the roller kit is fitted.',
    incidents: /jams/,
    linkCount: 4,
    ciSuffix: 'print01',
  },
  {
    title: 'Handheld scanners lose Wi-Fi on the warehouse floor',
    description: 'The Zebra TC52 scanners at the distribution center drop off the network in the aisles and stop syncing orders.',
    category: 'Network',
    subcategory: 'Wi-Fi',
    impact: 1,
    urgency: 1,
    status: 'resolved',
    group: 'Field Support',
    site: 'DC',
    rootCause: 'The scanners hold on to a far access point: their roaming threshold (-80 dBm) is too low for the new U6-Pro layout.',
    workaround: 'Set the roaming threshold to -70 dBm in the scanner Wi-Fi profile (device management) and restart the scanner.',
    incidents: /scanners offline/,
    linkCount: 4,
  },
  {
    title: 'Wi-Fi drops on Floor 3 at headquarters',
    description: 'Laptops on Floor 3 lose the FD-Corp network several times an hour.',
    category: 'Network',
    subcategory: 'Wi-Fi',
    impact: 2,
    urgency: 2,
    status: 'closed',
    group: 'Field Support',
    site: 'HQ',
    rootCause: 'Two access points on Floor 3 were on the same 5 GHz channel (36) and interfered.',
    workaround: null,
    incidents: /No Wi-Fi/,
    linkCount: 3,
  },
  {
    title: 'ERP client crashes when printing invoices to PDF',
    description: 'The ERP desktop client closes without a message when an invoice is printed to the PDF printer.',
    category: 'Software',
    subcategory: 'Crash',
    impact: 2,
    urgency: 2,
    status: 'in_progress',
    group: 'Service Desk',
    site: null,
    rootCause: 'ERP client 8.2 loads the new PDF printer driver in its own process and crashes on its 64-bit callbacks.',
    workaround: null,
    incidents: /ERP client/,
    linkCount: 3,
  },
  {
    title: 'Shared drive mappings fail at sign-in for some users',
    description: 'A few users at every site find their S: drive missing after signing in; mapping it by hand works.',
    category: 'Access',
    subcategory: 'Permissions',
    impact: 2,
    urgency: 3,
    status: 'new',
    group: 'Service Desk',
    site: null,
    rootCause: null,
    workaround: null,
    incidents: /Shared drive/,
    linkCount: 3,
    ciSuffix: 'file01',
  },
  {
    title: 'Badge readers drop off the access-control network',
    description: 'Door badge readers stop opening doors until they are power-cycled.',
    category: 'Access',
    subcategory: 'Badge',
    impact: 1,
    urgency: 2,
    status: 'resolved',
    group: 'Field Support',
    site: null,
    rootCause: 'The closet switches ran out of PoE budget when the new access points were added, and cut power to the badge readers first.',
    workaround: null,
    incidents: /Badge reader/,
    linkCount: 3,
  },
  {
    title: 'Desk phones lose dial tone after the switch firmware upgrade',
    description: 'Yealink desk phones show "No service" after the access switches were upgraded.',
    category: 'Telephony',
    subcategory: 'Desk phone',
    impact: 2,
    urgency: 1,
    status: 'closed',
    group: 'Field Support',
    site: null,
    rootCause: 'The upgraded switches stopped advertising the voice VLAN through LLDP-MED, so phones came up in the data VLAN.',
    workaround: null,
    incidents: /dial tone/,
    linkCount: 3,
  },
  {
    title: 'Meeting room displays show "No signal" after the room console update',
    description: 'After the room console update, displays stay on "No signal" when a laptop is connected.',
    category: 'Facilities IT',
    subcategory: 'Display',
    impact: 3,
    urgency: 2,
    status: 'resolved',
    group: 'Field Support',
    site: null,
    rootCause: 'The update reset HDMI-CEC on the consoles, so the displays no longer switch input by themselves.',
    workaround: null,
    incidents: /No signal/,
    linkCount: 3,
  },
  {
    title: 'Phishing campaign impersonating HR payroll',
    description: 'A wave of e-mails from a look-alike HR domain asks staff to confirm bank details.',
    category: 'Security',
    subcategory: 'Phishing',
    impact: 1,
    urgency: 1,
    status: 'closed',
    group: 'Service Desk',
    site: null,
    rootCause: 'The look-alike domain was registered the day before and was not yet on the mail filter block list.',
    workaround: null,
    incidents: /Suspicious e-mail/,
    linkCount: 3,
  },
  {
    title: 'Laptop batteries of the 2023 purchase batch wear out early',
    description: 'Battery replacement requests for laptops bought in 2023 are three times as frequent as for other batches.',
    category: 'Hardware',
    subcategory: 'Laptop',
    impact: 3,
    urgency: 3,
    status: 'assigned',
    group: 'Field Support',
    site: null,
    rootCause: null,
    workaround: null,
    incidents: null,
    linkCount: 0,
  },
  {
    title: 'Nightly file server backups overrun the maintenance window',
    description: 'The nightly backup of the file servers still runs at 07:00 and slows down the shares in the morning.',
    category: 'Software',
    subcategory: 'Update',
    impact: 3,
    urgency: 2,
    status: 'in_progress',
    group: 'Service Desk',
    site: null,
    rootCause: 'Storage deduplication on file01 is scheduled at the same time as the backup and doubles its run time.',
    workaround: null,
    incidents: null,
    linkCount: 0,
    ciSuffix: 'file01',
  },
];

/** Work notes on problems, in the order an investigation goes. */
export const PROBLEM_NOTES = [
  'Grouped the linked incidents: same symptom, same models, starting the same week.',
  'Reproduced it in the lab with a spare device; logs and dumps collected.',
  'Opened a case with the vendor and sent them the logs.',
  'Root cause confirmed with the vendor; see the root cause field.',
] as const;

/** Tasks on problems with a known root cause (the way to the permanent fix). */
export const PROBLEM_TASKS = ['Test the permanent fix in the lab', 'Roll out the fix to the affected devices'] as const;

/** Tasks added to open incidents (a technician's next steps). */
export const INCIDENT_TASKS = [
  'Order a replacement part',
  'Schedule an on-site visit with the requester',
  'Collect the faulty unit for repair',
  'Follow up on the vendor support case',
  'Test the fix with the requester',
  'Update the asset record',
] as const;

/** Standalone tasks (no ticket); {site} and {location} are filled in. */
export const STANDALONE_TASKS: { title: string; description: string }[] = [
  { title: 'Quarterly UPS self-test at {site}', description: 'Run the UPS self-test from its web console and note the battery runtime in the site log.' },
  { title: 'Check the toner stock at {site}', description: 'Count the toner cartridges in the supply cabinets and order what falls below two per model.' },
  { title: 'Inventory count: {location}', description: 'Scan every asset tag in the room and report the ones that are missing or not in the CMDB.' },
  { title: 'Tidy the patch cabling in {location}', description: 'Remove unused patch cables and label the rest with the port numbers.' },
  { title: 'Test the meeting room display in {location}', description: 'Connect a laptop by HDMI and USB-C, start a test call and check the camera and speakerphone.' },
  { title: 'Prepare the switch firmware upgrade at {site}', description: 'Download the approved release, check the checksums and back up the running configurations before the change window.' },
  { title: 'Collect returned laptops at {site} reception', description: 'Pick up the laptops of leavers from reception, check them in and store them for wiping.' },
  { title: 'Wipe and restock returned laptops', description: 'Wipe the returned laptops with the approved tool, reset them in device management and put them back in stock.' },
  { title: 'Replace the batteries of the handheld scanners at {site}', description: 'Swap the scanner batteries that hold less than 80% of their design capacity.' },
  { title: 'Check the backup report of the {site} servers', description: 'Read last week\'s backup report and open a ticket for every job that failed twice.' },
  { title: 'Review tickets on hold for more than two weeks', description: 'Chase the vendor or the requester for every ticket on hold for more than 14 days, or close it.' },
  { title: 'Document the new secure print release', description: 'Write a knowledge article on releasing print jobs with the badge at the new printers.' },
  { title: 'Show a new colleague FieldDesk offline mode', description: 'Walk through working a ticket without network and syncing afterwards.' },
  { title: 'Label the new docking stations at {site}', description: 'Print asset labels for the new docks and add them to the CMDB.' },
  { title: 'Check the fire alarm interface of the {site} server room', description: 'Confirm the alarm panel still signals the building system after the electrical work.' },
];

/** Replies to the requester (public worklogs). {first} is the requester's first name, {assignee} the technician's. */
export const PUBLIC_REPLIES = {
  acknowledge: [
    'Hi {first}, thanks for reporting this. {assignee} has picked it up and will be in touch today.',
    'Hi {first}, we have your request and {assignee} is working on it. You can reply here if anything changes.',
    'Hi {first}, thank you. {assignee} will come by your desk; please leave the device switched on.',
  ],
  hold: [
    'Hi {first}, we are waiting on a third party before we can continue. We will update you as soon as we hear back.',
    'Hi {first}, this is on hold for now: {reason} We have not forgotten it.',
  ],
  resolved: [
    'Hi {first}, this should be sorted now. If it happens again, just reply within 7 days and we will reopen the ticket.',
    'Hi {first}, all done on our side. Please let us know if anything still does not work as expected.',
  ],
} as const;

/** Asset types that fit a ticket subcategory (links from tickets to the assets involved). */
export const ASSET_TYPES_BY_SUBCATEGORY: Record<string, readonly string[]> = {
  Laptop: ['laptop'],
  Desktop: ['desktop'],
  Monitor: ['monitor'],
  'Docking station': ['dock'],
  Peripheral: ['dock', 'monitor'],
  Printer: ['printer'],
  Toner: ['printer'],
  'Desk phone': ['phone'],
  Mobile: ['mobile'],
  'Wi-Fi': ['access point'],
  Switch: ['switch'],
  Display: ['display'],
  'Meeting room': ['display'],
  'New starter': ['laptop', 'dock'],
  Move: ['desktop', 'phone'],
  Leaver: ['laptop'],
};

/** Configuration item types (or server name suffixes) that fit a ticket category. */
export const CI_BY_CATEGORY: Record<string, { types?: readonly string[]; suffix?: string }> = {
  Network: { types: ['switch', 'access_point'] },
  Printing: { suffix: 'print01' },
  Access: { suffix: 'dc01' },
  Software: { suffix: 'app01' },
  'Facilities IT': { types: ['display'] },
  Onboarding: { suffix: 'dc01' },
};

/** Knowledge base categories (seed/catalog-itsm.ts) whose articles help with a ticket category. */
export const ARTICLE_CATEGORIES_BY_TICKET_CATEGORY: Record<string, readonly string[]> = {
  Hardware: ['Hardware'],
  Printing: ['Printing'],
  Network: ['Network'],
  Email: ['E-mail'],
  Access: ['Accounts', 'Files'],
  Telephony: ['Telephony', 'Mobile'],
  Security: ['Security'],
  Software: ['Software'],
  'Facilities IT': ['Meeting rooms'],
  Onboarding: ['Accounts', 'Hardware'],
};

/** Knowledge articles written from a resolved ticket (knowledge-centred support): [article title, ticket title pattern]. */
export const ARTICLES_FROM_TICKETS: [string, RegExp][] = [
  ['Dock does not detect external monitors', /monitor flickers when docked/],
  ['Meeting room display shows "No signal"', /No signal/],
  ['Report a phishing e-mail', /Suspicious e-mail/],
  ['Handheld scanner (Zebra TC52) does not sync orders', /scanners offline/],
  ['Set up Outlook on a new profile', /Outlook keeps asking/],
];
