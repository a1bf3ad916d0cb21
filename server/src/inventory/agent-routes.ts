/**
 * POST /api/inventory (API.agentInventory): where GLPI Agent and FusionInventory agent send
 * their inventories. One address for both; the body says which protocol it is
 * (agent-protocol.ts).
 *
 * Authentication is HTTP Basic with the server's agent password (FIELDDESK_AGENT_PASSWORD);
 * the user name is not checked (agents need one configured: "agent" is the documented one).
 * Both agents send credentials only after a 401 carrying
 * `WWW-Authenticate: Basic realm="FieldDesk inventory"`, so a request without them is
 * answered that way and is not counted as a failure. A wrong password is counted per network
 * address with the sign-in throttle (auth/throttle.ts): answers slow down, then the address
 * is locked out for a while (429 with Retry-After). Sessions and cookies are never accepted
 * here (the /api guard lets this path through to this check only). When the server has no
 * agent password, intake is off and every request is answered 403 saying so.
 *
 * The check runs before the body is read. The body is taken as raw bytes whatever its
 * Content-Type (up to MAX_INVENTORY_BYTES plus slack for a plain body the decoder then
 * refuses with the reason), then decompressed and decoded by agent-body.ts. Every refusal is
 * logged at warn with its reason; every recorded inventory at info.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { API, MAX_INVENTORY_BYTES } from '@fielddesk/common/api/http';
import type { AppContext } from '../context';
import { safeEqual } from '../auth/tokens';
import { describeRetry, type Lockout, type ThrottleKeys } from '../auth/throttle';
import { formatBytes } from '../http/errors';
import { AgentRequestError, decodeAgentBody, encodeReply, replyContentType, type BodyFormat, type Compression } from './agent-body';
import { AGENT_NAMES, errorReply, handleFusionMessage, handleGlpiMessage, type AgentReply, type MessageContext } from './agent-protocol';
import { recordInventory } from './record';

export const AGENT_REALM = 'FieldDesk inventory';
export const AGENT_CHALLENGE = `Basic realm="${AGENT_REALM}"`;

/** Largest raw body read: a plain body just over the limit still gets the decoder's clear 413. */
export const AGENT_BODY_LIMIT = MAX_INVENTORY_BYTES + 1024 * 1024;

/**
 * Throttle keys for agent password failures: per network address only (a shared user name
 * would let anyone lock every agent out), and apart from the sign-in keys (a misconfigured
 * agent fleet behind an office's NAT must not lock its people out of signing in). The
 * address is locked after the throttle's userLockAfter failures.
 */
export function agentThrottleKeys(ip: string): ThrottleKeys {
  return { user: `agent:${ip}`, ip: `agent-ip:${ip}` };
}

/** The password of an `Authorization: Basic …` header, or null when there is none or it is not Basic. */
export function basicPassword(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header);
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : decoded.slice(colon + 1);
}

function sendReply(reply: FastifyReply, answer: AgentReply, compression: Compression, extraHeaders: Record<string, string> = {}): FastifyReply {
  const text = answer.format === 'json' ? JSON.stringify(answer.body) : String(answer.body);
  return reply
    .code(answer.status)
    .headers({ 'cache-control': 'no-store', pragma: 'no-cache', ...extraHeaders })
    .type(replyContentType(compression, answer.format))
    .send(encodeReply(text, compression));
}

/** A refusal before the protocol is known: plain JSON, which GLPI Agent reads and FusionInventory only logs by status. */
function refuse(request: FastifyRequest, reply: FastifyReply, status: number, message: string, headers: Record<string, string> = {}): FastifyReply {
  request.log.warn({ ip: request.ip, status }, `inventory agent refused: ${message}`);
  return sendReply(reply, errorReply('json', status, message), 'none', headers);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function registerAgentInventoryRoute(app: FastifyInstance, ctx: AppContext): void {
  app.log.info(
    ctx.config.agentPassword
      ? `Inventory agents: intake on at ${API.agentInventory} (HTTP Basic with FIELDDESK_AGENT_PASSWORD).`
      : `Inventory agents: intake off (FIELDDESK_AGENT_PASSWORD is not set); ${API.agentInventory} answers 403.`,
  );
  void app.register(async (scope) => {
    // Raw bytes whatever the Content-Type: zlib, gzip, JSON, XML, or a type an agent gets wrong.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: AGENT_BODY_LIMIT }, (_request, body, done) => done(null, body));

    scope.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
      if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        return refuse(request, reply, 413, `The request body is larger than the ${formatBytes(AGENT_BODY_LIMIT)} this endpoint reads; an inventory may be at most ${formatBytes(MAX_INVENTORY_BYTES)}.`);
      }
      const status = error.statusCode ?? 500;
      if (status >= 400 && status < 500) return refuse(request, reply, status, error.message);
      request.log.error({ err: error }, 'inventory agent request failed');
      return sendReply(reply, errorReply('json', 500, 'The server hit an unexpected error and logged it; the agent will try again at its next run.'), 'none');
    });

    scope.addHook('onRequest', async (request, reply) => {
      const password = ctx.config.agentPassword;
      if (!password) {
        return refuse(request, reply, 403, 'Inventory intake is off on this server: it has no agent password. An administrator sets FIELDDESK_AGENT_PASSWORD to turn it on.');
      }
      const keys = agentThrottleKeys(request.ip);
      const locked = (lockout: Lockout) =>
        refuse(request, reply, 429, describeRetry(lockout).replace('sign-in attempts', 'agent password attempts'), {
          'retry-after': String(Math.ceil(lockout.retryAfterMs / 1000)),
        });
      const sent = basicPassword(request.headers.authorization);
      if (sent === null) {
        const lockout = await ctx.throttle.lockout(keys, ctx.config.now());
        if (lockout) return locked(lockout);
        // The agents' first try: they send the password only when asked for it.
        return sendReply(reply, errorReply('json', 401, `Authentication required: configure the agent with the server's agent password (HTTP Basic, realm "${AGENT_REALM}").`), 'none', {
          'www-authenticate': AGENT_CHALLENGE,
        });
      }
      // Counted before the password is compared, atomically, like a sign-in (auth/throttle.ts):
      // guesses sent at once cannot outrun the lock. A right password takes its count back.
      const attempt = await ctx.throttle.begin(keys, ctx.config.now());
      if (attempt.lockout) return locked(attempt.lockout);
      if (!safeEqual(sent, password)) {
        if (attempt.delayMs > 0) await sleep(attempt.delayMs);
        return refuse(request, reply, 401, 'Wrong agent password: check the password in the agent\'s configuration against the server\'s FIELDDESK_AGENT_PASSWORD.', {
          'www-authenticate': AGENT_CHALLENGE,
        });
      }
      await ctx.throttle.release(attempt);
    });

    scope.post(API.agentInventory, async (request, reply) => {
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const contentType = request.headers['content-type'];
      let format: BodyFormat = 'json';
      let compression: Compression = 'none';
      try {
        const decoded = await decodeAgentBody(body, contentType);
        format = decoded.format;
        compression = decoded.compression;
        const messageContext: MessageContext = {
          record: (input) => recordInventory(ctx, input),
          nowIso: () => new Date(ctx.config.now()).toISOString(),
          glpiAgent: typeof request.headers['glpi-agent-id'] === 'string',
          userAgent: request.headers['user-agent'],
        };
        const outcome = decoded.format === 'json' ? await handleGlpiMessage(decoded.text, messageContext) : await handleFusionMessage(decoded.text, messageContext);
        if (outcome.recorded) {
          const r = outcome.recorded;
          request.log.info(
            {
              deviceId: outcome.deviceId,
              assetId: r.assetId,
              created: r.created,
              rule: r.rule,
              software: r.summary.software.length,
              bytes: decoded.bytes,
              compression,
            },
            `inventory recorded from ${AGENT_NAMES[outcome.source ?? (decoded.format === 'json' ? 'glpi_agent' : 'fusioninventory')]} (${outcome.action})`,
          );
        }
        return sendReply(reply, outcome.reply, compression);
      } catch (error) {
        if (!(error instanceof AgentRequestError)) throw error;
        request.log.warn(
          { ip: request.ip, status: error.statusCode, code: error.code, contentType, bytes: body.length },
          `inventory agent refused: ${error.message}`,
        );
        return sendReply(reply, errorReply(format, error.statusCode, error.message), compression);
      }
    });
  });
}
