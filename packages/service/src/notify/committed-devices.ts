/**
 * Devices as a write in this process just committed them, held for the long polls that write wakes
 * here: a woken poll answers from its device's entry instead of reading the database again. With
 * the embedded database that read waited its turn behind every write queued meanwhile (when 100
 * devices were changed at once, each woken poll was answered only after the last of the 100 writes).
 * An entry is made only for a version that wakes a poll of this process, and the first poll it
 * wakes takes it; polls woken on other replicas, or anything not found here, read the database.
 */
import type { Device } from '@flightctl/api';
import { renderedVersionOf } from '../resources/devices.js';

/** Entries not taken (their poll ended for another reason in between) are dropped oldest first past this. */
const MAX_ENTRIES = 1000;

export class CommittedDevices {
  private readonly byDevice = new Map<string, Device>();

  constructor(private readonly maxEntries = MAX_ENTRIES) {}

  /** Holds `device` (as committed) for the poll its version is about to wake; `key` names the device. */
  offer(key: string, device: Device): void {
    this.byDevice.delete(key); // re-inserted last, so eviction drops the oldest
    this.byDevice.set(key, device);
    if (this.byDevice.size > this.maxEntries) this.byDevice.delete(this.byDevice.keys().next().value!);
  }

  /** The held device of that rendered `version`, removed; undefined when none is held. */
  take(key: string, version: string): Device | undefined {
    const device = this.byDevice.get(key);
    if (device === undefined || renderedVersionOf(device) !== version) return undefined;
    this.byDevice.delete(key);
    return device;
  }

  get size(): number {
    return this.byDevice.size;
  }
}
