/**
 * A signed-in user's workspace: opens their replica, starts the sync engine, and routes
 * between the queue and ticket screens. Remounted (by key) when the user or server changes.
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
import { QueueScreen } from '../features/queue/QueueScreen';
import { DashboardScreen } from '../features/dashboard/DashboardScreen';
import { TicketDetailScreen } from '../features/ticket/TicketDetailScreen';
import { ConflictsScreen } from '../features/conflicts/ConflictsScreen';
import { CreateScreen } from '../features/create/CreateScreen';
import { CreateHotkey } from '../features/create/CreateHotkey';
import { QueueReturnTracker } from '../features/ticket/queueReturn';
import { MyTasksScreen } from '../features/tasks/MyTasksScreen';
import { useSyncNotices } from '../features/sync/useSyncNotices';
import { KnowledgeListScreen } from '../features/knowledge/KnowledgeListScreen';
import { ArticleScreen } from '../features/knowledge/ArticleScreen';
import { ArticleCreateScreen, ArticleEditScreen } from '../features/knowledge/ArticleEditorScreen';
import { AssetScreen, ConfigurationItemScreen, PersonScreen } from '../features/search/RecordScreens';
import { DeviceScreen } from '../features/device/DeviceScreen';
import { SoftwareScreen } from '../features/software/SoftwareScreen';
import { useDailyScan } from '../features/device/useDailyScan';

function Notices() {
  useSyncNotices();
  return null;
}

/** Scans this device in the background once a day (desktop app only). */
function DailyScan() {
  useDailyScan();
  return null;
}

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

  return (
    <WorkspaceContext.Provider value={workspace}>
      <Notices />
      <DailyScan />
      <CreateHotkey />
      <QueueReturnTracker />
      <Shell>
        <Routes>
          <Route path="/" element={<QueueScreen />} />
          <Route path="/dashboard" element={<DashboardScreen />} />
          <Route path="/tickets/:id" element={<TicketDetailScreen />} />
          <Route path="/conflicts" element={<ConflictsScreen />} />
          <Route path="/new/:kind?" element={<CreateScreen />} />
          <Route path="/tasks" element={<MyTasksScreen />} />
          <Route path="/kb" element={<KnowledgeListScreen />} />
          <Route path="/kb/new" element={<ArticleCreateScreen />} />
          <Route path="/kb/:id" element={<ArticleScreen />} />
          <Route path="/kb/:id/edit" element={<ArticleEditScreen />} />
          <Route path="/assets/:id" element={<AssetScreen />} />
          <Route path="/cis/:id" element={<ConfigurationItemScreen />} />
          <Route path="/people/:id" element={<PersonScreen />} />
          <Route path="/device" element={<DeviceScreen />} />
          <Route path="/software" element={<SoftwareScreen />} />
          <Route path="*" element={<QueueScreen />} />
        </Routes>
      </Shell>
    </WorkspaceContext.Provider>
  );
}
