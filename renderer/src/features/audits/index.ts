/**
 * Audits (issue 14), offline: the list of audits and the assets due for one (`/audits`), the
 * audit run (`/audits/:id`: location first, keyboard-wedge scanner, camera or typing, each scan's
 * verdict large with its sound), review and close (`/audits/:id/close`: decisions, signature),
 * the report with its PDF and CSV (`/audits/:id/report`), and the Locations screen
 * (`/locations`), where location labels are printed. The parts: scan/ (wedge scanner, verdict,
 * sounds), camera/, run/ (the pure scan flow), close/, report/, locations/.
 */
import { IconClipboardCheck } from '@tabler/icons-react';
import { lazyScreen, type Feature } from '../../shared/feature';

const LocationLabelsScreen = lazyScreen('locations', () => import('./locations/LocationLabelsScreen'), (m) => m.LocationLabelsScreen);
const AuditsScreen = lazyScreen('audits', () => import('./AuditsScreen'), (m) => m.AuditsScreen);
const AuditRunScreen = lazyScreen('audit', () => import('./run/AuditRunScreen'), (m) => m.AuditRunScreen);
const AuditCloseScreen = lazyScreen('audit-close', () => import('./close/AuditCloseScreen'), (m) => m.AuditCloseScreen);
const AuditReportScreen = lazyScreen('audit-report', () => import('./report/AuditReportScreen'), (m) => m.AuditReportScreen);

export const feature: Feature = {
  name: 'audits',
  routes: [
    { path: '/audits', screen: AuditsScreen },
    { path: '/audits/:id', screen: AuditRunScreen },
    { path: '/audits/:id/close', screen: AuditCloseScreen },
    { path: '/audits/:id/report', screen: AuditReportScreen },
    { path: '/locations', screen: LocationLabelsScreen },
  ],
  nav: {
    to: '/audits',
    label: 'Audits',
    icon: IconClipboardCheck,
    order: 63,
    description: 'Audit a site’s assets by scanning them, offline; the assets due for an audit; location labels',
    also: ['/locations'],
  },
};
