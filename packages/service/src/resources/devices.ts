/** Device rules on top of the generic operations (ref/api.md §6.1–6.4, §6.6). */
import { isDeepStrictEqual } from 'node:util';
import {
  ApiError,
  DEVICE_ANNOTATION_AWAITING_RECONNECT,
  DEVICE_ANNOTATION_RENDERED_VERSION,
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

/** The version of the device's rendered spec (ref/service.md §3.7); undefined before the first one. */
export function renderedVersionOf(device: Device): string | undefined {
  return device.metadata.annotations?.[DEVICE_ANNOTATION_RENDERED_VERSION] || undefined;
}

const versionNumber = (v: string | undefined) => (v && /^\d+$/.test(v) ? BigInt(v) : 0n);

/**
 * Records a new spec to render, in the same write as the spec: the rendered version moves past both
 * the service's and the one the agent reports running (ref/service.md §3.5), so that after a restore
 * the new version still supersedes what the agent has.
 */
export function bumpRenderedVersion(device: Device): void {
  const service = versionNumber(renderedVersionOf(device));
  const agent = versionNumber(device.status?.config?.renderedVersion);
  const next = (service > agent ? service : agent) + 1n;
  device.metadata.annotations = { ...device.metadata.annotations, [DEVICE_ANNOTATION_RENDERED_VERSION]: `${next}` };
}

/**
 * Every new device has a rendered spec from the start, even an empty one, as upstream renders on
 * creation; a restored device waits for its agent to confirm its state first (ref/service.md §5.7).
 */
export function renderNewDevice(device: Device): void {
  if (device.metadata.annotations?.[DEVICE_ANNOTATION_AWAITING_RECONNECT] !== 'true') bumpRenderedVersion(device);
}

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
    renderNewDevice(device);
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
    if (specChanged) bumpRenderedVersion(next);
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
