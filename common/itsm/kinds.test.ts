import { describe, expect, it } from 'vitest';
import { checkKindFields, checkKnownError, checkProblemLink } from './kinds';

describe('checkKindFields', () => {
  it('keeps problem fields to problems', () => {
    expect(checkKindFields('problem', { rootCause: 'x', workaround: 'y', knownError: true })).toEqual({ ok: true });
    expect(checkKindFields('incident', { rootCause: 'x' })).toEqual({ ok: false, reason: 'Only problems have a root cause; this ticket is an incident.' });
    expect(checkKindFields('service_request', { knownError: true })).toMatchObject({ ok: false, reason: expect.stringContaining('known-error flag') });
  });
  it('allows clearing a field on any kind', () => {
    expect(checkKindFields('incident', { rootCause: null, workaround: null, knownError: false, catalogItemId: null })).toEqual({ ok: true });
  });
  it('keeps catalog items to service requests and problem links to incidents', () => {
    expect(checkKindFields('incident', { catalogItemId: 'laptop' })).toMatchObject({ ok: false, reason: expect.stringContaining('Only service requests') });
    expect(checkKindFields('service_request', { catalogItemId: 'laptop' })).toEqual({ ok: true });
    expect(checkKindFields('problem', { problemId: 'p' })).toMatchObject({ ok: false, reason: expect.stringContaining('Only incidents') });
    expect(checkKindFields('incident', { problemId: 'p' })).toEqual({ ok: true });
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
  it('needs a problem other than the ticket itself', () => {
    expect(checkProblemLink('a', { id: 'a', kind: 'problem', number: 'PRB-0001' })).toMatchObject({ ok: false });
    expect(checkProblemLink('a', { id: 'b', kind: 'incident', number: 'INC-0002' })).toEqual({
      ok: false,
      reason: 'INC-0002 is an incident, not a problem; link the incident to a problem.',
    });
    expect(checkProblemLink('a', { id: 'b', kind: 'problem', number: 'PRB-0001' })).toEqual({ ok: true });
  });
});
