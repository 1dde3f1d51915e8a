/**
 * The long polls this process holds, by device. A wake-up visits only the waiters of that device,
 * and an idle waiter costs one timer and no listener on anything shared, so tens of thousands of
 * agents can wait at once and each wait ends in constant time.
 */

interface Waiter {
  known: string;
  settle(version: string | undefined): void;
}

export interface PendingWait {
  /** The new version, or undefined after the timeout or when ended. */
  promise: Promise<string | undefined>;
  /** Ends the wait now with `version` (undefined: nothing new); later calls do nothing. */
  settle(version?: string): void;
}

export class DeviceWaiters {
  private readonly byDevice = new Map<string, Set<Waiter>>();

  /** Starts waiting for a version other than `known` of the device `key`. */
  add(key: string, known: string, timeoutMs: number): PendingWait {
    const forDevice = this.byDevice.get(key) ?? new Set<Waiter>();
    this.byDevice.set(key, forDevice);
    let resolve!: (version: string | undefined) => void;
    const promise = new Promise<string | undefined>((r) => (resolve = r));
    const settle = (version?: string) => {
      if (!forDevice.delete(waiter)) return;
      if (forDevice.size === 0) this.byDevice.delete(key);
      clearTimeout(timer);
      resolve(version);
    };
    const waiter: Waiter = { known, settle };
    const timer = setTimeout(settle, timeoutMs);
    forDevice.add(waiter);
    return { promise, settle };
  }

  /** Wakes the waiters of `key` that do not know `version` yet. */
  wake(key: string, version: string): void {
    const waiters = this.byDevice.get(key);
    if (!waiters) return;
    for (const waiter of [...waiters]) if (waiter.known !== version) waiter.settle(version);
  }

  /** Ends every wait with nothing new (the server is closing). */
  endAll(): void {
    for (const waiters of [...this.byDevice.values()]) for (const waiter of [...waiters]) waiter.settle(undefined);
  }

  /** How many polls are waiting (for metrics and tests). */
  get size(): number {
    let n = 0;
    for (const waiters of this.byDevice.values()) n += waiters.size;
    return n;
  }
}
