/**
 * The long polls this process holds, by device. A wake-up visits only the waiters of that device,
 * and an idle waiter holds no timer of its own (its deadline is a slot of poll-deadlines.ts) and no
 * listener on anything shared, so tens of thousands of agents can wait at once and each wait ends in
 * constant time.
 */
import { type Expiring, PollDeadlines } from './poll-deadlines.js';

export interface PendingWait {
  /** The new version, or undefined after the timeout or when ended. */
  promise: Promise<string | undefined>;
  /** Ends the wait now with `version` (undefined: nothing new); later calls do nothing. */
  settle(version?: string): void;
}

class Waiter implements Expiring {
  slot = 0;

  constructor(
    readonly known: string,
    private readonly waiters: DeviceWaiters,
    readonly key: string,
    private readonly resolve: (version: string | undefined) => void,
  ) {}

  settle(version?: string): void {
    if (this.waiters.remove(this)) this.resolve(version);
  }

  expire(): void {
    this.settle(undefined);
  }
}

export class DeviceWaiters {
  private readonly byDevice = new Map<string, Set<Waiter>>();
  private readonly deadlines = new PollDeadlines<Waiter>();

  /** Starts waiting for a version other than `known` of the device `key`. */
  add(key: string, known: string, timeoutMs: number): PendingWait {
    let resolve!: (version: string | undefined) => void;
    const promise = new Promise<string | undefined>((r) => (resolve = r));
    const waiter = new Waiter(known, this, key, resolve);
    let forDevice = this.byDevice.get(key);
    if (!forDevice) this.byDevice.set(key, (forDevice = new Set()));
    forDevice.add(waiter);
    waiter.slot = this.deadlines.add(waiter, timeoutMs);
    return { promise, settle: (version?: string) => waiter.settle(version) };
  }

  /** Takes `waiter` out, off its device and its deadline slot; false if it was out already. */
  remove(waiter: Waiter): boolean {
    const forDevice = this.byDevice.get(waiter.key);
    if (!forDevice?.delete(waiter)) return false;
    if (forDevice.size === 0) this.byDevice.delete(waiter.key);
    this.deadlines.remove(waiter, waiter.slot);
    return true;
  }

  /** Wakes the waiters of `key` that do not know `version` yet. */
  wake(key: string, version: string): void {
    const waiters = this.byDevice.get(key);
    if (!waiters) return;
    for (const waiter of [...waiters]) if (waiter.known !== version) waiter.settle(version);
  }

  /** Whether `wake(key, version)` would end a wait. */
  wouldWake(key: string, version: string): boolean {
    for (const waiter of this.byDevice.get(key) ?? []) if (waiter.known !== version) return true;
    return false;
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
