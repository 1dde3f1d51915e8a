/**
 * What an agent is served as its target (ref/api.md §4.2.5). Until fleets and configuration
 * rendering exist, a device's rendered spec is its own spec as stored; `consoles` is always present
 * because agents read the active console sessions from it.
 */
import { ApiError, badRequest, type Device } from '@flightctl/api';
import { renderedVersionOf } from './devices.js';

export const MSG_NO_RENDERED_VERSION = 'no rendered version for device';

/** The rendered view of `device`; 409 when it has never been rendered (it has no spec yet). */
export function renderedDevice(device: Device): Device {
  if (renderedVersionOf(device) === undefined) throw new ApiError(409, MSG_NO_RENDERED_VERSION);
  return { ...device, spec: { ...device.spec, consoles: device.spec?.consoles ?? [] } };
}

/** The `knownRenderedVersion` query parameter of `GET …/rendered`: absent or one string. */
export function knownRenderedVersionParam(query: unknown): string | undefined {
  const known = (query as Record<string, unknown>).knownRenderedVersion;
  if (known !== undefined && typeof known !== 'string')
    throw badRequest('knownRenderedVersion: must be given at most once');
  return known;
}
