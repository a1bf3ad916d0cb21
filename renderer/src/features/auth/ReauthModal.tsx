/**
 * Signing in again after the session expired, without leaving the workspace: the same
 * user (username and server fixed) signs in, and the engine resumes and pushes their
 * pending changes as them. Should the server answer with another account anyway, the app
 * switches to that account's own replica rather than push these changes as someone else.
 */
import { Modal, Text } from '@mantine/core';
import { useSessionStore } from '../../app/sessionStore';
import { useWorkspace } from '../../app/workspaceContext';
import { writeLastSession } from '../../app/lastSession';
import { LoginForm } from './LoginForm';

export function ReauthModal({ opened, onClose }: { opened: boolean; onClose(): void }) {
  const { user, engine, serverUrl } = useWorkspace();
  const signIn = useSessionStore((s) => s.signIn);
  return (
    <Modal opened={opened} onClose={onClose} title="Sign in to sync" centered>
      <Text size="sm" mb="md">
        Your changes are safe on this device. Sign in as {user.displayName} to send them.
      </Text>
      <LoginForm
        fixedUsername={user.username}
        fixedServerUrl={serverUrl}
        onSignedIn={(session) => {
          writeLastSession(session.serverUrl, session.user);
          onClose();
          if (session.user.id === user.id) void engine.resume();
          else signIn({ user: session.user, serverUrl: session.serverUrl, startedOffline: false });
        }}
      />
    </Modal>
  );
}
