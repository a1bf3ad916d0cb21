/**
 * Runs the inventory probes concurrently, each under its own time limit, so one slow or broken
 * source (no DMI table in a container, a hanging lpstat, no permission) leaves only its own
 * section empty with a note and never holds up or aborts the rest.
 */
import { execFile } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import * as si from 'systeminformation';
import nodeMachineId from 'node-machine-id';
import {
  probeBatteries,
  probeBios,
  probeCpus,
  probeDrives,
  probeGraphics,
  probeHardware,
  probeLocalUsers,
  probeMemories,
  probeNetworks,
  probeOperatingSystem,
  probePrinters,
  probeSoftwares,
  probeStorages,
  probeUsb,
  type CommandRunner,
  type ProbeDeps,
} from './probes';
import type { InventorySections } from './types';

/** One probe: fills one or more sections of the result. */
export interface Probe {
  name: string;
  run(deps: ProbeDeps): Promise<InventorySections>;
}

/** The probes of a full inventory, in the order progress reports them. */
export const PROBES: readonly Probe[] = [
  { name: 'hardware', run: async (d) => ({ hardware: await probeHardware(d) }) },
  { name: 'bios', run: async (d) => ({ bios: await probeBios(d) }) },
  { name: 'cpus', run: async (d) => ({ cpus: await probeCpus(d) }) },
  { name: 'memories', run: async (d) => ({ memories: await probeMemories(d) }) },
  { name: 'storages', run: async (d) => ({ storages: await probeStorages(d) }) },
  { name: 'drives', run: async (d) => ({ drives: await probeDrives(d) }) },
  { name: 'networks', run: async (d) => ({ networks: await probeNetworks(d) }) },
  { name: 'operatingsystem', run: async (d) => ({ operatingsystem: await probeOperatingSystem(d) }) },
  { name: 'batteries', run: async (d) => ({ batteries: await probeBatteries(d) }) },
  { name: 'graphics', run: async (d) => probeGraphics(d) },
  { name: 'usbdevices', run: async (d) => ({ usbdevices: await probeUsb(d) }) },
  { name: 'printers', run: async (d) => ({ printers: await probePrinters(d) }) },
  { name: 'local_users', run: async (d) => ({ local_users: await probeLocalUsers(d) }) },
  { name: 'softwares', run: async (d) => ({ softwares: await probeSoftwares(d) }) },
];

export const DEFAULT_PROBE_TIMEOUT_MS = 20_000;

export interface ScanProgress {
  done: number;
  total: number;
  /** The probe that just finished (successfully or not). */
  probe: string;
}

export interface ProbeNote {
  probe: string;
  message: string;
}

export interface ScanResult {
  startedAt: number;
  durationMs: number;
  /** The machine's stable id (node-machine-id, hashed), for GLPI's deviceid. */
  machineId: string | undefined;
  sections: InventorySections;
  /** Why a section is empty: the probe failed or ran out of time. */
  notes: ProbeNote[];
}

export interface ScanOptions {
  deps?: ProbeDeps;
  probes?: readonly Probe[];
  timeoutMs?: number;
  onProgress?: (progress: ScanProgress) => void;
}

/** Largest output a command may give (the package list of a big Linux box is a few MB). */
const MAX_COMMAND_OUTPUT = 64 * 1024 * 1024;

/** Runs a program without a shell; its output as text, or an error naming the program. */
export const execRunner: CommandRunner = (command, args) =>
  new Promise((resolve, reject) => {
    execFile(command, [...args], { maxBuffer: MAX_COMMAND_OUTPUT, windowsHide: true, encoding: 'utf8' }, (error, stdout) => {
      if (error) reject(new Error(`${command} failed: ${error.message.split('\n')[0] ?? ''}`));
      else resolve(stdout);
    });
  });

/** The real dependencies: this machine's systeminformation, programs and files. */
export function defaultProbeDeps(): ProbeDeps {
  return {
    si,
    run: execRunner,
    fs: {
      readFile: (path) => readFile(path, 'utf8'),
      createdAt: async (path) => {
        const s = await stat(path);
        return s.birthtimeMs > 0 ? s.birthtimeMs : s.mtimeMs;
      },
    },
    platform: process.platform,
    // Hashed (sha-256): stable per installation, and the raw OS id never leaves the machine.
    machineId: () => nodeMachineId.machineId(),
    now: () => Date.now(),
  };
}

class ProbeTimeout extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProbeTimeout(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

/** Runs every probe at once; never rejects. */
export async function runScan(options: ScanOptions = {}): Promise<ScanResult> {
  const deps = options.deps ?? defaultProbeDeps();
  const probes = options.probes ?? PROBES;
  const timeoutMs = options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  const startedAt = deps.now();
  const sections: InventorySections = {};
  const notes: ProbeNote[] = [];
  let done = 0;
  const machineId = withTimeout(deps.machineId(), timeoutMs).catch((e: unknown) => {
    notes.push({ probe: 'machineId', message: e instanceof Error ? e.message : String(e) });
    return undefined;
  });
  await Promise.all(
    probes.map(async (probe) => {
      try {
        // A probe that throws synchronously is caught too (the async wrapper turns it into a rejection).
        Object.assign(sections, await withTimeout((async () => probe.run(deps))(), timeoutMs));
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        notes.push({ probe: probe.name, message: e instanceof ProbeTimeout ? `timed out: ${message}` : `failed: ${message}` });
      }
      done += 1;
      options.onProgress?.({ done, total: probes.length, probe: probe.name });
    }),
  );
  return { startedAt, durationMs: deps.now() - startedAt, machineId: await machineId, sections, notes };
}
