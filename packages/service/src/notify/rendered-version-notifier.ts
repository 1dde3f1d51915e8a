/**
 * Wake-ups for agent long polls (ref/service.md §1.6, §3.6). Each device's current rendered version
 * is cached (in-process, or in Redis shared by every replica), so a poll whose agent is up to date
 * is answered from the cache and then waits here without touching the database; a new version is
 * announced on a channel that every replica listens to and wakes the polls of that device.
 */
import type { Device } from '@flightctl/api';
import { CommittedDevices } from './committed-devices.js';
import { DeviceWaiters, type PendingWait } from './device-waiters.js';

/** Numeric order of rendered versions (decimal strings of any length); anything else is older. */
export function isNewerVersion(version: string, than: string | undefined): boolean {
  if (than === undefined || !/^\d+$/.test(than)) return true;
  return /^\d+$/.test(version) && BigInt(version) > BigInt(than);
}

/** The rendered version of each device, as last announced or read from the database. */
export interface RenderedVersionCache {
  get(orgId: string, name: string): Promise<string | undefined>;
  /** Stores `version` unless the cache already holds a greater one (announcements may arrive out of order). */
  setIfNewer(orgId: string, name: string, version: string): Promise<void>;
  /**
   * Stores `version` read from the database if the cache still holds `seen` (read before the database
   * was): the database wins over a stale cache, but not over an announcement that came in between.
   */
  replace(orgId: string, name: string, seen: string | undefined, version: string): Promise<void>;
  delete(orgId: string, name: string): Promise<void>;
}

/** An announcement: the device's new rendered version, or undefined when it was deleted. */
export type Announced = (orgId: string, name: string, version: string | undefined) => void;

/** Carries "device X now has version V" and "device X was deleted" to every replica, this one included. */
export interface WakeChannel {
  announce(orgId: string, name: string, version: string | undefined): Promise<void>;
  /** Starts delivering announcements to `handler`. */
  listen(handler: Announced): Promise<void>;
  close(): Promise<void>;
}

export const deviceKey = (orgId: string, name: string) => `${orgId}/${name}`;

/** What a deleted device's polls are woken with: no agent knows it, and the poll then finds no device. */
const DELETED = '';

export class RenderedVersionNotifier {
  private readonly waiters = new DeviceWaiters();
  private readonly committed = new CommittedDevices();

  private constructor(
    readonly cache: RenderedVersionCache,
    private readonly channel: WakeChannel,
  ) {}

  static async start(cache: RenderedVersionCache, channel: WakeChannel): Promise<RenderedVersionNotifier> {
    const notifier = new RenderedVersionNotifier(cache, channel);
    await channel.listen((orgId, name, version) => notifier.waiters.wake(deviceKey(orgId, name), version ?? DELETED));
    return notifier;
  }

  /**
   * Announces a committed new rendered version: caches it and wakes the device's polls on every
   * replica. `device`, as committed, is held for the polls of this process that it wakes.
   */
  async publish(orgId: string, name: string, version: string, device?: Device): Promise<void> {
    const key = deviceKey(orgId, name);
    if (device && this.waiters.wouldWake(key, version)) this.committed.offer(key, device);
    await this.cache.setIfNewer(orgId, name, version);
    await this.channel.announce(orgId, name, version);
  }

  /**
   * Drops a deleted device from the cache, so a device re-created under its name starts afresh, and
   * ends its polls on every replica: they answer 404 and the agent learns at once (ref/agent.md §2.6).
   */
  async forget(orgId: string, name: string): Promise<void> {
    await this.cache.delete(orgId, name);
    await this.channel.announce(orgId, name, undefined);
  }

  /**
   * Starts waiting for a version of the device other than `known`, then reads the cache once: `cached`
   * is what it holds (undefined: nothing). The waiter is in place before the read, so an announcement
   * made while the caller looks elsewhere (the database) still wakes it. A cached version other than
   * `known` ends the wait at once with it. The caller must `settle()` the wait once it is done with it.
   */
  watch(
    orgId: string,
    name: string,
    known: string,
    timeoutMs: number,
  ): PendingWait & { cached: Promise<string | undefined> } {
    const pending = this.waiters.add(deviceKey(orgId, name), known, timeoutMs);
    const cached = this.cache.get(orgId, name).then(
      (version) => {
        if (version !== undefined && version !== known) pending.settle(version);
        return version;
      },
      (err: unknown) => {
        pending.settle(undefined);
        throw err;
      },
    );
    return { ...pending, cached };
  }

  /**
   * The device as the write of this process that woke a poll with `version` committed it, taken by
   * the first poll that asks; undefined when it was not such a write (read the database).
   */
  takeCommitted(orgId: string, name: string, version: string): Device | undefined {
    return this.committed.take(deviceKey(orgId, name), version);
  }

  /** Ends every wait of this process with nothing new (the agent API is closing). */
  endWaits(): void {
    this.waiters.endAll();
  }

  /** Long polls waiting in this process. */
  get waiting(): number {
    return this.waiters.size;
  }

  close(): Promise<void> {
    return this.channel.close();
  }
}
