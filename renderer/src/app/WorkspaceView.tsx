/**
 * A signed-in user's workspace: opens their replica, starts the sync engine, mounts what the
 * features run from the start, and routes between the features' screens (app/features.ts).
 * Remounted (by key) when the user or server changes.
 */
import { useEffect, useMemo } from 'react';
import { Route, Routes } from 'react-router';
import { usePlatform } from './platformContext';
import { WorkspaceContext, type Workspace } from './workspaceContext';
import type { ActiveSession } from './sessionStore';
import { Shell } from './Shell';
import { openWorkspaceDb } from '../data/db';
import { setMeta } from '../data/meta';
import { createWorkspace } from './createWorkspace';
import { BACKGROUND, ROUTES } from './features';
import { ScreenFrame } from './ScreenFrame';
import { canHaveServiceWorker, useScreenWarmUp } from './warmScreens';

const SCREENS = ROUTES.map((r) => r.screen);

export function WorkspaceView({ session }: { session: ActiveSession }) {
  const platform = usePlatform();
  const { user, serverUrl } = session;

  const workspace = useMemo<Workspace>(() => {
    return createWorkspace({ db: openWorkspaceDb(serverUrl, user.id), platform, user, serverUrl });
  }, [platform, serverUrl, user]);

  useEffect(() => {
    const { db, engine } = workspace;
    void db.transaction('rw', db.meta, async () => {
      await setMeta(db, 'serverUrl', serverUrl);
      await setMeta(db, 'sessionUser', { id: user.id, username: user.username, displayName: user.displayName });
    });
    engine.start();
    return () => engine.stop();
  }, [workspace, serverUrl, user]);

  useScreenWarmUp(SCREENS, platform.kind === 'web' && !canHaveServiceWorker() && import.meta.env.MODE !== 'test');

  return (
    <WorkspaceContext.Provider value={workspace}>
      {BACKGROUND.map(({ name, Component }) => (
        <Component key={name} />
      ))}
      <Shell>
        <ScreenFrame>
          <Routes>
            {ROUTES.map(({ path, screen: Screen }) => (
              <Route key={path} path={path} element={<Screen />} />
            ))}
          </Routes>
        </ScreenFrame>
      </Shell>
    </WorkspaceContext.Provider>
  );
}
