/**
 * Around the workspace's routes: while a screen's code loads (the first time it is opened),
 * a small loader where the screen will be — the header and the navbar stay as they are; when
 * it cannot be loaded (the web app offline before its service worker cached the build, or a
 * newer build on the server), a plain message with a reload. Other errors pass through.
 */
import { Component, Suspense, type ErrorInfo, type ReactNode } from 'react';
import { Alert, Button, Center, Loader, Stack, Text } from '@mantine/core';
import { IconCloudOff } from '@tabler/icons-react';
import { useLocation } from 'react-router';
import { ScreenLoadError } from '../shared/feature';

/** What shows while a screen's code is on its way (also the fallback of a nested lazy part). */
export function ScreenLoading() {
  return (
    <Center mih={160} data-testid="screen-loading">
      <Loader size="sm" aria-label="Loading" />
    </Center>
  );
}

interface BoundaryProps {
  /** The location: a failed screen is tried again after navigating elsewhere. */
  at: string;
  children: ReactNode;
}

interface BoundaryState {
  error: unknown;
  at: string;
}

class ScreenLoadBoundary extends Component<BoundaryProps, BoundaryState> {
  override state: BoundaryState = { error: null, at: this.props.at };

  static getDerivedStateFromError(error: unknown): Partial<BoundaryState> {
    return { error };
  }

  static getDerivedStateFromProps(props: BoundaryProps, state: BoundaryState): Partial<BoundaryState> | null {
    return props.at === state.at ? null : { error: null, at: props.at };
  }

  override componentDidCatch(error: unknown, _info: ErrorInfo) {
    if (error instanceof ScreenLoadError) console.warn('FieldDesk:', error.message);
  }

  override render() {
    const { error } = this.state;
    if (error === null) return this.props.children;
    // Only a screen that failed to load is this boundary's business; anything else goes on up.
    if (!(error instanceof ScreenLoadError)) throw error;
    return (
      <Stack maw={560} data-testid="screen-load-error">
        <Alert color="yellow" icon={<IconCloudOff size={18} />} title="This screen could not be loaded">
          <Text size="sm">It has not been opened on this device yet and the FieldDesk server cannot be reached, or the server has a newer version of the app.</Text>
        </Alert>
        <Button variant="default" w="fit-content" onClick={() => window.location.reload()}>
          Reload FieldDesk
        </Button>
      </Stack>
    );
  }
}

export function ScreenFrame({ children }: { children: ReactNode }) {
  const { pathname } = useLocation();
  return (
    <ScreenLoadBoundary at={pathname}>
      <Suspense fallback={<ScreenLoading />}>{children}</Suspense>
    </ScreenLoadBoundary>
  );
}
