import { describe, expect, it } from 'vitest';
import { DEFAULT_ITSM_CONFIG } from './defaults';
import { checkCatalogItem, checkKindFields, checkKnownError, checkProblemLink } from './kinds';

describe('checkKindFields', () => {
  it('keeps problem fields to problems', () => {
    expect(checkKindFields('problem', { rootCause: 'x', workaround: 'y', knownError: true })).toEqual({ ok: true });
    expect(checkKindFields('incident', { rootCause: 'x' })).toEqual({ ok: false, reason: 'Root cause, workaround and known error belong to problems, not to this ticket.' });
    expect(checkKindFields('service_request', { knownError: true })).toMatchObject({ ok: false });
  });
  it('allows clearing a field on any kind', () => {
    expect(checkKindFields('incident', { rootCause: null, workaround: null, knownError: false, catalogItemId: null })).toEqual({ ok: true });
  });
  it('keeps catalog items to service requests and problem links to incidents', () => {
    expect(checkKindFields('incident', { catalogItemId: 'laptop' })).toEqual({ ok: false, reason: 'Only service requests have a catalog item.' });
    expect(checkKindFields('service_request', { catalogItemId: 'laptop' })).toEqual({ ok: true });
    expect(checkKindFields('problem', { problemId: 'p' })).toEqual({ ok: false, reason: 'Only incidents can be linked to a problem.' });
    expect(checkKindFields('incident', { problemId: 'p' })).toEqual({ ok: true });
  });
});

describe('checkCatalogItem', () => {
  it('accepts the configured items only', () => {
    const item = DEFAULT_ITSM_CONFIG.catalog[0]?.id ?? null;
    expect(checkCatalogItem(DEFAULT_ITSM_CONFIG, item)).toEqual({ ok: true });
    expect(checkCatalogItem(DEFAULT_ITSM_CONFIG, null)).toEqual({ ok: true });
    expect(checkCatalogItem(DEFAULT_ITSM_CONFIG, 'no-such-item')).toEqual({ ok: false, reason: 'The catalog item is not in the service catalog.' });
  });
});

describe('checkKnownError', () => {
  it('needs a workaround', () => {
    expect(checkKnownError({ knownError: true, workaround: '  ' })).toMatchObject({ ok: false, reason: expect.stringContaining('needs a workaround') });
    expect(checkKnownError({ knownError: true, workaround: 'Restart the spooler' })).toEqual({ ok: true });
    expect(checkKnownError({ knownError: false, workaround: null })).toEqual({ ok: true });
  });
});

describe('checkProblemLink', () => {
  it('needs a problem', () => {
    expect(checkProblemLink({ kind: 'incident', number: 'INC-0002' })).toEqual({ ok: false, reason: 'INC-0002 is not a problem.' });
    expect(checkProblemLink({ kind: 'problem', number: 'PRB-0001' })).toEqual({ ok: true });
  });
});
