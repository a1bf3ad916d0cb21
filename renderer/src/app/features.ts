/**
 * Every feature of the workspace, each through its index.ts. The routes, the navbar and what
 * runs from the start are built from this list (WorkspaceView.tsx, Shell.tsx); a new screen is
 * a route in its feature's index, not an edit here.
 */
import type { Feature, NavEntry } from '../shared/feature';
import { feature as assets } from '../features/assets';
import { feature as audits } from '../features/audits';
import { feature as auth } from '../features/auth';
import { feature as cmdb } from '../features/cmdb';
import { feature as conflicts } from '../features/conflicts';
import { feature as contracts } from '../features/contracts';
import { feature as consumables } from '../features/consumables';
import { feature as create } from '../features/create';
import { feature as dashboard } from '../features/dashboard';
import { feature as device } from '../features/device';
import { feature as knowledge } from '../features/knowledge';
import { feature as licences } from '../features/licences';
import { feature as changes } from '../features/changes';
import { feature as people } from '../features/people';
import { feature as purchaseOrders } from '../features/purchase-orders';
import { feature as queue } from '../features/queue';
import { feature as search } from '../features/search';
import { feature as software } from '../features/software';
import { feature as sync } from '../features/sync';
import { feature as tasks } from '../features/tasks';
import { feature as ticket } from '../features/ticket';

export const FEATURES: readonly Feature[] = [queue, dashboard, ticket, create, tasks, knowledge, changes, assets, purchaseOrders, consumables, audits, cmdb, people, device, software, licences, contracts, conflicts, search, sync, auth];

export const ROUTES = FEATURES.flatMap((f) => f.routes ?? []);

export const NAV: readonly NavEntry[] = FEATURES.flatMap((f) => (f.nav ? [f.nav] : [])).sort((a, b) => a.order - b.order);

export const BACKGROUND = FEATURES.flatMap((f) => (f.background ? [{ name: f.name, Component: f.background }] : []));
