/** Decides between starting up, the sign-in screen, and the signed-in workspace. */
import { useEffect } from 'react';
import { Center, Loader, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { SessionInfo } from '@fielddesk/common/ipc/contract';
import { usePlatform } from './platformContext';
import { bootstrap } from './bootstrap';
import { writeLastSession, type LastSession } from './lastSession';
import { useSessionStore } from './sessionStore';
import { WorkspaceView } from './WorkspaceView';
import { LoginScreen } from '../features/auth';

export function SessionGate() {
  const platform = usePlatform();
  const { state, signIn, signOut } = useSessionStore();
  const boot = useQuery({ queryKey: ['bootstrap'], queryFn: () => bootstrap(platform), staleTime: Infinity, retry: false, gcTime: Infinity });

  useEffect(() => {
    if (state.phase !== 'starting' || !boot.data) return;
    if (boot.data.kind === 'signed-in') {
      if (!boot.data.session.startedOffline) writeLastSession(boot.data.session.serverUrl, boot.data.session.user);
      signIn(boot.data.session);
    } else signOut(boot.data.notice);
  }, [boot.data, state.phase, signIn, signOut]);

  useEffect(() => {
    if (state.phase === 'starting' && boot.error) signOut(boot.error instanceof Error ? boot.error.message : String(boot.error));
  }, [boot.error, state.phase, signOut]);

  if (state.phase === 'starting') {
    return (
      <Center mih="100vh">
        <Stack align="center" gap="xs">
          <Loader />
          <Text c="dimmed" size="sm">
            Starting FieldDesk…
          </Text>
        </Stack>
      </Center>
    );
  }

  if (state.phase === 'signed-out') {
    const onSignedIn = (session: SessionInfo) => {
      writeLastSession(session.serverUrl, session.user);
      signIn({ user: session.user, serverUrl: session.serverUrl, startedOffline: false });
    };
    const onContinueOffline = (last: LastSession) => signIn({ user: last.user, serverUrl: last.serverUrl, startedOffline: true });
    return <LoginScreen notice={state.notice} onSignedIn={onSignedIn} onContinueOffline={onContinueOffline} />;
  }

  const { session } = state;
  return <WorkspaceView key={`${session.serverUrl}|${session.user.id}`} session={session} />;
}
