/**
 * A counting semaphore: at most `limit` tasks run at once, the rest wait their turn in arrival order.
 * The agent API runs its database work through one, so thousands of agents polling at once queue
 * here instead of exhausting the connection pool (ref/service.md §3.6).
 */
export class ConcurrencyLimit {
  private running = 0;
  private readonly queue: (() => void)[] = [];

  constructor(readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.queue.push(resolve));
    else this.running++;
    try {
      return await task();
    } finally {
      const next = this.queue.shift();
      // The slot passes straight to the next task, so `running` stays as it is.
      if (next) next();
      else this.running--;
    }
  }
}
