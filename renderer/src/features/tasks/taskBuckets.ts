/**
 * How My Tasks groups a technician's open tasks: overdue, due today, later, and no due
 * date, each soonest first. "Today" is the technician's local day. Pure, for tests.
 */
import type { Task } from '@fielddesk/common/domain/entities';
import { endOfDay } from 'date-fns';

export type TaskBucket = 'overdue' | 'today' | 'later' | 'undated';

export const BUCKET_LABELS: Record<TaskBucket, string> = {
  overdue: 'Overdue',
  today: 'Due today',
  later: 'Later',
  undated: 'No due date',
};

export const BUCKET_ORDER: readonly TaskBucket[] = ['overdue', 'today', 'later', 'undated'];

export function isOpenTask(task: Pick<Task, 'status'>): boolean {
  return task.status === 'open' || task.status === 'in_progress';
}

export function bucketOf(task: Pick<Task, 'dueAt'>, now: Date): TaskBucket {
  if (!task.dueAt) return 'undated';
  const due = Date.parse(task.dueAt);
  if (due < now.getTime()) return 'overdue';
  if (due <= endOfDay(now).getTime()) return 'today';
  return 'later';
}

/** The open tasks in display order, each with its bucket (the order j/k moves through). */
export function orderTasks<T extends Pick<Task, 'id' | 'dueAt' | 'status' | 'createdAt'>>(tasks: readonly T[], now: Date): { task: T; bucket: TaskBucket }[] {
  const rank = (b: TaskBucket) => BUCKET_ORDER.indexOf(b);
  return tasks
    .filter(isOpenTask)
    .map((task) => ({ task, bucket: bucketOf(task, now) }))
    .sort((a, b) => {
      const r = rank(a.bucket) - rank(b.bucket);
      if (r !== 0) return r;
      const da = a.task.dueAt ?? a.task.createdAt;
      const db = b.task.dueAt ?? b.task.createdAt;
      return da < db ? -1 : da > db ? 1 : a.task.id.localeCompare(b.task.id);
    });
}

/** A `datetime-local` input's value (the technician's local time) as an ISO instant; null when empty. */
export function localInputToIso(value: string): string | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
