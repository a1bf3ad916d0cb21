/**
 * The real OCS Inventory NG agent from Debian's packages (ocsinventory-agent 2.10) posting this
 * machine's inventory to the real server over HTTP, on SQLite and PostgreSQL (issue 11, item
 * 6): PROLOG, the 401 challenge answered with the realm and the agent password, the
 * compressed INVENTORY recorded as OCS Inventory's (source ocsinventory), the MACs of the
 * kernel's virtual adapters (ifb0, ifb1, … which the agent does not flag) never recorded for
 * matching; a second run updates the same asset; a wrong password records nothing.
 *
 * The agent's quirk: it base64-decodes the user and password it is given (its
 * Encrypt::getClearText), so both are passed base64-encoded, and it answers a 401 only for the
 * realm it was told (--realm "FieldDesk inventory"). It runs with its own state directory
 * (--basevardir); its command line overrides /etc/ocsinventory/ocsinventory-agent.cfg. Skipped,
 * saying why, when /usr/bin/ocsinventory-agent is absent.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { virtualInterfaceReason } from '@fielddesk/common/inventory/identity';
import { AGENT_REALM } from '../server/src/inventory/agent-routes';
import { parseFusionXml } from '../server/src/inventory/fusion-xml';
import { describeStores } from '../server/test/stores';
import { execAgent, useAgentServer, type AgentRun } from './support/agents';

const AGENT = '/usr/bin/ocsinventory-agent';
const PASSWORD = 'agent-password-for-the-ocs-agent';
const agentMissing = existsSync(AGENT) ? null : `${AGENT} is absent (install Debian's ocsinventory-agent package)`;
if (agentMissing) console.warn(`ocsAgent.test: the real-agent tests are skipped: ${agentMissing}.`);

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** Runs the agent once against `url`, in the foreground, with its own state directory. */
function runAgent(stateDir: string, url: string, password: string, extra: string[] = []): Promise<AgentRun> {
  const argv = [`--server=${url}`, `--basevardir=${stateDir}`, `--user=${b64('agent')}`, `--password=${b64(password)}`, `--realm=${AGENT_REALM}`, '--debug', '--nolocal', ...extra];
  return execAgent(AGENT, argv);
}

describeStores('the real OCS Inventory agent posts to the server', (h) => {
  const agent = useAgentServer(h, PASSWORD, 'fielddesk-ocs-agent-', agentMissing !== null);

  it.skipIf(agentMissing)(`records nothing with a wrong password${agentMissing ? ` (skipped: ${agentMissing})` : ''}`, async () => {
    const run = await runAgent(path.join(agent.stateDir, 'wrong'), agent.url, 'not-the-agent-password');
    expect(run.log).toMatch(/401|Unauthorized|Cannot establish communication/i);
    expect(await agent.count('inventory_documents')).toBe(0);
    expect(await agent.count('assets')).toBe(0);
  });

  it.skipIf(agentMissing)(`records this machine as OCS Inventory's, without its virtual adapters' MACs${agentMissing ? ` (skipped: ${agentMissing})` : ''}`, async () => {
    const first = await runAgent(agent.stateDir, agent.url, PASSWORD);
    expect(first.code, first.log).toBe(0);
    expect(first.log, first.log).not.toMatch(/\[error\]|Cannot establish communication/i);

    const docs = await agent.s.db.selectFrom('inventory_documents').selectAll().execute();
    expect(docs, first.log).toHaveLength(1);
    const doc = docs[0]!;
    expect(doc.source).toBe('ocsinventory');
    const request = parseFusionXml(doc.document);
    expect(doc.device_id).toBe(request.deviceId);
    const asset = await agent.s.db.selectFrom('assets').selectAll().where('id', '=', doc.asset_id).executeTakeFirstOrThrow();
    const inventory = await agent.s.db.selectFrom('asset_inventories').select('source').where('id', '=', asset.id).executeTakeFirstOrThrow();
    expect(inventory.source).toBe('ocsinventory');

    // Every MAC kept for matching belongs to an adapter that is not virtual by flag, name or kind.
    const networks = [request.content?.NETWORKS ?? []].flat() as Record<string, string>[];
    const virtualMacs = networks
      .filter((n) => virtualInterfaceReason({ description: n.DESCRIPTION, type: n.TYPE, virtualdev: n.VIRTUALDEV }) !== null)
      .map((n) => (n.MACADDR ?? '').toLowerCase());
    const kept = (await agent.s.db.selectFrom('asset_macs').select('mac').where('asset_id', '=', asset.id).execute()).map((m) => m.mac);
    for (const mac of virtualMacs) expect(kept).not.toContain(mac);
    console.info(
      `ocsAgent.test: the agent sent ${Buffer.byteLength(doc.document)} bytes with ${networks.length} network entries (${virtualMacs.length} virtual: ${networks
        .filter((n) => virtualMacs.includes((n.MACADDR ?? '').toLowerCase()))
        .map((n) => n.DESCRIPTION)
        .join(', ')}); recorded asset ${asset.tag} (${asset.name}) with MACs [${kept.join(', ')}]`,
    );

    // A second run: the same device, the same asset.
    const second = await runAgent(agent.stateDir, agent.url, PASSWORD);
    expect(second.code, second.log).toBe(0);
    expect(await agent.count('assets')).toBe(1);
    expect(await agent.count('inventory_documents')).toBe(2);
  });
});
