import { describe, expect, it } from 'vitest';
import { screen, waitFor, render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiError, type Platform } from '@fielddesk/common/ipc/contract';
import { App } from './App';
import { useSessionStore } from './sessionStore';
import { readLastSession, writeLastSession } from './lastSession';
import { fakePlatform, sessionUser } from '../../test/render';
import { FakeServer } from '../../test/fakeServer';

function offlinePlatform(overrides: Partial<Platform> = {}): Platform {
  const server = new FakeServer(sessionUser);
  server.offline = true;
  return {
    ...fakePlatform(server),
    login: async () => {
      throw new ApiError('offline', 'Could not reach the FieldDesk server at http://fake.test: connection refused.');
    },
    ...overrides,
  };
}

function start(platform: Platform) {
  useSessionStore.setState({ state: { phase: 'starting' } });
  window.location.hash = '';
  return render(<App platform={platform} />);
}

describe('App start and sign-in', () => {
  it('says plainly that the server cannot be reached when nobody was signed in here', async () => {
    start(offlinePlatform());

    await userEvent.type(await screen.findByLabelText(/Username/), 'tech1');
    await userEvent.type(screen.getByLabelText(/Password/), 'secret');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    const error = await screen.findByTestId('login-error');
    expect(error.textContent).toContain('Could not reach the FieldDesk server at http://fake.test (connection refused).');
    expect(screen.queryByRole('button', { name: /Continue offline/ })).toBeNull();
  });

  it('offers to continue offline for the user who was signed in here before', async () => {
    writeLastSession('http://fake.test', sessionUser);
    // The session had expired when the app started; then the server went away.
    let calls = 0;
    start(
      offlinePlatform({
        getSession: async () => {
          if (calls++ === 0) return null;
          throw new ApiError('offline', 'Could not reach the FieldDesk server at http://fake.test: connection refused.');
        },
      }),
    );

    await userEvent.type(await screen.findByLabelText(/Username/), 'tech1');
    await userEvent.type(screen.getByLabelText(/Password/), 'secret');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Continue offline as Alex Morgan' }));

    await waitFor(() => expect(screen.getByTestId('sync-status').textContent).toBe('Offline'));
    expect(screen.getByTestId('current-user').textContent).toBe('Alex Morgan');
  });

  it('opens the last workspace offline when the server is unreachable at start', async () => {
    writeLastSession('http://fake.test', sessionUser);
    start(offlinePlatform());

    await waitFor(() => expect(screen.getByTestId('sync-status').textContent).toBe('Offline'));
    expect(screen.getByTestId('pending-count').textContent).toBe('0');
    expect((await screen.findByTestId('sync-error')).textContent).toContain('Could not reach the FieldDesk server');
  });

  it('shows the server\'s message for a wrong password', async () => {
    start({
      ...fakePlatform(),
      getSession: async () => null,
      login: async () => {
        throw new ApiError('unauthorized', 'Wrong username or password.');
      },
    });
    await userEvent.type(await screen.findByLabelText(/Username/), 'tech1');
    await userEvent.type(screen.getByLabelText(/Password/), 'nope');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByTestId('login-error')).textContent).toBe('Wrong username or password.');
  });

  it('signs in, remembers the session for offline start, and syncs', async () => {
    start({ ...fakePlatform(), getSession: async () => null });
    await userEvent.type(await screen.findByLabelText(/Username/), 'tech1');
    await userEvent.type(screen.getByLabelText(/Password/), 'fielddesk-demo');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    await waitFor(() => expect(screen.getByTestId('sync-status').textContent).toBe('Online'));
    expect(readLastSession()?.user.id).toBe(sessionUser.id);
    expect(screen.getByRole('button', { name: 'Sync now' })).toBeTruthy();
  });
});

describe('desktop sign-in', () => {
  it('prefills the server address and names a malformed one plainly', async () => {
    start({ ...offlinePlatform(), kind: 'desktop', getSession: async () => null, getAppInfo: async () => ({ version: 't', platform: 'desktop', os: 'linux', serverUrl: 'http://10.0.0.5:8470' }) });

    const address = (await screen.findByLabelText(/Server address/)) as HTMLInputElement;
    await waitFor(() => expect(address.value).toBe('http://10.0.0.5:8470'));
    await userEvent.clear(address);
    await userEvent.type(address, 'fielddesk.local');
    await userEvent.type(screen.getByLabelText(/Username/), 'tech1');
    await userEvent.type(screen.getByLabelText(/Password/), 'secret');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByTestId('login-error')).textContent).toBe('Server address must start with http:// or https://.');

    await userEvent.clear(address);
    await userEvent.type(address, 'http://10.0.0.9:8470');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByTestId('login-error')).textContent).toContain('Could not reach the FieldDesk server at http://10.0.0.9:8470.');
  });
});
