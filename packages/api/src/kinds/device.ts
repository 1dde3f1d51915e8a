/**
 * Device (api.md §4.2): the envelope, its list with per-status counts, the last-seen answer, the resume
 * action's bodies, and `validateDevice` for user writes.
 */
import Type, { type Static } from 'typebox';
import type { FieldError } from '../common/errors.js';
import { ApiVersion, DateTime, ListOf, ObjectMeta } from '../common/meta.js';
import { validateDeviceSpec } from './device-spec-validation.js';
import { DeviceSpec } from './device-spec.js';
import { DeviceStatus } from './device-status.js';
import { validateMetadata } from './metadata-validation.js';

export const Device = Type.Object(
  {
    apiVersion: ApiVersion,
    kind: Type.String(),
    metadata: ObjectMeta,
    spec: Type.Optional(DeviceSpec),
    // Server-owned on the device; the same schema is agent-written inside an EnrollmentRequest.
    status: Type.Optional({ ...DeviceStatus, readOnly: true }),
  },
  { additionalProperties: false, title: 'Device' },
);
export type Device = Static<typeof Device>;

const Counts = Type.Record(Type.String(), Type.Integer({ format: 'int64' }));

export const DevicesSummary = Type.Object(
  {
    total: Type.Integer({ format: 'int64' }),
    applicationStatus: { ...Counts, description: 'Devices per applicationsSummary status.' },
    summaryStatus: { ...Counts, description: 'Devices per summary status.' },
    updateStatus: { ...Counts, description: 'Devices per updated status.' },
    capabilities: Type.Optional(
      Type.Object(
        { osMode: Type.Optional({ ...Counts, description: 'Devices per osMode; "unknown" = not reported.' }) },
        { additionalProperties: false, title: 'DevicesSummaryCapabilities' },
      ),
    ),
  },
  { additionalProperties: false, readOnly: true, title: 'DevicesSummary' },
);
export type DevicesSummary = Static<typeof DevicesSummary>;

export const DeviceList = ListOf(Device, 'DeviceList', { summary: Type.Optional(DevicesSummary) });
export type DeviceList = Static<typeof DeviceList>;

export const DeviceLastSeen = Type.Object(
  { lastSeen: DateTime },
  { additionalProperties: false, title: 'DeviceLastSeen' },
);
export type DeviceLastSeen = Static<typeof DeviceLastSeen>;

export const DeviceResumeRequest = Type.Object(
  {
    labelSelector: Type.Optional(Type.String({ description: 'e.g. "env=prod,tier!=db".' })),
    fieldSelector: Type.Optional(Type.String({ description: 'e.g. "metadata.name=device1".' })),
  },
  {
    additionalProperties: false,
    anyOf: [{ required: ['labelSelector'] }, { required: ['fieldSelector'] }],
    title: 'DeviceResumeRequest',
  },
);
export type DeviceResumeRequest = Static<typeof DeviceResumeRequest>;

export const DeviceResumeResponse = Type.Object(
  { resumedDevices: Type.Integer({ description: 'How many devices were resumed.' }) },
  { additionalProperties: false, title: 'DeviceResumeResponse' },
);
export type DeviceResumeResponse = Static<typeof DeviceResumeResponse>;

/** Semantic errors in a device a user creates or replaces; empty when it is valid. */
export function validateDevice(device: Device): FieldError[] {
  return [
    ...validateMetadata(device.metadata),
    ...(device.spec ? validateDeviceSpec(device.spec, 'spec', { allowTemplates: false }) : []),
  ];
}
