/**
 * The two agent protocols spoken at POST /api/inventory, once the body is text
 * (agent-body.ts) and the agent is authenticated (agent-routes.ts):
 *
 * GLPI Agent, GLPI's native inventory protocol (JSON):
 *   {action: "contact", deviceid, "enabled-tasks": [...]}
 *     -> {status: "ok", expiration: 24, tasks: {inventory: {...}}} — plus, for every other
 *        enabled task, `disabled: [task]` and a message saying it is not supported here
 *        (what GLPI answers, so the agent skips those tasks instead of failing them);
 *   {action: "inventory" | "netinventory", deviceid, itemtype, content, partial?}
 *     -> recorded (summarizeGlpi, then recordInventory with source glpi_agent), {status: "ok",
 *        expiration: 24}. A message without `action` is an inventory, as GLPI reads it.
 *   Errors: {status: "error", message} with a 4xx status; GLPI Agent logs the message.
 *
 * FusionInventory agent (XML, the OCS-style protocol; see fusion-xml.ts):
 *   <REQUEST><QUERY>PROLOG</QUERY><DEVICEID>…</DEVICEID></REQUEST>
 *     -> <REPLY><PROLOG_FREQ>24</PROLOG_FREQ><RESPONSE>SEND</RESPONSE></REPLY> (the agent
 *        runs its inventory task only when RESPONSE is SEND; PROLOG_FREQ is its next
 *        contact, in hours);
 *   <REQUEST><QUERY>INVENTORY</QUERY><DEVICEID>…</DEVICEID><CONTENT>…</CONTENT></REQUEST>
 *     -> converted to a GLPI document, recorded with source fusioninventory (ocsinventory
 *        when OCS Inventory NG's agent sent it: xmlAgentSource) and the XML as the kept document; answered <REPLY><RESPONSE>SEND</RESPONSE></REPLY> as GLPI does
 *        (the agent only needs a REPLY it can parse).
 *   Errors: <REPLY><ERROR>…</ERROR></REPLY> with a 4xx status.
 *   A PROLOG from GLPI Agent in its XML fallback (it sends a GLPI-Agent-ID header) is
 *   answered in JSON, as GLPI does, so the agent switches to the native protocol.
 *
 * Nothing is written unless the whole message is valid: recordInventory writes in one
 * transaction and refuses an ambiguous match (409) before writing anything.
 */
import type { InventorySource } from '@fielddesk/common/domain/entities';
import { summarizeGlpi, type InventorySummary } from '@fielddesk/common/inventory/summary';
import { AgentRequestError, type BodyFormat } from './agent-body';
import { FusionXmlError, fusionRequestToGlpi, parseFusionXml } from './fusion-xml';
import { AmbiguousInventoryError, glpiPartialSections, InventoryInputError, type ReceivedInventory, type RecordedInventory } from './record';

/** Hours until the agent's next contact (GLPI's default inventory frequency). */
export const CONTACT_EXPIRATION_HOURS = 24;

/**
 * What GLPI Agent is told about the inventory task in the contact answer. The agent formats
 * its inventory for the server version it is given; GLPI 10's native format is the one this
 * server reads (summarizeGlpi, the ../shared examples).
 */
export const INVENTORY_TASK_INFO = { server: 'glpi', version: '10.0.0' } as const;

/** The answer to one agent message, before compression. */
export interface AgentReply {
  status: number;
  format: BodyFormat;
  /** JSON value (format json) or XML text (format xml). */
  body: unknown;
}

/** What happened, for the server log. */
export interface AgentOutcome {
  reply: AgentReply;
  /** The message's kind: contact, inventory, netinventory, PROLOG, INVENTORY, … */
  action: string;
  deviceId: string | null;
  recorded?: RecordedInventory & { summary: InventorySummary };
  /** Which agent the recorded inventory came from (XML: FusionInventory's or OCS Inventory's). */
  source?: 'glpi_agent' | 'fusioninventory' | 'ocsinventory';
}

/** Records one inventory (recordInventory with the server's context, in the route). */
export type RecordFn = (input: ReceivedInventory) => Promise<RecordedInventory>;

export interface MessageContext {
  record: RecordFn;
  /** The server's clock, ISO-8601 (the time the inventory is taken to be from). */
  nowIso: () => string;
  /** The request carried a GLPI-Agent-ID header (GLPI Agent, whatever the body's format). */
  glpiAgent: boolean;
  /** The request's User-Agent header, when it had one (tells OCS Inventory's agent from FusionInventory's). */
  userAgent?: string;
}

/**
 * Which agent sent an XML inventory. Both speak the OCS XML protocol; OCS Inventory NG's Unix
 * agent says so in its User-Agent ("OCS-NG_unified_unix_agent_v2.10") and the Windows one in
 * CONTENT's VERSIONCLIENT ("OCS-NG_WINDOWS_AGENT_v2.9"); FusionInventory's says
 * "FusionInventory-Agent_v2.6". An XML without either is taken for FusionInventory's.
 */
export function xmlAgentSource(userAgent: string | undefined, content: Record<string, unknown> | null): 'ocsinventory' | 'fusioninventory' {
  const version = content && typeof content.VERSIONCLIENT === 'string' ? content.VERSIONCLIENT : '';
  for (const said of [version, userAgent ?? '']) {
    if (/fusioninventory/i.test(said)) return 'fusioninventory';
    if (/^\s*OCS[-_ ]?(NG|Inventory)/i.test(said)) return 'ocsinventory';
  }
  return 'fusioninventory';
}

/** The agent's name for logs and answers. */
export const AGENT_NAMES = { glpi_agent: 'GLPI Agent', fusioninventory: 'FusionInventory agent', ocsinventory: 'OCS Inventory agent' } as const;

/** An error answer in the message's own format. */
export function errorReply(format: BodyFormat, status: number, message: string): AgentReply {
  if (format === 'json') return { status, format, body: { status: 'error', message, expiration: CONTACT_EXPIRATION_HOURS } };
  return { status, format, body: xmlReply({ ERROR: message }) };
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}

/** <?xml …?><REPLY><NAME>value</NAME>…</REPLY> */
export function xmlReply(fields: Record<string, string | number>): string {
  const inner = Object.entries(fields)
    .map(([name, value]) => `<${name}>${escapeXml(String(value))}</${name}>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<REPLY>${inner}</REPLY>\n`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text, (key, value: unknown) => (key === '__proto__' ? undefined : value));
  } catch (error) {
    throw new AgentRequestError(400, 'invalid_json', `The body is not valid JSON: ${(error as Error).message}.`);
  }
}

function deviceIdOf(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

function requireDeviceId(value: unknown, protocol: 'glpi' | 'fusion'): string {
  const id = deviceIdOf(value);
  if (!id) {
    throw new AgentRequestError(
      400,
      'missing_deviceid',
      protocol === 'glpi' ? 'The message has no "deviceid": every GLPI Agent message must name its device id.' : 'The request has no <DEVICEID>: every FusionInventory message must name its device id.',
    );
  }
  if (id.length > 255) throw new AgentRequestError(400, 'invalid_deviceid', `The device id is ${id.length} characters long; at most 255 are accepted.`);
  return id;
}

/** The agent's TAG setting (GLPI `tag`; FusionInventory's ACCOUNTINFO TAG, converted), or null. */
export function agentTagOf(document: unknown): string | null {
  const tag = document !== null && typeof document === 'object' ? (document as { tag?: unknown }).tag : undefined;
  return typeof tag === 'string' && tag.trim() !== '' ? tag.trim() : null;
}

/** Summarizes and records; maps the recorder's refusals to agent errors. */
async function recordDocument(ctx: MessageContext, source: InventorySource, document: unknown, kept: string, deviceId: string, itemtype: string) {
  let summary: InventorySummary;
  try {
    summary = summarizeGlpi(document);
  } catch (error) {
    throw new AgentRequestError(400, 'invalid_inventory', (error as Error).message);
  }
  try {
    const recorded = await ctx.record({
      source,
      deviceId,
      itemtype,
      summary,
      document: kept,
      scannedAt: ctx.nowIso(),
      partialSections: glpiPartialSections(document),
      agentTag: agentTagOf(document),
    });
    return { ...recorded, summary };
  } catch (error) {
    if (error instanceof AmbiguousInventoryError) throw new AgentRequestError(409, 'ambiguous_match', error.message);
    if (error instanceof InventoryInputError) throw new AgentRequestError(400, 'invalid_inventory', error.message);
    throw error;
  }
}

const NATIVE_INVENTORY_ACTIONS = new Set(['inventory', 'netinventory']);

/** One GLPI Agent (JSON) message. Throws AgentRequestError for a message the agent must fix. */
export async function handleGlpiMessage(text: string, ctx: MessageContext): Promise<AgentOutcome> {
  const message = parseJson(text);
  if (message === null || typeof message !== 'object' || Array.isArray(message)) {
    throw new AgentRequestError(400, 'invalid_message', 'The JSON must be an object such as {"action": "inventory", "deviceid": …, "content": {…}}.');
  }
  const m = message as Record<string, unknown>;
  const rawAction = m.action ?? m.query ?? 'inventory';
  if (typeof rawAction !== 'string') throw new AgentRequestError(400, 'invalid_action', '"action" must be a string such as "contact" or "inventory".');
  const action = rawAction.trim().toLowerCase();
  const deviceId = requireDeviceId(m.deviceid, 'glpi');

  if (action === 'contact') {
    const enabled = Array.isArray(m['enabled-tasks']) ? m['enabled-tasks'].filter((t): t is string => typeof t === 'string') : [];
    const tasks: Record<string, unknown> = {};
    const disabled: string[] = [];
    for (const task of enabled) {
      if (task === 'inventory') tasks.inventory = { ...INVENTORY_TASK_INFO };
      else if (!disabled.includes(task)) disabled.push(task);
    }
    const body: Record<string, unknown> = { status: 'ok', expiration: CONTACT_EXPIRATION_HOURS, tasks };
    if (disabled.length > 0) {
      body.disabled = disabled;
      body.message = disabled.map((t) => `${t} task not supported`).join(';');
    }
    return { reply: { status: 200, format: 'json', body }, action, deviceId };
  }

  if (NATIVE_INVENTORY_ACTIONS.has(action)) {
    const content = m.content;
    if (content === null || typeof content !== 'object' || Array.isArray(content)) {
      throw new AgentRequestError(400, 'missing_content', `The ${action} message has no "content" object: there is nothing to record.`);
    }
    const itemtype = typeof m.itemtype === 'string' && m.itemtype.trim() ? m.itemtype.trim() : 'Computer';
    if (itemtype.length > 64) throw new AgentRequestError(400, 'invalid_itemtype', `The item type "${itemtype.slice(0, 64)}…" is too long.`);
    const recorded = await recordDocument(ctx, 'glpi_agent', message, text, deviceId, itemtype);
    return { reply: { status: 200, format: 'json', body: { status: 'ok', expiration: CONTACT_EXPIRATION_HOURS } }, action, deviceId, recorded, source: 'glpi_agent' };
  }

  throw new AgentRequestError(
    400,
    'unsupported_action',
    `The action "${rawAction.slice(0, 64)}" is not supported: this server takes "contact", "inventory" and "netinventory".`,
  );
}

/** One FusionInventory (XML) message. Throws AgentRequestError for a message the agent must fix. */
export async function handleFusionMessage(text: string, ctx: MessageContext): Promise<AgentOutcome> {
  let request;
  try {
    request = parseFusionXml(text);
  } catch (error) {
    if (error instanceof FusionXmlError) throw new AgentRequestError(400, 'invalid_xml', error.message);
    throw error;
  }
  const deviceId = requireDeviceId(request.deviceId, 'fusion');

  if (request.query === 'PROLOG') {
    if (ctx.glpiAgent) {
      return { reply: { status: 200, format: 'json', body: { status: 'ok', expiration: CONTACT_EXPIRATION_HOURS } }, action: request.query, deviceId };
    }
    const body = xmlReply({ PROLOG_FREQ: CONTACT_EXPIRATION_HOURS, RESPONSE: 'SEND' });
    return { reply: { status: 200, format: 'xml', body }, action: request.query, deviceId };
  }

  if (request.query === 'INVENTORY') {
    let document;
    try {
      document = fusionRequestToGlpi(request);
    } catch (error) {
      if (error instanceof FusionXmlError) throw new AgentRequestError(400, 'missing_content', error.message);
      throw error;
    }
    const source = xmlAgentSource(ctx.userAgent, request.content);
    const recorded = await recordDocument(ctx, source, document, text, deviceId, document.itemtype);
    return { reply: { status: 200, format: 'xml', body: xmlReply({ RESPONSE: 'SEND' }) }, action: request.query, deviceId, recorded, source };
  }

  throw new AgentRequestError(
    400,
    'unsupported_query',
    `The query "${request.query.slice(0, 64)}" is not supported: this server takes PROLOG and INVENTORY (computer inventories).`,
  );
}
