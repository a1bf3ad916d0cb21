/**
 * This device (`/device`): scan, match, differences, register, history. From the start, the
 * daily background scan (desktop app only). On the web too: the screen explains that scanning
 * needs the desktop app.
 */
import { IconDeviceDesktop } from '@tabler/icons-react';
import { lazyScreen, type Feature } from '../../shared/feature';
import { useDailyScan } from './useDailyScan';

const DeviceScreen = lazyScreen('device', () => import('./DeviceScreen'), (m) => m.DeviceScreen);

/** Scans this device in the background once a day (desktop app only). */
function DailyScan() {
  useDailyScan();
  return null;
}

export const feature: Feature = {
  name: 'device',
  routes: [{ path: '/device', screen: DeviceScreen }],
  nav: { to: '/device', label: 'This device', icon: IconDeviceDesktop, order: 50 },
  background: DailyScan,
};
