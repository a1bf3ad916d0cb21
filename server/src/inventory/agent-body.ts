/**
 * The bytes an inventory agent posts, made into text: decompression and format detection
 * for POST /api/inventory (agent-routes.ts).
 *
 * - GLPI Agent sends JSON, zlib-compressed (Content-Type application/x-compress-zlib),
 *   gzip-compressed (application/x-compress-gzip) or plain (application/json);
 *   FusionInventory agent sends XML the same three ways (plain: application/xml). GLPI also
 *   accepts raw deflate (application/x-compress-deflate); so do we.
 * - The Content-Type names the compression, but agents behind odd proxies or scripts that
 *   post by hand get it wrong, so the first bytes decide when they are unambiguous: a zlib
 *   header (0x78 and a valid check), the gzip magic 0x1f 0x8b, or text that starts with `{`
 *   or `<`.
 * - Decompressed size is capped at MAX_INVENTORY_BYTES (zlib's maxOutputLength), so a small
 *   "zlib bomb" cannot fill memory; a cut or corrupt stream is refused with the reason.
 * - The reply goes back compressed the way the request came (what GLPI does, and what both
 *   agents expect: GLPI Agent reads the reply's Content-Type, FusionInventory the magic bytes).
 */
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { MAX_INVENTORY_BYTES } from '@fielddesk/common/api/http';
import { formatBytes } from '../http/errors';

export type Compression = 'zlib' | 'gzip' | 'deflate' | 'none';
export type BodyFormat = 'json' | 'xml';

/** A request the agent must fix: answered with this status and message, and logged. */
export class AgentRequestError extends Error {
  override readonly name = 'AgentRequestError';
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const inflate = promisify(zlib.inflate);
const gunzip = promisify(zlib.gunzip);
const inflateRaw = promisify(zlib.inflateRaw);

const ZLIB_TYPES = new Set(['application/x-compress-zlib', 'application/x-zlib', 'application/x-compress']);
const GZIP_TYPES = new Set(['application/x-compress-gzip', 'application/x-gzip', 'application/gzip']);
const DEFLATE_TYPES = new Set(['application/x-compress-deflate', 'application/x-deflate']);

/** The media type alone, lowercased ("application/json; charset=utf-8" -> "application/json"). */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/** The first byte that is not whitespace (or a UTF-8 byte order mark), or -1. */
function firstSignificantByte(body: Uint8Array): number {
  let i = 0;
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) i = 3;
  for (; i < body.length; i++) {
    const b = body[i]!;
    if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return b;
  }
  return -1;
}

/** What the first bytes say, when they say it for sure. */
function sniffCompression(body: Uint8Array): Compression | null {
  if (body.length >= 2 && body[0] === 0x1f && body[1] === 0x8b) return 'gzip';
  // RFC 1950: CMF 0x78 (deflate, 32K window) and (CMF*256 + FLG) divisible by 31.
  if (body.length >= 2 && body[0] === 0x78 && ((body[0] << 8) | body[1]!) % 31 === 0) return 'zlib';
  const first = firstSignificantByte(body);
  if (first === 0x7b /* { */ || first === 0x3c /* < */) return 'none';
  return null;
}

/** The compression of a request body: its first bytes when unambiguous, else its Content-Type. */
export function compressionOf(contentType: string | undefined, body: Uint8Array): Compression {
  const sniffed = sniffCompression(body);
  if (sniffed) return sniffed;
  const type = mediaType(contentType);
  if (ZLIB_TYPES.has(type)) return 'zlib';
  if (GZIP_TYPES.has(type)) return 'gzip';
  if (DEFLATE_TYPES.has(type)) return 'deflate';
  return 'none';
}

function decompressionError(error: unknown, compression: Compression, maxBytes: number): AgentRequestError {
  const e = error as NodeJS.ErrnoException;
  if (e.code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) {
    return new AgentRequestError(413, 'inventory_too_large', `The inventory is larger than ${formatBytes(maxBytes)} once decompressed; this server accepts at most that.`);
  }
  if (e.code === 'Z_BUF_ERROR') {
    return new AgentRequestError(400, 'truncated_body', `The ${compression} stream ends before it is complete (cut in transit?): ${e.message}.`);
  }
  return new AgentRequestError(400, 'invalid_compression', `The body is not a valid ${compression} stream: ${e.message}.`);
}

/** Decodes UTF-8; an agent on an old system may send Latin-1, which GLPI accepts too. */
function decodeText(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}

export interface DecodedBody {
  text: string;
  format: BodyFormat;
  compression: Compression;
  /** Decompressed size in bytes. */
  bytes: number;
}

/**
 * Decompresses and decodes an agent's body and says whether it is JSON or XML. Throws
 * AgentRequestError with the reason for an empty body, a cut or corrupt stream, a body over
 * `maxBytes` decompressed, or text that is neither JSON nor XML.
 */
export async function decodeAgentBody(body: Buffer, contentType: string | undefined, maxBytes: number = MAX_INVENTORY_BYTES): Promise<DecodedBody> {
  if (body.length === 0) throw new AgentRequestError(400, 'empty_body', 'The request has no body: post the agent\'s JSON or XML message.');
  const compression = compressionOf(contentType, body);
  let raw: Buffer;
  if (compression === 'none') {
    if (body.length > maxBytes) throw decompressionError(new RangeError('too large'), compression, maxBytes);
    raw = body;
  } else {
    const options = { maxOutputLength: maxBytes };
    try {
      raw = compression === 'zlib' ? await inflate(body, options) : compression === 'gzip' ? await gunzip(body, options) : await inflateRaw(body, options);
    } catch (error) {
      throw decompressionError(error, compression, maxBytes);
    }
  }
  const first = firstSignificantByte(raw);
  // `[` too: a JSON array is JSON (then refused as a message that must be an object).
  const format: BodyFormat | null = first === 0x7b || first === 0x5b ? 'json' : first === 0x3c ? 'xml' : null;
  if (!format) {
    const what = compression === 'none' ? 'The body' : `The ${compression}-decompressed body`;
    const start = JSON.stringify(raw.subarray(0, 16).toString('latin1'));
    throw new AgentRequestError(
      400,
      'unknown_format',
      `${what} is neither JSON (starting with "{") nor XML (starting with "<"); it starts with ${start}. Content-Type was "${contentType ?? 'none'}".`,
    );
  }
  return { text: decodeText(raw), format, compression, bytes: raw.length };
}

/** Compresses a reply the way the request was compressed. */
export function encodeReply(text: string, compression: Compression): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  switch (compression) {
    case 'zlib':
      return zlib.deflateSync(bytes);
    case 'gzip':
      return zlib.gzipSync(bytes);
    case 'deflate':
      return zlib.deflateRawSync(bytes);
    case 'none':
      return bytes;
  }
}

/** The Content-Type of a reply: GLPI Agent decompresses by it, so it names the compression. */
export function replyContentType(compression: Compression, format: BodyFormat): string {
  switch (compression) {
    case 'zlib':
      return 'application/x-compress-zlib';
    case 'gzip':
      return 'application/x-compress-gzip';
    case 'deflate':
      return 'application/x-compress-deflate';
    case 'none':
      return format === 'json' ? 'application/json; charset=utf-8' : 'application/xml; charset=utf-8';
  }
}
