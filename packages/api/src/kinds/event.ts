/**
 * Event (api.md §4.9, §9; service.md §8): the read-only record of something that happened to a
 * resource, its 66 reasons with their Normal/Warning type, and the 18 `details` variants.
 */
import Type, { type Static, type TSchema } from 'typebox';
import { ApiVersion, ListOf, ObjectMeta } from '../common/meta.js';
import { DiscriminatedUnion } from './discriminated-union.js';

/** Every reason upstream emits, in upstream's order. */
export const EventReasons = [
  'ResourceCreated',
  'ResourceCreationFailed',
  'ResourceUpdated',
  'ResourceUpdateFailed',
  'ResourceDeleted',
  'ResourceDeletionFailed',
  'DeviceDecommissioned',
  'DeviceDecommissionFailed',
  'DeviceCPUCritical',
  'DeviceCPUWarning',
  'DeviceCPUNormal',
  'DeviceMemoryCritical',
  'DeviceMemoryWarning',
  'DeviceMemoryNormal',
  'DeviceDiskCritical',
  'DeviceDiskWarning',
  'DeviceDiskNormal',
  'DeviceApplicationError',
  'DeviceApplicationDegraded',
  'DeviceApplicationHealthy',
  'DeviceDisconnected',
  'DeviceIsRebooting',
  'DeviceConflictPaused',
  'DeviceConflictResolved',
  'DeviceConnected',
  'DeviceContentUpToDate',
  'DeviceContentOutOfDate',
  'DeviceContentUpdating',
  'DeviceUpdateFailed',
  'DeviceVulnerabilityCVECritical',
  'DeviceVulnerabilityCVEResolved',
  'DeviceVulnerabilityCVEWarning',
  'DeviceOSImageChanged',
  'EnrollmentRequestApproved',
  'EnrollmentRequestApprovalFailed',
  'DeviceMultipleOwnersDetected',
  'DeviceMultipleOwnersResolved',
  'DeviceSpecValid',
  'DeviceSpecInvalid',
  'InternalTaskFailed',
  'InternalTaskPermanentlyFailed',
  'RepositoryAccessible',
  'RepositoryInaccessible',
  'ReferencedRepositoryUpdated',
  'FleetValid',
  'FleetInvalid',
  'FleetRolloutCreated',
  'FleetRolloutStarted',
  'FleetRolloutFailed',
  'FleetRolloutCompleted',
  'FleetRolloutBatchDispatched',
  'FleetRolloutDeviceSelected',
  'FleetRolloutBatchCompleted',
  'ResourceSyncCommitDetected',
  'ResourceSyncAccessible',
  'ResourceSyncInaccessible',
  'ResourceSyncParsed',
  'ResourceSyncParsingFailed',
  'ResourceSyncSynced',
  'ResourceSyncSyncFailed',
  'DependencyChangeDetected',
  'DependencySyncProbeFailed',
  'SystemRestored',
  'EncryptionMigrationStarted',
  'EncryptionMigrationCompleted',
  'ApplicationLifecycleChanged',
] as const;

export const EventReason = Type.Enum([...EventReasons], { type: 'string', title: 'EventReason' });
export type EventReason = (typeof EventReasons)[number];

export const EventTypes = ['Normal', 'Warning'] as const;
export const EventType = Type.Enum([...EventTypes], { type: 'string', title: 'EventType' });
export type EventType = (typeof EventTypes)[number];

/** The reasons upstream records as Warning; every other reason is Normal (RepositoryInaccessible included). */
export const WarningEventReasons: ReadonlySet<EventReason> = new Set<EventReason>([
  'ResourceCreationFailed',
  'ResourceUpdateFailed',
  'ResourceDeletionFailed',
  'DeviceDecommissionFailed',
  'DeviceCPUCritical',
  'DeviceCPUWarning',
  'DeviceMemoryCritical',
  'DeviceMemoryWarning',
  'DeviceDiskCritical',
  'DeviceDiskWarning',
  'DeviceApplicationError',
  'DeviceApplicationDegraded',
  'DeviceDisconnected',
  'DeviceConflictPaused',
  'DeviceUpdateFailed',
  'DeviceVulnerabilityCVECritical',
  'DeviceVulnerabilityCVEWarning',
  'EnrollmentRequestApprovalFailed',
  'DeviceMultipleOwnersDetected',
  'DeviceSpecInvalid',
  'InternalTaskFailed',
  'InternalTaskPermanentlyFailed',
  'FleetInvalid',
  'FleetRolloutFailed',
  'ResourceSyncInaccessible',
  'ResourceSyncParsingFailed',
  'ResourceSyncSyncFailed',
  'DependencySyncProbeFailed',
]);

export function eventTypeOf(reason: EventReason): EventType {
  return WarningEventReasons.has(reason) ? 'Warning' : 'Normal';
}

export const ObjectReference = Type.Object(
  {
    kind: Type.String({ description: 'Device, Fleet, …, or System for service-wide events.' }),
    name: Type.String(),
  },
  { additionalProperties: false, title: 'ObjectReference' },
);
export type ObjectReference = Static<typeof ObjectReference>;

export const EventSource = Type.Object(
  { component: Type.String({ description: 'e.g. flightctl-api, flightctl-periodic.' }) },
  { additionalProperties: false, title: 'EventSource' },
);
export type EventSource = Static<typeof EventSource>;

const NullableString = Type.Union([Type.String(), Type.Null()]);

function details<const Tag extends string, P extends Record<string, TSchema>>(tag: Tag, title: string, fields: P) {
  return Type.Object({ detailType: Type.Literal(tag), ...fields }, { additionalProperties: false, title });
}

export const ResourceUpdatedDetails = details('ResourceUpdated', 'ResourceUpdatedDetails', {
  updatedFields: Type.Array(
    Type.Enum(['owner', 'labels', 'spec', 'spec.selector', 'spec.template'], { type: 'string' }),
  ),
  previousOwner: Type.Optional(NullableString),
  newOwner: Type.Optional(NullableString),
});
export const DeviceOwnershipChangedDetails = details('DeviceOwnershipChanged', 'DeviceOwnershipChangedDetails', {
  previousOwner: Type.Optional(NullableString),
  newOwner: Type.Optional(NullableString),
});
export const DeviceMultipleOwnersDetectedDetails = details(
  'DeviceMultipleOwnersDetected',
  'DeviceMultipleOwnersDetectedDetails',
  { matchingFleets: Type.Array(Type.String()) },
);
export const DeviceMultipleOwnersResolvedDetails = details(
  'DeviceMultipleOwnersResolved',
  'DeviceMultipleOwnersResolvedDetails',
  {
    resolutionType: Type.Enum(['SingleMatch', 'NoMatch', 'FleetDeleted'], { type: 'string' }),
    assignedOwner: Type.Optional(NullableString),
    previousMatchingFleets: Type.Optional(Type.Array(Type.String())),
  },
);
export const ResourceSyncCompletedDetails = details('ResourceSyncCompleted', 'ResourceSyncCompletedDetails', {
  commitHash: Type.String(),
  changeCount: Type.Integer(),
  errorCount: Type.Integer(),
});
export const ReferencedRepositoryUpdatedDetails = details(
  'ReferencedRepositoryUpdated',
  'ReferencedRepositoryUpdatedDetails',
  { repository: Type.String() },
);
export const FleetRolloutStartedDetails = details('FleetRolloutStarted', 'FleetRolloutStartedDetails', {
  templateVersion: Type.String(),
  rolloutStrategy: Type.Enum(['None', 'Batched'], { type: 'string' }),
});
export const FleetRolloutFailedDetails = details('FleetRolloutFailed', 'FleetRolloutFailedDetails', {
  templateVersion: Type.String(),
});
export const FleetRolloutCompletedDetails = details('FleetRolloutCompleted', 'FleetRolloutCompletedDetails', {
  templateVersion: Type.String(),
});
export const FleetRolloutBatchDispatchedDetails = details(
  'FleetRolloutBatchDispatched',
  'FleetRolloutBatchDispatchedDetails',
  { templateVersion: Type.String(), batch: Type.String() },
);
const Count = Type.Integer({ format: 'int64' });
export const FleetRolloutBatchCompletedDetails = details(
  'FleetRolloutBatchCompleted',
  'FleetRolloutBatchCompletedDetails',
  {
    templateVersion: Type.String(),
    batch: Type.String({ description: '"preliminary batch", "batch <n>" or "final implicit batch".' }),
    successPercentage: Count,
    total: Count,
    successful: Count,
    failed: Count,
    timedOut: Count,
  },
);
export const FleetRolloutDeviceSelectedDetails = details(
  'FleetRolloutDeviceSelected',
  'FleetRolloutDeviceSelectedDetails',
  { fleetName: Type.String(), templateVersion: Type.String() },
);
export const DeviceVulnerabilityCveDetails = details('DeviceVulnerabilityCVE', 'DeviceVulnerabilityCveDetails', {
  cveId: Type.String({ pattern: '^CVE-[0-9]{4}-[0-9]{4,}$', maxLength: 64 }),
  firstImageRef: Type.Optional(Type.String()),
  firstImageDigest: Type.Optional(Type.String()),
});
export const DependencyChangeDetectedDetails = details('DependencyChangeDetected', 'DependencyChangeDetectedDetails', {
  resourceKey: Type.String({ description: 'e.g. "git:my-repo/main".' }),
  fingerprint: Type.String({ description: 'e.g. the new commit SHA.' }),
});
export const DependencySyncProbeFailedDetails = details(
  'DependencySyncProbeFailed',
  'DependencySyncProbeFailedDetails',
  { resourceKey: Type.String(), error: Type.String() },
);
export const ApplicationLifecycleChangedDetails = details(
  'ApplicationLifecycleChanged',
  'ApplicationLifecycleChangedDetails',
  { appName: Type.String(), action: Type.Enum(['stop', 'start', 'restart'], { type: 'string' }) },
);

function eventProperties<D extends TSchema>(eventDetails: D) {
  return {
    apiVersion: ApiVersion,
    kind: Type.String(),
    metadata: ObjectMeta,
    involvedObject: ObjectReference,
    reason: EventReason,
    message: Type.String(),
    details: Type.Optional(eventDetails),
    type: EventType,
    source: EventSource,
    actor: Type.String({ description: '"user:<name>" or "service:<name>".' }),
  };
}

/** The variants that do not embed another event. */
const PlainEventDetails = [
  ResourceUpdatedDetails,
  DeviceOwnershipChangedDetails,
  DeviceMultipleOwnersDetectedDetails,
  DeviceMultipleOwnersResolvedDetails,
  ResourceSyncCompletedDetails,
  ReferencedRepositoryUpdatedDetails,
  FleetRolloutStartedDetails,
  FleetRolloutFailedDetails,
  FleetRolloutCompletedDetails,
  FleetRolloutBatchDispatchedDetails,
  FleetRolloutBatchCompletedDetails,
  FleetRolloutDeviceSelectedDetails,
  DeviceVulnerabilityCveDetails,
  DependencyChangeDetectedDetails,
  DependencySyncProbeFailedDetails,
  ApplicationLifecycleChangedDetails,
] as const;

/**
 * The event a failed task was processing. Upstream makes this a full Event, which is recursive;
 * without `$id`/`$ref` JSON Schema cannot say that, and task-failure events are never processed
 * by tasks themselves, so its details are any variant except the two task-failure ones.
 */
const OriginalEvent = Type.Object(eventProperties(DiscriminatedUnion('detailType', [...PlainEventDetails])), {
  additionalProperties: false,
  description: 'The event whose processing failed.',
});

export const InternalTaskFailedDetails = details('InternalTaskFailed', 'InternalTaskFailedDetails', {
  errorMessage: Type.String(),
  retryCount: Type.Optional(Type.Integer()),
  originalEvent: OriginalEvent,
});
export const InternalTaskPermanentlyFailedDetails = details(
  'InternalTaskPermanentlyFailed',
  'InternalTaskPermanentlyFailedDetails',
  { errorMessage: Type.String(), retryCount: Type.Integer(), originalEvent: OriginalEvent },
);

export const EventDetails = DiscriminatedUnion(
  'detailType',
  [...PlainEventDetails, InternalTaskFailedDetails, InternalTaskPermanentlyFailedDetails],
  { title: 'EventDetails' },
);
export type EventDetails = Static<typeof EventDetails>;

export const Event = Type.Object(eventProperties(EventDetails), { additionalProperties: false, title: 'Event' });
export type Event = Static<typeof Event>;

export const EventList = ListOf(Event, 'EventList');
export type EventList = Static<typeof EventList>;
