/** Device rules on top of the generic operations (ref/api.md §6.1–6.4, §6.6). */
import { isDeepStrictEqual } from 'node:util';
import {
  ApiError,
  Device,
  FIELD_CATALOGS,
  MSG_DECOMMISSIONED,
  MSG_UPDATE_WITH_OWNER,
  badRequest,
  newDeviceStatus,
  type DeviceStatus,
  validateDevice,
} from '@flightctl/api';
import { devices } from '../store/schema.js';
import { SELECTABLE_COLUMNS } from '../store/selectable-columns.js';
import type { ResourceKind } from './resource-kind.js';

/** Statuses the agent reports as Unknown until it knows better; the service's own values are kept then. */
const KEPT_WHEN_UNKNOWN = ['summary', 'updated', 'applicationsSummary', 'lifecycle', 'integrity'] as const;
/** Summaries set by the service after a restore; only the service clears them. */
const SERVICE_SUMMARIES = new Set(['AwaitingReconnect', 'ConflictPaused']);

/**
 * Merges a reported status into the stored one as upstream does (ref/api.md §6.5). `lastSeen` is
 * accepted but not kept in the status: it lives in its own table and is served by …/lastseen.
 */
export function mergeReportedStatus(stored: DeviceStatus | undefined, reported: DeviceStatus): DeviceStatus {
  const { lastSeen: _lastSeen, ...merged } = structuredClone(reported);
  if (!stored) return merged;
  for (const key of KEPT_WHEN_UNKNOWN) {
    if ((merged[key] as { status?: string } | undefined)?.status === 'Unknown' && stored[key])
      (merged as Record<string, unknown>)[key] = structuredClone(stored[key]);
  }
  if (SERVICE_SUMMARIES.has(stored.summary?.status)) merged.summary = structuredClone(stored.summary);
  return merged;
}

export const MSG_OS_ON_PACKAGE_MODE = 'OS target is not supported on package-mode devices';

export const deviceKind: ResourceKind<Device> = {
  kind: 'Device',
  listKind: 'DeviceList',
  plural: 'devices',
  schema: Device,
  validate: validateDevice,
  store: (s) => s.devices.withType<Device>(),
  initialStatus: newDeviceStatus,
  catalog: FIELD_CATALOGS.Device,
  columns: SELECTABLE_COLUMNS.Device,
  labels: devices.labels,
  beforeCreate(_h, device) {
    if (device.spec?.decommissioning) throw badRequest(MSG_DECOMMISSIONED);
  },
  beforeUpdate(_h, current, next) {
    if (current.spec?.decommissioning) throw new ApiError(409, MSG_DECOMMISSIONED);
    if (next.spec?.decommissioning) throw badRequest(MSG_DECOMMISSIONED);
    const specChanged = !isDeepStrictEqual(current.spec, next.spec);
    if (specChanged && current.metadata.owner) throw new ApiError(409, MSG_UPDATE_WITH_OWNER);
    // Package-mode devices have no image-based OS to switch; clearing the target is still allowed.
    const packageMode = current.status?.capabilities?.osMode === 'package';
    const image = next.spec?.os?.image;
    if (packageMode && image && image !== current.spec?.os?.image) throw badRequest(MSG_OS_ON_PACKAGE_MODE);
  },
  mergeStatus: (current, written) =>
    mergeReportedStatus(current.status as DeviceStatus | undefined, written as DeviceStatus),
  beforePatchStatus(current) {
    if (current.spec?.decommissioning) throw new ApiError(409, MSG_DECOMMISSIONED);
  },
  async afterDelete({ ctx, tx }, device) {
    // The device must enroll again, so its enrollment request goes with it (same transaction).
    await tx.enrollmentRequests.delete(ctx.orgId, device.metadata.name!);
  },
};
