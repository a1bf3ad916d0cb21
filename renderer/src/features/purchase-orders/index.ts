/**
 * Purchase orders (issue 13 item 4): the list (`/orders`), an order's screen (`/orders/:id`)
 * where a line is received into its assets (r on the focused line), and a new order with its
 * lines (`/orders/new`). Offline on the replica: a line received offline shows its assets at
 * once with provisional tags, numbered from the line's pattern by the server when it syncs.
 */
import { IconTruckDelivery } from '@tabler/icons-react';
import { lazyScreen, type Feature } from '../../shared/feature';

const OrdersScreen = lazyScreen('purchase orders', () => import('./OrdersScreen'), (m) => m.OrdersScreen);
const OrderScreen = lazyScreen('purchase order', () => import('./OrderScreen'), (m) => m.OrderScreen);
const NewOrderScreen = lazyScreen('new purchase order', () => import('./NewOrderScreen'), (m) => m.NewOrderScreen);

export const feature: Feature = {
  name: 'purchase-orders',
  routes: [
    { path: '/orders', screen: OrdersScreen },
    { path: '/orders/new', screen: NewOrderScreen },
    { path: '/orders/:id', screen: OrderScreen },
  ],
  nav: { to: '/orders', label: 'Orders', icon: IconTruckDelivery, order: 59, description: 'Purchase orders: lines, costs, receiving a line into assets' },
};
