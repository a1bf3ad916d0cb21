/** Renders a screen inside a signed-in workspace (Mantine, react-query, router, a replica). */
import type { ReactElement } from 'react';
import { render } from '@testing-library/react';
import { MantineProvider } from '@mantine/core';
import { QueryClientProvider } from '@tanstack/react-query';
import { MemoryRouter, Route, Routes } from 'react-router';
import { ApiError, type Platform } from '@fielddesk/common/ipc/contract';
import { createQueryClient } from '../src/app/App';
import { PlatformProvider } from '../src/app/platformContext';
import { WorkspaceContext, type Workspace } from '../src/app/workspaceContext';
import type { FieldDeskDb } from '../src/data/db';
import { createWorkspace } from '../src/app/createWorkspace';
import { FakeServer } from './fakeServer';
import { tech } from './fixtures';

export const sessionUser = { id: tech.id, username: tech.username, displayName: tech.displayName, role: tech.role, siteId: tech.siteId, groupIds: tech.groupIds };

/** A web platform over the fake server; `overrides` replaces methods (e.g. scanInventory in device tests). */
export function fakePlatform(server = new FakeServer(sessionUser), overrides: Partial<Platform> = {}): Platform {
  return {
    kind: 'web',
    getAppInfo: async () => ({ version: 'test', platform: 'web', os: 'test', serverUrl: 'http://fake.test' }),
    getSession: () => server.getSession(),
    login: async () => ({ user: sessionUser, serverUrl: 'http://fake.test', expiresAt: '2099-01-01T00:00:00.000Z' }),
    logout: async () => {},
    checkConnectivity: async () => ({ online: true, reason: null, checkedAt: new Date().toISOString() }),
    push: (r) => server.push(r),
    pull: (q) => server.pull(q),
    saveAttachment: (i) => server.saveAttachment(i),
    attachmentUrl: (sha) => server.attachmentUrl(sha),
    getUploadQueue: () => server.getUploadQueue(),
    scanInventory: () => Promise.reject(new ApiError('unavailable', 'The fake platform cannot scan a device; pass scanInventory in overrides.')),
    listSoftware: async () => ({ software: [], total: 0, inventoriedAssets: 0 }),
    onEvent: (l) => server.onEvent(l),
    ...overrides,
  };
}

export function renderInWorkspace(
  ui: ReactElement,
  {
    db,
    path = '/',
    route = '/',
    server = new FakeServer(sessionUser),
    platform: overrides = {},
    engine = {},
  }: {
    db: FieldDeskDb;
    path?: string;
    route?: string;
    server?: FakeServer;
    /** Replaces platform methods (and `kind`). */
    platform?: Partial<Platform>;
    /** Sync engine options. By default a screen's change is never pushed by itself (tests read the outbox). */
    engine?: NonNullable<Parameters<typeof createWorkspace>[0]['engine']>;
  },
) {
  const platform = fakePlatform(server, overrides);
  // No periodic sync, and requestSync's push an hour away: what a screen writes stays in the outbox
  // for the test to read, however slow the machine (a test that wants a push calls engine.syncNow).
  const workspace: Workspace = createWorkspace({ db, platform, user: sessionUser, serverUrl: 'http://fake.test', engine: { periodicMs: 0, debounceMs: 3_600_000, ...engine } });
  const result = render(
    <MantineProvider>
      <QueryClientProvider client={createQueryClient()}>
        <PlatformProvider platform={platform}>
          <WorkspaceContext.Provider value={workspace}>
            <MemoryRouter initialEntries={[route]}>
              <Routes>
                <Route path={path} element={ui} />
                <Route path="*" element={<div data-testid="elsewhere" />} />
              </Routes>
            </MemoryRouter>
          </WorkspaceContext.Provider>
        </PlatformProvider>
      </QueryClientProvider>
    </MantineProvider>,
  );
  return { ...result, workspace, server };
}
