/**
 * Hostile values for the hostile-input suite: what an attacker or a clumsy client sends.
 * Strings with NUL characters, lone surrogates, control and bidi characters, very long
 * text; numbers that are huge, negative, fractional or beyond JSON's doubles; deeply
 * nested JSON; wrong types; keys that pollute prototypes; bodies in every content type,
 * cut short; path segments that climb out of a directory or are very long.
 *
 * JSON bodies are built as text, so a value can be something JSON.stringify never writes
 * (1e999, a 100,000-deep array): `raw(text)` marks such a value.
 */
import fc from 'fast-check';

/** A JSON value written into the body as-is (number literals JSON.stringify cannot make, deep nesting). */
export class Raw {
  constructor(readonly text: string) {}
}
export const raw = (text: string) => new Raw(text);

/** JSON text of a value that may hold Raw parts. */
export function toJsonText(value: unknown): string {
  if (value instanceof Raw) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${JSON.stringify(k)}:${toJsonText(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const SPECIAL_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u0000'.repeat(64),
  '\ud800',
  'x\udfffy',
  '\ud83d',
  '\udc00\ud800',
  '💥',
  '\u202e\u2066evil',
  '\ufeff',
  '\u00a0',
  '\r\nX-Injected: 1',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%00',
  '%2e%2e%2f',
  "' or 1=1 --",
  '"; drop table tickets; --',
  '<script>alert(1)</script>',
  '<!DOCTYPE x [<!ENTITY a "b">]>',
  '${7*7}',
  '__proto__',
  'constructor',
  'null',
  'undefined',
  'NaN',
  '1e999',
  '-1',
  'true',
  '\\',
  '%',
  '_',
];

/** A string of any length from 1,000 to 300,000 characters of one kind. */
export const longString: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('a', 'é', '\u0000', '💥', '\ud800', ' ', '%'), fc.integer({ min: 1_000, max: 300_000 }))
  .map(([c, n]) => c.repeat(Math.ceil(n / c.length)));

/** Strings a server must never choke on. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...SPECIAL_STRINGS), weight: 4 },
  { arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 30 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 30 }), weight: 2 },
  {
    // Lone surrogates and NULs inside ordinary text.
    arbitrary: fc
      .tuple(fc.string({ maxLength: 10 }), fc.constantFrom('\u0000', '\ud800', '\udbff', '\udc00', '\u0001', '\u007f', '\u0085', '\u2028'), fc.string({ maxLength: 10 }))
      .map(([a, b, c]) => a + b + c),
    weight: 2,
  },
  { arbitrary: longString, weight: 1 },
);

/** Numbers no field expects, including literals beyond JSON's doubles. */
export const hostileNumber: fc.Arbitrary<number | Raw> = fc.oneof(
  fc.constantFrom(-1, -0, 0.5, -(2 ** 31), 2 ** 31, 2 ** 53 + 2, -(2 ** 53) - 2, 2 ** 63, 1e308, -1e308, Number.MIN_VALUE, 1e21),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.constantFrom('1e999', '-1e999', '123456789012345678901234567890', '-0.0', '1E+400', '0.0000000000000000000000001', '1e-400').map(raw),
);

/** Arrays or objects nested 100 to 200,000 levels deep (a body of at most ~1 MiB). */
export const deepNesting: fc.Arbitrary<Raw> = fc
  .tuple(fc.integer({ min: 100, max: 200_000 }), fc.constantFrom('array', 'object', 'mixed'))
  .map(([depth, shape]) => {
    if (shape === 'array') return raw('['.repeat(depth) + ']'.repeat(depth));
    if (shape === 'object') return raw('{"a":'.repeat(depth) + '1' + '}'.repeat(depth));
    return raw('[{"a":'.repeat(depth / 2) + 'null' + '}]'.repeat(depth / 2));
  });

/** Keys that must never reach a prototype, and keys no schema has. */
export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', '', '\u0000', '\ud800', 'toString', 'hasOwnProperty', 'x'.repeat(10_000), 'id', 'rev', 'role', 'admin'),
  fc.string({ maxLength: 12 }),
);

/** Any JSON value of the wrong kind, hostile strings and numbers included. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: hostileString, weight: 4 },
  { arbitrary: hostileNumber, weight: 3 },
  { arbitrary: fc.constantFrom(null, true, false, [], {}, [null], { '': null }), weight: 2 },
  { arbitrary: fc.array(fc.oneof(hostileNumber, fc.string({ maxLength: 5 })), { maxLength: 5 }), weight: 1 },
  { arbitrary: fc.dictionary(hostileKey, fc.oneof(fc.string({ maxLength: 5 }), fc.integer()), { maxKeys: 4 }), weight: 1 },
  { arbitrary: deepNesting, weight: 1 },
);

type Path = (string | number)[];

function pathsOf(value: unknown, prefix: Path = []): Path[] {
  const out: Path[] = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...pathsOf(v, [...prefix, i])));
  else if (value && typeof value === 'object' && !(value instanceof Raw)) {
    for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...prefix, k]));
  }
  return out;
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

function setAt(root: unknown, path: Path, change: (parent: Record<string | number, unknown>, key: string | number) => void): unknown {
  if (path.length === 0) return root;
  let parent = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  change(parent, path[path.length - 1] as string | number);
  return root;
}

export type Mutation = { kind: 'replace' | 'drop' | 'add' | 'whole'; path: string };

/**
 * A valid body with one thing wrong: a field (at any depth) replaced by a hostile value or
 * dropped, an extra hostile key beside it, or the whole body replaced by a hostile value.
 */
export function mutatedBody(template: Record<string, unknown>): fc.Arbitrary<{ body: unknown; mutation: Mutation }> {
  const paths = pathsOf(template).filter((p) => p.length > 0);
  return fc.oneof(
    fc.tuple(fc.constantFrom(...paths), hostileValue).map(([p, v]) => ({
      body: setAt(clone(template), p, (parent, key) => {
        parent[key] = v;
      }),
      mutation: { kind: 'replace' as const, path: p.join('.') },
    })),
    fc.constantFrom(...paths).map((p) => ({
      body: setAt(clone(template), p, (parent, key) => {
        if (Array.isArray(parent)) parent.splice(Number(key), 1);
        else delete parent[key];
      }),
      mutation: { kind: 'drop' as const, path: p.join('.') },
    })),
    fc.tuple(fc.constantFrom([] as Path, ...paths.filter((p) => { const v = p.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], template); return !!v && typeof v === 'object' && !Array.isArray(v); })), hostileKey, hostileValue).map(([p, k, v]) => {
      const body = clone(template);
      const target = p.reduce<unknown>((o, key) => (o as Record<string | number, unknown>)[key], body) as Record<string, unknown>;
      Object.defineProperty(target, k, { value: v, enumerable: true, configurable: true, writable: true });
      return { body, mutation: { kind: 'add' as const, path: [...p, k.slice(0, 20)].join('.') } };
    }),
    hostileValue.map((v) => ({ body: v, mutation: { kind: 'whole' as const, path: '' } })),
  );
}

/** Content types a client may send; which of them a route reads is the route's business. */
export const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'APPLICATION/JSON',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=----hostile',
  'multipart/form-data',
  'text/plain',
  'text/plain; charset=utf-8',
  'application/xml',
  'text/xml',
  'application/octet-stream',
  'application/x-compress-zlib',
  'application/x-compress-gzip',
  'application/merge-patch+json',
  'application/json, text/plain',
  'image/png',
  '*/*',
  ';;;',
  'application/',
  'a'.repeat(2000),
] as const;

/** A body as one content type would carry it: JSON text, a form, XML, multipart, or raw bytes. */
export function encodeAs(contentType: string | null, body: unknown): string | Buffer {
  const type = (contentType ?? '').toLowerCase();
  const fields = body && typeof body === 'object' && !(body instanceof Raw) ? Object.entries(body as Record<string, unknown>) : [['value', body] as const];
  const text = (v: unknown) => (typeof v === 'string' ? v : toJsonText(v));
  if (type.startsWith('application/x-www-form-urlencoded')) return fields.map(([k, v]) => `${encodeAny(k)}=${encodeAny(text(v))}`).join('&');
  if (type.startsWith('multipart/')) {
    return (
      fields.map(([k, v]) => `------hostile\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${text(v)}\r\n`).join('') + '------hostile--\r\n'
    );
  }
  if (type.includes('xml')) return `<?xml version="1.0"?><body>${fields.map(([k, v]) => `<${k || 'x'}>${text(v)}</${k || 'x'}>`).join('')}</body>`;
  if (type.includes('utf-16')) return Buffer.from(toJsonText(body), 'utf16le');
  return toJsonText(body);
}

/** A prefix of a body: cut anywhere from its first byte to its last but one. */
export function truncated(text: string): fc.Arbitrary<string> {
  return fc.integer({ min: 0, max: Math.max(0, text.length - 1) }).map((n) => text.slice(0, n));
}

/**
 * encodeURIComponent that also takes lone surrogates, as WTF-8 bytes (%ED%A0%80): what a
 * client that does not check its strings sends.
 */
export function encodeAny(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code >= 0xd800 && code <= 0xdfff) out += `%${(0xe0 | (code >> 12)).toString(16)}%${(0x80 | ((code >> 6) & 0x3f)).toString(16)}%${(0x80 | (code & 0x3f)).toString(16)}`.toUpperCase();
    else out += encodeURIComponent(ch);
  }
  return out;
}

/** Path segments: traversal, NUL, encodings, very long, wrong shape. Already URL-encoded where needed. */
export const hostileSegment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '..',
    '%2e%2e',
    '..%2f..%2f..%2fetc%2fpasswd',
    '%2e%2e%2f%2e%2e%2fsecret.txt',
    '..%5c..%5csecret.txt',
    '%00',
    'a%00b',
    '%ed%a0%80',
    '%c0%ae%c0%ae',
    '%ff',
    '%',
    '%zz',
    '%E0%A4%A',
    '%u0000',
    'A'.repeat(64),
    'g'.repeat(64),
    '0'.repeat(65),
    '0'.repeat(63),
    '00000000-0000-0000-0000-000000000000',
    'null',
    '%20',
    '~',
    '.',
    '%2f',
    '%3f',
    '%23',
  ),
  fc.integer({ min: 300, max: 8_000 }).map((n) => 'x'.repeat(n)),
  fc.string({ unit: 'binary', maxLength: 20 }).map(encodeAny).filter((s) => s.length > 0),
);

/** Query strings: unknown, repeated, empty and hostile parameters. Each part is URL-encoded. */
export function hostileQuery(names: readonly string[]): fc.Arbitrary<string> {
  const value = fc.oneof(
    hostileString.filter((s) => s.length < 5_000),
    hostileNumber.map((n) => (n instanceof Raw ? n.text : String(n))),
    fc.constantFrom('', '[]', '{}', 'Infinity', '-Infinity', '0x10', '1.', '.5', '1e3', ' 1', '1 ', '+1', '0.1.2'),
  );
  const pair = fc.tuple(fc.oneof(fc.constantFrom(...names, ...names.map((n) => `${n}[]`), ...names.map((n) => `${n}[a]`)), hostileKey.filter((k) => k.length < 100)), value);
  return fc.array(pair, { minLength: 1, maxLength: 4 }).map((pairs) => pairs.map(([k, v]) => `${encodeAny(k)}=${encodeAny(v)}`).join('&'));
}
