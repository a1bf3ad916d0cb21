/**
 * Fixed content for the demo CMDB, knowledge base and change calendar: configuration item
 * names per site, knowledge base how-tos (turned into markdown by seed/demo-itsm.ts) and
 * change request templates. Everything here is fictional.
 */

export interface ArticleSeed {
  title: string;
  category: string;
  tags: string[];
  summary: string;
  steps: string[];
  code?: { lang: string; text: string };
  notes?: string[];
  /** A reference table (rendered as a markdown table). */
  table?: { caption: string; headers: string[]; rows: string[][] };
  /** Further reading, besides the category's intranet page. */
  links?: { label: string; url: string }[];
  /** Drafts are visible to their author, agents and admins only. */
  draft?: boolean;
}

export const ARTICLES: ArticleSeed[] = [
  {
    title: 'Reset a forgotten Windows password at the sign-in screen',
    category: 'Accounts',
    tags: ['windows', 'password', 'self-service'],
    summary: 'Users enrolled in self-service reset can change their password from the lock screen without calling the desk.',
    steps: ['On the sign-in screen choose **Reset password**.', 'Enter the work e-mail address and the characters shown.', 'Confirm with the code sent to the registered phone.', 'Choose a new password of at least 14 characters.', 'Sign in; the laptop must be online once to cache the new password.'],
    notes: ['If the laptop is offline, the old cached password keeps working until it reaches the network.'],
  },
  {
    title: 'Unlock an account locked by failed sign-ins',
    category: 'Accounts',
    tags: ['active directory', 'lockout'],
    summary: 'Accounts lock after 10 failed attempts in 15 minutes. Verify the caller before unlocking.',
    steps: ['Verify the caller with their employee number and manager name.', 'Open the account in the directory console.', 'Check the lockout source to find stale credentials (phone, mapped drive).', 'Unlock the account and ask the user to sign in within 5 minutes.'],
    code: { lang: 'powershell', text: 'Search-ADAccount -LockedOut | Select-Object Name, LastLogonDate\nUnlock-ADAccount -Identity jdoe' },
  },
  {
    title: 'Connect to the corporate VPN',
    table: {
      caption: 'Error codes',
      headers: ['Error', 'Meaning', 'What to do'],
      rows: [
        ['809', 'The network blocks the VPN protocol', 'Use a phone hotspot or the office guest network'],
        ['691', 'Sign-in refused', 'Check the password has not expired; change it first'],
        ['720', 'No address from the gateway', 'Restart the laptop; raise an incident if it persists'],
        ['Drops every few minutes', 'Idle tunnel closed by the gateway', 'Set the keep-alive to 60 seconds (see the known error)'],
      ],
    },
    links: [{ label: 'VPN client download', url: 'https://intranet.fielddesk.example/it/downloads/vpn' }],
    category: 'Network',
    tags: ['vpn', 'remote work'],
    summary: 'The VPN client starts with Windows; this article covers manual connection and the usual errors.',
    steps: ['Open the VPN client from the system tray.', 'Select the gateway **vpn.fielddesk.example**.', 'Sign in with your work account and approve the MFA prompt.', 'Wait for the shield icon to turn green.'],
    notes: ['Error 809: the hotel or guest network blocks the VPN; use a phone hotspot.', 'Error 691: the password expired; change it first.'],
  },
  {
    title: 'Map a network drive',
    category: 'Files',
    tags: ['windows', 'file share'],
    summary: 'Department shares are mapped by policy at sign-in. Map one by hand when the policy has not run yet.',
    steps: ['Open File Explorer and choose **This PC**.', 'Select **Map network drive**.', 'Pick the drive letter from the department list.', 'Enter the share path and tick **Reconnect at sign-in**.'],
    code: { lang: 'cmd', text: 'net use S: \\\\files.fielddesk.example\\shared /persistent:yes\ngpupdate /force' },
  },
  {
    title: 'Add a network printer',
    table: {
      caption: 'Print servers by site',
      headers: ['Site', 'Print server', 'Secure release'],
      rows: [
        ['Headquarters', 'hq-print01', 'Badge at any printer'],
        ['Distribution Center', 'dc-print01', 'Badge at any printer'],
        ['Research Lab', 'lab-print01', 'PIN on the printer panel'],
      ],
    },
    category: 'Printing',
    tags: ['printer', 'windows'],
    summary: 'All office printers are published on the print server with secure release.',
    steps: ['Open **Settings > Bluetooth & devices > Printers & scanners**.', 'Choose **Add device**, then **Add manually**.', 'Select a shared printer by name and enter the print server path.', 'Print a test page and release it at the printer with your badge.'],
    code: { lang: 'powershell', text: 'Add-Printer -ConnectionName "\\\\print01\\PRN-HQ-F2"' },
  },
  {
    title: 'Clear a stuck print queue',
    category: 'Printing',
    tags: ['printer', 'spooler'],
    summary: 'Jobs that stay in the queue block everything behind them.',
    steps: ['Open the queue and cancel the first job.', 'If it will not cancel, restart the spooler.', 'Remove any leftover spool files.', 'Print a test page.'],
    code: { lang: 'powershell', text: 'Stop-Service Spooler\nRemove-Item C:\\Windows\\System32\\spool\\PRINTERS\\* -Force\nStart-Service Spooler' },
  },
  {
    title: 'Replace a toner cartridge (HP LaserJet Pro M404)',
    table: {
      caption: 'Cartridges',
      headers: ['Cartridge', 'Pages', 'Kept in'],
      rows: [
        ['HP 58A (CF258A)', '3,000', 'Supply cabinet, every floor'],
        ['HP 58X (CF258X)', '10,000', 'Store room (high-volume printers only)'],
      ],
    },
    links: [{ label: 'Order consumables', url: 'https://intranet.fielddesk.example/purchasing/consumables' }],
    category: 'Printing',
    tags: ['printer', 'hardware', 'consumables'],
    summary: 'Toner for HP M404 printers is kept in the supply cabinet on each floor.',
    steps: ['Open the front door of the printer.', 'Pull out the old cartridge by its handle.', 'Shake the new cartridge gently five times.', 'Remove the seal and insert the cartridge until it clicks.', 'Close the door and print a configuration page.'],
    notes: ['Send the empty cartridge back in the box of the new one.'],
  },
  {
    title: 'Set up a new laptop for a user',
    table: {
      caption: 'Standard models',
      headers: ['Role', 'Laptop', 'Dock'],
      rows: [
        ['Office', 'Dell Latitude 5440', 'Dell WD19S'],
        ['Engineering', 'Lenovo ThinkPad T14 Gen 4', 'ThinkPad Universal USB-C Dock'],
        ['Design', 'MacBook Pro 14-inch (M3)', 'none (USB-C monitor)'],
      ],
    },
    category: 'Hardware',
    tags: ['onboarding', 'laptop', 'autopilot'],
    summary: 'Laptops are enrolled automatically on first start; the technician only checks the result.',
    steps: ['Unbox the laptop, record the asset tag in FieldDesk.', 'Connect to power and the wired network.', 'Let the user sign in with their work account.', 'Wait for the enrollment status page to finish (20-40 minutes).', 'Check that BitLocker shows **Protection on**.', 'Assign the asset to the user in FieldDesk.'],
  },
  {
    title: 'Check BitLocker status and find a recovery key',
    category: 'Security',
    tags: ['bitlocker', 'encryption'],
    summary: 'A laptop asking for a BitLocker recovery key after a firmware update is normal.',
    steps: ['Verify the caller and read the key ID shown on screen.', 'Look the key ID up in the device record of the management console.', 'Read the 48-digit key to the user in groups of six.', 'After sign-in, suspend and resume protection once.'],
    code: { lang: 'powershell', text: 'manage-bde -status C:\nmanage-bde -protectors -get C:' },
  },
  {
    title: 'Dock does not detect external monitors',
    category: 'Hardware',
    tags: ['dock', 'monitor', 'usb-c'],
    summary: 'Most dock problems are firmware or cable problems.',
    steps: ['Unplug the dock from power for 30 seconds.', 'Connect the laptop with the dock’s own USB-C cable.', 'Update the dock firmware from the vendor tool.', 'Check the display settings for **Extend these displays**.'],
    notes: ['Lenovo and Dell docks are not interchangeable for firmware tools.'],
  },
  {
    title: 'Replace a failed laptop battery',
    category: 'Hardware',
    tags: ['laptop', 'battery', 'warranty'],
    summary: 'Batteries below 60% health are replaced under warranty.',
    steps: ['Run the battery report and attach it to the ticket.', 'Raise a warranty claim with the vendor using the serial number.', 'Back up the user’s local files before the repair.', 'Swap the battery, then update the asset status to **deployed**.'],
    code: { lang: 'cmd', text: 'powercfg /batteryreport /output C:\\Temp\\battery.html' },
  },
  {
    title: 'Wi-Fi: connect to FD-Corp with a certificate',
    table: {
      caption: 'Wireless networks',
      headers: ['Network', 'For', 'Sign-in'],
      rows: [
        ['FD-Corp', 'Company laptops and phones', 'Device certificate (automatic)'],
        ['FD-Scan', 'Warehouse scanners', 'Certificate, roaming threshold -70 dBm'],
        ['FD-Guest', 'Visitors', 'Daily code from reception'],
      ],
    },
    category: 'Network',
    tags: ['wifi', 'certificates', '802.1x'],
    summary: 'Managed devices get the Wi-Fi certificate automatically; guests use FD-Guest.',
    steps: ['Check that the device is managed (Settings > Accounts > Access work).', 'Forget the FD-Corp network and reconnect.', 'If it fails, renew the device certificate.', 'Still failing: collect the time, place and MAC address for the network team.'],
    code: { lang: 'cmd', text: 'certutil -pulse\nnetsh wlan show interfaces' },
  },
  {
    title: 'Diagnose a slow network at a desk',
    category: 'Network',
    tags: ['network', 'troubleshooting'],
    summary: 'Rule out the cable and port before escalating to the network team.',
    steps: ['Check the link speed in the adapter status (1 Gbps expected).', 'Try another patch cable and wall port.', 'Run a ping and a trace to the file server.', 'Note the switch port from the patch panel label.'],
    code: { lang: 'cmd', text: 'ping -n 20 files.fielddesk.example\ntracert files.fielddesk.example' },
  },
  {
    title: 'Replace a PoE access point',
    category: 'Network',
    tags: ['access point', 'poe', 'ubiquiti'],
    summary: 'Access points are adopted by the controller automatically once powered.',
    steps: ['Note the AP name and switch port before removing it.', 'Mount the new AP on the same bracket and patch it to the same port.', 'Wait for the controller to adopt it (LED turns solid blue).', 'Rename it to the old name and apply the site profile.'],
  },
  {
    title: 'Handheld scanner (Zebra TC52) does not sync orders',
    table: {
      caption: 'Sync status icons',
      headers: ['Icon', 'Meaning'],
      rows: [
        ['Green arrows', 'Synced in the last minute'],
        ['Grey arrows', 'Waiting for Wi-Fi; orders are kept on the scanner'],
        ['Red cross', 'Sync refused: sign out and in again, then call the desk'],
      ],
    },
    category: 'Warehouse',
    tags: ['scanner', 'zebra', 'warehouse'],
    summary: 'Scanners lose their Wi-Fi profile after a battery swap with a drained backup battery.',
    steps: ['Check the Wi-Fi icon; reconnect to FD-WH.', 'Open the warehouse app and pull down to sync.', 'If the app shows a certificate error, re-enroll the device.', 'Swap the scanner from the spare pool if the fix takes longer than 15 minutes.'],
  },
  {
    title: 'Label printer prints blank labels',
    category: 'Warehouse',
    tags: ['printer', 'labels', 'warehouse'],
    summary: 'Usually a media calibration issue after a roll change.',
    steps: ['Check the label roll is thermal and loaded print side up.', 'Hold the feed button until the printer flashes twice to calibrate.', 'Print a test label from the shipping desk.'],
  },
  {
    title: 'Set up Outlook on a new profile',
    category: 'E-mail',
    tags: ['outlook', 'e-mail'],
    summary: 'Outlook configures itself from the work account; shared mailboxes appear within an hour.',
    steps: ['Start Outlook and accept the suggested work account.', 'Wait for the first sync to finish.', 'Add shared mailboxes under **File > Account settings** only if they do not appear after an hour.'],
  },
  {
    title: 'Recover a deleted e-mail',
    category: 'E-mail',
    tags: ['outlook', 'recovery'],
    summary: 'Deleted items can be recovered for 30 days.',
    steps: ['Open **Deleted Items**.', 'Choose **Recover items recently removed from this folder**.', 'Select the messages and choose **Restore**.'],
  },
  {
    title: 'Report a phishing e-mail',
    links: [{ label: 'Security awareness training', url: 'https://intranet.fielddesk.example/security/training' }],
    category: 'Security',
    tags: ['phishing', 'e-mail', 'security'],
    summary: 'Never forward suspicious mail; use the report button so security gets the headers.',
    steps: ['Do not click links or open attachments.', 'Select the message and choose **Report > Phishing**.', 'If you clicked a link or entered a password, call the desk at once.'],
    notes: ['The desk resets the password and revokes sessions for anyone who entered credentials.'],
  },
  {
    title: 'Install approved software from the company portal',
    category: 'Software',
    tags: ['software', 'self-service'],
    summary: 'Approved applications install without admin rights from the company portal.',
    steps: ['Open **Company Portal** from the Start menu.', 'Search for the application.', 'Choose **Install** and keep the laptop online until it finishes.'],
    notes: ['Software not in the portal needs a service request with a business reason.'],
  },
  {
    title: 'Renew a software license',
    category: 'Software',
    tags: ['license', 'procurement'],
    summary: 'Named-user licenses are renewed centrally; technicians only confirm use.',
    steps: ['Check the last sign-in date in the license console.', 'Confirm with the user that they still need it.', 'Add a worklog with the decision; procurement renews in bulk monthly.'],
  },
  {
    title: 'Join a Teams meeting room display',
    category: 'Meeting rooms',
    tags: ['teams', 'meeting room', 'display'],
    summary: 'Room displays join meetings from the room calendar.',
    steps: ['Make sure the meeting invites the room mailbox.', 'Tap **Join** on the room console.', 'If the display shows no signal, select HDMI 1 with the remote.'],
  },
  {
    title: 'Meeting room display shows "No signal"',
    category: 'Meeting rooms',
    tags: ['display', 'samsung', 'meeting room'],
    summary: 'Samsung QM displays fall back to the wrong input after a power cut.',
    steps: ['Press **Source** on the remote and select HDMI 1.', 'Power-cycle the room PC behind the display.', 'Check the HDMI cable is seated at both ends.'],
  },
  {
    title: 'Move a desk phone to another desk',
    category: 'Telephony',
    tags: ['phone', 'yealink', 'voip'],
    summary: 'Phones follow their user: the number is tied to the sign-in, not the port.',
    steps: ['Unplug the phone and move it with its power adapter or PoE cable.', 'Plug into a port marked **VOICE**.', 'Wait for the phone to register (about a minute).', 'Test an internal call.'],
  },
  {
    title: 'Enroll a company iPhone',
    category: 'Mobile',
    tags: ['iphone', 'mdm', 'mobile'],
    summary: 'Company iPhones enroll during setup when they are registered in the management portal.',
    steps: ['Turn the phone on and connect to Wi-Fi.', 'Accept the remote management screen.', 'Sign in with the work account.', 'Install the required apps pushed by policy.'],
  },
  {
    title: 'Wipe a lost or stolen device',
    category: 'Security',
    tags: ['mdm', 'lost device', 'security'],
    summary: 'Report lost devices at once; a wipe protects company data.',
    steps: ['Set the asset status to **missing** in FieldDesk.', 'Issue a remote wipe from the management console.', 'Reset the user’s password and revoke sessions.', 'Record the police report number if there is one.'],
  },
  {
    title: 'Collect logs for an application crash',
    category: 'Software',
    tags: ['logs', 'troubleshooting'],
    summary: 'Vendors need the event log and the application’s own log.',
    steps: ['Note the exact time of the crash.', 'Export the Application event log for the last day.', 'Zip the application log folder.', 'Attach both to the ticket.'],
    code: { lang: 'powershell', text: 'wevtutil epl Application C:\\Temp\\app.evtx /q:"*[System[TimeCreated[timediff(@SystemTime) <= 86400000]]]"' },
  },
  {
    title: 'Free up disk space on a laptop',
    category: 'Hardware',
    tags: ['disk', 'windows', 'maintenance'],
    summary: 'Laptops below 10% free space fail updates.',
    steps: ['Run Storage Sense from Settings > System > Storage.', 'Empty the Downloads folder with the user’s consent.', 'Set OneDrive folders to **Free up space**.', 'Remove old user profiles of people who left.'],
    code: { lang: 'cmd', text: 'cleanmgr /sageset:1\ncleanmgr /sagerun:1' },
  },
  {
    title: 'Restart a hung Windows service remotely',
    category: 'Servers',
    tags: ['windows server', 'services'],
    summary: 'For application servers only; never restart domain controllers this way.',
    steps: ['Check the service state and dependent services.', 'Announce the restart in the operations channel.', 'Restart the service and watch the event log.'],
    code: { lang: 'powershell', text: 'Get-Service -ComputerName app01 -Name FieldDeskSync\nInvoke-Command -ComputerName app01 { Restart-Service FieldDeskSync -Force }' },
  },
  {
    title: 'Check disk usage on a Linux server',
    category: 'Servers',
    tags: ['linux', 'disk'],
    summary: 'Find what fills a volume before extending it.',
    steps: ['Check usage per filesystem.', 'Find the largest directories.', 'Rotate or compress old logs before deleting anything.'],
    code: { lang: 'bash', text: 'df -h\nsudo du -xh /var | sort -h | tail -20\nsudo journalctl --vacuum-time=14d' },
  },
  {
    title: 'Restore a file from the nightly backup',
    table: {
      caption: 'What is kept',
      headers: ['Backup', 'Taken', 'Kept for'],
      rows: [
        ['File shares', 'Nightly at 22:00', '35 days'],
        ['Servers', 'Nightly at 01:00', '35 days'],
        ['Mailboxes', 'Continuously', '30 days in the recycle bin'],
      ],
    },
    category: 'Files',
    tags: ['backup', 'restore'],
    summary: 'File shares are backed up nightly and kept for 35 days.',
    steps: ['Ask for the path, file name and the last date it was good.', 'Right-click the folder and open **Previous versions**.', 'Restore to a new name first and let the user check it.'],
  },
  {
    title: 'Replace a failed disk in a server RAID',
    category: 'Servers',
    tags: ['raid', 'hardware', 'datacenter'],
    summary: 'Disks are hot-swappable; replace only the disk the controller marks as failed.',
    steps: ['Confirm the failed slot in the controller console.', 'Turn on the locate LED for that slot.', 'Pull the disk by the caddy release, insert the spare.', 'Watch the rebuild start; it takes several hours.'],
    notes: ['Never pull a disk whose LED is not amber or flashing locate.'],
  },
  {
    title: 'Patch a switch during a maintenance window',
    category: 'Network',
    tags: ['switch', 'cisco', 'change'],
    summary: 'Switch upgrades need an approved change and a console cable on hand.',
    steps: ['Check the change request is scheduled and approved.', 'Back up the running configuration.', 'Copy the image, set the boot variable and reload.', 'Verify all uplinks and PoE devices came back.'],
    code: { lang: 'text', text: 'copy running-config tftp://10.0.0.5/sw-backup.cfg\ninstall add file flash:cat9k_lite.bin activate commit' },
  },
  {
    title: 'Take over a ticket from a colleague',
    category: 'FieldDesk',
    tags: ['fielddesk', 'process'],
    summary: 'Keep the requester informed when a ticket changes hands.',
    steps: ['Read the whole worklog first.', 'Assign the ticket to yourself.', 'Add a worklog saying you took it over and what happens next.', 'Contact the requester within one working hour.'],
  },
  {
    title: 'Work offline with FieldDesk on a site',
    table: {
      caption: 'What works offline',
      headers: ['Action', 'Offline', 'Synced when'],
      rows: [
        ['Change status, assign, add worklogs', 'Yes', 'Next connection'],
        ['Photos and signatures', 'Yes', 'Uploaded in the background'],
        ['Search tickets and articles', 'Yes (local copy)', 'Always up to date after sync'],
        ['Sign in for the first time', 'No', 'Needs the server once'],
      ],
    },
    links: [{ label: 'FieldDesk user guide', url: 'https://intranet.fielddesk.example/it/fielddesk/user-guide' }],
    category: 'FieldDesk',
    tags: ['fielddesk', 'offline', 'sync'],
    summary: 'FieldDesk keeps working without a network; changes sync when you are back online.',
    steps: ['Sync before you leave: check the status bar says **Up to date**.', 'Work as usual on the site; the pending counter shows unsynced changes.', 'When back online, FieldDesk syncs on its own.', 'Resolve anything listed under **Sync conflicts**.'],
    notes: ['Do not sign out with pending changes; FieldDesk warns you if you try.'],
  },
  {
    title: 'Photograph a damaged device for a warranty claim',
    category: 'FieldDesk',
    tags: ['attachments', 'warranty', 'photo'],
    summary: 'Good photos save a second site visit.',
    steps: ['Photograph the serial number label first.', 'Take one overview and one close-up of the damage.', 'Attach the photos to the ticket in FieldDesk; they upload when online.'],
  },
  {
    title: 'Decommission a server',
    category: 'Servers',
    tags: ['decommission', 'cmdb', 'change'],
    summary: 'Servers are retired through a change request so nothing depends on them anymore.',
    steps: ['Raise a change and list the services on the CI.', 'Shut the server down and wait two weeks.', 'Wipe the disks with the approved tool.', 'Set the CI and the asset to **retired**.'],
    draft: true,
  },
  {
    title: 'New hire checklist for technicians',
    category: 'FieldDesk',
    tags: ['onboarding', 'process'],
    summary: 'What a new field technician needs in their first week.',
    steps: ['Laptop with FieldDesk installed and signed in.', 'Site access badges for their sites.', 'Membership of the support group.', 'A walk through the server rooms with the site lead.'],
    draft: true,
  },
  {
    title: 'Firmware updates for Zebra scanners',
    category: 'Warehouse',
    tags: ['scanner', 'zebra', 'firmware'],
    summary: 'Scanner firmware is staged through the device management console in waves.',
    steps: ['Pick ten scanners for the pilot wave.', 'Stage the update for night-time install.', 'Check the pilot devices the next morning.', 'Release to the rest of the fleet.'],
    draft: true,
  },
  {
    title: 'Reimage a lab workstation',
    category: 'Hardware',
    tags: ['lab', 'reimage', 'windows'],
    summary: 'Lab workstations are reimaged between projects; project data lives on the lab share.',
    steps: ['Confirm with the lab lead that project data is on the share.', 'Boot from the network (F12) and choose the lab image.', 'After setup, install the instrument drivers from the lab share.'],
    draft: true,
  },
];

export interface ChangeSeed {
  title: string;
  description: string;
  risk: 'low' | 'moderate' | 'high';
  /** Window length in hours. */
  hours: number;
}

export const CHANGE_TEMPLATES: ChangeSeed[] = [
  { title: 'Upgrade core switch firmware at {site}', description: 'Upgrade the Catalyst switches to the current recommended release. Expect up to 20 minutes without network per closet.', risk: 'high', hours: 4 },
  { title: 'Monthly Windows server patching at {site}', description: 'Install the monthly security updates on all servers of the site and reboot in sequence.', risk: 'moderate', hours: 3 },
  { title: 'Replace UPS batteries in the {site} server room', description: 'Swap the battery modules of the UPS; the load runs on bypass for the duration.', risk: 'moderate', hours: 2 },
  { title: 'Roll out new Wi-Fi certificates at {site}', description: 'Renew the RADIUS server certificate and push the new trust chain to managed devices.', risk: 'high', hours: 2 },
  { title: 'Migrate {site} printers to the new print server', description: 'Move all print queues to print02 and update the published printers.', risk: 'low', hours: 3 },
  { title: 'Extend the file share volume at {site}', description: 'Grow the project share volume by 2 TB on the storage array.', risk: 'low', hours: 1 },
  { title: 'Replace access points on the {site} warehouse floor', description: 'Swap the old access points for U6-Pro models with the same names and profiles.', risk: 'moderate', hours: 5 },
  { title: 'Update the warehouse scanner app', description: 'Deploy the new version of the picking app to all handheld scanners.', risk: 'moderate', hours: 2 },
  { title: 'Decommission the old backup server at {site}', description: 'Retire the old backup server after the new backup service has run for a month.', risk: 'low', hours: 2 },
  { title: 'Renew the VPN gateway certificate', description: 'Install the renewed certificate on the VPN gateways; clients reconnect once.', risk: 'high', hours: 1 },
  { title: 'Upgrade FieldDesk server', description: 'Install the new FieldDesk server release; technicians keep working offline during the window.', risk: 'moderate', hours: 1 },
  { title: 'Move the {site} meeting room displays to the new room system', description: 'Re-enroll the meeting room consoles and displays.', risk: 'low', hours: 4 },
  { title: 'Firewall rule review and clean-up at {site}', description: 'Remove unused firewall rules found in the quarterly review.', risk: 'moderate', hours: 2 },
  { title: 'Power maintenance in the {site} building', description: 'The building owner tests the generator; servers stay on UPS and generator.', risk: 'high', hours: 6 },
  { title: 'Replace the hypervisor host hv01 at {site}', description: 'Live-migrate virtual machines to the new host and retire the old one.', risk: 'high', hours: 8 },
];
