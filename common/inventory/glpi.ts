/**
 * The identity facts of a GLPI inventory document (the JSON of the GLPI native inventory
 * protocol, as GLPI Agent sends it and as ../shared/fixtures/glpi-inventory/ holds it).
 *
 * Only the fields matching reads are typed; everything else passes through untouched, so a
 * document from a newer agent with more sections still parses. Where they come from:
 * - computers and phones: `content.bios.ssn` (system serial; the board serial `mssn` when
 *   the system serial is junk, as GLPI does), `content.hardware.uuid`, `content.hardware.name`,
 *   and the MACs of `content.networks[]` that are not virtual adapters (flagged `virtualdev`
 *   by the agent, or known by name or type: identity.ts `virtualInterfaceReason`);
 * - network equipment and printers (SNMP inventories): `content.network_device.serial`,
 *   `.mac` and `.name` — the ports' MACs are not the device's identity (a switch reports the
 *   MACs it has learnt on them), so they are left out.
 */
import { z } from 'zod';
import { normaliseSerial, virtualInterfaceReason, type InterfaceFacts } from './identity';
import type { IdentityFacts } from './matching';

/** Agents send numbers where strings are due now and then (an all-digit serial): read both. */
const looseText = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((v) => (v === null || v === undefined ? null : String(v)));

const NetworkSchema = z.looseObject({
  mac: looseText,
  // The schema says boolean; older agents send 0/1.
  virtualdev: z.union([z.boolean(), z.number(), z.string()]).nullish(),
  // Read by virtualInterfaceReason only when they are text; anything else passes.
  description: z.unknown().optional(),
  name: z.unknown().optional(),
  type: z.unknown().optional(),
});

/** The part of a GLPI inventory document that identity reads. */
export const GlpiInventoryIdentitySchema = z.looseObject({
  deviceid: looseText,
  itemtype: z.string().nullish(),
  content: z.looseObject({
    bios: z.looseObject({ ssn: looseText, mssn: looseText }).nullish(),
    hardware: z.looseObject({ uuid: looseText, name: looseText }).nullish(),
    networks: z.array(NetworkSchema).nullish(),
    network_device: z.looseObject({ serial: looseText, mac: looseText, name: looseText }).nullish(),
  }),
});

/** What a GLPI document says about the device it describes. */
export interface GlpiIdentityFacts {
  /** Computer, NetworkEquipment, Printer, Phone, … (GLPI's default when absent: Computer). */
  itemtype: string;
  /** The agent's device id, or null when the document has none. */
  deviceId: string | null;
  facts: IdentityFacts;
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : '(root)'}: ${i.message}`).join('; ');
}

/**
 * Reads the identity facts out of a parsed GLPI inventory document. Throws an Error saying
 * which field was wrong when the document is not of the expected shape (no `content`, a
 * `networks` that is not a list, …). The facts are raw: `identityOf` drops the junk.
 */
export function glpiIdentityFacts(document: unknown): GlpiIdentityFacts {
  const parsed = GlpiInventoryIdentitySchema.safeParse(document);
  if (!parsed.success) throw new Error(`Not a GLPI inventory document: ${describeIssues(parsed.error)}`);
  const { deviceid, itemtype, content } = parsed.data;
  const device = content.network_device;

  let facts: IdentityFacts;
  if (device && !content.hardware && !content.bios) {
    facts = { serial: device.serial, uuid: null, macs: [device.mac], name: device.name };
  } else {
    const ssn = content.bios?.ssn ?? null;
    const serial = normaliseSerial(ssn) === null && content.bios?.mssn ? content.bios.mssn : ssn;
    // Virtual adapters by the agent's flag, their name or their kind (identity.ts): their MACs say nothing.
    const macs = (content.networks ?? []).filter((n) => virtualInterfaceReason(n as InterfaceFacts) === null).map((n) => n.mac);
    if (device?.mac) macs.push(device.mac);
    facts = {
      serial: serial ?? device?.serial ?? null,
      uuid: content.hardware?.uuid ?? null,
      macs,
      name: content.hardware?.name ?? device?.name ?? null,
    };
  }
  return { itemtype: itemtype ?? 'Computer', deviceId: deviceid, facts };
}
