/**
 * Agent heartbeats (ref/service.md §3.6, §5.2): every rendered poll marks its device as seen, and
 * the names are written to the last-seen table in batches, per organization, at a fixed interval or
 * as soon as enough are pending. A device polling twice in one interval is written once; the time
 * written is the flush's, so it is at most one interval behind.
 */
import type { Logger } from 'pino';
import type { DeviceLastSeenStore } from '../store/index.js';

export interface LastSeenBatcherOptions {
  flushIntervalMs: number;
  /** Pending names that trigger a flush before the interval ends. */
  flushSize: number;
  logger: Logger;
}

export class LastSeenBatcher {
  private pending = new Map<string, Set<string>>();
  private pendingCount = 0;
  private flushing: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly store: DeviceLastSeenStore,
    private readonly options: LastSeenBatcherOptions,
  ) {
    this.timer = setInterval(() => void this.flush(), options.flushIntervalMs);
    this.timer.unref();
  }

  /** Queues a heartbeat of the device; never waits for the database. */
  record(orgId: string, name: string): void {
    let names = this.pending.get(orgId);
    if (!names) this.pending.set(orgId, (names = new Set()));
    if (names.has(name)) return;
    names.add(name);
    if (++this.pendingCount >= this.options.flushSize) void this.flush();
  }

  /** Writes what is pending; flushes run one after another, so a slow database never sees two at once. */
  flush(): Promise<void> {
    if (this.pendingCount === 0) return this.flushing;
    const batch = this.pending;
    this.pending = new Map();
    this.pendingCount = 0;
    this.flushing = this.flushing.then(() => this.write(batch));
    return this.flushing;
  }

  private async write(batch: Map<string, Set<string>>): Promise<void> {
    const at = new Date();
    for (const [orgId, names] of batch) {
      try {
        await this.store.recordLastSeen(orgId, [...names], at);
      } catch (err) {
        // The next poll of each device queues it again; nothing else depends on this batch.
        this.options.logger.warn({ err, orgId, devices: names.size }, 'could not record device heartbeats');
      }
    }
  }

  /** Stops the timer and writes what is pending. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
