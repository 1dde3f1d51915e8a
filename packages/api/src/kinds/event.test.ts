import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { Event, EventList, EventReasons, eventTypeOf, WarningEventReasons } from './event.js';

// The root `ajv` is eslint's ajv@6; ajv-formats always resolves the ajv@8 it is built for.
const load = createRequire(createRequire(import.meta.url).resolve('ajv-formats'));
const ajv = load('ajv-formats')(new (load('ajv').Ajv)({ allErrors: true, strict: false, discriminator: true }));
const validEvent = ajv.compile(Event);

const updated: Event = {
  apiVersion: 'flightctl.io/v1beta1',
  kind: 'Event',
  metadata: {
    name: '3f6c1a52-0d4e-4c59-a5f1-0f2b8e9d7c11',
    creationTimestamp: '2025-03-01T10:00:00Z',
    annotations: { 'event-controller/requestID': 'req-42' },
  },
  involvedObject: { kind: 'Device', name: 'c3jq1bo0d4l2k8rnttqjgvbkq9d5u3i4m0eq6r4trn0pcs3r0t1g' },
  reason: 'ResourceUpdated',
  message: 'Device was updated successfully (owner).',
  type: 'Normal',
  source: { component: 'flightctl-api' },
  actor: 'user:alice',
  details: { detailType: 'ResourceUpdated', updatedFields: ['owner'], previousOwner: null, newOwner: 'Fleet/pos' },
};

const taskFailed: Event = {
  ...updated,
  metadata: { name: '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a' },
  involvedObject: { kind: 'System', name: 'queue' },
  reason: 'InternalTaskFailed',
  message: 'Device render failed: timeout.',
  type: 'Warning',
  source: { component: 'flightctl-worker' },
  actor: 'service:flightctl-worker',
  details: {
    detailType: 'InternalTaskFailed',
    errorMessage: 'timeout',
    retryCount: 2,
    originalEvent: updated as never,
  },
};

function withDetails(details: unknown): unknown {
  return { ...updated, details };
}

describe('Event schema', () => {
  it('accepts realistic events and lists', () => {
    expect(validEvent(updated), JSON.stringify(validEvent.errors)).toBe(true);
    expect(validEvent(taskFailed), JSON.stringify(validEvent.errors)).toBe(true);
    expect(
      ajv.validate(EventList, {
        apiVersion: 'flightctl.io/v1beta1',
        kind: 'EventList',
        metadata: {},
        items: [updated],
      }),
    ).toBe(true);
  });

  it.each([
    { detailType: 'DeviceOwnershipChanged', newOwner: 'Fleet/a' },
    { detailType: 'DeviceMultipleOwnersDetected', matchingFleets: ['a', 'b'] },
    { detailType: 'DeviceMultipleOwnersResolved', resolutionType: 'FleetDeleted', assignedOwner: null },
    { detailType: 'ResourceSyncCompleted', commitHash: 'abc', changeCount: 3, errorCount: 0 },
    { detailType: 'ReferencedRepositoryUpdated', repository: 'site-config' },
    { detailType: 'FleetRolloutStarted', templateVersion: 'v3', rolloutStrategy: 'Batched' },
    { detailType: 'FleetRolloutFailed', templateVersion: 'v3' },
    { detailType: 'FleetRolloutCompleted', templateVersion: 'v3' },
    { detailType: 'FleetRolloutBatchDispatched', templateVersion: 'v3', batch: 'batch 1' },
    {
      detailType: 'FleetRolloutBatchCompleted',
      templateVersion: 'v3',
      batch: 'final implicit batch',
      successPercentage: 100,
      total: 4,
      successful: 4,
      failed: 0,
      timedOut: 0,
    },
    { detailType: 'FleetRolloutDeviceSelected', fleetName: 'pos', templateVersion: 'v3' },
    { detailType: 'DeviceVulnerabilityCVE', cveId: 'CVE-2024-12345', firstImageDigest: 'sha256:abc' },
    { detailType: 'DependencyChangeDetected', resourceKey: 'git:my-repo/main', fingerprint: '4f1c2a9' },
    { detailType: 'DependencySyncProbeFailed', resourceKey: 'git:my-repo/main', error: 'timeout' },
    { detailType: 'ApplicationLifecycleChanged', appName: 'web', action: 'restart' },
    { detailType: 'InternalTaskPermanentlyFailed', errorMessage: 'x', retryCount: 5, originalEvent: updated },
  ])('accepts $detailType details', (details) => {
    expect(validEvent(withDetails(details)), JSON.stringify(validEvent.errors)).toBe(true);
  });

  it.each([
    ['an unknown detail type', { detailType: 'Nope' }],
    ['a missing required field', { detailType: 'FleetRolloutFailed' }],
    ['a bad enum value', { detailType: 'FleetRolloutStarted', templateVersion: 'v1', rolloutStrategy: 'Fast' }],
    ['a malformed CVE id', { detailType: 'DeviceVulnerabilityCVE', cveId: 'CVE-24-1' }],
    ['an unknown updated field', { detailType: 'ResourceUpdated', updatedFields: ['status'] }],
    ['an extra property', { detailType: 'FleetRolloutFailed', templateVersion: 'v1', extra: 1 }],
  ])('rejects %s', (_, details) => {
    expect(validEvent(withDetails(details))).toBe(false);
  });

  it('rejects unknown reasons and types', () => {
    expect(validEvent({ ...updated, reason: 'ResourceSyncCompleted' })).toBe(false);
    expect(validEvent({ ...updated, type: 'Error' })).toBe(false);
  });
});

describe('event reasons', () => {
  it('lists 66 distinct reasons', () => {
    expect(EventReasons).toHaveLength(66);
    expect(new Set(EventReasons).size).toBe(66);
  });

  it('marks 28 reasons as Warning', () => {
    expect(WarningEventReasons.size).toBe(28);
    expect(EventReasons.filter((r) => eventTypeOf(r) === 'Warning')).toHaveLength(28);
  });

  it.each([
    ['ResourceCreationFailed', 'Warning'],
    ['DeviceDisconnected', 'Warning'],
    ['DependencySyncProbeFailed', 'Warning'],
    ['RepositoryInaccessible', 'Normal'],
    ['DeviceConnected', 'Normal'],
    ['ResourceCreated', 'Normal'],
    ['DeviceVulnerabilityCVEResolved', 'Normal'],
  ] as const)('%s is %s', (reason, type) => {
    expect(eventTypeOf(reason)).toBe(type);
  });
});
