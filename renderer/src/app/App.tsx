/** The app's providers: Mantine (theme, colour scheme from the OS), notifications, react-query, router, platform. */
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { HashRouter } from 'react-router';
import type { Platform } from '@fielddesk/common/ipc/contract';
import { PlatformProvider } from './platformContext';
import { SessionGate } from './SessionGate';
import { theme } from './theme';

export function createQueryClient(): QueryClient {
  // Offline is normal here: no automatic retries or refetch storms on reconnect.
  return new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false, networkMode: 'always' }, mutations: { networkMode: 'always' } } });
}

export function App({ platform, queryClient = createQueryClient() }: { platform: Platform; queryClient?: QueryClient }) {
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto">
      <Notifications position="bottom-right" limit={4} />
      <QueryClientProvider client={queryClient}>
        <PlatformProvider platform={platform}>
          <HashRouter>
            <SessionGate />
          </HashRouter>
        </PlatformProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
