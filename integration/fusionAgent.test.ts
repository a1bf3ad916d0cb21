/**
 * The real FusionInventory agent from Debian's packages (fusioninventory-agent 2.6) posting
 * this machine's inventory to the real server over HTTP, on SQLite and PostgreSQL (issue 5,
 * item 5): PROLOG, the 401 challenge and the agent's retry with the agent password, the
 * zlib-compressed INVENTORY, then a second run uncompressed (--no-compression) that updates the
 * same asset; a run with a wrong password records nothing.
 *
 * The agent runs with its own state directory (a setup.pm preloaded ahead of Debian's, so
 * /var/lib/fusioninventory-agent is never touched) and an empty configuration file (so
 * /etc/fusioninventory/agent.cfg is not read). Skipped, saying why, when
 * /usr/bin/fusioninventory-agent is absent (.ci/run installs it).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import type { InventorySummary } from '@fielddesk/common/inventory/summary';
import { summarizeGlpi } from '@fielddesk/common/inventory/summary';
import { fusionRequestToGlpi, parseFusionXml } from '../server/src/inventory/fusion-xml';
import { describeStores } from '../server/test/stores';
import { execAgent, useAgentServer, type AgentRun } from './support/agents';

const AGENT = '/usr/bin/fusioninventory-agent';
const PASSWORD = 'agent-password-for-the-real-agent';
const agentMissing = existsSync(AGENT) ? null : `${AGENT} is absent (install Debian's fusioninventory-agent package; .ci/run does)`;
if (agentMissing) console.warn(`fusionAgent.test: the real-agent tests are skipped: ${agentMissing}.`);

/** Runs the agent once against `url`, in foreground, with its own state directory. */
function runAgent(stateDir: string, url: string, args: string[]): Promise<AgentRun> {
  const setupDir = path.join(stateDir, 'lib');
  const varDir = path.join(stateDir, 'var');
  mkdirSync(setupDir, { recursive: true });
  mkdirSync(varDir, { recursive: true });
  writeFileSync(
    path.join(setupDir, 'setup.pm'),
    [
      'package setup;',
      'use strict;',
      'use warnings;',
      "use parent qw(Exporter);",
      "our @EXPORT = ('%setup');",
      `our %setup = (datadir => '/usr/share/fusioninventory', libdir => '/usr/share/fusioninventory/lib', vardir => '${varDir}');`,
      '1;',
      '',
    ].join('\n'),
  );
  const confFile = path.join(stateDir, 'agent.cfg');
  writeFileSync(confFile, '');
  const argv = [
    `-I${setupDir}`,
    '-Msetup',
    AGENT,
    `--conf-file=${confFile}`,
    `--server=${url}`,
    '--tasks=inventory',
    '--no-httpd',
    '--no-fork',
    '--logger=stderr',
    '--debug',
    '--timeout=60',
    ...args,
  ];
  return execAgent('perl', argv);
}

describeStores('the real FusionInventory agent posts to the server', (h) => {
  const agent = useAgentServer(h, PASSWORD, 'fielddesk-fusion-agent-', agentMissing !== null);

  it.skipIf(agentMissing)(`refuses the agent with a wrong password, recording nothing${agentMissing ? ` (skipped: ${agentMissing})` : ''}`, async () => {
    const run = await runAgent(path.join(agent.stateDir, 'wrong'), agent.url, ['--user=agent', '--password=not-the-agent-password']);
    expect(run.log).toMatch(/authentication required, wrong credentials/);
    expect(await agent.count('inventory_documents')).toBe(0);
    expect(await agent.count('assets')).toBe(0);
  });

  it.skipIf(agentMissing)(`records this machine: the asset, its configuration item, every package the agent found, the XML kept${agentMissing ? ` (skipped: ${agentMissing})` : ''}`, async () => {
    const first = await runAgent(agent.stateDir, agent.url, ['--user=agent', `--password=${PASSWORD}`]);
    expect(first.log, first.log).toMatch(/sending prolog request/);
    expect(first.log, first.log).toMatch(/authentication required, submitting credentials/);
    expect(first.log, first.log).not.toMatch(/\[error\]/);
    expect(first.code, first.log).toBe(0);

    const docs = await agent.s.db.selectFrom('inventory_documents').selectAll().execute();
    expect(docs).toHaveLength(1);
    const doc = docs[0]!;
    expect(doc.source).toBe('fusioninventory');
    expect(doc.document).toContain('<QUERY>INVENTORY</QUERY>');
    // The agent's own inventory, as kept, is what the server recorded: same device id, same software.
    const request = parseFusionXml(doc.document);
    expect(doc.device_id).toBe(request.deviceId);
    const expected: InventorySummary = summarizeGlpi(fusionRequestToGlpi(request));
    const packages = (doc.document.match(/<SOFTWARES>/g) ?? []).length;
    expect(packages).toBeGreaterThan(0);
    expect(expected.software.length).toBeGreaterThan(0);
    expect(expected.software.length).toBeLessThanOrEqual(packages);

    const assets = await agent.s.db.selectFrom('assets').selectAll().execute();
    expect(assets).toHaveLength(1);
    const asset = assets[0]!;
    expect(doc.asset_id).toBe(asset.id);
    expect(asset.name).toBe(expected.name ?? request.deviceId);
    const ci = await agent.s.db.selectFrom('configuration_items').selectAll().where('asset_id', '=', asset.id).execute();
    expect(ci).toHaveLength(1);
    const inventory = await agent.s.db.selectFrom('asset_inventories').selectAll().where('id', '=', asset.id).executeTakeFirstOrThrow();
    const summary = JSON.parse(inventory.summary) as InventorySummary;
    expect(inventory.source).toBe('fusioninventory');
    expect(summary.software).toHaveLength(expected.software.length);
    expect(summary.software).toEqual(expected.software);
    const installs = await agent.s.db.selectFrom('software_installs').select(['name', 'version']).where('asset_id', '=', asset.id).execute();
    expect(installs).toHaveLength(expected.software.length);
    console.info(`fusionAgent.test: the agent sent ${Buffer.byteLength(doc.document)} bytes of XML with ${packages} packages; recorded asset ${asset.tag} (${asset.name}) with ${installs.length} installs`);

    // A second run, uncompressed this time: the same device, the same asset, a second kept document.
    const second = await runAgent(agent.stateDir, agent.url, ['--user=agent', `--password=${PASSWORD}`, '--no-compression']);
    expect(second.log, second.log).not.toMatch(/\[error\]/);
    expect(second.code, second.log).toBe(0);
    expect(await agent.count('assets')).toBe(1);
    const kept = await agent.s.db.selectFrom('inventory_documents').select(['asset_id', 'device_id']).execute();
    expect(kept).toHaveLength(2);
    expect(kept.every((k) => k.asset_id === asset.id && k.device_id === request.deviceId)).toBe(true);
  });
});
