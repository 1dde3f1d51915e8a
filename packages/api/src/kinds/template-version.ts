/**
 * TemplateVersion (api.md §4.4): an immutable snapshot of a fleet's device template, created by the
 * service on every valid template change and read or deleted through the API. Its status holds the
 * snapshot: the DeviceSpec fields (parameters not yet rendered) plus conditions.
 */
import Type, { type Static } from 'typebox';
import { ApiVersion, Condition, DateTime, ListOf, ObjectMeta } from '../common/meta.js';
import { DeviceSpecProperties } from './device-spec.js';

export const TemplateVersionSpec = Type.Object(
  { fleet: Type.String({ description: 'The fleet whose template this is; matches metadata.owner "Fleet/<fleet>".' }) },
  { additionalProperties: false, title: 'TemplateVersionSpec' },
);
export type TemplateVersionSpec = Static<typeof TemplateVersionSpec>;

export const TemplateVersionStatus = Type.Object(
  {
    ...DeviceSpecProperties,
    updatedAt: Type.Optional(DateTime),
    conditions: Type.Array(Condition),
  },
  { additionalProperties: false, readOnly: true, title: 'TemplateVersionStatus' },
);
export type TemplateVersionStatus = Static<typeof TemplateVersionStatus>;

export const TemplateVersion = Type.Object(
  {
    apiVersion: ApiVersion,
    kind: Type.String(),
    metadata: ObjectMeta,
    spec: TemplateVersionSpec,
    status: Type.Optional(TemplateVersionStatus),
  },
  { additionalProperties: false, title: 'TemplateVersion' },
);
export type TemplateVersion = Static<typeof TemplateVersion>;

export const TemplateVersionList = ListOf(TemplateVersion, 'TemplateVersionList');
export type TemplateVersionList = Static<typeof TemplateVersionList>;
