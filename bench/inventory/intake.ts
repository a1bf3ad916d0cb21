/**
 * intake_per_s: GLPI Agent inventories the size of ../shared's computer_1.json matched and
 * stored per second by the server on SQLite, through the real route (POST /api/inventory,
 * HTTP Basic, zlib bodies as GLPI Agent sends them) with Fastify's app.inject — the server's
 * own work, no sockets. Each document gets its own identity (device id, serial, uuid, name,
 * MACs), so most create an asset and its configuration item; every fourth re-sends an earlier
 * device with changed software, so updates (match, refresh, software replaced) are in the mix.
 * Posted one after another, as the server would take them from one agent after another.
 *
 * Reference (same run, same SQLite database, the server idle): the same bodies taken by the
 * database driver alone — inflate, JSON.parse, and in one transaction per document a prepared
 * INSERT of the document and one of each software entry into scratch tables (dropped after):
 * the least any server must do to keep an inventory. No matching, no asset, no CI.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { API } from '@fielddesk/common/api/http';
import { createServer } from '../../server/src/app';
import { glpiInventory } from '../../server/src/inventory/agent-test-fixtures';
import { openSqliteRaw } from '../lib/raw-store';
import { benchConfig, newStore } from '../lib/stores';

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
export const COMPUTER_1 = path.resolve(REPO_ROOT, '../shared/fixtures/glpi-inventory/computer_1.json');
const PASSWORD = 'bench-agent-password';

type Doc = { deviceid: string; content: Record<string, unknown> } & Record<string, unknown>;

/** The base document: computer_1.json, or (without ../shared) a generated one padded to its size. */
function baseDocument(): { doc: Doc; source: string } {
  if (existsSync(COMPUTER_1)) return { doc: JSON.parse(readFileSync(COMPUTER_1, 'utf8')) as Doc, source: 'computer_1.json' };
  const software = Array.from({ length: 220 }, (_, i) => ({ name: `Package ${i} of a typical desktop`, version: `${1 + (i % 9)}.${i % 13}.${i}`, publisher: 'Some Publisher Ltd.' }));
  return { doc: glpiInventory({ software }) as Doc, source: `generated (${COMPUTER_1} absent)` };
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/** Document `i`: the base with its own identity everywhere matching looks. */
function documentFor(base: Doc, i: number, revision: number): Doc {
  const doc = structuredClone(base);
  const c = doc.content as { hardware?: Record<string, unknown>; bios?: Record<string, unknown>; networks?: Record<string, unknown>[]; softwares?: Record<string, unknown>[] };
  const name = `bench-pc-${i}`;
  doc.deviceid = `${name}-2024-06-01-10-00-00`;
  if (c.hardware) Object.assign(c.hardware, { name, uuid: randomUUID() });
  if (c.bios) Object.assign(c.bios, { ssn: `BENCH${hex(i, 6).toUpperCase()}`, mssn: `BOARD${hex(i, 6).toUpperCase()}` });
  if (Array.isArray(c.networks)) {
    c.networks.forEach((n, k) => {
      if (typeof n.mac === 'string' && n.mac !== '00:00:00:00:00:00') n.mac = `02:be:${hex((i >> 16) & 0xff, 2)}:${hex((i >> 8) & 0xff, 2)}:${hex(i & 0xff, 2)}:${hex(k, 2)}`;
    });
  }
  if (revision > 0 && Array.isArray(c.softwares)) {
    // An update: one package upgraded, one added.
    const first = c.softwares[0];
    if (first) first.version = `${String(first.version ?? '1')}.r${revision}`;
    c.softwares.push({ name: `bench-added-${revision}`, version: '1.0', publisher: 'FieldDesk bench' });
  }
  return doc;
}

export interface IntakeResult {
  perSecond: number;
  /** The reference: the same bodies inflated, parsed and stored by the driver alone, per second. */
  referencePerSecond: number;
  referenceSoftwareRows: number;
  documents: number;
  created: number;
  updated: number;
  docBytes: number;
  compressedBytes: number;
  p50Ms: number;
  p95Ms: number;
  source: string;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))]!;

/** The reference: the bodies inflated, parsed and kept (document + software rows) by better-sqlite3 alone. */
function rawIntake(store: Parameters<typeof openSqliteRaw>[0], bodies: Buffer[]): { perSecond: number; softwareRows: number } {
  const db = openSqliteRaw(store);
  try {
    db.exec(`create table bench_ref_documents (id integer primary key, device_id text not null, body text not null);
      create table bench_ref_software (document_id integer not null, name text not null, version text, publisher text)`);
    const insertDoc = db.prepare('insert into bench_ref_documents (device_id, body) values (?, ?)');
    const insertSoftware = db.prepare('insert into bench_ref_software (document_id, name, version, publisher) values (?, ?, ?, ?)');
    const keep = db.transaction((deviceId: string, text: string, software: Record<string, unknown>[]) => {
      const id = insertDoc.run(deviceId, text).lastInsertRowid;
      for (const s of software) insertSoftware.run(id, String(s.name ?? ''), s.version == null ? null : String(s.version), s.publisher == null ? null : String(s.publisher));
      return software.length;
    });
    const take = (body: Buffer) => {
      const text = zlib.inflateSync(body).toString('utf8');
      const doc = JSON.parse(text) as Doc;
      const software = (doc.content as { softwares?: Record<string, unknown>[] }).softwares ?? [];
      return keep.immediate(doc.deviceid, text, software);
    };
    for (const body of bodies.slice(0, 5)) take(body); // warm-up: statements, JIT
    let softwareRows = 0;
    const started = performance.now();
    for (const body of bodies) softwareRows += take(body);
    const seconds = (performance.now() - started) / 1000;
    db.exec('drop table bench_ref_documents; drop table bench_ref_software');
    return { perSecond: bodies.length / seconds, softwareRows };
  } finally {
    db.close();
  }
}

export async function measureIntake(count: number): Promise<IntakeResult> {
  const { doc: base, source } = baseDocument();
  const benchStore = await newStore('sqlite');
  const server = await createServer({ ...benchConfig(benchStore), seedDemoData: false, agentPassword: PASSWORD });
  try {
    const headers = { authorization: `Basic ${Buffer.from(`agent:${PASSWORD}`).toString('base64')}`, 'content-type': 'application/x-compress-zlib' };
    // Bodies made before timing: compressing is the agent's work.
    const plan: { body: Buffer; update: boolean }[] = [];
    let fresh = 0;
    let docBytes = 0;
    for (let i = 0; plan.length < count + 10; i++) {
      const update = i % 4 === 3 && fresh > 3;
      const doc = update ? documentFor(base, fresh - 3, i) : documentFor(base, fresh++, 0);
      // Indented, as GLPI Agent writes its JSON (Perl JSON->indent): computer_1.json's own size.
      const text = JSON.stringify(doc, null, 3);
      docBytes = Math.max(docBytes, Buffer.byteLength(text));
      plan.push({ body: zlib.deflateSync(text), update });
    }
    const post = async (body: Buffer) => {
      const res = await server.app.inject({ method: 'POST', url: API.agentInventory, headers, payload: body });
      if (res.statusCode !== 200) throw new Error(`the server answered ${res.statusCode}: ${res.rawPayload.length > 0 ? zlib.inflateSync(res.rawPayload).toString() : ''}`);
    };
    for (const warm of plan.slice(0, 10)) await post(warm.body);
    const timed = plan.slice(10);
    const latencies: number[] = [];
    const started = performance.now();
    for (const item of timed) {
      const t = performance.now();
      await post(item.body);
      latencies.push(performance.now() - t);
    }
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const documents = Number(
      (
        await server.db
          .selectFrom('inventory_documents')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    if (documents !== plan.length) throw new Error(`${plan.length} inventories posted but ${documents} documents kept`);
    const reference = rawIntake(benchStore, timed.map((t) => t.body));
    return {
      perSecond: timed.length / seconds,
      referencePerSecond: reference.perSecond,
      referenceSoftwareRows: reference.softwareRows,
      documents: timed.length,
      created: timed.filter((t) => !t.update).length,
      updated: timed.filter((t) => t.update).length,
      docBytes,
      compressedBytes: Math.round(timed.reduce((sum, t) => sum + t.body.length, 0) / timed.length),
      p50Ms: percentile(latencies, 0.5),
      p95Ms: percentile(latencies, 0.95),
      source,
    };
  } finally {
    await server.close();
  }
}
