/**
 * What a scanned (or typed) code is: a location label, or a code that names an asset by its
 * tag or its serial number. Location labels carry `LOC:` and the location's id, so a label
 * keeps working when the location is renamed and can never be mistaken for an asset tag.
 *
 * Codes are compared as people and scanners write them: spaces around are dropped, letters
 * compared without case (a scanner with Caps Lock on, a tag typed in lower case). Pure: the
 * app's audit screen and the server read codes the same way.
 */

export const LOCATION_LABEL_PREFIX = 'LOC:';

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
// Printable characters only: a code with control characters came from a scanner set up wrong.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
export const MAX_CODE_LENGTH = 128;

export type ScannedCode =
  | { kind: 'location'; locationId: string }
  | { kind: 'asset'; code: string; key: string }
  | { kind: 'invalid'; reason: string };

/** The text printed on (and encoded in) a location's label. */
export function locationLabelCode(locationId: string): string {
  return `${LOCATION_LABEL_PREFIX}${locationId}`;
}

/** The form two codes are compared in: trimmed, inner spaces dropped, upper case. */
export function codeKey(code: string): string {
  return code.replace(/\s+/g, '').toUpperCase();
}

/** Reads one scanned or typed code; `invalid` says in words what is wrong with it. */
export function readCode(raw: string): ScannedCode {
  const code = raw.trim();
  if (code.length === 0) return { kind: 'invalid', reason: 'The code is empty.' };
  if (CONTROL.test(code)) return { kind: 'invalid', reason: 'The code holds control characters: check the scanner’s settings (it should send the code and Enter only).' };
  if (code.length > MAX_CODE_LENGTH) return { kind: 'invalid', reason: `The code is ${code.length} characters long; a tag, serial number or location label has at most ${MAX_CODE_LENGTH}.` };
  if (code.toUpperCase().startsWith(LOCATION_LABEL_PREFIX)) {
    const id = code.slice(LOCATION_LABEL_PREFIX.length).trim();
    if (!UUID.test(id)) return { kind: 'invalid', reason: `“${code}” looks like a location label but names no location.` };
    const hex = id.replace(/-/g, '').toLowerCase();
    return { kind: 'location', locationId: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}` };
  }
  return { kind: 'asset', code, key: codeKey(code) };
}
