import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import zlib from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { API } from '@fielddesk/common/api/http';
import { summarizeGlpi } from '@fielddesk/common/inventory/summary';
import { describeStores } from '../../test/stores';
import { loginDesktop, loginWeb, webHeaders } from '../../test/http';
import type { FieldDeskServer } from '../app';
import { LoginThrottle } from '../auth/throttle';
import type { AppContext } from '../context';
import { AGENT_CHALLENGE, registerAgentInventoryRoute } from './agent-routes';
import { fusionInventory, fusionProlog, glpiInventory, ocsInventory } from './agent-test-fixtures';

const PASSWORD = 'agent-password-for-tests';
const basic = (password: string, user = 'agent') => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const AUTH = { authorization: basic(PASSWORD) };

const FIXTURES_DIR = resolve(import.meta.dirname, '../../../../shared/fixtures/glpi-inventory');
const fixturesMissing = existsSync(FIXTURES_DIR) ? null : `${FIXTURES_DIR} is absent (../shared is not here)`;
if (fixturesMissing) console.warn(`agent-routes.test: the ../shared GLPI examples are skipped: ${fixturesMissing}.`);

type Compress = 'none' | 'zlib' | 'gzip';
const CONTENT_TYPES: Record<Compress, Record<'json' | 'xml', string>> = {
  none: { json: 'application/json', xml: 'application/xml' },
  zlib: { json: 'application/x-compress-zlib', xml: 'application/x-compress-zlib' },
  gzip: { json: 'application/x-compress-gzip', xml: 'application/x-compress-gzip' },
};

function encode(text: string, compress: Compress): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  return compress === 'zlib' ? zlib.deflateSync(bytes) : compress === 'gzip' ? zlib.gzipSync(bytes) : bytes;
}

/** Posts like an agent: the message compressed as asked, with the agent password unless told otherwise. */
async function post(app: FastifyInstance, message: unknown, compress: Compress = 'zlib', headers: Record<string, string> = AUTH) {
  // A string is sent as it is (XML, or JSON text read from a file); anything else as JSON.
  const format = typeof message === 'string' && message.trimStart().startsWith('{') ? 'json' : typeof message === 'string' ? 'xml' : 'json';
  const text = typeof message === 'string' ? message : JSON.stringify(message);
  const res = await app.inject({ method: 'POST', url: API.agentInventory, headers: { 'content-type': CONTENT_TYPES[compress][format], ...headers }, payload: encode(text, compress) });
  return { res, text: decodeReply(res.rawPayload, String(res.headers['content-type'] ?? '')) };
}

/** A reply decoded the way the agents do: GLPI Agent by Content-Type, FusionInventory by the magic bytes. */
function decodeReply(bytes: Buffer, contentType: string): string {
  if (contentType.startsWith('application/x-compress-zlib')) return zlib.inflateSync(bytes).toString('utf8');
  if (contentType.startsWith('application/x-compress-gzip')) return zlib.gunzipSync(bytes).toString('utf8');
  return bytes.toString('utf8');
}

async function tableCount(s: FieldDeskServer, table: 'assets' | 'inventory_documents' | 'asset_inventories' | 'configuration_items' | 'software_installs'): Promise<number> {
  const row = await s.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function counts(s: FieldDeskServer) {
  return { assets: await tableCount(s, 'assets'), documents: await tableCount(s, 'inventory_documents'), cis: await tableCount(s, 'configuration_items') };
}

const unescapeXml = (text: string) => text.replace(/&(lt|gt|quot|apos|amp);/g, (_m, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e]!);

const unique = () => randomUUID().slice(0, 8).toUpperCase();

describeStores('agent inventory intake', (h) => {
  let s: FieldDeskServer;
  beforeAll(async () => {
    s = await h.start({ agentPassword: PASSWORD });
  });

  describe('authentication', () => {
    it('is off, with the reason, when the server has no agent password', async () => {
      const off = await h.start({ seedDemoData: false });
      const { res, text } = await post(off.app, glpiInventory(), 'none');
      expect(res.statusCode).toBe(403);
      expect(JSON.parse(text)).toMatchObject({ status: 'error', message: expect.stringMatching(/intake is off.*FIELDDESK_AGENT_PASSWORD/) });
    });

    it('asks for the password with a Basic challenge (what both agents wait for) and writes nothing', async () => {
      const before = await counts(s);
      const { res, text } = await post(s.app, glpiInventory({ serial: unique() }), 'zlib', {});
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toBe(AGENT_CHALLENGE);
      expect(AGENT_CHALLENGE).toMatch(/^Basic realm="(.*)"/);
      expect(JSON.parse(text)).toMatchObject({ status: 'error', message: expect.stringMatching(/Authentication required/) });
      expect(await counts(s)).toEqual(before);
    });

    it('refuses a wrong password, and takes any user name with the right one', async () => {
      const wrong = await post(s.app, glpiInventory(), 'none', { authorization: basic('not-the-password') });
      expect(wrong.res.statusCode).toBe(401);
      expect(wrong.res.headers['www-authenticate']).toBe(AGENT_CHALLENGE);
      expect(JSON.parse(wrong.text).message).toMatch(/Wrong agent password/);
      const contact = { action: 'contact', deviceid: 'pc-any-user' };
      expect((await post(s.app, contact, 'none', { authorization: basic(PASSWORD, 'glpi-agent') })).res.statusCode).toBe(200);
      expect((await post(s.app, contact, 'none', { authorization: basic(PASSWORD, '') })).res.statusCode).toBe(200);
    });

    it('slows down, then locks out (429 with Retry-After) an address that keeps sending wrong passwords', async () => {
      const own = await h.start({ agentPassword: PASSWORD, seedDemoData: false });
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await post(own.app, { action: 'contact', deviceid: 'x' }, 'none', { authorization: basic(`guess-${i}`) })).res.statusCode);
      expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      const locked = await post(own.app, { action: 'contact', deviceid: 'x' }, 'none');
      expect(locked.res.statusCode).toBe(429);
      expect(Number(locked.res.headers['retry-after'])).toBeGreaterThan(0);
      expect(JSON.parse(locked.text).message).toMatch(/Too many failed agent password attempts for this (network address|username)/);
    });

    it('takes a body without Content-Type (the first bytes say what it is)', async () => {
      const res = await s.app.inject({ method: 'POST', url: API.agentInventory, headers: AUTH, payload: zlib.deflateSync('{"action":"contact","deviceid":"pc-no-type"}') });
      expect(res.statusCode).toBe(200);
      expect(JSON.parse(zlib.inflateSync(res.rawPayload).toString())).toMatchObject({ status: 'ok' });
    });

    it('never takes a session instead of the agent password (bearer token or web cookie)', async () => {
      const { token } = await loginDesktop(s.app, 'admin');
      const withBearer = await post(s.app, glpiInventory(), 'none', { authorization: `Bearer ${token}` });
      expect(withBearer.res.statusCode).toBe(401);
      const web = await loginWeb(s.app, 'admin');
      const withCookie = await post(s.app, glpiInventory(), 'none', webHeaders(web));
      expect(withCookie.res.statusCode).toBe(401);
    });
  });

  describe('GLPI Agent (native JSON protocol)', () => {
    it('answers contact with status ok, the expiration in hours and the inventory task; other tasks are disabled with a message', async () => {
      const { res, text } = await post(s.app, { action: 'contact', deviceid: 'pc-01-2024', name: 'GLPI-Agent', version: '1.9', 'enabled-tasks': ['inventory', 'deploy', 'collect'] });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/x-compress-zlib');
      const body = JSON.parse(text);
      expect(body).toMatchObject({ status: 'ok', expiration: 24, tasks: { inventory: { server: 'glpi' } }, disabled: ['deploy', 'collect'] });
      expect(body.message).toBe('deploy task not supported;collect task not supported');
      const plain = await post(s.app, { action: 'contact', deviceid: 'pc-01-2024' }, 'none');
      expect(plain.res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(JSON.parse(plain.text)).toEqual({ status: 'ok', expiration: 24, tasks: {} });
    });

    it.each(['none', 'zlib', 'gzip'] as const)('records an inventory sent %s, then updates the same asset; every document is kept', async (compress) => {
      const serial = `CZC${unique()}`;
      const doc = glpiInventory({ name: `DESK-${serial}`, serial, uuid: randomUUID().toUpperCase(), mac: `00:11:22:${serial.slice(3, 5)}:${serial.slice(5, 7)}:01` });
      const before = await counts(s);
      const first = await post(s.app, doc, compress);
      expect(first.res.statusCode, first.text).toBe(200);
      expect(JSON.parse(first.text)).toEqual({ status: 'ok', expiration: 24 });
      const asset = await s.db.selectFrom('assets').selectAll().where('serial', '=', serial).executeTakeFirstOrThrow();
      expect(asset).toMatchObject({ name: `DESK-${serial}`, model: 'HP EliteDesk 800 G6 Tower', manufacturer: 'HP' });
      expect(await counts(s)).toEqual({ assets: before.assets + 1, documents: before.documents + 1, cis: before.cis + 1 });

      const software = [...(doc.content as { softwares: { name: string; version: string }[] }).softwares, { name: 'Notepad++ (64-bit x64)', version: '8.6.7' }];
      const second = await post(s.app, { ...doc, content: { ...(doc.content as object), softwares: software } }, compress);
      expect(second.res.statusCode, second.text).toBe(200);
      expect(await counts(s)).toEqual({ assets: before.assets + 1, documents: before.documents + 2, cis: before.cis + 1 });
      const installs = await s.db.selectFrom('software_installs').select('name').where('asset_id', '=', asset.id).execute();
      expect(installs.map((i) => i.name).sort()).toEqual(software.map((i) => i.name).sort());
      const kept = await s.db.selectFrom('inventory_documents').select(['source', 'device_id', 'document']).where('asset_id', '=', asset.id).execute();
      expect(kept).toHaveLength(2);
      expect(kept.every((k) => k.source === 'glpi_agent' && k.device_id === doc.deviceid)).toBe(true);
      expect(kept.map((k) => JSON.parse(k.document).content.softwares.length).sort()).toEqual([3, 4]);
    });

    it("places a new device at the site whose code is the agent's tag", async () => {
      const fresh = await h.start({ agentPassword: PASSWORD, seedDemoData: false });
      const siteId = randomUUID();
      await fresh.store.write(async (tx) => {
        await tx.db.insertInto('sites').values({ id: siteId, code: 'LYON', name: 'Lyon depot', time_zone: 'Europe/Paris', address: '', rev: await tx.nextRev() }).execute();
      });
      const { res } = await post(fresh.app, { ...glpiInventory({ name: 'LYO-PC-7', serial: 'LYO7SERIAL', uuid: randomUUID() }), tag: 'lyon' });
      expect(res.statusCode).toBe(200);
      const asset = await fresh.db.selectFrom('assets').select(['site_id']).where('name', '=', 'LYO-PC-7').executeTakeFirstOrThrow();
      expect(asset.site_id).toBe(siteId);
    });

    it.skipIf(fixturesMissing)(`records every ../shared example posted through the protocol${fixturesMissing ? ` (skipped: ${fixturesMissing})` : ''}`, async () => {
      const fresh = await h.start({ agentPassword: PASSWORD, seedDemoData: false });
      const files = readdirSync(FIXTURES_DIR)
        .filter((f) => f.endsWith('.json') && f !== 'inventory.schema.json')
        .sort((a, b) => a.length - b.length || a.localeCompare(b)); // computer_1.json before its partial updates
      expect(files.length).toBeGreaterThanOrEqual(20);
      const assetByDevice = new Map<string, string>();
      for (const file of files) {
        const text = readFileSync(resolve(FIXTURES_DIR, file), 'utf8');
        const doc = JSON.parse(text) as { deviceid: string; itemtype?: string };
        const { res, text: reply } = await post(fresh.app, text, 'zlib', { ...AUTH, 'glpi-agent-id': randomUUID() });
        expect(res.statusCode, `${file}: ${reply}`).toBe(200);
        expect(JSON.parse(reply), file).toEqual({ status: 'ok', expiration: 24 });
        const kept = await fresh.db.selectFrom('inventory_documents').select(['asset_id', 'itemtype', 'bytes']).orderBy('received_at', 'desc').orderBy('id').execute();
        const mine = kept.find((k) => k.itemtype === (doc.itemtype ?? 'Computer') && Number(k.bytes) === Buffer.byteLength(text));
        expect(mine, file).toBeDefined();
        const summary = summarizeGlpi(doc);
        const key = summary.serial ?? summary.name ?? doc.deviceid;
        const previous = assetByDevice.get(key);
        if (previous) expect(mine!.asset_id, `${file} updates the asset of its earlier inventory`).toBe(previous);
        assetByDevice.set(key, mine!.asset_id);
      }
      // Every document kept; computer_1's partial updates and computer_3's update land on their asset.
      expect(await tableCount(fresh, 'inventory_documents')).toBe(files.length);
      const assets = await fresh.db.selectFrom('assets').select(['id', 'type']).execute();
      expect(assets.length).toBe(new Set(assetByDevice.values()).size);
      expect(assets.length).toBeLessThan(files.length);
      const types = new Set(assets.map((a) => a.type));
      expect(types.has('printer')).toBe(true);
      // computer_1's software survives its partial inventories that carry none.
      const computer1 = summarizeGlpi(JSON.parse(readFileSync(resolve(FIXTURES_DIR, 'computer_1.json'), 'utf8')));
      const c1 = assetByDevice.get(computer1.serial ?? computer1.name!)!;
      const partialSofts = summarizeGlpi(JSON.parse(readFileSync(resolve(FIXTURES_DIR, 'computer_1_partial_softs.json'), 'utf8')));
      const installs = await tableCount(fresh, 'software_installs');
      expect(installs).toBeGreaterThan(0);
      const c1Installs = await fresh.db.selectFrom('software_installs').select('name').where('asset_id', '=', c1).execute();
      expect(c1Installs.length).toBe(partialSofts.software.length);
    });
  });

  describe('FusionInventory agent (XML protocol)', () => {
    it('answers PROLOG with a zlib REPLY asking for the inventory every 24 hours', async () => {
      const { res, text } = await post(s.app, fusionProlog('pc-fusion-02-2024-06-01-10-00-00'), 'zlib');
      expect(res.statusCode).toBe(200);
      expect(res.rawPayload[0]).toBe(0x78);
      expect(text).toContain('<REPLY><PROLOG_FREQ>24</PROLOG_FREQ><RESPONSE>SEND</RESPONSE></REPLY>');
      expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    });

    it('answers a PROLOG carrying a GLPI-Agent-ID header in JSON, as GLPI does', async () => {
      const { res, text } = await post(s.app, fusionProlog('pc-glpi-xml'), 'zlib', { ...AUTH, 'glpi-agent-id': randomUUID() });
      expect(res.statusCode).toBe(200);
      expect(JSON.parse(text)).toEqual({ status: 'ok', expiration: 24 });
    });

    it('records an INVENTORY (asset, CI, software) and keeps the XML as received; a second one updates the same asset', async () => {
      const serial = `5CG${unique()}`;
      const deviceId = `pc-${serial.toLowerCase()}-2024-06-01-10-00-00`;
      const xml = fusionInventory({ deviceId, name: `pc-${serial.toLowerCase()}`, serial, uuid: randomUUID().toUpperCase(), mac: `8c:8c:aa:${serial.slice(3, 5)}:${serial.slice(5, 7)}:99` });
      const before = await counts(s);
      expect((await post(s.app, fusionProlog(deviceId))).res.statusCode).toBe(200);
      expect(await counts(s)).toEqual(before);
      const { res, text } = await post(s.app, xml, 'zlib');
      expect(res.statusCode, text).toBe(200);
      expect(text).toContain('<REPLY><RESPONSE>SEND</RESPONSE></REPLY>');
      const asset = await s.db.selectFrom('assets').selectAll().where('serial', '=', serial).executeTakeFirstOrThrow();
      expect(asset).toMatchObject({ model: 'HP EliteBook 840 G8 Notebook PC', manufacturer: 'HP', type: 'laptop' });
      expect(await counts(s)).toEqual({ assets: before.assets + 1, documents: before.documents + 1, cis: before.cis + 1 });
      const kept = await s.db.selectFrom('inventory_documents').select(['source', 'document', 'device_id']).where('asset_id', '=', asset.id).executeTakeFirstOrThrow();
      expect(kept).toEqual({ source: 'fusioninventory', document: xml, device_id: deviceId });
      const inventory = await s.db.selectFrom('asset_inventories').select(['source', 'summary']).where('id', '=', asset.id).executeTakeFirstOrThrow();
      expect(inventory.source).toBe('fusioninventory');
      expect(JSON.parse(inventory.summary).software).toHaveLength(3);

      const again = await post(s.app, fusionInventory({ deviceId, name: `pc-${serial.toLowerCase()}`, serial, extraSoftware: [{ name: 'curl', version: '7.88.1-10+deb12u5' }] }), 'gzip');
      expect(again.res.statusCode, again.text).toBe(200);
      expect(await counts(s)).toEqual({ assets: before.assets + 1, documents: before.documents + 2, cis: before.cis + 1 });
      expect(await s.db.selectFrom('software_installs').select('name').where('asset_id', '=', asset.id).execute()).toHaveLength(4);
    });
  });

  describe('OCS Inventory NG agent (the same XML protocol)', () => {
    const OCS_UA = { ...AUTH, 'user-agent': 'OCS-NG_unified_unix_agent_v2.10' };

    it('records its inventory as OCS Inventory\'s, and never matches on the MACs of kernel virtual adapters it does not flag', async () => {
      const name = `ocs-${unique()}`;
      const mac = `3c:ec:ef:${unique().slice(-6).match(/../g)!.join(':')}`.toLowerCase();
      const { res, text } = await post(s.app, ocsInventory({ name, mac }), 'zlib', OCS_UA);
      expect(res.statusCode, text).toBe(200);
      expect(text).toContain('<RESPONSE>SEND</RESPONSE>');
      const asset = await s.db.selectFrom('assets').selectAll().where('name', '=', name).executeTakeFirstOrThrow();
      const docs = await s.db.selectFrom('inventory_documents').select(['source', 'device_id']).where('asset_id', '=', asset.id).execute();
      expect(docs).toEqual([{ source: 'ocsinventory', device_id: `${name}-2026-12-06-21-54-35` }]);
      expect((await s.db.selectFrom('asset_inventories').select('source').where('id', '=', asset.id).executeTakeFirstOrThrow()).source).toBe('ocsinventory');
      expect((await s.db.selectFrom('asset_macs').select('mac').where('asset_id', '=', asset.id).execute()).map((m) => m.mac)).toEqual([mac]);

      // Another machine whose ifb devices happen to carry the same made-up MACs is not taken for this one.
      const other = `ocs-${unique()}`;
      const second = await post(s.app, ocsInventory({ name: other, mac: `3c:ec:ef:${unique().slice(-6).match(/../g)!.join(':')}` }), 'zlib', OCS_UA);
      expect(second.res.statusCode, second.text).toBe(200);
      const otherAsset = await s.db.selectFrom('assets').select('id').where('name', '=', other).executeTakeFirstOrThrow();
      expect(otherAsset.id).not.toBe(asset.id);
    });

    it('takes an XML inventory without an OCS User-Agent for FusionInventory\'s, as before', async () => {
      const name = `xml-${unique()}`;
      const { res } = await post(s.app, ocsInventory({ name, mac: `3c:ec:ef:${unique().slice(-6).match(/../g)!.join(':')}` }));
      expect(res.statusCode).toBe(200);
      const asset = await s.db.selectFrom('assets').select('id').where('name', '=', name).executeTakeFirstOrThrow();
      expect((await s.db.selectFrom('inventory_documents').select('source').where('asset_id', '=', asset.id).executeTakeFirstOrThrow()).source).toBe('fusioninventory');
    });
  });

  describe('bad input: refused with the reason, nothing written', () => {
    const zlibOf = (text: string) => zlib.deflateSync(Buffer.from(text));
    const raw = async (payload: Buffer, contentType: string) => {
      const res = await s.app.inject({ method: 'POST', url: API.agentInventory, headers: { 'content-type': contentType, ...AUTH }, payload });
      return { res, text: decodeReply(res.rawPayload, String(res.headers['content-type'] ?? '')) };
    };
    const fullXml = fusionInventory({ serial: 'NEVER-WRITTEN-1' });
    const cut = zlibOf(fullXml);

    it.each<[string, () => Promise<{ res: { statusCode: number }; text: string }>, number, RegExp]>([
      ['neither JSON nor XML', () => raw(Buffer.from('hello, server'), 'text/plain'), 400, /neither JSON .* nor XML/],
      ['an empty body', () => raw(Buffer.alloc(0), 'application/x-compress-zlib'), 400, /has no body/],
      ['invalid JSON', () => raw(zlibOf('{"action": "inventory", "deviceid": '), 'application/x-compress-zlib'), 400, /not valid JSON/],
      ['a JSON array', () => raw(Buffer.from('[1, 2]'), 'application/json'), 400, /must be an object/],
      ['invalid XML', () => raw(zlibOf('<REQUEST><QUERY>INVENTORY</QUERY></REQUEST></DEVICEID>'), 'application/x-compress-zlib'), 400, /XML is not well-formed: <\/DEVICEID> on line 1 closes an element that was never opened/],
      ['XML cut in half', () => raw(zlibOf(fullXml.slice(0, Math.floor(fullXml.length / 2))), 'application/x-compress-zlib'), 400, /^The XML ends at line \d+ before <REQUEST> \(opened on line \d+\) is closed.*the inventory was cut off/],
      ['a DOCTYPE after a long comment, its entity referenced 20,000 times', () => post(s.app, `<?xml version="1.0"?><!--${'x'.repeat(5000)}--><!DOCTYPE r [<!ENTITY big "${'A'.repeat(1000)}">]>${fullXml.replace(/^<\?xml[^>]*>/, '').replace('<NAME>pc-fusion-01</NAME>', `<NAME>${'&big;'.repeat(20_000)}</NAME>`)}`), 400, /DOCTYPE is refused/],
      ['a cut zlib stream', () => raw(cut.subarray(0, cut.length - 40), 'application/x-compress-zlib'), 400, /ends before it is complete/],
      ['a zlib bomb over the size limit', () => raw(zlib.deflateSync(Buffer.alloc(21 * 1024 * 1024, 0x20)), 'application/x-compress-zlib'), 413, /larger than 20 MiB/],
      ['a plain body over the size limit', () => raw(Buffer.concat([Buffer.from('{"a":"'), Buffer.alloc(20 * 1024 * 1024, 0x61), Buffer.from('"}')]), 'application/json'), 413, /larger than 20 MiB/],
      ['a body past what the endpoint reads', () => raw(Buffer.alloc(22 * 1024 * 1024, 0x20), 'application/json'), 413, /larger than the 21 MiB .* at most 20 MiB/],
      ['a JSON inventory without deviceid', () => post(s.app, { ...glpiInventory({ serial: 'NEVER-WRITTEN-2' }), deviceid: undefined }), 400, /no "deviceid"/],
      ['an XML inventory without DEVICEID', () => post(s.app, fullXml.replace(/<DEVICEID>.*<\/DEVICEID>/, '')), 400, /no <DEVICEID>/],
      ['a JSON inventory without content', () => post(s.app, { action: 'inventory', deviceid: 'pc-x' }), 400, /no "content" object/],
      ['an XML INVENTORY without CONTENT', () => post(s.app, '<REQUEST><QUERY>INVENTORY</QUERY><DEVICEID>pc-x</DEVICEID></REQUEST>'), 400, /no <CONTENT>/],
      ['an unknown action', () => post(s.app, { action: 'deploy', deviceid: 'pc-x' }), 400, /action "deploy" is not supported/],
      ['an unknown query', () => post(s.app, '<REQUEST><QUERY>SNMPQUERY</QUERY><DEVICEID>pc-x</DEVICEID></REQUEST>'), 400, /query "SNMPQUERY" is not supported/],
      ['a document GLPI could not read', () => post(s.app, { action: 'inventory', deviceid: 'pc-x', content: { networks: 'eth0' } }), 400, /Not a GLPI inventory document/],
    ])('%s', async (_name, send, status, reason) => {
      const before = await counts(s);
      const { res, text } = await send();
      expect(res.statusCode, text).toBe(status);
      const message = text.startsWith('{') ? (JSON.parse(text) as { status: string; message: string }).message : unescapeXml(/<ERROR>(.*)<\/ERROR>/s.exec(text)?.[1] ?? text);
      if (text.startsWith('{')) expect(JSON.parse(text).status).toBe('error');
      expect(message).toMatch(reason);
      expect(await counts(s)).toEqual(before);
    });

    it('logs every refusal at warn with its reason, and every recorded inventory at info', async () => {
      const lines: { level: number; msg: string; code?: string; assetId?: string }[] = [];
      const logged = Fastify({ logger: { level: 'info', stream: { write: (line: string) => lines.push(JSON.parse(line)) } } });
      const config = h.config(s.store.kind === 'sqlite' ? { kind: 'sqlite', dataDir: '/unused', dataDirExplicit: false, init: false } : { kind: 'postgres', url: 'postgres://unused', schema: null }, { agentPassword: PASSWORD });
      const ctx: AppContext = { config, store: s.store, throttle: new LoginThrottle(s.db, config.loginThrottle), sessionTtlMs: 3_600_000, changes: s.changes };
      registerAgentInventoryRoute(logged, ctx);
      await logged.ready();
      try {
        const bad = await post(logged, '<REQUEST><QUERY>INVENTORY</QUERY><DEVICEID>x</DEVICEID>');
        expect(bad.res.statusCode).toBe(400);
        const good = await post(logged, glpiInventory({ serial: `LOG${unique()}`, name: `LOG-${unique()}`, uuid: randomUUID(), mac: '00:11:22:33:55:01' }));
        expect(good.res.statusCode, good.text).toBe(200);
      } finally {
        await logged.close();
      }
      const warn = lines.find((l) => l.level === 40);
      expect(warn).toMatchObject({ code: 'invalid_xml', msg: expect.stringMatching(/^inventory agent refused: The XML ends at line 1 before <REQUEST> \(opened on line 1\) is closed/) });
      const info = lines.find((l) => l.level === 30 && l.msg.startsWith('inventory recorded'));
      expect(info?.msg).toBe('inventory recorded from GLPI Agent (inventory)');
      expect(info?.assetId).toEqual(expect.any(String));
    });

    it('answers an ambiguous match 409 with the rule and the assets, writing nothing', async () => {
      const serial = `DUP${unique()}`;
      const [a, b] = await s.db.selectFrom('assets').select('id').orderBy('id').limit(2).execute();
      await s.db.updateTable('assets').set({ serial }).where('id', 'in', [a!.id, b!.id]).execute();
      const before = await counts(s);
      const { res, text } = await post(s.app, glpiInventory({ serial, name: `AMBIG-${serial}`, uuid: randomUUID(), mac: '00:11:22:33:44:fe' }));
      expect(res.statusCode).toBe(409);
      expect(JSON.parse(text)).toMatchObject({ status: 'error', message: expect.stringMatching(/matches 2 assets by .*serial/) });
      expect(await counts(s)).toEqual(before);
    });
  });
});

describe('agent test fixtures', () => {
  it('are the shapes the protocol tests above rely on', () => {
    expect(fusionProlog('x')).toContain('<QUERY>PROLOG</QUERY>');
    expect(summarizeGlpi(glpiInventory()).software).toHaveLength(3);
  });
});
