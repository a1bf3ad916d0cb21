/** My Tasks (`/tasks`). Offers the task row and the new-task form (the ticket screen and Create New use them). */
import { IconChecklist } from '@tabler/icons-react';
import { lazyScreen, type Feature } from '../../shared/feature';

const MyTasksScreen = lazyScreen('tasks', () => import('./MyTasksScreen'), (m) => m.MyTasksScreen);

export const feature: Feature = {
  name: 'tasks',
  routes: [{ path: '/tasks', screen: MyTasksScreen }],
  nav: { to: '/tasks', label: 'My tasks', icon: IconChecklist, order: 30 },
};

export { NewTaskForm, type NewTaskScope } from './NewTaskForm';
export { TaskItem } from './TaskItem';
