/**
 * The sign-in form: server address (desktop only), username, password. Says plainly what
 * went wrong; when the server cannot be reached and this user was signed in here before,
 * offers to continue offline with the data already on this device.
 */
import { useState, type FormEvent } from 'react';
import { Alert, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertCircle, IconCloudOff } from '@tabler/icons-react';
import { isApiError, LoginInputSchema, type LoginInput, type SessionInfo } from '@fielddesk/common/ipc/contract';
import { describeZodError } from '@fielddesk/common/sync/protocol';
import { usePlatform } from '../../app/platformContext';
import { lastSessionFor, type LastSession } from '../../app/lastSession';
import { useAppInfo } from './useAppInfo';

export interface LoginFormProps {
  /** Signing in again as a known user (session expired): the username is fixed. */
  fixedUsername?: string;
  /** Signing in again to the workspace's server (desktop): the address is fixed. */
  fixedServerUrl?: string;
  notice?: string | null;
  onSignedIn(session: SessionInfo): void;
  onContinueOffline?(last: LastSession): void;
}

interface Failure {
  title: string;
  detail: string | null;
  offline: LastSession | null;
}

export function LoginForm({ fixedUsername, fixedServerUrl, notice, onSignedIn, onContinueOffline }: LoginFormProps) {
  const platform = usePlatform();
  const appInfo = useAppInfo();
  const desktop = platform.kind === 'desktop';
  const [serverUrl, setServerUrl] = useState<string | null>(null);
  const [username, setUsername] = useState(fixedUsername ?? '');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);

  // Prefilled from the desktop app's configured server until the user types their own.
  const serverValue = fixedServerUrl ?? serverUrl ?? appInfo.data?.serverUrl ?? '';
  const target = desktop ? serverValue.trim() : (appInfo.data?.serverUrl ?? window.location.origin);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    const input: LoginInput = { username: username.trim(), password };
    if (desktop) input.serverUrl = serverValue.trim();
    const check = LoginInputSchema.safeParse(input);
    if (!check.success) {
      // The contract's messages name the field ("server address must start with http://…").
      const first = check.error.issues[0];
      const title = first ? sentence(first.message) : describeZodError(check.error);
      setFailure({ title, detail: null, offline: null });
      return;
    }
    setBusy(true);
    try {
      const session = await platform.login(check.data);
      onSignedIn(session);
    } catch (e) {
      setFailure(describeFailure(e, target, username));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {notice && !failure && (
          <Alert color="yellow" icon={<IconAlertCircle size={18} />} data-testid="login-notice">
            {notice}
          </Alert>
        )}
        {desktop && (
          <TextInput
            label="Server address"
            description="The FieldDesk server of your organisation, e.g. https://fielddesk.example.org"
            placeholder="https://fielddesk.example.org"
            value={serverValue}
            onChange={(e) => setServerUrl(e.currentTarget.value)}
            readOnly={fixedServerUrl !== undefined}
            autoComplete="url"
            />
        )}
        <TextInput
          label="Username"
          value={username}
          onChange={(e) => setUsername(e.currentTarget.value)}
          autoComplete="username"
          readOnly={fixedUsername !== undefined}
          data-autofocus={fixedUsername === undefined ? true : undefined}
        />
        <PasswordInput
          label="Password"
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          autoComplete="current-password"
          data-autofocus={fixedUsername !== undefined ? true : undefined}
        />
        {failure && (
          <Alert color={failure.offline ? 'yellow' : 'red'} icon={failure.offline ? <IconCloudOff size={18} /> : <IconAlertCircle size={18} />} data-testid="login-error">
            <Text fw={600} size="sm">
              {failure.title}
            </Text>
            {failure.detail && (
              <Text size="sm" mt={4}>
                {failure.detail}
              </Text>
            )}
            {failure.offline && onContinueOffline && (
              <Button mt="sm" variant="light" color="yellow" onClick={() => onContinueOffline(failure.offline!)}>
                Continue offline as {failure.offline.user.displayName}
              </Button>
            )}
          </Alert>
        )}
        <Button type="submit" loading={busy} fullWidth mt="xs">
          Sign in
        </Button>
      </Stack>
    </form>
  );
}

function describeFailure(e: unknown, target: string, username: string): Failure {
  if (isApiError(e)) {
    switch (e.code) {
      case 'offline': {
        // Main says "Could not reach the FieldDesk server at <url>: <reason>."; show the reason once.
        const prefix = `Could not reach the FieldDesk server at ${target}: `;
        const reason = target && e.message.startsWith(prefix) ? e.message.slice(prefix.length).replace(/\.$/, '') : null;
        const title = `Could not reach the FieldDesk server at ${target || 'the given address'}${reason ? ` (${reason})` : ''}.`;
        const last = target ? lastSessionFor(target, username) : null;
        const detail = [reason === null && e.message !== title ? e.message : null, last ? 'You were signed in on this device before, so you can keep working offline; your changes are sent when the server is back.' : 'Check the address and your network connection.']
          .filter(Boolean)
          .join(' ');
        return { title, detail, offline: last };
      }
      case 'not_configured':
        return { title: 'Enter the address of your FieldDesk server.', detail: e.message, offline: null };
      case 'unauthorized':
      case 'forbidden':
      case 'rate_limited':
      case 'invalid':
        return { title: e.message, detail: null, offline: null };
      default:
        return { title: `Sign-in failed: ${e.message}`, detail: null, offline: null };
    }
  }
  return { title: `Sign-in failed: ${e instanceof Error ? e.message : String(e)}`, detail: null, offline: null };
}

function sentence(text: string): string {
  const t = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(t) ? t : `${t}.`;
}
