import { describe, expect, it } from 'vitest';
import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { SoftwareListResponse } from '@fielddesk/common/api/http';
import { ApiError, type SoftwareQuery } from '@fielddesk/common/ipc/contract';
import { SoftwareScreen } from './SoftwareScreen';
import { freshDb, seed } from '../../../test/fixtures';
import { renderInWorkspace } from '../../../test/render';

configure({ asyncUtilTimeout: 10_000 });

const TITLES: SoftwareListResponse['software'] = [
  { name: 'firefox-esr', publisher: 'Debian Mozilla Team', installs: 41, versions: [{ version: '128.5.0esr-1', installs: 30 }, { version: '115.9.0esr-1', installs: 11 }] },
  { name: 'git', publisher: 'Gerrit Pape', installs: 12, versions: [{ version: '1:2.39.5-0+deb12u1', installs: 12 }] },
  { name: '<img src=x onerror=alert(1)>', publisher: null, installs: 1, versions: [{ version: null, installs: 1 }] },
];

describe('SoftwareScreen', () => {
  it('lists titles with installs and versions, searches on the server, and pages', async () => {
    const db = freshDb('software');
    await seed(db, []);
    const queries: SoftwareQuery[] = [];
    const listSoftware = async (q: SoftwareQuery): Promise<SoftwareListResponse> => {
      queries.push(q);
      const matching = TITLES.filter((t) => !q.q || t.name.includes(q.q));
      return { software: matching.slice(q.offset ?? 0, (q.offset ?? 0) + (q.limit ?? 50)), total: q.q ? matching.length : 120, inventoriedAssets: 57 };
    };
    renderInWorkspace(<SoftwareScreen />, { db, path: '/software', route: '/software', platform: { listSoftware } });

    await waitFor(() => expect(screen.getAllByTestId('software-title')).toHaveLength(3));
    expect(screen.getByTestId('software-scope').textContent).toBe('120 titles across 57 inventoried assets you can see.');
    const firefox = screen.getAllByTestId('software-title')[0]!;
    expect(within(firefox).getByTestId('software-title-installs').textContent).toBe('41');
    expect(within(firefox).getAllByTestId('software-version').map((b) => b.textContent)).toEqual(['128.5.0esr-1 × 30', '115.9.0esr-1 × 11']);
    // Names from devices are text, never markup.
    expect(screen.getByText('<img src=x onerror=alert(1)>')).toBeTruthy();
    expect(document.querySelector('img[src="x"]')).toBeNull();
    expect(queries[0]).toEqual({ q: undefined, limit: 50, offset: 0 });

    await userEvent.click(screen.getByRole('button', { name: '2' }));
    await waitFor(() => expect(queries.at(-1)).toEqual({ q: undefined, limit: 50, offset: 50 }));

    await userEvent.type(screen.getByLabelText('Search software'), 'git');
    await waitFor(() => expect(queries.at(-1)).toEqual({ q: 'git', limit: 50, offset: 0 }));
    await waitFor(() => expect(screen.getAllByTestId('software-title-name').map((n) => n.textContent)).toEqual(['git']));
  });

  it('explains that it needs the server when offline, and tries again', async () => {
    const db = freshDb('software');
    await seed(db, []);
    let offline = true;
    const listSoftware = async (): Promise<SoftwareListResponse> => {
      if (offline) throw new ApiError('offline', 'The FieldDesk server cannot be reached.');
      return { software: TITLES.slice(0, 1), total: 1, inventoriedAssets: 1 };
    };
    renderInWorkspace(<SoftwareScreen />, { db, path: '/software', route: '/software', platform: { listSoftware } });
    const box = await screen.findByTestId('software-offline');
    expect(box.textContent).toContain('Software needs the server');
    offline = false;
    await userEvent.click(within(box).getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(screen.getAllByTestId('software-title')).toHaveLength(1));
    expect(screen.queryByTestId('software-offline')).toBeNull();
  });
});
