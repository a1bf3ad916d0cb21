/**
 * Tests and benchmark only: small realistic agent messages, written by hand in the shapes
 * GLPI Agent and FusionInventory agent 2.6 send (no machine's real output is committed; the
 * real agent's own run is integration/fusionAgent.test.ts).
 */

/** A FusionInventory PROLOG message, as the agent writes it (XML::TreePP, two-space indent). */
export function fusionProlog(deviceId: string): string {
  return `<?xml version="1.0" encoding="UTF-8" ?>\n<REQUEST>\n  <DEVICEID>${deviceId}</DEVICEID>\n  <QUERY>PROLOG</QUERY>\n  <TOKEN>12345678</TOKEN>\n</REQUEST>\n`;
}

export interface FusionFixtureOptions {
  deviceId?: string;
  name?: string;
  serial?: string;
  uuid?: string;
  mac?: string;
  /** Extra software entries beyond the three built in. */
  extraSoftware?: { name: string; version: string }[];
}

/** A FusionInventory INVENTORY message of a Linux laptop: every section the summary reads, plus some it does not. */
export function fusionInventory(options: FusionFixtureOptions = {}): string {
  const deviceId = options.deviceId ?? 'pc-fusion-01-2024-06-01-10-00-00';
  const name = options.name ?? 'pc-fusion-01';
  const serial = options.serial ?? '5CG1234XYZ';
  const uuid = options.uuid ?? '4C4C4544-0042-3510-8052-B4C04F4E3732';
  const mac = options.mac ?? '8c:8c:aa:12:34:56';
  const extra = (options.extraSoftware ?? [])
    .map((s) => `    <SOFTWARES>\n      <FROM>deb</FROM>\n      <NAME>${s.name}</NAME>\n      <VERSION>${s.version}</VERSION>\n    </SOFTWARES>\n`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8" ?>
<REQUEST>
  <CONTENT>
    <ACCESSLOG>
      <LOGDATE>2024-06-01 10:00:00</LOGDATE>
    </ACCESSLOG>
    <ACCOUNTINFO>
      <KEYNAME>TAG</KEYNAME>
      <KEYVALUE>site-lyon</KEYVALUE>
    </ACCOUNTINFO>
    <BIOS>
      <ASSETTAG>AT-0042</ASSETTAG>
      <BDATE>03/15/2023</BDATE>
      <BMANUFACTURER>HP</BMANUFACTURER>
      <BVERSION>T76 Ver. 01.12.00</BVERSION>
      <MMANUFACTURER>HP</MMANUFACTURER>
      <MMODEL>8846</MMODEL>
      <MSN>PKBYR0ABC123</MSN>
      <SKUNUMBER>3E2T6EA#ABF</SKUNUMBER>
      <SMANUFACTURER>HP</SMANUFACTURER>
      <SMODEL>HP EliteBook 840 G8 Notebook PC</SMODEL>
      <SSN>${serial}</SSN>
    </BIOS>
    <CPUS>
      <ARCH>x86_64</ARCH>
      <CORE>4</CORE>
      <FAMILYNUMBER>6</FAMILYNUMBER>
      <MANUFACTURER>Intel</MANUFACTURER>
      <MODEL>140</MODEL>
      <NAME>11th Gen Intel(R) Core(TM) i5-1145G7 @ 2.60GHz</NAME>
      <SPEED>2600</SPEED>
      <STEPPING>1</STEPPING>
      <THREAD>2</THREAD>
    </CPUS>
    <DRIVES>
      <FILESYSTEM>ext4</FILESYSTEM>
      <FREE>180412</FREE>
      <SERIAL>0b1e5e7a-3c55-4a8b-9f39-6a3c2b1f0e11</SERIAL>
      <TOTAL>467464</TOTAL>
      <TYPE>/</TYPE>
      <VOLUMN>/dev/nvme0n1p2</VOLUMN>
    </DRIVES>
    <HARDWARE>
      <CHASSIS_TYPE>Notebook</CHASSIS_TYPE>
      <CHECKSUM>131071</CHECKSUM>
      <DNS>10.0.0.53</DNS>
      <ETIME>3</ETIME>
      <MEMORY>15731</MEMORY>
      <NAME>${name}</NAME>
      <OSNAME>Debian GNU/Linux 12 (bookworm)</OSNAME>
      <PROCESSORN>1</PROCESSORN>
      <SWAP>976</SWAP>
      <UUID>${uuid}</UUID>
      <VMSYSTEM>Physical</VMSYSTEM>
      <WORKGROUP>corp.example.com</WORKGROUP>
    </HARDWARE>
    <LOCAL_GROUPS>
      <ID>27</ID>
      <MEMBER>alice</MEMBER>
      <NAME>sudo</NAME>
    </LOCAL_GROUPS>
    <MEMORIES>
      <CAPACITY>8192</CAPACITY>
      <CAPTION>Bottom-Slot 1(left)</CAPTION>
      <DESCRIPTION>SODIMM</DESCRIPTION>
      <MANUFACTURER>Samsung</MANUFACTURER>
      <NUMSLOTS>1</NUMSLOTS>
      <SERIALNUMBER>1A2B3C4D</SERIALNUMBER>
      <SPEED>3200</SPEED>
      <TYPE>DDR4</TYPE>
    </MEMORIES>
    <MEMORIES>
      <CAPACITY>8192</CAPACITY>
      <CAPTION>Bottom-Slot 2(right)</CAPTION>
      <DESCRIPTION>SODIMM</DESCRIPTION>
      <MANUFACTURER>Samsung</MANUFACTURER>
      <NUMSLOTS>2</NUMSLOTS>
      <SERIALNUMBER>5E6F7A8B</SERIALNUMBER>
      <SPEED>3200</SPEED>
      <TYPE>DDR4</TYPE>
    </MEMORIES>
    <NETWORKS>
      <DESCRIPTION>lo</DESCRIPTION>
      <IPADDRESS>127.0.0.1</IPADDRESS>
      <IPMASK>255.0.0.0</IPMASK>
      <MACADDR>00:00:00:00:00:00</MACADDR>
      <STATUS>Up</STATUS>
      <TYPE>loopback</TYPE>
      <VIRTUALDEV>1</VIRTUALDEV>
    </NETWORKS>
    <NETWORKS>
      <DESCRIPTION>wlp0s20f3</DESCRIPTION>
      <DRIVER>iwlwifi</DRIVER>
      <IPADDRESS>10.0.12.34</IPADDRESS>
      <IPGATEWAY>10.0.12.1</IPGATEWAY>
      <IPMASK>255.255.255.0</IPMASK>
      <IPSUBNET>10.0.12.0</IPSUBNET>
      <MACADDR>${mac}</MACADDR>
      <PCIID>8086:A0F0:0074:8086</PCIID>
      <STATUS>Up</STATUS>
      <TYPE>wifi</TYPE>
      <VIRTUALDEV>0</VIRTUALDEV>
    </NETWORKS>
    <NETWORKS>
      <DESCRIPTION>wlp0s20f3</DESCRIPTION>
      <IPADDRESS6>fe80::8e8c:aaff:fe12:3456</IPADDRESS6>
      <IPMASK6>ffff:ffff:ffff:ffff::</IPMASK6>
      <MACADDR>${mac}</MACADDR>
      <STATUS>Up</STATUS>
      <TYPE>wifi</TYPE>
      <VIRTUALDEV>0</VIRTUALDEV>
    </NETWORKS>
    <NETWORKS>
      <DESCRIPTION>docker0</DESCRIPTION>
      <IPADDRESS>172.17.0.1</IPADDRESS>
      <MACADDR>02:42:5f:1a:2b:3c</MACADDR>
      <STATUS>Down</STATUS>
      <TYPE>bridge</TYPE>
      <VIRTUALDEV>1</VIRTUALDEV>
    </NETWORKS>
    <OPERATINGSYSTEM>
      <ARCH>x86_64</ARCH>
      <BOOT_TIME>2024-06-01 08:12:45</BOOT_TIME>
      <FQDN>${name}.corp.example.com</FQDN>
      <FULL_NAME>Debian GNU/Linux 12 (bookworm)</FULL_NAME>
      <INSTALL_DATE>2023-04-02 14:21:07</INSTALL_DATE>
      <KERNEL_NAME>linux</KERNEL_NAME>
      <KERNEL_VERSION>6.1.0-21-amd64</KERNEL_VERSION>
      <NAME>Debian GNU/Linux</NAME>
      <TIMEZONE>
        <NAME>CEST</NAME>
        <OFFSET>+0200</OFFSET>
      </TIMEZONE>
      <VERSION>12.5</VERSION>
    </OPERATINGSYSTEM>
    <SOFTWARES>
      <ARCH>amd64</ARCH>
      <FILESIZE>3932160</FILESIZE>
      <FROM>deb</FROM>
      <INSTALLDATE>02/04/2023</INSTALLDATE>
      <NAME>bash</NAME>
      <PUBLISHER>Debian</PUBLISHER>
      <SYSTEM_CATEGORY>shells</SYSTEM_CATEGORY>
      <VERSION>5.2.15-2+b2</VERSION>
    </SOFTWARES>
    <SOFTWARES>
      <ARCH>amd64</ARCH>
      <FROM>deb</FROM>
      <NAME>firefox-esr</NAME>
      <PUBLISHER>Mozilla &amp; Debian</PUBLISHER>
      <VERSION>115.11.0esr-1~deb12u1</VERSION>
    </SOFTWARES>
    <SOFTWARES>
      <ARCH>all</ARCH>
      <FROM>deb</FROM>
      <NAME>tzdata</NAME>
      <PUBLISHER>Debian</PUBLISHER>
      <VERSION>2024a-0+deb12u1</VERSION>
    </SOFTWARES>
${extra}    <STORAGES>
      <DESCRIPTION>NVMe</DESCRIPTION>
      <DISKSIZE>512110</DISKSIZE>
      <FIRMWARE>4L2QGXA7</FIRMWARE>
      <INTERFACE>NVME</INTERFACE>
      <MANUFACTURER>Samsung</MANUFACTURER>
      <MODEL>PM991a NVMe Samsung 512GB</MODEL>
      <NAME>nvme0n1</NAME>
      <SERIALNUMBER>S660NX0T123456</SERIALNUMBER>
      <TYPE>disk</TYPE>
    </STORAGES>
    <VERSIONCLIENT>FusionInventory-Agent_v2.6-3</VERSIONCLIENT>
    <VERSIONPROVIDER>
      <COMMENTS>Built by Debian</COMMENTS>
      <NAME>FusionInventory</NAME>
      <PROGRAM>/usr/bin/fusioninventory-agent</PROGRAM>
      <VERSION>2.6-3</VERSION>
    </VERSIONPROVIDER>
  </CONTENT>
  <DEVICEID>${deviceId}</DEVICEID>
  <QUERY>INVENTORY</QUERY>
</REQUEST>
`;
}

export interface GlpiFixtureOptions {
  deviceId?: string;
  name?: string;
  serial?: string;
  uuid?: string;
  mac?: string;
  software?: { name: string; version: string; publisher?: string }[];
}

/** A GLPI Agent native inventory message of a small Windows desktop. */
export function glpiInventory(options: GlpiFixtureOptions = {}): Record<string, unknown> {
  const name = options.name ?? 'DESK-042';
  return {
    action: 'inventory',
    deviceid: options.deviceId ?? `${name}-2024-06-01-10-00-00`,
    itemtype: 'Computer',
    content: {
      bios: { ssn: options.serial ?? 'CZC0123ABC', smanufacturer: 'HP', smodel: 'HP EliteDesk 800 G6 Tower', bdate: '2022-11-08', assettag: 'AT-1042' },
      hardware: { name, uuid: options.uuid ?? 'B1C2D3E4-F5A6-4B7C-8D9E-0F1A2B3C4D5E', memory: 16279, chassis_type: 'Tower', vmsystem: 'Physical', workgroup: 'CORP' },
      operatingsystem: { name: 'Windows', full_name: 'Microsoft Windows 11 Pro', version: '23H2', kernel_version: '10.0.22631', arch: '64-bit', install_date: '2023-02-10 09:14:33' },
      cpus: [{ name: 'Intel(R) Core(TM) i7-10700 CPU @ 2.90GHz', manufacturer: 'Intel', core: 8, thread: 2, speed: 2904 }],
      memories: [{ capacity: 8192, caption: 'DIMM 1' }, { capacity: 8192, caption: 'DIMM 2' }],
      storages: [{ name: 'Disk 0', model: 'KXG60ZNV512G', serial: 'Y0AS1234', disksize: 512110, type: 'disk' }],
      networks: [
        { description: 'Intel(R) Ethernet Connection (11) I219-LM', mac: options.mac ?? '00:11:22:aa:bb:cc', ipaddress: '10.1.2.3', virtualdev: false },
        { description: 'Hyper-V Virtual Ethernet Adapter', mac: '00:15:5d:01:02:03', ipaddress: '172.20.0.1', virtualdev: true },
      ],
      softwares: options.software ?? [
        { name: '7-Zip 23.01 (x64)', version: '23.01', publisher: 'Igor Pavlov' },
        { name: 'Google Chrome', version: '125.0.6422.142', publisher: 'Google LLC' },
        { name: 'Microsoft Office Professional Plus 2021', version: '16.0.14332.20706', publisher: 'Microsoft Corporation' },
      ],
      versionclient: 'GLPI-Agent_v1.9',
    },
  };
}

/**
 * An inventory as Debian's ocsinventory-agent 2.10 sends it (abridged from a real run): no
 * VERSIONCLIENT (the agent names itself in its User-Agent), no model or manufacturer in BIOS
 * on a virtual machine, and kernel ifb devices listed as ordinary adapters with made-up MACs.
 */
export function ocsInventory(options: { name?: string; deviceId?: string; mac?: string; ifbMacs?: [string, string] } = {}): string {
  const name = options.name ?? 'ocs-host';
  const deviceId = options.deviceId ?? `${name}-2026-12-06-21-54-35`;
  const [ifb0, ifb1] = options.ifbMacs ?? ['62:de:01:80:06:84', '1e:5c:a9:df:b2:24'];
  return `<?xml version="1.0" encoding="UTF-8"?>
<REQUEST>
  <CONTENT>
    <BIOS>
    </BIOS>
    <HARDWARE>
      <CHECKSUM>1572863</CHECKSUM>
      <DESCRIPTION>x86_64/00-00-00 01:09:09</DESCRIPTION>
      <MEMORY>24105</MEMORY>
      <NAME>${name}</NAME>
      <OSCOMMENTS>Debian GNU/Linux 12 (bookworm)</OSCOMMENTS>
      <OSNAME>Debian GNU/Linux 12</OSNAME>
      <OSVERSION>12</OSVERSION>
      <VMSYSTEM>Physical</VMSYSTEM>
    </HARDWARE>
    <NETWORKS>
      <DESCRIPTION>ifb0</DESCRIPTION>
      <MACADDR>${ifb0}</MACADDR>
      <STATUS>Down</STATUS>
      <TYPE>ether</TYPE>
    </NETWORKS>
    <NETWORKS>
      <DESCRIPTION>ifb1</DESCRIPTION>
      <MACADDR>${ifb1}</MACADDR>
      <STATUS>Down</STATUS>
      <TYPE>ether</TYPE>
    </NETWORKS>
    <NETWORKS>
      <DESCRIPTION>eth0</DESCRIPTION>
      <IPADDRESS>192.0.2.2</IPADDRESS>
      <MACADDR>${options.mac ?? '3c:ec:ef:10:20:30'}</MACADDR>
      <STATUS>Up</STATUS>
      <TYPE>ethernet</TYPE>
    </NETWORKS>
    <SOFTWARES>
      <NAME>bash</NAME>
      <VERSION>5.2.15-2+b7</VERSION>
    </SOFTWARES>
  </CONTENT>
  <DEVICEID>${deviceId}</DEVICEID>
  <QUERY>INVENTORY</QUERY>
</REQUEST>
`;
}
