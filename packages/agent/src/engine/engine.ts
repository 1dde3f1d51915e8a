/**
 * The agent's main loop (ref/agent.md §2.5): a spec sync right away and then every second, and a
 * status update after a random delay in [0, jitter) and then every `status-update-interval`. Both run
 * on this one loop, one at a time, as upstream's single goroutine does. A published spec wakes the
 * loop at once instead of at the next second.
 */

export interface EngineOptions {
  reconcile: () => Promise<void>;
  statusUpdate: () => Promise<void>;
  statusIntervalMs: number;
  statusJitterMs: number;
  random?: () => number;
}

const SPEC_SYNC_INTERVAL_MS = 1000;

export class Engine {
  private wakeUp?: () => void;
  private woken = false;

  constructor(private readonly options: EngineOptions) {}

  /** Runs a spec sync as soon as the loop is free. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** Loops until the signal aborts; an error thrown by a step ends the loop with that error. */
  async run(signal: AbortSignal): Promise<void> {
    const { statusIntervalMs, statusJitterMs } = this.options;
    const random = this.options.random ?? Math.random;
    let nextSpec = Date.now();
    let nextStatus = Date.now() + (statusJitterMs > 0 ? random() * statusJitterMs : 0);
    // One abort listener for the whole run, not one per sleep: the simulator runs thousands of these
    // loops, each sleeping every second.
    const onAbort = () => this.wakeUp?.();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      while (!signal.aborted) {
        if (this.woken || Date.now() >= nextSpec) {
          this.woken = false;
          nextSpec = Date.now() + SPEC_SYNC_INTERVAL_MS;
          await this.options.reconcile();
        }
        if (signal.aborted) return;
        if (Date.now() >= nextStatus) {
          nextStatus = Date.now() + statusIntervalMs;
          await this.options.statusUpdate();
        }
        await this.sleepUntil(Math.min(nextSpec, nextStatus), signal);
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  /** Resolves at `deadline`, or earlier on wake() or abort (through `wakeUp`). */
  private sleepUntil(deadline: number, signal: AbortSignal): Promise<void> {
    if (this.woken || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, deadline - Date.now()));
      this.wakeUp = done;
    });
  }
}
