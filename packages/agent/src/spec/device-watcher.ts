/**
 * What the spec publisher hands to each consumer (ref/agent.md §2.6): a ring buffer of the last three
 * rendered devices, the oldest overwritten when full, so a slow consumer never blocks the long poll.
 */
import type { Device } from '@flightctl/api';

const CAPACITY = 3;

export class DeviceWatcher {
  private readonly buffer: Device[] = [];
  private listener?: () => void;

  push(device: Device): void {
    if (this.buffer.length >= CAPACITY) this.buffer.shift();
    this.buffer.push(device);
    this.listener?.();
  }

  /** The oldest unread device, or undefined when there is none. */
  tryPop(): Device | undefined {
    return this.buffer.shift();
  }

  /** Called after every push, so a consumer can act at once instead of at its next tick. */
  onPush(listener: () => void): void {
    this.listener = listener;
  }
}
