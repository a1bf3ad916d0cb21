/**
 * The demo CMDB's own configuration items (those no asset stands for), with the relations each
 * one starts, by name: per site the network (router, firewall, core and top-of-rack switches),
 * the hypervisor hosts and storage, the virtual machines on those hosts; and, with no site, the
 * applications and business services that run on them. seed/demo-cmdb.ts adds the CIs of the
 * demo's hardware (switches, printers, access points, displays, phones, workstations) and
 * relates them to their site's network, and checks every relation against the CMDB rules.
 *
 * The service trees read, from the top: business service → depends on → application → depends
 * on → database → is a member of / is hosted on → server → is virtualized by → host → connects
 * to → top-of-rack or core switch → firewall → router.
 */
import type { CiClassKey } from '@fielddesk/common/cmdb/classes';
import type { CiRelationType } from '@fielddesk/common/entities/ci-relation';

export type DemoSiteCode = 'HQ' | 'DC' | 'LAB';

export interface CmdbItemSeed {
  name: string;
  ciType: CiClassKey;
  /** null: a CI of no one site (business services, applications). */
  site: DemoSiteCode | null;
  description: string;
  /** The relations this CI starts: [type, the other CI's name, …]. */
  out: [CiRelationType, ...string[]][];
  /** An access switch: the site's workstations, printers, phones and access points connect to it. */
  access?: boolean;
}

/** What every domain-joined Windows server and PC depends on. */
export const DIRECTORY = 'Active Directory Domain Services';
/** The business service that depends on the demo's access points. */
export const WIFI_SERVICE = 'Wi-Fi (FD-Corp)';
/** The business services that depend on the phones and on the meeting-room displays. */
export const TELEPHONY_SERVICE = 'Telephony';
export const MEETING_ROOMS_SERVICE = 'Meeting rooms';
/** What the access points depend on, and what the phones depend on. */
export const WIRELESS_CONTROLLER = 'hq-wlc01';
export const CALL_CONTROL = 'Cisco Unified CM';
/** The business service the e2e and the tests open as the big tree. */
export const ORDER_FULFILMENT = 'Order fulfilment';

const IDENTITY = 'Identity (directory and SSO)';

/** A virtual machine on `host`; a Windows one (`windows`) is a domain member and depends on the directory. */
function vm(site: DemoSiteCode, name: string, host: string, description: string, windows = true): CmdbItemSeed {
  const out: CmdbItemSeed['out'] = [['virtualized_by', host]];
  if (windows) out.push(['depends_on', DIRECTORY]);
  return { name, ciType: 'virtual_machine', site, description: `${description} Virtual machine on ${host}${windows ? ', Windows Server 2022, member of the domain' : ''}.`, out };
}

function item(name: string, ciType: CiClassKey, site: DemoSiteCode | null, description: string, ...out: [CiRelationType, ...string[]][]): CmdbItemSeed {
  return { name, ciType, site, description, out };
}

// ---- Headquarters: the main server room (B1) ----
const HQ_HOSTS = ['hq-hv01', 'hq-hv02', 'hq-hv03', 'hq-hv04'];
const HQ: CmdbItemSeed[] = [
  item('hq-rt01', 'network_device', 'HQ', 'WAN edge router (Cisco ISR 4451-X): the internet uplinks and the MPLS links to the Distribution Center and the Research Lab.'),
  item('hq-fw01', 'firewall', 'HQ', 'Perimeter firewall (Palo Alto PA-3410), active member of the HA pair; also terminates the GlobalProtect VPN.', ['connects_to', 'hq-rt01']),
  item('hq-fw02', 'firewall', 'HQ', 'Perimeter firewall (Palo Alto PA-3410), passive member of the HA pair.', ['connects_to', 'hq-rt01']),
  item('hq-core01', 'switch', 'HQ', 'Core switch (Catalyst 9500-48Y4C), first of the StackWise Virtual pair in Server Room B1.', ['connects_to', 'hq-fw01', 'hq-fw02']),
  item('hq-core02', 'switch', 'HQ', 'Core switch (Catalyst 9500-48Y4C), second of the StackWise Virtual pair in Server Room B1.', ['connects_to', 'hq-fw01', 'hq-fw02']),
  item('hq-tor01', 'switch', 'HQ', 'Top-of-rack switch (Nexus 93180YC-FX), server rack A in Server Room B1.', ['connects_to', 'hq-core01', 'hq-core02']),
  item('hq-tor02', 'switch', 'HQ', 'Top-of-rack switch (Nexus 93180YC-FX), server rack B in Server Room B1.', ['connects_to', 'hq-core01', 'hq-core02']),
  item(WIRELESS_CONTROLLER, 'network_device', 'HQ', 'Wireless LAN controller (Catalyst 9800-40) for the access points of every site.', ['connects_to', 'hq-core01', 'hq-core02']),
  item('hq-san01', 'storage', 'HQ', 'Storage array (Dell PowerStore 1200T): the datastores of the HQ-PROD cluster.', ['connects_to', 'hq-tor01', 'hq-tor02']),
  ...HQ_HOSTS.map((name) =>
    item(name, 'server', 'HQ', 'Virtualization host (VMware ESXi 8 on a Dell PowerEdge R750), cluster HQ-PROD. Physical server.', ['connects_to', 'hq-tor01', 'hq-tor02'], ['depends_on', 'hq-san01']),
  ),
  item('hq-bkp01', 'server', 'HQ', 'Backup server (physical Dell PowerEdge R550 with an 80 TB repository); deliberately not a member of the domain.', ['connects_to', 'hq-tor01', 'hq-tor02']),
  vm('HQ', 'hq-dc01', 'hq-hv01', 'Domain controller (AD DS, DNS, DHCP).', false),
  vm('HQ', 'hq-dc02', 'hq-hv02', 'Second domain controller (AD DS, DNS).', false),
  vm('HQ', 'hq-file01', 'hq-hv01', 'File server: department and project shares.'),
  vm('HQ', 'hq-print01', 'hq-hv01', 'Print server: the HQ print queues.'),
  vm('HQ', 'hq-app01', 'hq-hv01', 'Application server: the FieldDesk server.'),
  vm('HQ', 'hq-pg01', 'hq-hv03', 'PostgreSQL 16 server (Debian 12).', false),
  vm('HQ', 'hq-sql01', 'hq-hv02', 'SQL Server 2022, primary replica of AG-PROD.'),
  vm('HQ', 'hq-sql02', 'hq-hv03', 'SQL Server 2022, secondary replica of AG-PROD.'),
  vm('HQ', 'hq-erp-app01', 'hq-hv02', 'ERP application server (SAP Business One).'),
  vm('HQ', 'hq-erp-app02', 'hq-hv04', 'ERP application server (SAP Business One), second node.'),
  vm('HQ', 'hq-erp-web01', 'hq-hv03', 'ERP web client server.'),
  vm('HQ', 'hq-pay-app01', 'hq-hv04', 'Payroll application server.'),
  vm('HQ', 'hq-crm-app01', 'hq-hv02', 'CRM application server.'),
  vm('HQ', 'hq-crm-web01', 'hq-hv04', 'CRM web portal server.'),
  vm('HQ', 'hq-web01', 'hq-hv03', 'Intranet web front end (SharePoint Server), load balanced.'),
  vm('HQ', 'hq-web02', 'hq-hv04', 'Intranet web front end (SharePoint Server), load balanced.'),
  vm('HQ', 'hq-exch01', 'hq-hv02', 'Exchange hybrid server and SMTP relay.'),
  vm('HQ', 'hq-sync01', 'hq-hv03', 'Entra Connect directory synchronisation.'),
  vm('HQ', 'hq-adfs01', 'hq-hv04', 'AD FS single sign-on.'),
  vm('HQ', 'hq-nps01', 'hq-hv02', 'RADIUS (Network Policy Server) for Wi-Fi and VPN.'),
  vm('HQ', 'hq-ca01', 'hq-hv03', 'Enterprise certificate authority.'),
  vm('HQ', 'hq-mdm01', 'hq-hv04', 'Configuration Manager site server and Intune connector.'),
  vm('HQ', 'hq-wsus01', 'hq-hv02', 'Windows update server.'),
  vm('HQ', 'hq-cucm01', 'hq-hv03', 'Cisco Unified Communications Manager (appliance).', false),
  vm('HQ', 'hq-rds01', 'hq-hv02', 'Remote desktop session host.'),
  vm('HQ', 'hq-rds02', 'hq-hv04', 'Remote desktop session host.'),
  vm('HQ', 'hq-rdgw01', 'hq-hv03', 'Remote desktop gateway.'),
  vm('HQ', 'hq-bi01', 'hq-hv04', 'Reporting server (Power BI Report Server).'),
  vm('HQ', 'hq-hr-app01', 'hq-hv02', 'HR self-service application server.'),
  vm('HQ', 'hq-mon01', 'hq-hv03', 'Monitoring server (Zabbix, Debian 12).', false),
  vm('HQ', 'hq-log01', 'hq-hv04', 'Log collector (Graylog, Debian 12).', false),
  vm('HQ', 'hq-sftp01', 'hq-hv02', 'SFTP server for the bank transfers (Debian 12).', false),
  vm('HQ', 'hq-vc01', 'hq-hv01', 'VMware vCenter Server appliance.', false),
  vm('HQ', 'hq-jump01', 'hq-hv03', 'Administrators\' jump host.'),
];

// ---- Distribution Center: Network Closet W2 ----
const DC: CmdbItemSeed[] = [
  item('dc-rt01', 'network_device', 'DC', 'Branch router (Cisco ISR 1111): MPLS to Headquarters and a local internet breakout.', ['connects_to', 'hq-rt01']),
  item('dc-fw01', 'firewall', 'DC', 'Branch firewall (FortiGate 100F).', ['connects_to', 'dc-rt01']),
  item('dc-core01', 'switch', 'DC', 'Core switch (Catalyst 9300-24UX) in Network Closet W2.', ['connects_to', 'dc-fw01']),
  item('dc-nas01', 'storage', 'DC', 'Storage (Synology RS3621xs+): the VM datastores and the local backup copy.', ['connects_to', 'dc-core01']),
  ...['dc-hv01', 'dc-hv02'].map((name) => item(name, 'server', 'DC', 'Virtualization host (VMware ESXi 8 on a Dell PowerEdge R650xs). Physical server.', ['connects_to', 'dc-core01'], ['depends_on', 'dc-nas01'])),
  vm('DC', 'dc-dc01', 'dc-hv01', 'Domain controller (AD DS, DNS, DHCP) of the Distribution Center.', false),
  vm('DC', 'dc-file01', 'dc-hv02', 'File server of the Distribution Center.'),
  vm('DC', 'dc-print01', 'dc-hv01', 'Print server: the warehouse and office print queues.'),
  vm('DC', 'dc-app01', 'dc-hv01', 'Application server: warehouse management.'),
  vm('DC', 'dc-wms-db01', 'dc-hv02', 'SQL Server 2022 for the warehouse systems.'),
  vm('DC', 'dc-wms-web01', 'dc-hv02', 'Warehouse RF gateway and web client.'),
  vm('DC', 'dc-label01', 'dc-hv01', 'Label printing server (BarTender).'),
  vm('DC', 'dc-edi01', 'dc-hv02', 'EDI gateway to customers and carriers.'),
  vm('DC', 'dc-ship01', 'dc-hv01', 'Carrier shipping and manifest server.'),
  vm('DC', 'dc-scan01', 'dc-hv02', 'Handheld scanner management (SOTI MobiControl).'),
];

// ---- Research Lab: Server Cabinet L0 ----
const LAB: CmdbItemSeed[] = [
  item('lab-rt01', 'network_device', 'LAB', 'Branch router (Cisco ISR 1111): MPLS to Headquarters and the research network uplink.', ['connects_to', 'hq-rt01']),
  item('lab-fw01', 'firewall', 'LAB', 'Firewall (FortiGate 60F) between the lab networks and the office network.', ['connects_to', 'lab-rt01']),
  item('lab-core01', 'switch', 'LAB', 'Core switch (Aruba CX 6300M) in Server Cabinet L0.', ['connects_to', 'lab-fw01']),
  { ...item('lab-sw01', 'switch', 'LAB', 'Access switch (Aruba 2930F-48G-PoE+) for the labs; bought on the research budget, not in the asset register.', ['connects_to', 'lab-core01']), access: true },
  { ...item('lab-sw02', 'switch', 'LAB', 'Access switch (Aruba 2930F-48G-PoE+) for the office wing and the meeting room; not in the asset register.', ['connects_to', 'lab-core01']), access: true },
  item('lab-nas01', 'storage', 'LAB', 'Storage (NetApp AFF A150): instrument data and the VM datastores.', ['connects_to', 'lab-core01']),
  ...['lab-hv01', 'lab-hv02'].map((name) => item(name, 'server', 'LAB', 'Virtualization host (VMware ESXi 8 on a Lenovo ThinkSystem SR650 V3). Physical server.', ['connects_to', 'lab-core01'], ['depends_on', 'lab-nas01'])),
  item('lab-gpu01', 'server', 'LAB', 'GPU compute server (physical, Supermicro with 4 NVIDIA L40S) for simulations.', ['connects_to', 'lab-core01'], ['depends_on', 'lab-nas01']),
  vm('LAB', 'lab-dc01', 'lab-hv01', 'Domain controller (AD DS, DNS, DHCP) of the Research Lab.', false),
  vm('LAB', 'lab-file01', 'lab-hv02', 'File server of the Research Lab.'),
  vm('LAB', 'lab-print01', 'lab-hv01', 'Print server of the Research Lab.'),
  vm('LAB', 'lab-app01', 'lab-hv01', 'Application server: the lab data platform.'),
  vm('LAB', 'lab-lims-db01', 'lab-hv02', 'PostgreSQL 16 server for the lab databases (Debian 12).', false),
  vm('LAB', 'lab-eln01', 'lab-hv02', 'Electronic lab notebook server.'),
  vm('LAB', 'lab-inst01', 'lab-hv01', 'Instrument data collector for Lab 1 - Electronics.'),
  vm('LAB', 'lab-inst02', 'lab-hv02', 'Instrument data collector for Lab 2 - Prototyping.'),
  vm('LAB', 'lab-lic01', 'lab-hv01', 'Licence server (FlexLM) for the engineering software.'),
];

// ---- Databases: on the servers of their site ----
const AG = 'AG-PROD (SQL availability group)';
const DATABASES: CmdbItemSeed[] = [
  item(AG, 'database', 'HQ', 'SQL Server Always On availability group with its listener sql-prod.fielddesk.example; replicas on hq-sql01 and hq-sql02.', ['runs_on', 'hq-sql01', 'hq-sql02']),
  item('ERP database', 'database', 'HQ', 'SAP Business One company database SBO_FIELDDESK.', ['member_of', AG]),
  item('Payroll database', 'database', 'HQ', 'Payroll database PAYROLL_PROD.', ['member_of', AG]),
  item('CRM database', 'database', 'HQ', 'CRM database CRM_PROD.', ['member_of', AG]),
  item('Intranet content database', 'database', 'HQ', 'SharePoint content databases of the intranet.', ['member_of', AG]),
  item('Reporting database', 'database', 'HQ', 'Report server catalog (ReportServer) of Power BI Report Server.', ['member_of', AG]),
  item('HR database', 'database', 'HQ', 'HR self-service database HR_PORTAL.', ['member_of', AG]),
  item('SCCM database', 'database', 'HQ', 'Configuration Manager site database CM_FD1 (not in the availability group).', ['hosted_on', 'hq-sql01']),
  item('FieldDesk database', 'database', 'HQ', 'PostgreSQL database of the FieldDesk server.', ['hosted_on', 'hq-pg01']),
  item('Zabbix database', 'database', 'HQ', 'PostgreSQL database of the Zabbix monitoring.', ['hosted_on', 'hq-pg01']),
  item('Veeam configuration database', 'database', 'HQ', 'PostgreSQL configuration database of Veeam Backup & Replication, local to the backup server.', ['hosted_on', 'hq-bkp01']),
  item('WMS database', 'database', 'DC', 'Warehouse management database WMS_PROD.', ['hosted_on', 'dc-wms-db01']),
  item('MobiControl database', 'database', 'DC', 'SOTI MobiControl database.', ['hosted_on', 'dc-wms-db01']),
  item('LIMS database', 'database', 'LAB', 'PostgreSQL database of the lab data platform (samples, results).', ['hosted_on', 'lab-lims-db01']),
  item('ELN database', 'database', 'LAB', 'PostgreSQL database of the electronic lab notebook.', ['hosted_on', 'lab-lims-db01']),
];

// ---- Applications: no one site ----
const ERP_APP = 'ERP application (SAP Business One)';
const APPLICATIONS: CmdbItemSeed[] = [
  item(DIRECTORY, 'application', null, 'Windows Server Active Directory: the fielddesk.example domain, its DNS and DHCP, on every site\'s domain controller.', ['runs_on', 'hq-dc01', 'hq-dc02', 'dc-dc01', 'lab-dc01']),
  item('AD FS (single sign-on)', 'application', null, 'Federation service: single sign-on to the company\'s web applications.', ['runs_on', 'hq-adfs01'], ['depends_on', DIRECTORY]),
  item('Entra Connect', 'application', null, 'Synchronises accounts and password hashes from Active Directory to Microsoft Entra ID.', ['runs_on', 'hq-sync01'], ['depends_on', DIRECTORY]),
  item('Certificate services (AD CS)', 'application', null, 'Enterprise certificate authority: Wi-Fi, VPN and server certificates.', ['runs_on', 'hq-ca01'], ['depends_on', DIRECTORY]),
  item('RADIUS (NPS)', 'application', null, 'Network Policy Server: certificate-based sign-in to the Wi-Fi and the VPN.', ['runs_on', 'hq-nps01'], ['depends_on', DIRECTORY, 'Certificate services (AD CS)']),
  item('Exchange hybrid', 'application', null, 'Exchange Server 2019 in hybrid mode: mailbox management and free/busy with Exchange Online.', ['runs_on', 'hq-exch01'], ['depends_on', DIRECTORY]),
  item('Mail relay (SMTP)', 'application', null, 'Relays mail from printers, scanners and applications to Exchange Online.', ['runs_on', 'hq-exch01']),
  item('Configuration Manager', 'application', null, 'Microsoft Configuration Manager: software deployment and Windows images, co-managed with Intune.', ['runs_on', 'hq-mdm01'], ['depends_on', 'SCCM database', DIRECTORY]),
  item('WSUS', 'application', null, 'Windows Server Update Services: the monthly updates for servers and PCs.', ['runs_on', 'hq-wsus01']),
  item('VMware vCenter Server', 'application', null, 'Manages the hypervisor hosts of every site.', ['runs_on', 'hq-vc01']),
  item(CALL_CONTROL, 'application', null, 'Call control for the desk phones and the SIP trunk.', ['runs_on', 'hq-cucm01']),
  item('Remote Desktop Services', 'application', null, 'Published desktops and applications for remote staff and contractors.', ['runs_on', 'hq-rds01', 'hq-rds02'], ['depends_on', DIRECTORY]),
  item('RD Gateway', 'application', null, 'Remote Desktop gateway: remote desktop over HTTPS from outside.', ['runs_on', 'hq-rdgw01'], ['depends_on', 'Remote Desktop Services']),
  item('Veeam Backup & Replication', 'application', null, 'Backs up the virtual machines of every site (35-day retention), with copies on the sites\' storage.', ['runs_on', 'hq-bkp01'], ['depends_on', 'Veeam configuration database', 'VMware vCenter Server']),
  item('Zabbix monitoring', 'application', null, 'Monitors servers, network devices and services; alerts the on-call technician.', ['runs_on', 'hq-mon01'], ['depends_on', 'Zabbix database']),
  item('Graylog', 'application', null, 'Central log collection and search.', ['runs_on', 'hq-log01']),
  item('GlobalProtect VPN gateway', 'application', null, 'VPN gateway on the HQ firewalls.', ['runs_on', 'hq-fw01', 'hq-fw02'], ['depends_on', 'RADIUS (NPS)']),
  item(ERP_APP, 'application', null, 'ERP: finance, purchasing, inventory and sales orders.', ['runs_on', 'hq-erp-app01', 'hq-erp-app02'], ['depends_on', 'ERP database']),
  item('ERP web client', 'application', null, 'Browser access to the ERP.', ['runs_on', 'hq-erp-web01'], ['depends_on', ERP_APP]),
  item('Power BI Report Server', 'application', null, 'Finance and operations reports.', ['runs_on', 'hq-bi01'], ['depends_on', 'Reporting database', 'ERP database']),
  item('Payroll engine', 'application', null, 'Monthly payroll runs, payslips and the bank file.', ['runs_on', 'hq-pay-app01'], ['depends_on', 'Payroll database']),
  item('Bank transfer gateway (SFTP)', 'application', null, 'Sends payment files to the bank and fetches the statements.', ['runs_on', 'hq-sftp01']),
  item('CRM application', 'application', null, 'Customer accounts, contacts, opportunities and service cases.', ['runs_on', 'hq-crm-app01'], ['depends_on', 'CRM database']),
  item('CRM web portal', 'application', null, 'Web access to the CRM for sales and the customer portal.', ['runs_on', 'hq-crm-web01'], ['depends_on', 'CRM application']),
  item('Intranet portal (SharePoint Server)', 'application', null, 'The company intranet: news, policies, forms and team sites.', ['runs_on', 'hq-web01', 'hq-web02'], ['depends_on', 'Intranet content database']),
  item('HR self-service portal', 'application', null, 'Leave requests, personal details and payslips.', ['runs_on', 'hq-hr-app01'], ['depends_on', 'HR database', 'Payroll engine']),
  item('Warehouse management', 'application', null, 'Order picking and shipping system used at the distribution center.', ['runs_on', 'dc-app01'], ['depends_on', 'WMS database', ERP_APP]),
  item('WMS RF gateway', 'application', null, 'Serves the picking screens of the handheld scanners.', ['runs_on', 'dc-wms-web01'], ['depends_on', 'Warehouse management']),
  item('Label printing (BarTender)', 'application', null, 'Shipping and pallet labels for the warehouse label printers.', ['runs_on', 'dc-label01'], ['depends_on', 'Warehouse management']),
  item('EDI gateway', 'application', null, 'Orders, advance shipping notices and invoices exchanged with customers and carriers.', ['runs_on', 'dc-edi01'], ['depends_on', ERP_APP]),
  item('Carrier shipping (manifest)', 'application', null, 'Carrier rates, tracking numbers and the daily manifests.', ['runs_on', 'dc-ship01'], ['depends_on', 'Warehouse management']),
  item('Scanner management (SOTI MobiControl)', 'application', null, 'Enrolment, apps and profiles of the warehouse handheld scanners.', ['runs_on', 'dc-scan01'], ['depends_on', 'MobiControl database']),
  item('Lab data platform', 'application', null, 'Instrument data collection for the research lab.', ['runs_on', 'lab-app01'], ['depends_on', 'LIMS database', 'Instrument data collectors']),
  item('Instrument data collectors', 'application', null, 'Collects the result files of the lab instruments.', ['runs_on', 'lab-inst01', 'lab-inst02']),
  item('Electronic lab notebook', 'application', null, 'Experiments, protocols and sign-off of the research lab.', ['runs_on', 'lab-eln01'], ['depends_on', 'ELN database']),
  item('FlexLM licence server', 'application', null, 'Floating licences of the CAD and simulation software.', ['runs_on', 'lab-lic01']),
  item('Simulation jobs (Slurm)', 'application', null, 'Job queue of the GPU compute server.', ['runs_on', 'lab-gpu01']),
];

// ---- Business services: no one site ----
const SERVICES: CmdbItemSeed[] = [
  item(IDENTITY, 'business_service', null, 'Accounts, groups and single sign-on.', ['depends_on', DIRECTORY, 'AD FS (single sign-on)', 'Entra Connect']),
  item('E-mail (Exchange Online)', 'business_service', null, 'Corporate e-mail and calendars.', ['depends_on', IDENTITY, 'Exchange hybrid', 'Mail relay (SMTP)']),
  item('Corporate VPN', 'business_service', null, 'Remote access gateway for staff laptops.', ['depends_on', IDENTITY, 'GlobalProtect VPN gateway']),
  item('File shares', 'business_service', null, 'Department and project shares with nightly backup.', ['depends_on', 'hq-file01', 'dc-file01', 'lab-file01', IDENTITY]),
  item('Print service', 'business_service', null, 'Secure-release printing for all sites.', ['depends_on', 'hq-print01', 'dc-print01', 'lab-print01', IDENTITY]),
  item('FieldDesk', 'business_service', null, 'IT service desk and field technician app.', ['runs_on', 'hq-app01'], ['depends_on', IDENTITY, 'FieldDesk database']),
  item('Device management', 'business_service', null, 'Enrollment and policies for laptops and phones.', ['depends_on', IDENTITY, 'Configuration Manager', 'WSUS', 'Certificate services (AD CS)']),
  item(WIFI_SERVICE, 'business_service', null, 'Certificate-based wireless network on every site.', ['depends_on', IDENTITY, 'RADIUS (NPS)', WIRELESS_CONTROLLER]),
  item(TELEPHONY_SERVICE, 'business_service', null, 'Desk phones and call routing.', ['depends_on', CALL_CONTROL, 'hq-rt01']),
  item('Backup', 'business_service', null, 'Nightly backup of servers and shares, 35-day retention.', ['depends_on', 'Veeam Backup & Replication', 'dc-nas01', 'lab-nas01']),
  item('ERP (finance and purchasing)', 'business_service', null, 'Finance, purchasing, stock and sales orders for the whole company.', ['depends_on', ERP_APP, 'ERP web client', 'Power BI Report Server', 'EDI gateway', IDENTITY]),
  item('Payroll', 'business_service', null, 'Monthly payroll and payments to staff.', ['depends_on', 'Payroll engine', 'Bank transfer gateway (SFTP)', 'ERP (finance and purchasing)', IDENTITY]),
  item('CRM', 'business_service', null, 'Customer relationship management for sales and customer service.', ['depends_on', 'CRM application', 'CRM web portal', 'E-mail (Exchange Online)', IDENTITY]),
  item('Intranet', 'business_service', null, 'The company intranet.', ['depends_on', 'Intranet portal (SharePoint Server)', IDENTITY]),
  item('HR self-service', 'business_service', null, 'Leave, personal details and payslips for every employee.', ['depends_on', 'HR self-service portal', 'Payroll', IDENTITY]),
  item(ORDER_FULFILMENT, 'business_service', null, 'Picking, packing, labelling and shipping customer orders at the distribution center.', [
    'depends_on',
    'Warehouse management',
    'WMS RF gateway',
    'Label printing (BarTender)',
    'Carrier shipping (manifest)',
    'Scanner management (SOTI MobiControl)',
    'ERP (finance and purchasing)',
    WIFI_SERVICE,
    'Print service',
  ]),
  item('Research data management', 'business_service', null, 'Instrument data, lab notebooks and simulations of the research lab.', ['depends_on', 'Lab data platform', 'Electronic lab notebook', 'Simulation jobs (Slurm)', 'File shares']),
  item('Engineering software licences', 'business_service', null, 'Floating licences for CAD and simulation software.', ['depends_on', 'FlexLM licence server']),
  item('Remote desktop', 'business_service', null, 'Published desktops and applications for remote staff and contractors.', ['depends_on', 'Remote Desktop Services', 'RD Gateway', IDENTITY]),
  item('IT monitoring', 'business_service', null, 'Monitoring, alerting and logs for the IT team.', ['depends_on', 'Zabbix monitoring', 'Graylog']),
  item(MEETING_ROOMS_SERVICE, 'business_service', null, 'Meeting room displays and room calendars on every site.', ['depends_on', 'E-mail (Exchange Online)']),
  item('Internet access', 'business_service', null, 'Internet access from every site through its firewall.', ['depends_on', 'hq-fw01', 'hq-fw02', 'dc-fw01', 'lab-fw01']),
];

/** Every CI the demo names itself, in the order they are created. */
export const CMDB_ITEMS: readonly CmdbItemSeed[] = [...HQ, ...DC, ...LAB, ...DATABASES, ...APPLICATIONS, ...SERVICES];
