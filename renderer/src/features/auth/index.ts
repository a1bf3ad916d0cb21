/** Signing in and out: the login screen (before any workspace), sign out, and signing in again when a session expires. */
import type { Feature } from '../../shared/feature';

export const feature: Feature = { name: 'auth' };

export { LoginScreen } from './LoginScreen';
export { ReauthModal } from './ReauthModal';
export { SignOutButton } from './SignOutButton';
