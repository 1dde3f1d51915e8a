/**
 * A counting semaphore: at most `limit` tasks run at once, the rest wait their turn in arrival order.
 * The agent API runs its database work through one, so thousands of agents polling at once queue
 * here instead of exhausting the connection pool (ref/service.md §3.6).
 */
import { ApiError } from '@flightctl/api';
export class ConcurrencyLimit {
  private running = 0;
  private readonly queue: (() => void)[] = [];

  constructor(readonly limit: number) {}

  /**
   * Runs `task` in its turn. When `abandoned` says, at that turn, that the client has given up (an
   * agent's request timed out while it queued), the task is skipped with a 503 nobody reads: under
   * overload the slots go to requests still wanted, not to the answers of timed-out ones.
   */
  async run<T>(task: () => Promise<T>, abandoned?: () => boolean): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.queue.push(resolve));
    else this.running++;
    try {
      if (abandoned?.()) throw new ApiError(503, 'the client closed the request before its turn');
      return await task();
    } finally {
      const next = this.queue.shift();
      // The slot passes straight to the next task, so `running` stays as it is.
      if (next) next();
      else this.running--;
    }
  }
}
