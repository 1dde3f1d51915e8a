/**
 * DeviceStatus (api.md §4.2.3, enums §8.2): written by the agent, partly overridden by the service.
 * Every enum is exported twice: as a `const` array (for code that iterates or checks values) and as a schema.
 */
import Type, { type Static, type TSchema } from 'typebox';
import { Condition, DateTime, StringMap } from '../common/meta.js';
import { AppType } from './app-type.js';

export const DeviceSummaryStatusTypes = [
  'Online',
  'Degraded',
  'Error',
  'Rebooting',
  'PoweredOff',
  'Unknown',
  'AwaitingReconnect',
  'ConflictPaused',
] as const;
export const DeviceSummaryStatusType = Type.Enum(DeviceSummaryStatusTypes);
export type DeviceSummaryStatusType = Static<typeof DeviceSummaryStatusType>;

export const DeviceUpdatedStatusTypes = ['UpToDate', 'OutOfDate', 'Updating', 'Unknown'] as const;
export const DeviceUpdatedStatusType = Type.Enum(DeviceUpdatedStatusTypes);
export type DeviceUpdatedStatusType = Static<typeof DeviceUpdatedStatusType>;

export const ApplicationsSummaryStatusTypes = ['Healthy', 'Degraded', 'Error', 'Unknown', 'NoApplications'] as const;
export const ApplicationsSummaryStatusType = Type.Enum(ApplicationsSummaryStatusTypes);
export type ApplicationsSummaryStatusType = Static<typeof ApplicationsSummaryStatusType>;

export const ApplicationStatusTypes = [
  'Preparing',
  'Starting',
  'Running',
  'Error',
  'Unknown',
  'Completed',
  'Stopped',
  'Stopping',
] as const;
export const ApplicationStatusType = Type.Enum(ApplicationStatusTypes);
export type ApplicationStatusType = Static<typeof ApplicationStatusType>;

export const DeviceResourceStatusTypes = ['Healthy', 'Warning', 'Critical', 'Error', 'Unknown'] as const;
export const DeviceResourceStatusType = Type.Enum(DeviceResourceStatusTypes);
export type DeviceResourceStatusType = Static<typeof DeviceResourceStatusType>;

export const DeviceLifecycleStatusTypes = ['Unknown', 'Enrolled', 'Decommissioning', 'Decommissioned'] as const;
export const DeviceLifecycleStatusType = Type.Enum(DeviceLifecycleStatusTypes);
export type DeviceLifecycleStatusType = Static<typeof DeviceLifecycleStatusType>;

export const DeviceIntegrityStatusSummaryTypes = ['Verified', 'Failed', 'Unknown', 'Unsupported'] as const;
export const DeviceIntegrityStatusSummaryType = Type.Enum(DeviceIntegrityStatusSummaryTypes);
export type DeviceIntegrityStatusSummaryType = Static<typeof DeviceIntegrityStatusSummaryType>;

export const DeviceIntegrityCheckStatusTypes = ['Unknown', 'Unsupported', 'Failed', 'Verified'] as const;
export const DeviceIntegrityCheckStatusType = Type.Enum(DeviceIntegrityCheckStatusTypes);
export type DeviceIntegrityCheckStatusType = Static<typeof DeviceIntegrityCheckStatusType>;

export const OsModeTypes = ['image', 'package'] as const;
export const OsModeType = Type.Enum(OsModeTypes);
export type OsModeType = Static<typeof OsModeType>;

/** Reasons of the agent's `DeviceDecommissioning` condition; they drive `lifecycle.status`. */
export const DecommissionStates = ['Started', 'Completed', 'Error'] as const;
export const DecommissionState = Type.Enum(DecommissionStates);
export type DecommissionState = Static<typeof DecommissionState>;

export const SystemdEnableStateTypes = [
  'enabled',
  'enabled-runtime',
  'linked',
  'linked-runtime',
  'alias',
  'masked',
  'masked-runtime',
  'static',
  'disabled',
  'indirect',
  'generated',
  'transient',
  'bad',
  'unknown',
  '',
] as const;
export const SystemdEnableStateType = Type.Enum(SystemdEnableStateTypes);
export type SystemdEnableStateType = Static<typeof SystemdEnableStateType>;

export const SystemdLoadStateTypes = [
  'stub',
  'loaded',
  'not-found',
  'bad-setting',
  'error',
  'merged',
  'masked',
  'unknown',
] as const;
export const SystemdLoadStateType = Type.Enum(SystemdLoadStateTypes);
export type SystemdLoadStateType = Static<typeof SystemdLoadStateType>;

export const SystemdActiveStateTypes = [
  'active',
  'reloading',
  'inactive',
  'failed',
  'activating',
  'deactivating',
  'maintenance',
  'refreshing',
  'unknown',
] as const;
export const SystemdActiveStateType = Type.Enum(SystemdActiveStateTypes);
export type SystemdActiveStateType = Static<typeof SystemdActiveStateType>;

/** The `{status, info?}` shape most status sections share. */
function StatusWithInfo<T extends TSchema>(status: T, title: string) {
  return Type.Object({ status, info: Type.Optional(Type.String()) }, { additionalProperties: false, title });
}

export const DeviceSummaryStatus = StatusWithInfo(DeviceSummaryStatusType, 'DeviceSummaryStatus');
export type DeviceSummaryStatus = Static<typeof DeviceSummaryStatus>;
export const DeviceUpdatedStatus = StatusWithInfo(DeviceUpdatedStatusType, 'DeviceUpdatedStatus');
export type DeviceUpdatedStatus = Static<typeof DeviceUpdatedStatus>;
export const DeviceApplicationsSummaryStatus = StatusWithInfo(
  ApplicationsSummaryStatusType,
  'DeviceApplicationsSummaryStatus',
);
export type DeviceApplicationsSummaryStatus = Static<typeof DeviceApplicationsSummaryStatus>;
export const DeviceLifecycleStatus = StatusWithInfo(DeviceLifecycleStatusType, 'DeviceLifecycleStatus');
export type DeviceLifecycleStatus = Static<typeof DeviceLifecycleStatus>;
export const DeviceIntegrityCheckStatus = StatusWithInfo(DeviceIntegrityCheckStatusType, 'DeviceIntegrityCheckStatus');
export type DeviceIntegrityCheckStatus = Static<typeof DeviceIntegrityCheckStatus>;

export const DeviceIntegrityStatus = Type.Object(
  {
    status: DeviceIntegrityStatusSummaryType,
    info: Type.Optional(Type.String()),
    lastVerified: Type.Optional(DateTime),
    deviceIdentity: Type.Optional(DeviceIntegrityCheckStatus),
    tpm: Type.Optional(DeviceIntegrityCheckStatus),
  },
  { additionalProperties: false, title: 'DeviceIntegrityStatus' },
);
export type DeviceIntegrityStatus = Static<typeof DeviceIntegrityStatus>;

const SystemInfoFields = Type.Object(
  {
    architecture: Type.String(),
    bootID: Type.String(),
    operatingSystem: Type.String(),
    agentVersion: Type.String(),
    customInfo: Type.Optional(StringMap),
  },
  { additionalProperties: Type.String(), title: 'DeviceSystemInfo' },
);
/** The four named fields are required; the agent may add any other string-valued key (hostname, kernel, …). */
export const DeviceSystemInfo = Type.Unsafe<
  Static<typeof SystemInfoFields> & { [key: string]: string | Record<string, string> | undefined }
>(SystemInfoFields);
export type DeviceSystemInfo = Static<typeof DeviceSystemInfo>;

export const SystemdUnitStatus = Type.Object(
  {
    unit: Type.String(),
    description: Type.String({ maxLength: 2048 }),
    enableState: SystemdEnableStateType,
    loadState: SystemdLoadStateType,
    activeState: SystemdActiveStateType,
    subState: Type.String({ maxLength: 64, pattern: '^[a-z0-9-]+$' }),
  },
  { additionalProperties: false, title: 'SystemdUnitStatus' },
);
export type SystemdUnitStatus = Static<typeof SystemdUnitStatus>;

export const ApplicationVolumeStatus = Type.Object(
  { name: Type.String(), reference: Type.String() },
  { additionalProperties: false, title: 'ApplicationVolumeStatus' },
);
export type ApplicationVolumeStatus = Static<typeof ApplicationVolumeStatus>;

export const DeviceApplicationStatus = Type.Object(
  {
    name: Type.String(),
    ready: Type.String({ description: '"n/m": containers ready out of total.' }),
    restarts: Type.Integer(),
    status: ApplicationStatusType,
    embedded: Type.Boolean({ description: 'Baked into the bootc image.' }),
    appType: AppType,
    runAs: Type.Optional(Type.String()),
    volumes: Type.Optional(Type.Array(ApplicationVolumeStatus)),
  },
  { additionalProperties: false, title: 'DeviceApplicationStatus' },
);
export type DeviceApplicationStatus = Static<typeof DeviceApplicationStatus>;

export const DeviceResourceStatus = Type.Object(
  { cpu: DeviceResourceStatusType, memory: DeviceResourceStatusType, disk: DeviceResourceStatusType },
  { additionalProperties: false, title: 'DeviceResourceStatus' },
);
export type DeviceResourceStatus = Static<typeof DeviceResourceStatus>;

export const DeviceConfigStatus = Type.Object(
  { renderedVersion: Type.String({ description: 'The rendered version the agent is running.' }) },
  { additionalProperties: false, title: 'DeviceConfigStatus' },
);
export type DeviceConfigStatus = Static<typeof DeviceConfigStatus>;

export const DeviceOsStatus = Type.Object(
  { image: Type.String(), imageDigest: Type.String() },
  { additionalProperties: false, title: 'DeviceOsStatus' },
);
export type DeviceOsStatus = Static<typeof DeviceOsStatus>;

export const DependencySyncConfigRefStatus = Type.Object(
  {
    configProviderName: Type.String(),
    fingerprint: Type.Optional(Type.String()),
    lastUpdatedAt: Type.Optional(DateTime),
  },
  { additionalProperties: false, title: 'DependencySyncConfigRefStatus' },
);
export type DependencySyncConfigRefStatus = Static<typeof DependencySyncConfigRefStatus>;

export const DependencySyncStatus = Type.Object(
  { configRefs: Type.Optional(Type.Array(DependencySyncConfigRefStatus)) },
  { additionalProperties: false, readOnly: true, title: 'DependencySyncStatus' },
);
export type DependencySyncStatus = Static<typeof DependencySyncStatus>;

export const DeviceCapabilities = Type.Object(
  { osMode: Type.Optional(OsModeType) },
  { additionalProperties: false, title: 'DeviceCapabilities' },
);
export type DeviceCapabilities = Static<typeof DeviceCapabilities>;

export const DeviceStatus = Type.Object(
  {
    conditions: Type.Array(Condition),
    systemInfo: DeviceSystemInfo,
    systemd: Type.Optional(Type.Array(SystemdUnitStatus)),
    applications: Type.Array(DeviceApplicationStatus),
    applicationsSummary: DeviceApplicationsSummaryStatus,
    resources: DeviceResourceStatus,
    integrity: DeviceIntegrityStatus,
    config: DeviceConfigStatus,
    os: DeviceOsStatus,
    updated: DeviceUpdatedStatus,
    summary: DeviceSummaryStatus,
    lifecycle: DeviceLifecycleStatus,
    // Accepted from agents but never returned: the service keeps it apart and serves it via /lastseen.
    lastSeen: Type.Optional(Type.String({ format: 'date-time', writeOnly: true })),
    dependencySync: Type.Optional(DependencySyncStatus),
    capabilities: Type.Optional(DeviceCapabilities),
  },
  { additionalProperties: false, title: 'DeviceStatus' },
);
export type DeviceStatus = Static<typeof DeviceStatus>;

export { newDeviceStatus } from './new-device-status.js';
