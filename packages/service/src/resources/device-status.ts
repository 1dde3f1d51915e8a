/**
 * The parts of a device's status the service computes rather than the agent (ref/service.md §5.3,
 * api.md §8.3): `summary`, `updated`, `applicationsSummary` and `lifecycle`, from what the agent
 * reported, the device's annotations, when it was last seen and, for fleet devices, the fleet's
 * template version. Pure: the caller supplies the clock and the inputs read from the database.
 */
import {
  CONDITION_TYPE,
  DECOMMISSION_REASON,
  DEVICE_ANNOTATION_AWAITING_RECONNECT,
  DEVICE_ANNOTATION_CONFLICT_PAUSED,
  DEVICE_ANNOTATION_LAST_ROLLOUT_ERROR,
  DEVICE_ANNOTATION_RENDERED_TEMPLATE_VERSION,
  UPDATE_STATE,
  newDeviceStatus,
  type Condition,
  type Device,
  type DeviceStatus,
} from '@flightctl/api';
import { renderedVersionOf } from './devices.js';

export const INFO = {
  awaitingReconnect: 'Device has not reconnected since restore to confirm its current state.',
  conflictPaused:
    "Device reconciliation is paused due to a state conflict between the service and the device's agent; manual intervention is required.",
  rebooting: 'Device is rebooting.',
  resourcesHealthy: "Device's system resources are healthy.",
  updating: 'Device is updating to the latest device spec.',
  outOfDate: 'Device has not been updated to the latest device spec',
  upToDate: 'Device was updated to the latest device spec.',
  fleetUpToDate: "Device was updated to the fleet's latest device spec.",
  fleetFailed: "Device could not be updated to the fleet's latest device spec",
  fleetNotScheduled: "Device has not yet been scheduled for update to the fleet's latest spec.",
  noApplications: 'Device has not reported any application workloads yet.',
  applicationsHealthy: "Device's application workloads are healthy.",
  decommissionStarted: 'Device has acknowledged decommissioning request',
  decommissionCompleted: 'Device has completed decommissioning',
  decommissionFailed: 'Device has errored while decommissioning',
} as const;

const RESOURCE_NAMES = { cpu: 'CPU', memory: 'Memory', disk: 'Disk' } as const;

export interface StatusInputs {
  /** When the agent last contacted the service; undefined when it never did. */
  lastSeen?: Date;
  now: Date;
  /** A device not seen for longer is disconnected (upstream: 5 minutes). */
  disconnectedTimeoutMs: number;
  /**
   * For a device owned by a fleet: the fleet's `fleet-controller/templateVersion` (undefined when the
   * fleet has none). Absent when the fleet could not be read; `updated` then stays as it was.
   */
  fleet?: { templateVersion?: string };
}

const UNITS: [number, string][] = [
  [86_400_000, 'day'],
  [3_600_000, 'hour'],
  [60_000, 'minute'],
  [1000, 'second'],
];

/** "5 minutes", "1 hour": how upstream words the disconnect timeout. */
export function humanizeDuration(ms: number): string {
  const [size, unit] = UNITS.find(([size]) => ms >= size) ?? UNITS.at(-1)!;
  const n = Math.floor(ms / size);
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

export function isDisconnected(inputs: StatusInputs): boolean {
  return !inputs.lastSeen || inputs.now.getTime() - inputs.lastSeen.getTime() > inputs.disconnectedTimeoutMs;
}

const findCondition = (status: DeviceStatus, type: string): Condition | undefined =>
  status.conditions.find((c) => c.type === type);

function isRebooting(status: DeviceStatus): boolean {
  const updating = findCondition(status, CONDITION_TYPE.Updating);
  return updating?.status === 'True' && updating.reason === UPDATE_STATE.Rebooting;
}

/** The message of an `Updating` condition that reports a failed update, if there is one. */
function updateError(status: DeviceStatus): string | undefined {
  const updating = findCondition(status, CONDITION_TYPE.Updating);
  return updating?.reason === UPDATE_STATE.Error && updating.message ? updating.message : undefined;
}

/** The agent runs the device's latest rendered version, and the service found its spec valid. */
function isUpdatedToDeviceSpec(device: Device, status: DeviceStatus): boolean {
  const rendered = renderedVersionOf(device);
  const specValid = findCondition(status, CONDITION_TYPE.SpecValid);
  return (rendered === undefined || status.config.renderedVersion === rendered) && specValid?.status !== 'False';
}

function summary(device: Device, status: DeviceStatus, inputs: StatusInputs): DeviceStatus['summary'] {
  const annotations = device.metadata.annotations ?? {};
  if (annotations[DEVICE_ANNOTATION_AWAITING_RECONNECT] === 'true')
    return { status: 'AwaitingReconnect', info: INFO.awaitingReconnect };
  if (annotations[DEVICE_ANNOTATION_CONFLICT_PAUSED] === 'true')
    return { status: 'ConflictPaused', info: INFO.conflictPaused };
  if (isDisconnected(inputs)) return { status: 'Unknown', info: disconnectedInfo(inputs) };
  if (isRebooting(status)) return { status: 'Rebooting', info: INFO.rebooting };
  const levels = Object.entries(RESOURCE_NAMES).map(([key, label]) => ({
    label,
    level: status.resources[key as keyof typeof RESOURCE_NAMES],
  }));
  const critical = levels.filter((r) => r.level === 'Critical');
  if (critical.length > 0)
    return {
      status: 'Error',
      info: critical.map((r) => `${r.label} utilization has reached a critical level.`).join(', '),
    };
  const warning = levels.filter((r) => r.level === 'Warning');
  if (warning.length > 0)
    return {
      status: 'Degraded',
      info: warning.map((r) => `${r.label} utilization has reached a warning level.`).join(', '),
    };
  return { status: 'Online', info: INFO.resourcesHealthy };
}

const disconnectedInfo = (inputs: StatusInputs) =>
  `Device is disconnected (last seen more than ${humanizeDuration(inputs.disconnectedTimeoutMs)} ago).`;

function updated(device: Device, status: DeviceStatus, inputs: StatusInputs): DeviceStatus['updated'] {
  if (isDisconnected(inputs) && inputs.lastSeen) return { status: 'Unknown', info: disconnectedInfo(inputs) };
  const updating = findCondition(status, CONDITION_TYPE.Updating);
  if (updating?.status === 'True') return { status: 'Updating', info: updating.message || INFO.updating };
  const upToDate = isUpdatedToDeviceSpec(device, status);
  const owned = Boolean(device.metadata.owner);
  let result: DeviceStatus['updated'];
  if (!owned) {
    if (!upToDate) {
      const error = updateError(status);
      return { status: 'OutOfDate', info: error ? `${INFO.outOfDate}: ${error}` : `${INFO.outOfDate}.` };
    }
    result = { status: 'UpToDate', info: INFO.upToDate };
  } else {
    if (!inputs.fleet) return status.updated;
    const renderedTemplate = device.metadata.annotations?.[DEVICE_ANNOTATION_RENDERED_TEMPLATE_VERSION];
    if (upToDate && renderedTemplate !== undefined && renderedTemplate === inputs.fleet.templateVersion) {
      result = { status: 'UpToDate', info: INFO.fleetUpToDate };
    } else {
      const error =
        updateError(status) ?? (device.metadata.annotations?.[DEVICE_ANNOTATION_LAST_ROLLOUT_ERROR] || undefined);
      return { status: 'OutOfDate', info: error ? `${INFO.fleetFailed}: ${error}` : INFO.fleetNotScheduled };
    }
  }
  return osMismatch(device, status) ?? result;
}

/** An up-to-date agent that does not run the OS the spec asks for is still out of date. */
function osMismatch(device: Device, status: DeviceStatus): DeviceStatus['updated'] | undefined {
  const osMode = status.capabilities?.osMode;
  const target = device.spec?.os;
  if (!osMode || !target) return undefined;
  if (osMode === 'package' && target.catalogItemRef && !target.image)
    return { status: 'OutOfDate', info: 'Device runs in package mode and cannot switch to the catalog OS target.' };
  if (target.image && status.os.image && status.os.image !== target.image)
    return {
      status: 'OutOfDate',
      info: `Device OS image mismatch: running "${status.os.image}", expected "${target.image}".`,
    };
  return undefined;
}

function applicationsSummary(status: DeviceStatus, inputs: StatusInputs): DeviceStatus['applicationsSummary'] {
  if (isDisconnected(inputs)) return { status: 'Unknown', info: disconnectedInfo(inputs) };
  if (isRebooting(status) && status.applications.length > 0) return { status: 'Degraded', info: INFO.rebooting };
  if (status.applications.length === 0) return { status: 'NoApplications', info: INFO.noApplications };
  const reported = status.applicationsSummary;
  if (reported.status === 'Healthy' && reported.info === undefined)
    return { ...reported, info: INFO.applicationsHealthy };
  return reported;
}

function lifecycle(status: DeviceStatus): DeviceStatus['lifecycle'] {
  const decommissioning = findCondition(status, CONDITION_TYPE.DeviceDecommissioning);
  switch (decommissioning?.reason) {
    case DECOMMISSION_REASON.Started:
      return { status: 'Decommissioning', info: INFO.decommissionStarted };
    case DECOMMISSION_REASON.Completed:
      return { status: 'Decommissioned', info: INFO.decommissionCompleted };
    case DECOMMISSION_REASON.Error:
      return { status: 'Decommissioned', info: INFO.decommissionFailed };
    default:
      return status.lifecycle;
  }
}

/** The device's status with the service-computed parts recomputed; the agent's parts are kept. */
export function computeServiceStatus(device: Device, inputs: StatusInputs): DeviceStatus {
  // Device['status'] and DeviceStatus are one schema, but the emitted declarations type them apart.
  const status = structuredClone((device.status as DeviceStatus | undefined) ?? newDeviceStatus());
  return {
    ...status,
    summary: summary(device, status, inputs),
    updated: updated(device, status, inputs),
    applicationsSummary: applicationsSummary(status, inputs),
    lifecycle: lifecycle(status),
  };
}
