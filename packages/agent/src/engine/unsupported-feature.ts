/**
 * Stands in for a controller this agent does not have yet: a desired spec that asks for the feature
 * fails to update with a message that says so, instead of being reported as applied.
 */
import type { DeviceSpec } from '@flightctl/api';
import type { Controller } from './controller.js';
import { UpdateError, type UpdateComponent } from './update-error.js';

export function unsupportedFeature(
  component: UpdateComponent,
  feature: string,
  asksFor: (desired: DeviceSpec, current: DeviceSpec) => boolean,
): Controller {
  return {
    async beforeUpdate({ current, desired }) {
      if (asksFor(desired.spec ?? {}, current.spec ?? {}))
        throw new UpdateError(component, `${feature} are not supported by this agent yet`, { retryable: false });
    },
  };
}

/** The features of a device spec that no controller of this agent applies yet. */
export function unsupportedFeatureControllers(): Controller[] {
  return [
    unsupportedFeature('applications', 'applications (spec.applications)', (d) => (d.applications?.length ?? 0) > 0),
    unsupportedFeature('config', 'configuration files (spec.config)', (d) => (d.config?.length ?? 0) > 0),
    unsupportedFeature(
      'os',
      'OS image updates (spec.os)',
      (d, c) => (d.os?.image ?? '') !== (c.os?.image ?? '') || d.os?.catalogItemRef !== undefined,
    ),
    unsupportedFeature('lifecycle', 'decommissioning requests (spec.decommissioning)', (d) => !!d.decommissioning),
  ];
}
