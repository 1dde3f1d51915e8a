/**
 * Runs per-organization tasks on fixed intervals (ref/service.md §1.5, §9) in the replica that holds
 * the leadership. Each task's first run comes after a random part of half its interval, so replicas
 * and tasks started together do not fire together; a run visits every organization in turn, and the
 * next run is due one interval after this one ended. A failed run is logged and retried next time.
 */
import type { Logger } from 'pino';
import type { Store } from '../store/index.js';
import type { Leadership } from './leadership.js';

export interface PeriodicTask {
  /** Also the actor recorded on the task's events. */
  name: string;
  intervalMs: number;
  run(orgId: string): Promise<void>;
}

export interface PeriodicTasksOptions {
  store: Store;
  leadership: Leadership;
  tasks: PeriodicTask[];
  logger: Logger;
}

export class PeriodicTasks {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  private closed = false;

  private constructor(private readonly options: PeriodicTasksOptions) {}

  static start(options: PeriodicTasksOptions): PeriodicTasks {
    const periodic = new PeriodicTasks(options);
    for (const task of options.tasks) periodic.schedule(task, Math.random() * (task.intervalMs / 2));
    return periodic;
  }

  private schedule(task: PeriodicTask, delayMs: number): void {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const run = this.runOnce(task).finally(() => {
        this.running.delete(run);
        this.schedule(task, task.intervalMs);
      });
      this.running.add(run);
    }, delayMs);
    timer.unref();
    this.timers.add(timer);
  }

  private async runOnce(task: PeriodicTask): Promise<void> {
    const { store, leadership, logger } = this.options;
    if (!(await leadership.isLeader())) return;
    const orgs = await store.organizations.list().catch((err: unknown) => {
      logger.warn({ err, task: task.name }, 'periodic task could not list organizations');
      return [];
    });
    for (const org of orgs) {
      if (this.closed) return;
      const orgId = org.metadata.name!;
      await task
        .run(orgId)
        .catch((err: unknown) => logger.warn({ err, task: task.name, orgId }, 'periodic task failed'));
    }
  }

  /** Stops scheduling, waits for runs in progress, and gives up the leadership. */
  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await Promise.all(this.running);
    await this.options.leadership.close();
  }
}
