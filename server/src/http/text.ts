/**
 * Text that the two stores cannot hold alike, and what the server does with it. ONE rule,
 * written here, applied on SQLite and PostgreSQL alike:
 *
 * - NUL (U+0000): PostgreSQL's text cannot hold it (error 22021, which used to surface as a
 *   500) while SQLite stores it, so the two stores would disagree;
 * - lone UTF-16 surrogates (U+D800–U+DFFF not in a high+low pair, e.g. JSON "\ud800"): not
 *   Unicode at all, so not valid UTF-8; both drivers would silently store U+FFFD instead.
 *
 * What happens to such text depends on who wrote it:
 * - **Requests made by people or their apps** (query strings, path parameters, JSON bodies,
 *   the fields of a pushed op) are REFUSED, naming the field: a 400 for an ordinary request
 *   (installTextGuard: one preValidation hook, so every route gets it, including routes added
 *   later), and `rejected` for that one op of a push (sync/push.ts), whose other ops still
 *   apply. Somebody typed or pasted it and can take it out; altering their words silently
 *   would be worse than saying so.
 * - **Inventories written by machines** (GLPI Agent, FusionInventory, the desktop app's own
 *   device scan) are CLEANED with cleanText/cleanDeep: NUL removed, each lone surrogate
 *   replaced by U+FFFD, before anything is matched or stored (inventory/record.ts
 *   recordInventory, sync/ops/asset-inventory.ts). Nobody can fix what a BIOS or a driver
 *   reports, and refusing would lose every later inventory of that device.
 */
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../errors';

/** Cheap first test: a string without any of these code units is fine. */
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const SUSPECT = /[\u0000\ud800-\udfff]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

/** What is wrong with a text, in words ("a NUL character (U+0000)"), or null when it can be stored. */
export function unstorableIn(text: string): string | null {
  if (!SUSPECT.test(text)) return null;
  if (text.includes('\u0000')) return 'a NUL character (U+0000)';
  const lone = LONE_SURROGATE.exec(text);
  if (lone) return `an unpaired UTF-16 surrogate (U+${lone[0].charCodeAt(0).toString(16).toUpperCase()}), which is not valid Unicode`;
  return null;
}

export interface UnstorableText {
  /** Where it is: "username", "data.body", "summary.software[3].name" ('' for the value itself). */
  path: string;
  /** What is wrong, in words (see unstorableIn). */
  problem: string;
}

const join = (path: string, key: string | number) =>
  typeof key === 'number' ? `${path}[${key}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? (path ? `${path}.${key}` : key) : `${path}[${JSON.stringify(key)}]`;

/**
 * The first string (or object key) in a JSON-like value that cannot be stored, or null.
 * Walks with its own stack, so a deeply nested body cannot overflow the call stack.
 */
export function findUnstorableText(value: unknown, path = ''): UnstorableText | null {
  // The common case (nothing wrong) without building a path per value: the push hot path.
  if (!holdsSuspectText(value)) return null;
  const stack: [unknown, string][] = [[value, path]];
  while (stack.length > 0) {
    const [item, at] = stack.pop()!;
    if (typeof item === 'string') {
      const problem = unstorableIn(item);
      if (problem) return { path: at, problem };
    } else if (Array.isArray(item)) {
      for (let i = item.length - 1; i >= 0; i--) stack.push([item[i], join(at, i)]);
    } else if (item && typeof item === 'object' && !Buffer.isBuffer(item)) {
      const entries = Object.entries(item);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i]!;
        const problem = unstorableIn(key);
        if (problem) return { path: join(at, key), problem: `a key with ${problem}` };
        stack.push([child, join(at, key)]);
      }
    }
  }
  return null;
}

/** Whether any string or key of the value holds a NUL or a surrogate (paired or not): a quick look, no paths. */
function holdsSuspectText(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item === 'string') {
      if (SUSPECT.test(item)) return true;
    } else if (Array.isArray(item)) {
      for (const child of item) stack.push(child);
    } else if (item && typeof item === 'object' && !Buffer.isBuffer(item)) {
      for (const key in item) {
        if (!Object.hasOwn(item, key)) continue;
        if (SUSPECT.test(key)) return true;
        stack.push((item as Record<string, unknown>)[key]);
      }
    }
  }
  return false;
}

/** The cleaning rule for machine-written text (see the module comment): NUL removed, lone surrogates → U+FFFD. */
export function cleanText(text: string): string {
  if (!SUSPECT.test(text)) return text;
  return text.replaceAll('\u0000', '').replace(LONE_SURROGATES, '\ufffd');
}

/** cleanText on every string and object key of a JSON-like value (a new value where something changed). */
export function cleanDeep<T>(value: T): T {
  if (findUnstorableText(value) === null) return value;
  const clean = (item: unknown): unknown => {
    if (typeof item === 'string') return cleanText(item);
    if (Array.isArray(item)) return item.map(clean);
    if (item && typeof item === 'object' && !Buffer.isBuffer(item) && !(item instanceof Date)) {
      return Object.fromEntries(Object.entries(item).map(([k, v]) => [cleanText(k), clean(v)]));
    }
    return item;
  };
  return clean(value) as T;
}

/** "The field "username"", "The query parameter "q"", "The path parameter "id"". */
function describeWhere(part: 'body' | 'query' | 'params', path: string): string {
  if (part === 'query') return `The query parameter "${path}"`;
  if (part === 'params') return `The path parameter "${path}"`;
  return path ? `The field "${path}"` : 'The request body';
}

/** Throws ApiError 400 when the value holds text that cannot be stored. */
export function refuseUnstorableText(part: 'body' | 'query' | 'params', value: unknown): void {
  const found = findUnstorableText(value);
  if (!found) return;
  throw new ApiError(400, 'invalid_text', `${describeWhere(part, found.path)} contains ${found.problem}, which FieldDesk cannot store. Remove it and try again.`);
}

/**
 * Every route: query string, path parameters and a parsed JSON body are checked before the
 * handler runs (raw bodies — a push's text, an agent's bytes — are the route's own business:
 * sync/push.ts answers per op, inventories are cleaned).
 */
export function installTextGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    refuseUnstorableText('params', request.params);
    refuseUnstorableText('query', request.query);
    const body = request.body;
    if (body !== null && typeof body === 'object' && !Buffer.isBuffer(body)) refuseUnstorableText('body', body);
  });
}
