import { describe, expect, it } from 'vitest';
import { formatTicketNumber, provisionalNumber } from './numbering';

describe('ticket numbers', () => {
  it('formats server numbers with the kind prefix', () => {
    expect(formatTicketNumber('incident', 42)).toBe('INC-0042');
    expect(formatTicketNumber('service_request', 12345)).toBe('REQ-12345');
  });
  it('gives a provisional number that cannot be mistaken for a server one', () => {
    const n = provisionalNumber('incident', '0190a4b2-1c2d-7e3f-8a4b-5c6d7e8f9a0b');
    expect(n).toBe('INC-new-8f9a0b');
    expect(n).not.toMatch(/^INC-\d+$/);
  });
});
