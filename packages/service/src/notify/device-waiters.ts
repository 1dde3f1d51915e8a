/**
 * The long polls this process holds, by device. A wake-up visits only the waiters of that device,
 * and an idle waiter costs one timer, so tens of thousands of agents can wait at once.
 */

interface Waiter {
  known: string;
  settle(version: string | undefined): void;
}

export interface PendingWait {
  /** The new version, or undefined after the timeout or on abort. */
  promise: Promise<string | undefined>;
  /** Ends the wait now with `version`. */
  settle(version: string | undefined): void;
}

export class DeviceWaiters {
  private readonly byDevice = new Map<string, Set<Waiter>>();

  /** Starts waiting for a version other than `known` of the device `key`. */
  add(key: string, known: string, timeoutMs: number, signal: AbortSignal): PendingWait {
    const forDevice = this.byDevice.get(key) ?? new Set<Waiter>();
    this.byDevice.set(key, forDevice);
    let resolve!: (version: string | undefined) => void;
    const promise = new Promise<string | undefined>((r) => (resolve = r));
    const settle = (version: string | undefined) => {
      if (!forDevice.delete(waiter)) return;
      if (forDevice.size === 0) this.byDevice.delete(key);
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(version);
    };
    const waiter: Waiter = { known, settle };
    const onAbort = () => settle(undefined);
    const timer = setTimeout(onAbort, timeoutMs);
    forDevice.add(waiter);
    if (signal.aborted) settle(undefined);
    else signal.addEventListener('abort', onAbort, { once: true });
    return { promise, settle };
  }

  /** Wakes the waiters of `key` that do not know `version` yet. */
  wake(key: string, version: string): void {
    const waiters = this.byDevice.get(key);
    if (!waiters) return;
    for (const waiter of [...waiters]) if (waiter.known !== version) waiter.settle(version);
  }

  /** How many polls are waiting (for metrics and tests). */
  get size(): number {
    let n = 0;
    for (const waiters of this.byDevice.values()) n += waiters.size;
    return n;
  }
}
