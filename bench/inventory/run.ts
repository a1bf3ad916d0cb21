/**
 * npm run bench:inventory — the inventory of issue 5, measured on this machine. One JSON line
 * per metric on stdout, then the summary; progress and the software FieldDesk misses on stderr
 * (see bench/README.md):
 *
 * - inventory_ms: a full local inventory by FieldDesk (main/inventory: runScan, every probe at
 *   once, then toGlpiInventory), in this process, median of BENCH_INVENTORY_RUNS (5); its
 *   reference is Debian's `fusioninventory-inventory` (a new Perl process each run, as it is
 *   always run), median of as many runs, alternating with ours in the same run; the target is
 *   on the ratio (≤ 1.5).
 * - software_coverage: the share of the packages fusioninventory-inventory lists (name and
 *   version) that FieldDesk's scan also lists, from the last runs of both (target 1.0).
 * - intake_per_s: GLPI JSON inventories of computer_1.json's size matched and stored per
 *   second by the server on SQLite through POST /api/inventory (app.inject; see intake.ts);
 *   its reference is the same bodies inflated, parsed and stored by the SQLite driver alone.
 *
 * Environment (optional): BENCH_INVENTORY_RUNS (default 5), BENCH_INTAKE_DOCS (default 300),
 * BENCH_FUSIONINVENTORY (default /usr/bin/fusioninventory-inventory).
 */
import { toGlpiInventory } from '../../main/inventory/glpi';
import { runScan } from '../../main/inventory/scan';
import pkg from '../../package.json' with { type: 'json' };
import { failure, log, metric, ratioMetric, skip, summary } from '../lib/report';
import { cleanupStores } from '../lib/stores';
import { FUSION_INVENTORY, fusionMissing, fusionSoftware, runFusionInventory, type NamedVersion } from './fusion';
import { measureIntake } from './intake';

const RUNS = Number(process.env.BENCH_INVENTORY_RUNS ?? 5);
const INTAKE_DOCS = Number(process.env.BENCH_INTAKE_DOCS ?? 300);
if (!Number.isInteger(RUNS) || RUNS < 1 || RUNS > 50) throw new Error(`BENCH_INVENTORY_RUNS=${process.env.BENCH_INVENTORY_RUNS} must be a whole number from 1 to 50.`);
if (!Number.isInteger(INTAKE_DOCS) || INTAKE_DOCS < 20) throw new Error(`BENCH_INTAKE_DOCS=${process.env.BENCH_INTAKE_DOCS} must be a whole number of at least 20.`);

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const round = (n: number) => Math.round(n * 10) / 10;
/** intake_per_s ÷ its reference (see bench/README.md). */
const INTAKE_RATIO_TARGET = 0.04;
/** A figure without a target of its own (the reference's time): printed, not counted. */
const info = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`);
const key = (s: NamedVersion) => `${s.name}\u0000${s.version ?? ''}`;

async function ourInventory() {
  const started = performance.now();
  const scan = await runScan();
  const inventory = toGlpiInventory(scan, pkg.version, 'bench-machine-id');
  return { ms: performance.now() - started, scan, inventory };
}

async function main(): Promise<number> {
  const began = performance.now();
  const missing = fusionMissing();
  const ours: number[] = [];
  const theirs: number[] = [];
  let last: Awaited<ReturnType<typeof ourInventory>> | null = null;
  let lastXml: string | null = null;

  try {
    for (let i = 0; i < RUNS; i++) {
      last = await ourInventory();
      ours.push(last.ms);
      if (!missing) {
        const run = await runFusionInventory();
        theirs.push(run.ms);
        lastXml = run.xml;
      }
      log(`run ${i + 1}/${RUNS}: FieldDesk ${round(ours[i]!)} ms${missing ? '' : `, fusioninventory-inventory ${round(theirs[i]!)} ms`}`);
    }
  } catch (error) {
    failure('inventory_ms', undefined, error);
  }

  if (last && ours.length === RUNS) {
    const notes = last.scan.notes.map((n) => `${n.probe}: ${n.message}`);
    if (notes.length > 0) log(`probe notes of the last scan: ${notes.join('; ')}`);
    const oursMs = median(ours);
    const details = { runs: ours.map(round), mode: 'in-process runScan + toGlpiInventory', probe_notes: notes.length };
    if (missing) {
      // No reference, so no target: the figure alone.
      info({ metric: 'inventory_ms', value: round(oursMs), unit: 'ms', reference: null, reason: missing, ...details });
    } else {
      ratioMetric({
        metric: 'inventory_ms',
        value: oursMs,
        unit: 'ms',
        reference: `${FUSION_INVENTORY} (a new Perl process per run), alternating with ours, same run; median`,
        reference_value: median(theirs),
        target: 1.5,
        direction: 'max',
        ...details,
        reference_runs: theirs.map(round),
      });
    }
  }

  if (missing) skip('software_coverage', undefined, missing);
  else if (last && lastXml) {
    try {
      const reference = fusionSoftware(lastXml);
      const mine = new Set(
        (last.inventory.content.softwares ?? []).map((s) => key({ name: String(s.name).trim(), version: s.version ? String(s.version).trim() : null })),
      );
      const wanted = [...new Map(reference.map((s) => [key(s), s])).values()];
      const absent = wanted.filter((s) => !mine.has(key(s)));
      for (const s of absent.slice(0, 20)) log(`FieldDesk misses: ${s.name} ${s.version ?? '(no version)'}`);
      if (absent.length > 20) log(`… and ${absent.length - 20} more`);
      metric({
        metric: 'software_coverage',
        value: wanted.length === 0 ? 1 : (wanted.length - absent.length) / wanted.length,
        unit: 'share',
        target: 1,
        direction: 'min',
        fusioninventory_packages: wanted.length,
        fielddesk_packages: mine.size,
        missing: absent.length,
      });
    } catch (error) {
      failure('software_coverage', undefined, error);
    }
  }

  try {
    log(`intake: ${INTAKE_DOCS} GLPI inventories through POST ${'/api/inventory'} on SQLite …`);
    const intake = await measureIntake(INTAKE_DOCS);
    ratioMetric({
      metric: 'intake_per_s',
      store: 'sqlite',
      value: intake.perSecond,
      unit: 'inventories/s',
      reference: 'the same zlib bodies inflated, JSON.parse\'d and kept (document + one row per software entry, prepared INSERTs, a transaction each) by better-sqlite3 alone, same database',
      reference_value: intake.referencePerSecond,
      target: INTAKE_RATIO_TARGET,
      direction: 'min',
      absolute_target: 50,
      transport: 'inject',
      reference_software_rows: intake.referenceSoftwareRows,
      documents: intake.documents,
      created: intake.created,
      updated: intake.updated,
      document_bytes: intake.docBytes,
      zlib_bytes: intake.compressedBytes,
      p50_ms: round(intake.p50Ms),
      p95_ms: round(intake.p95Ms),
      document: intake.source,
    });
  } catch (error) {
    failure('intake_per_s', 'sqlite', error);
  } finally {
    await cleanupStores();
  }

  return summary(performance.now() - began, 'bench:inventory');
}

process.exitCode = await main();
