/**
 * Tests only: validates an inventory against GLPI's inventory.schema.json, read from
 * ../shared/fixtures/glpi-inventory/ (the schema is never copied into the project).
 */
import { existsSync, readFileSync } from 'node:fs';
import { isIPv4, isIPv6 } from 'node:net';
import { resolve } from 'node:path';
import { Ajv } from 'ajv';

export const GLPI_SCHEMA_PATH = resolve(import.meta.dirname, '../../../shared/fixtures/glpi-inventory/inventory.schema.json');

export const schemaMissingReason = `GLPI inventory schema not found at ${GLPI_SCHEMA_PATH} (../shared is absent); schema validation skipped`;

/** A validator, or undefined when the schema is absent (the test then skips and says why). */
export function loadGlpiValidator(): ((doc: unknown) => string[]) | undefined {
  if (!existsSync(GLPI_SCHEMA_PATH)) return undefined;
  // strict off: GLPI's schema has its own annotations (e.g. a misspelt "tile") that strict mode refuses.
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addFormat('ipv4', { type: 'string', validate: (s: string) => isIPv4(s) });
  ajv.addFormat('ipv6', { type: 'string', validate: (s: string) => isIPv6(s) });
  const validate = ajv.compile(JSON.parse(readFileSync(GLPI_SCHEMA_PATH, 'utf8')) as object);
  return (doc) => (validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`));
}
