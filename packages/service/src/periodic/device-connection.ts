/**
 * `device-connection` (ref/service.md §5.2, §9): finds the devices whose summary disagrees with when
 * they were last seen (silent too long but not Unknown, or back but still Unknown) and recomputes
 * their status, which records DeviceDisconnected or DeviceConnected.
 */
import { randomUUID } from 'node:crypto';
import { ApiError, type Device } from '@flightctl/api';
import type { RequestContext } from '../resources/request-context.js';
import type { ResourceService } from '../resources/resource-service.js';
import type { Store } from '../store/index.js';
import type { PeriodicTask } from './periodic-tasks.js';

export const DEVICE_CONNECTION_TASK = 'device-connection';

export interface DeviceConnectionOptions {
  store: Store;
  /** Devices, with the status writes of device-status-writes.ts. */
  devices: ResourceService<Device>;
  intervalMs: number;
  disconnectedTimeoutMs: number;
  now?: () => Date;
}

export function deviceConnectionTask(options: DeviceConnectionOptions): PeriodicTask {
  const clock = options.now ?? (() => new Date());
  return {
    name: DEVICE_CONNECTION_TASK,
    intervalMs: options.intervalMs,
    async run(orgId) {
      const cutoff = new Date(clock().getTime() - options.disconnectedTimeoutMs);
      const names = await options.store.deviceLastSeen.connectivityChanged(orgId, cutoff);
      const ctx: RequestContext = {
        orgId,
        actor: DEVICE_CONNECTION_TASK,
        requestId: `${DEVICE_CONNECTION_TASK}-${randomUUID()}`,
      };
      for (const name of names) {
        try {
          await options.devices.refreshStatus(ctx, name);
        } catch (err) {
          // Deleted since it was selected: nothing left to update.
          if (!(err instanceof ApiError && err.code === 404)) throw err;
        }
      }
    },
  };
}
