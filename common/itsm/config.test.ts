import { describe, expect, it } from 'vitest';
import { ItsmConfigSchema, priorityFor, slaPolicyFor } from './config';
import { DEFAULT_ITSM_CONFIG } from './defaults';
import { describeZodError } from '../sync/protocol';

describe('ITSM configuration', () => {
  it('the default configuration is valid', () => {
    expect(ItsmConfigSchema.safeParse(DEFAULT_ITSM_CONFIG).success).toBe(true);
  });

  it.each([
    [1, 1, 1],
    [1, 3, 3],
    [2, 2, 3],
    [3, 1, 3],
    [3, 3, 5],
  ] as const)('impact %i x urgency %i gives priority %i', (impact, urgency, priority) => {
    expect(priorityFor(DEFAULT_ITSM_CONFIG.priorityMatrix, impact, urgency)).toBe(priority);
  });

  it('finds the SLA policy and calendar of a priority', () => {
    const found = slaPolicyFor(DEFAULT_ITSM_CONFIG, 1);
    expect(found?.policy.name).toBe('P1 Critical');
    expect(found?.calendar.id).toBe('24x7');
    expect(slaPolicyFor({ ...DEFAULT_ITSM_CONFIG, slaPolicies: [] }, 1)).toBeNull();
  });

  it('says what is wrong with a bad configuration', () => {
    const bad = {
      ...DEFAULT_ITSM_CONFIG,
      slaPolicies: [...DEFAULT_ITSM_CONFIG.slaPolicies, { ...DEFAULT_ITSM_CONFIG.slaPolicies[0]!, calendarId: 'nowhere' }],
      calendars: [{ ...DEFAULT_ITSM_CONFIG.calendars[0]!, timeZone: 'Mars/Olympus' }],
    };
    const result = ItsmConfigSchema.safeParse(bad);
    expect(result.success).toBe(false);
    const text = describeZodError(result.error!);
    expect(text).toContain('calendars[0].timeZone: must be an IANA time zone');
    expect(text).toContain('no calendar has the id "nowhere"');
    expect(text).toContain('each priority may have one SLA policy only');
  });

  it('refuses working hours that end before they start, and a response target above the resolution target', () => {
    const result = ItsmConfigSchema.safeParse({
      ...DEFAULT_ITSM_CONFIG,
      calendars: [{ ...DEFAULT_ITSM_CONFIG.calendars[1]!, hours: [{ day: 1, start: '18:00', end: '08:00' }] }],
      slaPolicies: [{ ...DEFAULT_ITSM_CONFIG.slaPolicies[1]!, responseMinutes: 600, resolutionMinutes: 60 }],
    });
    const text = describeZodError(result.error!);
    expect(text).toContain('working hours must end after they start');
    expect(text).toContain('the response target cannot be longer than the resolution target');
  });
});
