/**
 * A small but realistic GLPI inventory of a laptop (the shape of ../shared's computer_1.json,
 * written out here: renderer unit tests never read ../shared), for the device screen's tests.
 */
import type { LocalInventory } from '@fielddesk/common/ipc/contract';

export function laptopInventory(overrides: { memory?: number; software?: { name: string; version: string; publisher?: string }[]; notes?: LocalInventory['notes'] } = {}): LocalInventory {
  const software = overrides.software ?? [
    { name: 'firefox-esr', version: '128.5.0esr-1', publisher: 'Debian Mozilla Team' },
    { name: 'git', version: '1:2.39.5-0+deb12u1', publisher: 'Gerrit Pape' },
    { name: 'openssh-client', version: '1:9.2p1-2+deb12u3', publisher: 'Debian OpenSSH Maintainers' },
    { name: 'libreoffice-writer', version: '4:7.4.7-1+deb12u5', publisher: 'Debian LibreOffice Maintainers' },
  ];
  return {
    document: {
      deviceid: 'glpixps-2f6a0c91d4e8b7a1',
      itemtype: 'Computer',
      action: 'inventory',
      content: {
        versionclient: 'FieldDesk-Inventory_v0.1.0',
        hardware: { name: 'glpixps', uuid: '4c4c4544-0034-3010-8048-b6c04f503732', chassis_type: 'Laptop', memory: overrides.memory ?? 7800, swap: 7951, vmsystem: 'Physical' },
        bios: {
          bdate: '2016-02-06',
          bmanufacturer: 'Dell Inc.',
          bversion: '1.4.3',
          mmanufacturer: 'Dell Inc.',
          mmodel: '07TYC2',
          msn: '/640HP72/CE129536461378/',
          smanufacturer: 'Dell Inc.',
          smodel: 'XPS 13 9350',
          ssn: '640HP72',
        },
        cpus: [{ name: 'Intel(R) Core(TM) i5-6200U CPU @ 2.30GHz', manufacturer: 'Intel', core: 2, thread: 4, speed: 2300, arch: 'x86_64' }],
        memories: [
          { capacity: 4096, caption: 'System Board Memory', type: 'LPDDR3', speed: '1867', manufacturer: 'Elpida', serialnumber: '12161217', numslots: 1 },
          { capacity: 4096, caption: 'System Board Memory', type: 'LPDDR3', speed: '1867', manufacturer: 'Elpida', serialnumber: '12161222', numslots: 2 },
        ],
        storages: [{ name: 'nvme0n1', model: 'PM951 NVMe SAMSUNG 256GB', manufacturer: 'Samsung', disksize: 256060, serial: 'S29NNXAH146409', firmware: 'BXV77D0Q', interface: 'NVMe' }],
        drives: [{ volumn: '/dev/mapper/xps-root', filesystem: 'ext4', total: 40189, free: 11683, type: '/' }],
        networks: [
          { description: 'lo', ipaddress: '127.0.0.1', mac: '00:00:00:00:00:00', status: 'up', type: 'loopback', virtualdev: true },
          { description: 'wlp58s0', ipaddress: '192.168.1.119', ipaddress6: 'fe80::92a4:26c6:99dd:2d60', mac: '44:85:00:2b:90:bc', status: 'up', type: 'wifi', virtualdev: false },
          { description: 'docker0', ipaddress: '172.17.0.1', mac: '02:42:a3:51:6e:02', status: 'down', type: 'bridge', virtualdev: true },
        ],
        operatingsystem: {
          arch: 'x86_64',
          boot_time: '2026-03-01 07:58:08',
          fqdn: 'glpixps',
          full_name: 'Debian GNU/Linux 12 (bookworm)',
          kernel_name: 'linux',
          kernel_version: '6.1.0-28-amd64',
          name: 'Debian GNU/Linux',
          version: '12',
          install_date: '2024-05-02 10:11:12',
        },
        batteries: [{ name: 'DELL RWT1R43', manufacturer: 'SMP', chemistry: 'lithium-ion', capacity: 57570, real_capacity: 50570, voltage: 8465, serial: '34605' }],
        monitors: [{ name: 'DJCP6', manufacturer: 'Sharp Corporation', serial: 'ABH55D', port: 'eDP-1' }],
        videos: [{ name: 'Intel HD Graphics 520', chipset: 'Skylake GT2', memory: 256, resolution: '3200x1800' }],
        usbdevices: [{ name: 'RTL8153 Gigabit Ethernet Adapter', manufacturer: 'Realtek Semiconductor Corp.', vendorid: '0bda', productid: '8153', serial: '00E04C6801DB' }],
        printers: [{ name: 'Officejet_Pro_8600', driver: 'HP Officejet Pro 8600', port: 'ipp://192.168.1.30/ipp/print', network: true }],
        local_users: [{ id: '1000', login: 'trasher', name: 'Johan', home: '/home/trasher', shell: '/bin/bash' }],
        softwares: software.map((s) => ({ ...s, from: 'deb' })),
      },
    },
    notes: overrides.notes ?? [],
    scannedAt: '2026-03-02T09:00:00.000Z',
    durationMs: 640,
  };
}
