/**
 * Tells waiting agents about committed device writes: a device's rendered version is announced
 * after every write that committed (the notifier ignores versions it already has), and a deleted
 * device is dropped from the version cache. A failure here is logged: the write itself stands, and
 * the agent's next poll finds the new version anyway once its wait times out.
 */
import type { Device } from '@flightctl/api';
import type { Logger } from 'pino';
import { renderedVersionOf } from '../resources/devices.js';
import type { ResourceServiceOptions } from '../resources/resource-service.js';
import type { RenderedVersionNotifier } from './rendered-version-notifier.js';

export function announceDeviceChanges(
  notifier: RenderedVersionNotifier,
  logger: Logger,
): NonNullable<ResourceServiceOptions<Device>['onCommitted']> {
  return async (ctx, { name, object }) => {
    try {
      if (!object) await notifier.forget(ctx.orgId, name);
      else {
        const version = renderedVersionOf(object);
        if (version !== undefined) await notifier.publish(ctx.orgId, name, version, object);
      }
    } catch (err) {
      logger.warn({ err, device: name, orgId: ctx.orgId }, 'could not announce a device change to waiting agents');
    }
  };
}
