/**
 * A device's first rendered poll after a restore (ref/service.md §5.7): the agent's
 * `knownRenderedVersion` says what it runs. The device leaves AwaitingReconnect; when the agent is
 * ahead of the restored database (it ran versions the service has forgotten), rendering pauses
 * until a user resumes the device, so it is not rolled back to an older spec.
 */
import {
  DEVICE_ANNOTATION_AWAITING_RECONNECT,
  DEVICE_ANNOTATION_CONFLICT_PAUSED,
  newDeviceStatus,
  type Device,
  type DeviceStatus,
} from '@flightctl/api';
import type { Store } from '../store/index.js';
import { INFO } from './device-status.js';
import { renderedVersionOf } from './devices.js';
import type { RequestContext } from './request-context.js';
import { newEvent } from './resource-events.js';

export const isAwaitingReconnect = (device: Device) =>
  device.metadata.annotations?.[DEVICE_ANNOTATION_AWAITING_RECONNECT] === 'true';

const version = (v: string | undefined) => (v && /^\d+$/.test(v) ? BigInt(v) : 0n);

/** Applies the reconnect in one write and returns the device as stored; a device not awaiting it is returned as is. */
export async function reconnectDevice(
  store: Store,
  ctx: RequestContext,
  name: string,
  knownRenderedVersion: string | undefined,
): Promise<Device> {
  return store.transaction(async (tx) => {
    let paused = false;
    const { after, changed } = await tx.devices.update(ctx.orgId, name, (device) => {
      if (!isAwaitingReconnect(device)) return device;
      const deviceVersion = version(knownRenderedVersion);
      const serviceVersion = version(renderedVersionOf(device));
      paused = deviceVersion > serviceVersion;
      const { [DEVICE_ANNOTATION_AWAITING_RECONNECT]: _done, ...annotations } = device.metadata.annotations ?? {};
      if (paused) annotations[DEVICE_ANNOTATION_CONFLICT_PAUSED] = 'true';
      device.metadata.annotations = annotations;
      const status = (device.status as DeviceStatus | undefined) ?? newDeviceStatus();
      status.summary = paused
        ? {
            status: 'ConflictPaused',
            info: `${INFO.conflictPaused} (device reported version ${deviceVersion} > device version known to service ${serviceVersion})`,
          }
        : { status: 'Online', info: 'Device has reconnected after the restore.' };
      status.updated =
        deviceVersion === serviceVersion
          ? { status: 'UpToDate', info: INFO.upToDate }
          : { status: 'OutOfDate', info: `${INFO.outOfDate}.` };
      status.config = { renderedVersion: `${deviceVersion}` };
      device.status = status;
      return device;
    });
    if (changed && paused)
      await tx.events.create(
        ctx.orgId,
        newEvent(ctx, { kind: 'Device', name, reason: 'DeviceConflictPaused', message: after.status!.summary.info! }),
      );
    return after;
  });
}
