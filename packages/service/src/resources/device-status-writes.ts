/**
 * How a device status write completes (ref/service.md §5.2–5.5): the service-computed summaries are
 * recomputed in the write's transaction and every transition is recorded as an event, whoever
 * writes (ref/api.md §6.5). An agent's report (status PUT/PATCH on the agent API) proves the device
 * is connected now; a user's status write and a refresh (the periodic connectivity check) judge by
 * the stored last-seen time.
 */
import { FLEET_ANNOTATION_TEMPLATE_VERSION, type Device, type DeviceStatus } from '@flightctl/api';
import type { Store } from '../store/index.js';
import { computeServiceStatus, type StatusInputs } from './device-status.js';
import { statusChangeEvents } from './device-status-events.js';
import type { HookContext } from './resource-kind.js';
import { newEvent } from './resource-events.js';
import type { ResourceServiceOptions } from './resource-service.js';

export interface DeviceStatusWriteOptions {
  disconnectedTimeoutMs: number;
  /** Status reports come from the device itself (the agent API), so they count as contact. */
  reportsAreContact: boolean;
  now?: () => Date;
}

const FLEET_OWNER = /^Fleet\/(.+)$/;

/** The owning fleet's template version, `{}` for a fleet without one, undefined when the fleet is unknown. */
async function owningFleet(tx: Store, orgId: string, device: Device): Promise<StatusInputs['fleet']> {
  const fleetName = FLEET_OWNER.exec(device.metadata.owner ?? '')?.[1];
  if (!fleetName) return undefined;
  const fleet = await tx.fleets.get(orgId, fleetName);
  return fleet && { templateVersion: fleet.metadata.annotations?.[FLEET_ANNOTATION_TEMPLATE_VERSION] };
}

export function deviceStatusWrites(
  options: DeviceStatusWriteOptions,
): Pick<ResourceServiceOptions<Device>, 'completeStatus' | 'afterStatusWrite'> {
  const clock = options.now ?? (() => new Date());
  return {
    async completeStatus({ ctx, tx }: HookContext, next: Device, write) {
      const now = clock();
      const name = next.metadata.name!;
      const lastSeen =
        write === 'report' && options.reportsAreContact ? now : await tx.deviceLastSeen.getLastSeen(ctx.orgId, name);
      next.status = computeServiceStatus(next, {
        now,
        lastSeen,
        disconnectedTimeoutMs: options.disconnectedTimeoutMs,
        fleet: await owningFleet(tx, ctx.orgId, next),
      });
    },
    async afterStatusWrite({ ctx, tx }: HookContext, before: Device, after: Device) {
      const name = after.metadata.name!;
      for (const event of statusChangeEvents(before.status as DeviceStatus | undefined, after.status as DeviceStatus))
        await tx.events.create(ctx.orgId, newEvent(ctx, { kind: 'Device', name, ...event }));
    },
  };
}
