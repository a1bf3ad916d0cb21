/**
 * The sections of a GLPI inventory (the fields FieldDesk fills), in GLPI's own names and units:
 * memory and disk sizes in MB, clock speeds in MHz, battery capacity in mWh and voltage in mV,
 * dates "YYYY-MM-DD" or "YYYY-MM-DD HH:MM:SS" (../shared/fixtures/glpi-inventory/inventory.schema.json).
 */
export interface GlpiHardware {
  name?: string;
  uuid?: string;
  chassis_type?: string;
  memory?: number;
  swap?: number;
  vmsystem?: string;
  defaultgateway?: string;
}

export interface GlpiBios {
  bmanufacturer?: string;
  bversion?: string;
  bdate?: string;
  biosserial?: string;
  smanufacturer?: string;
  smodel?: string;
  ssn?: string;
  skunumber?: string;
  mmanufacturer?: string;
  mmodel?: string;
  msn?: string;
  assettag?: string;
  enclosureserial?: string;
}

export interface GlpiCpu {
  name?: string;
  manufacturer?: string;
  familynumber?: string;
  model?: string;
  stepping?: number;
  speed?: number;
  core?: number;
  corecount?: number;
  thread?: number;
  arch?: string;
}

export interface GlpiMemory {
  capacity?: number;
  caption?: string;
  type?: string;
  speed?: string;
  manufacturer?: string;
  model?: string;
  serialnumber?: string;
  formfactor?: string;
  memorycorrection?: string;
  numslots?: number;
}

export interface GlpiStorage {
  name?: string;
  model?: string;
  manufacturer?: string;
  disksize?: number;
  serial?: string;
  firmware?: string;
  interface?: string;
  description?: string;
  type?: string;
}

export interface GlpiDrive {
  volumn?: string;
  filesystem?: string;
  total?: number;
  free?: number;
  /** The mount point on Unix (GLPI's odd name for it). */
  type?: string;
  letter?: string;
}

export interface GlpiNetwork {
  description: string;
  mac?: string;
  ipaddress?: string;
  ipmask?: string;
  ipsubnet?: string;
  ipaddress6?: string;
  ipmask6?: string;
  status?: string;
  type?: string;
  virtualdev?: boolean;
  speed?: string;
  mtu?: number;
}

export interface GlpiOperatingSystem {
  name?: string;
  version?: string;
  full_name?: string;
  kernel_name?: string;
  kernel_version?: string;
  arch?: string;
  fqdn?: string;
  service_pack?: string;
  boot_time?: string;
  install_date?: string;
  timezone?: { name: string; offset: string };
}

export interface GlpiBattery {
  name?: string;
  manufacturer?: string;
  serial?: string;
  chemistry?: string;
  capacity?: number;
  real_capacity?: number;
  voltage?: number;
}

export interface GlpiMonitor {
  name?: string;
  caption?: string;
  manufacturer?: string;
  serial?: string;
  port?: string;
}

export interface GlpiVideo {
  name?: string;
  chipset?: string;
  memory?: number;
  resolution?: string;
  pcislot?: string;
}

export interface GlpiUsbDevice {
  name?: string;
  caption?: string;
  manufacturer?: string;
  serial?: string;
  vendorid?: string;
  productid?: string;
}

export interface GlpiPrinter {
  name: string;
  driver?: string;
  port?: string;
  status?: string;
  network?: boolean;
  shared?: boolean;
}

export interface GlpiLocalUser {
  id: string;
  login?: string;
  name?: string;
  home?: string;
  shell?: string;
}

export interface GlpiSoftware {
  name: string;
  version?: string;
  publisher?: string;
  arch?: string;
  filesize?: number;
  system_category?: string;
  comments?: string;
  install_date?: string;
  uninstall_string?: string;
  url_info_about?: string;
  helplink?: string;
  folder?: string;
  guid?: string;
  no_remove?: boolean;
  from?: string;
}

/** Everything a scan found, one entry per GLPI section; a section is absent when its probe failed. */
export interface InventorySections {
  hardware?: GlpiHardware;
  bios?: GlpiBios;
  cpus?: GlpiCpu[];
  memories?: GlpiMemory[];
  storages?: GlpiStorage[];
  drives?: GlpiDrive[];
  networks?: GlpiNetwork[];
  operatingsystem?: GlpiOperatingSystem;
  batteries?: GlpiBattery[];
  monitors?: GlpiMonitor[];
  videos?: GlpiVideo[];
  usbdevices?: GlpiUsbDevice[];
  printers?: GlpiPrinter[];
  local_users?: GlpiLocalUser[];
  softwares?: GlpiSoftware[];
}
