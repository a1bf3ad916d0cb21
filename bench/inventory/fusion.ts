/**
 * Debian's FusionInventory agent as the reference: one local inventory with
 * `fusioninventory-inventory` (the XML on stdout), timed, and the software it lists.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fusionContentToGlpi, parseFusionXml } from '../../server/src/inventory/fusion-xml';

export const FUSION_INVENTORY = process.env.BENCH_FUSIONINVENTORY ?? '/usr/bin/fusioninventory-inventory';

/** Why the reference cannot run here, or null when it can. */
export function fusionMissing(): string | null {
  return existsSync(FUSION_INVENTORY) ? null : `${FUSION_INVENTORY} is absent (install Debian's fusioninventory-agent package)`;
}

export interface FusionRun {
  ms: number;
  xml: string;
}

/** One full local inventory by the reference agent, wall-clock (Perl start-up included: it is part of every run). */
export function runFusionInventory(): Promise<FusionRun> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    execFile(FUSION_INVENTORY, [], { maxBuffer: 256 * 1024 * 1024, timeout: 300_000, encoding: 'utf8' }, (error, stdout, stderr) => {
      const ms = performance.now() - started;
      if (error) reject(new Error(`${FUSION_INVENTORY} failed: ${error.message.split('\n')[0]} ${stderr.slice(0, 500)}`));
      else if (!stdout.includes('<REQUEST>')) reject(new Error(`${FUSION_INVENTORY} printed no inventory: ${stderr.slice(0, 500)}`));
      else resolve({ ms, xml: stdout });
    });
  });
}

export interface NamedVersion {
  name: string;
  version: string | null;
}

/** The software of a FusionInventory XML inventory (name and version), read the way the server reads it. */
export function fusionSoftware(xml: string): NamedVersion[] {
  const request = parseFusionXml(xml);
  if (!request.content) throw new Error('the FusionInventory output has no <CONTENT>');
  const { content } = fusionContentToGlpi(request.content);
  const rows = Array.isArray(content.softwares) ? (content.softwares as Record<string, unknown>[]) : [];
  return rows
    .filter((r) => typeof r.name === 'string' && r.name.trim() !== '')
    .map((r) => ({ name: String(r.name).trim(), version: typeof r.version === 'string' && r.version.trim() !== '' ? r.version.trim() : null }));
}
