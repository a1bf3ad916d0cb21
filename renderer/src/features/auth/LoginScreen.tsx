/** The sign-in screen shown when nobody is signed in. */
import { Center, Paper, Stack, Text, Title } from '@mantine/core';
import type { SessionInfo } from '@fielddesk/common/ipc/contract';
import type { LastSession } from '../../app/lastSession';
import { LoginForm } from './LoginForm';
import { useAppInfo } from './useAppInfo';

export interface LoginScreenProps {
  notice: string | null;
  onSignedIn(session: SessionInfo): void;
  onContinueOffline(last: LastSession): void;
}

export function LoginScreen({ notice, onSignedIn, onContinueOffline }: LoginScreenProps) {
  const appInfo = useAppInfo();
  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" radius="md" w="100%" maw={420}>
        <Stack gap="lg">
          <div>
            <Title order={1} size="h2">
              FieldDesk
            </Title>
            <Text c="dimmed" size="sm">
              Sign in to your service desk.
            </Text>
          </div>
          <LoginForm notice={notice} onSignedIn={onSignedIn} onContinueOffline={onContinueOffline} />
          {appInfo.data && (
            <Text c="dimmed" size="xs" ta="center">
              FieldDesk {appInfo.data.version} · {appInfo.data.platform === 'desktop' ? 'desktop app' : 'web app'}
            </Text>
          )}
        </Stack>
      </Paper>
    </Center>
  );
}
