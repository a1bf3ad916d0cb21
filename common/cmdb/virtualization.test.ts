import { describe, expect, it } from 'vitest';
import { guestUuidForms, reportedGuestUuids } from './virtualization';

describe('guestUuidForms', () => {
  it.each([
    ['a VMware guest, both byte orders', '564D9A5B-1C2D-3E4F-8A9B-0C1D2E3F4A5B', ['564d9a5b-1c2d-3e4f-8a9b-0c1d2e3f4a5b', '5b9a4d56-2d1c-4f3e-8a9b-0c1d2e3f4a5b']],
    ['braces and spaces', ' {564d9a5b-1c2d-3e4f-8a9b-0c1d2e3f4a5b} ', ['564d9a5b-1c2d-3e4f-8a9b-0c1d2e3f4a5b', '5b9a4d56-2d1c-4f3e-8a9b-0c1d2e3f4a5b']],
    ['a container id stays as it is', '5506c9cf948e', ['5506c9cf948e']],
    ['a palindrome has one form', '00000000-0000-0000-0000-000000000001', ['00000000-0000-0000-0000-000000000001']],
    ['junk has none', 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF', []],
    ['absent has none', null, []],
  ])('%s', (_, raw, forms) => {
    expect(guestUuidForms(raw)).toEqual(forms);
  });
});

describe('reportedGuestUuids', () => {
  it('is null without a guest section, and every form of every guest with one', () => {
    expect(reportedGuestUuids({})).toBeNull();
    expect(reportedGuestUuids({ virtualMachines: [] })).toEqual([]);
    const guests = [
      { name: 'web01', uuid: '564D9A5B-1C2D-3E4F-8A9B-0C1D2E3F4A5B', vmtype: 'vmware', status: 'running' },
      { name: 'no uuid', uuid: null, vmtype: 'virtualbox', status: 'off' },
    ];
    expect(reportedGuestUuids({ virtualMachines: guests })).toEqual(['564d9a5b-1c2d-3e4f-8a9b-0c1d2e3f4a5b', '5b9a4d56-2d1c-4f3e-8a9b-0c1d2e3f4a5b']);
  });
});
