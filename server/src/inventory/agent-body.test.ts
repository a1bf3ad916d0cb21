import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { AgentRequestError, compressionOf, decodeAgentBody, encodeReply, replyContentType } from './agent-body';

const JSON_TEXT = '{"action":"contact","deviceid":"pc-01"}';
const XML_TEXT = '<?xml version="1.0" encoding="UTF-8" ?>\n<REQUEST><QUERY>PROLOG</QUERY><DEVICEID>pc-01</DEVICEID></REQUEST>';

async function refusal(promise: Promise<unknown>): Promise<AgentRequestError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AgentRequestError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('compressionOf', () => {
  const zlibBody = zlib.deflateSync(JSON_TEXT);
  const gzipBody = zlib.gzipSync(JSON_TEXT);
  const rawBody = zlib.deflateRawSync(JSON_TEXT);
  it.each([
    ['application/x-compress-zlib', zlibBody, 'zlib'],
    ['application/x-compress-gzip', gzipBody, 'gzip'],
    ['application/x-compress-deflate', rawBody, 'deflate'],
    ['application/x-deflate', rawBody, 'deflate'],
    ['application/json', Buffer.from(JSON_TEXT), 'none'],
    ['application/xml', Buffer.from(XML_TEXT), 'none'],
    // The first bytes win over a wrong Content-Type.
    ['application/json', zlibBody, 'zlib'],
    ['application/x-compress-zlib', gzipBody, 'gzip'],
    ['application/x-compress-zlib', Buffer.from(XML_TEXT), 'none'],
    [undefined, zlibBody, 'zlib'],
    ['text/plain; charset=utf-8', Buffer.from(`  \n${JSON_TEXT}`), 'none'],
  ] as const)('%s with %s bytes -> %s', (type, body, expected) => {
    expect(compressionOf(type, body)).toBe(expected);
  });
});

describe('decodeAgentBody', () => {
  it('decodes plain JSON and XML, whatever the Content-Type', async () => {
    expect(await decodeAgentBody(Buffer.from(JSON_TEXT), 'application/json')).toEqual({ text: JSON_TEXT, format: 'json', compression: 'none', bytes: JSON_TEXT.length });
    expect(await decodeAgentBody(Buffer.from(XML_TEXT), 'application/x-compress-zlib')).toMatchObject({ text: XML_TEXT, format: 'xml', compression: 'none' });
    expect(await decodeAgentBody(Buffer.from(`\ufeff${JSON_TEXT}`), undefined)).toMatchObject({ format: 'json' });
  });

  it('decompresses zlib (both agents), gzip and raw deflate', async () => {
    expect(await decodeAgentBody(zlib.deflateSync(XML_TEXT), 'application/x-compress-zlib')).toMatchObject({ text: XML_TEXT, format: 'xml', compression: 'zlib' });
    expect(await decodeAgentBody(zlib.gzipSync(JSON_TEXT), 'application/x-compress-gzip')).toMatchObject({ text: JSON_TEXT, format: 'json', compression: 'gzip' });
    expect(await decodeAgentBody(zlib.deflateRawSync(JSON_TEXT), 'application/x-compress-deflate')).toMatchObject({ text: JSON_TEXT, format: 'json', compression: 'deflate' });
  });

  it('reads Latin-1 text from an old agent when it is not valid UTF-8', async () => {
    const latin1 = Buffer.from('<REQUEST><DEVICEID>poste-élève</DEVICEID></REQUEST>', 'latin1');
    expect((await decodeAgentBody(latin1, 'application/xml')).text).toContain('poste-élève');
  });

  it('refuses an empty body', async () => {
    const e = await refusal(decodeAgentBody(Buffer.alloc(0), 'application/json'));
    expect([e.statusCode, e.code]).toEqual([400, 'empty_body']);
  });

  it('refuses a cut zlib stream, saying it is cut', async () => {
    const whole = zlib.deflateSync(XML_TEXT.repeat(50));
    const e = await refusal(decodeAgentBody(whole.subarray(0, Math.floor(whole.length / 2)), 'application/x-compress-zlib'));
    expect([e.statusCode, e.code]).toEqual([400, 'truncated_body']);
    expect(e.message).toMatch(/zlib stream ends before it is complete/);
  });

  it('refuses a corrupt stream', async () => {
    const body = Buffer.concat([Buffer.from([0x78, 0x9c]), Buffer.from('this is not deflate data at all')]);
    const e = await refusal(decodeAgentBody(body, 'application/x-compress-zlib'));
    expect([e.statusCode, e.code]).toEqual([400, 'invalid_compression']);
  });

  it('refuses a zlib bomb past the limit without inflating it all', async () => {
    const bomb = zlib.deflateSync(Buffer.alloc(8 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const e = await refusal(decodeAgentBody(bomb, 'application/x-compress-zlib', 1024 * 1024));
    expect([e.statusCode, e.code]).toEqual([413, 'inventory_too_large']);
    expect(e.message).toMatch(/larger than 1 MiB/);
  });

  it('refuses a plain body over the limit', async () => {
    const e = await refusal(decodeAgentBody(Buffer.from(`{"a":"${'x'.repeat(2048)}"}`), 'application/json', 1024));
    expect([e.statusCode, e.code]).toEqual([413, 'inventory_too_large']);
  });

  it('refuses what is neither JSON nor XML, quoting how it starts', async () => {
    const e = await refusal(decodeAgentBody(Buffer.from('hello agent'), 'text/plain'));
    expect([e.statusCode, e.code]).toEqual([400, 'unknown_format']);
    expect(e.message).toContain('"hello agent"');
    const z = await refusal(decodeAgentBody(zlib.deflateSync('garbage'), 'application/x-compress-zlib'));
    expect(z.message).toMatch(/zlib-decompressed body is neither JSON/);
  });
});

describe('replies', () => {
  it('are compressed the way the request was, with a Content-Type naming it', () => {
    expect(zlib.inflateSync(encodeReply('<REPLY/>', 'zlib')).toString()).toBe('<REPLY/>');
    expect(encodeReply('<REPLY/>', 'zlib')[0]).toBe(0x78);
    expect(zlib.gunzipSync(encodeReply('{}', 'gzip')).toString()).toBe('{}');
    expect(zlib.inflateRawSync(encodeReply('{}', 'deflate')).toString()).toBe('{}');
    expect(encodeReply('{}', 'none').toString()).toBe('{}');
    expect(replyContentType('zlib', 'json')).toBe('application/x-compress-zlib');
    expect(replyContentType('gzip', 'xml')).toBe('application/x-compress-gzip');
    expect(replyContentType('none', 'json')).toBe('application/json; charset=utf-8');
    expect(replyContentType('none', 'xml')).toBe('application/xml; charset=utf-8');
  });
});
