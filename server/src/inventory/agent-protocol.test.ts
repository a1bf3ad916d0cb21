import { describe, expect, it } from 'vitest';
import { AgentRequestError } from './agent-body';
import { errorReply, handleFusionMessage, handleGlpiMessage, xmlReply, type MessageContext } from './agent-protocol';
import { fusionInventory, fusionProlog, glpiInventory } from './agent-test-fixtures';
import { AmbiguousInventoryError, InventoryInputError, type ReceivedInventory } from './record';

const NOW = '2024-06-01T10:00:00.000Z';

/** A context whose recorder keeps what it was given (or throws what it is told to). */
function context(options: { glpiAgent?: boolean; fail?: Error } = {}) {
  const received: ReceivedInventory[] = [];
  const ctx: MessageContext = {
    glpiAgent: options.glpiAgent ?? false,
    nowIso: () => NOW,
    record: async (input) => {
      if (options.fail) throw options.fail;
      received.push(input);
      return { assetId: 'asset-1', configurationItemId: 'ci-1', created: true, rule: null, inventoryId: 'doc-1' };
    },
  };
  return { ctx, received };
}

async function refusal(promise: Promise<unknown>): Promise<AgentRequestError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AgentRequestError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('GLPI Agent messages', () => {
  it('records an inventory with what the recorder needs: source, device id, item type, summary, the text as kept', async () => {
    const { ctx, received } = context();
    const text = JSON.stringify(glpiInventory({ deviceId: 'desk-042-2024' }));
    const outcome = await handleGlpiMessage(text, ctx);
    expect(outcome.reply).toEqual({ status: 200, format: 'json', body: { status: 'ok', expiration: 24 } });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ source: 'glpi_agent', deviceId: 'desk-042-2024', itemtype: 'Computer', document: text, scannedAt: NOW, partialSections: null });
    expect(received[0]!.summary.software).toHaveLength(3);
  });

  it('takes a message without action as an inventory (GLPI does), "query" as the action, and a numeric device id', async () => {
    const { ctx, received } = context();
    const { action: _a, ...noAction } = glpiInventory();
    expect((await handleGlpiMessage(JSON.stringify({ ...noAction, deviceid: 42 }), ctx)).action).toBe('inventory');
    expect(received[0]!.deviceId).toBe('42');
    expect((await handleGlpiMessage(JSON.stringify({ query: 'CONTACT', deviceid: 'x' }), ctx)).action).toBe('contact');
  });

  it('passes the sections of a partial inventory on', async () => {
    const { ctx, received } = context();
    const doc = glpiInventory();
    const content = doc.content as Record<string, unknown>;
    await handleGlpiMessage(JSON.stringify({ ...doc, partial: true, content: { bios: content.bios, hardware: content.hardware, softwares: content.softwares } }), ctx);
    expect(received[0]!.partialSections).toEqual(['software']);
  });

  it('answers contact without enabled tasks with an empty task list', async () => {
    const { ctx } = context();
    expect((await handleGlpiMessage('{"action":"contact","deviceid":"x"}', ctx)).reply.body).toEqual({ status: 'ok', expiration: 24, tasks: {} });
  });

  it('maps the recorder\'s refusals: ambiguous 409, unusable 400; other errors go up', async () => {
    const text = JSON.stringify(glpiInventory());
    const ambiguous = await refusal(handleGlpiMessage(text, context({ fail: new AmbiguousInventoryError('serial', [{ id: 'a', tag: 'FD-1' }, { id: 'b', tag: 'FD-2' }]) }).ctx));
    expect([ambiguous.statusCode, ambiguous.code]).toEqual([409, 'ambiguous_match']);
    expect(ambiguous.message).toMatch(/FD-1, FD-2/);
    const unusable = await refusal(handleGlpiMessage(text, context({ fail: new InventoryInputError('The scan time is bad.') }).ctx));
    expect([unusable.statusCode, unusable.message]).toEqual([400, 'The scan time is bad.']);
    await expect(handleGlpiMessage(text, context({ fail: new Error('disk full') }).ctx)).rejects.toThrow('disk full');
  });

  it.each([
    ['{"action": 3, "deviceid": "x"}', 'invalid_action'],
    ['{"action": "inventory", "deviceid": "   "}', 'missing_deviceid'],
    [JSON.stringify({ action: 'inventory', deviceid: 'x'.repeat(256), content: {} }), 'invalid_deviceid'],
    [JSON.stringify({ action: 'inventory', deviceid: 'x', itemtype: 'C'.repeat(65), content: { hardware: { name: 'x' } } }), 'invalid_itemtype'],
    ['{"action": "inventory", "deviceid": "x", "content": []}', 'missing_content'],
    ['{"action": "register", "deviceid": "x"}', 'unsupported_action'],
    ['null', 'invalid_message'],
  ])('refuses %s (%s) without recording', async (text, code) => {
    const { ctx, received } = context();
    expect((await refusal(handleGlpiMessage(text, ctx))).code).toBe(code);
    expect(received).toHaveLength(0);
  });
});

describe('FusionInventory messages', () => {
  it('answers PROLOG in XML, or in JSON to GLPI Agent (its GLPI-Agent-ID header)', async () => {
    const xml = await handleFusionMessage(fusionProlog('pc-01'), context().ctx);
    expect(xml.reply).toEqual({ status: 200, format: 'xml', body: '<?xml version="1.0" encoding="UTF-8"?>\n<REPLY><PROLOG_FREQ>24</PROLOG_FREQ><RESPONSE>SEND</RESPONSE></REPLY>\n' });
    const json = await handleFusionMessage(fusionProlog('pc-01'), context({ glpiAgent: true }).ctx);
    expect(json.reply).toEqual({ status: 200, format: 'json', body: { status: 'ok', expiration: 24 } });
  });

  it('records an INVENTORY with source fusioninventory, keeping the XML itself', async () => {
    const { ctx, received } = context();
    const xml = fusionInventory({ deviceId: 'pc-fusion-77' });
    const outcome = await handleFusionMessage(xml, ctx);
    expect(outcome.reply.body).toContain('<RESPONSE>SEND</RESPONSE>');
    expect(received[0]).toMatchObject({ source: 'fusioninventory', deviceId: 'pc-fusion-77', itemtype: 'Computer', document: xml, partialSections: null });
    expect(received[0]!.summary.serial).toBe('5CG1234XYZ');
  });

  it('refuses a PROLOG without DEVICEID and an unknown query', async () => {
    expect((await refusal(handleFusionMessage('<REQUEST><QUERY>PROLOG</QUERY></REQUEST>', context().ctx))).code).toBe('missing_deviceid');
    expect((await refusal(handleFusionMessage('<REQUEST><QUERY>NETDISCOVERY</QUERY><DEVICEID>x</DEVICEID></REQUEST>', context().ctx))).code).toBe('unsupported_query');
  });
});

describe('replies', () => {
  it('escape what they carry', () => {
    expect(xmlReply({ ERROR: 'a <b> & "c"' })).toContain('<ERROR>a &lt;b&gt; &amp; &quot;c&quot;</ERROR>');
    expect(errorReply('xml', 400, 'bad')).toEqual({ status: 400, format: 'xml', body: expect.stringContaining('<REPLY><ERROR>bad</ERROR></REPLY>') });
    expect(errorReply('json', 409, 'two')).toEqual({ status: 409, format: 'json', body: { status: 'error', message: 'two', expiration: 24 } });
  });
});
