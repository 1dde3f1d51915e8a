/**
 * Organization (api.md §4.11): a tenant. Read-only through the API; `metadata.name` is the
 * organization's UUID.
 */
import Type, { type Static } from 'typebox';
import { ApiVersion, ListOf, ObjectMeta } from '../common/meta.js';

export const OrganizationSpec = Type.Object(
  {
    displayName: Type.Optional(Type.String({ description: 'Human readable name shown to users.' })),
    externalId: Type.Optional(Type.String({ description: "The organization's id at the identity provider." })),
  },
  { additionalProperties: false, title: 'OrganizationSpec' },
);
export type OrganizationSpec = Static<typeof OrganizationSpec>;

export const Organization = Type.Object(
  { apiVersion: ApiVersion, kind: Type.String(), metadata: ObjectMeta, spec: Type.Optional(OrganizationSpec) },
  { additionalProperties: false, title: 'Organization' },
);
export type Organization = Static<typeof Organization>;

export const OrganizationList = ListOf(Organization, 'OrganizationList');
export type OrganizationList = Static<typeof OrganizationList>;
