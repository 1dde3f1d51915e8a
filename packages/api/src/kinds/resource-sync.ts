/**
 * ResourceSync (api.md §4.6): keeps fleets (or catalogs) in step with the YAML/JSON files at a
 * path of a git repository, and the rules the server applies beyond the schema.
 */
import Type, { type Static } from 'typebox';
import type { FieldError } from '../common/errors.js';
import { ApiVersion, Condition, ListOf, ObjectMeta } from '../common/meta.js';
import { validateMetadata, validateNameReference } from './metadata-validation.js';

export const GIT_REVISION_MAX = 244;
export const RESOURCE_SYNC_PATH_MAX = 2048;
/** Branch, tag or commit: starts alphanumeric, then alphanumerics and `. - _ /` (upstream's rule). */
export const GIT_REVISION_PATTERN = '^[a-zA-Z0-9][a-zA-Z0-9._/-]*$';
const gitRevisionRe = new RegExp(GIT_REVISION_PATTERN);

export const ResourceSyncTypes = ['fleet', 'catalog'] as const;
export const ResourceSyncType = Type.Enum(ResourceSyncTypes, {
  default: 'fleet',
  description: 'What the synced files define; immutable after creation.',
  title: 'ResourceSyncType',
});
export type ResourceSyncType = (typeof ResourceSyncTypes)[number];

export const ResourceSyncSpec = Type.Object(
  {
    type: Type.Optional(ResourceSyncType),
    repository: Type.String({ minLength: 1, description: 'Name of the Repository to sync from.' }),
    targetRevision: Type.String({ minLength: 1, maxLength: GIT_REVISION_MAX }),
    path: Type.String({
      minLength: 0,
      maxLength: RESOURCE_SYNC_PATH_MAX,
      description: 'A file, or a flat directory of resource files.',
    }),
  },
  { additionalProperties: false, title: 'ResourceSyncSpec' },
);
export type ResourceSyncSpec = Static<typeof ResourceSyncSpec>;

export const ResourceSyncStatus = Type.Object(
  {
    observedCommit: Type.Optional(Type.String({ description: 'The last commit hash that was synced.' })),
    observedGeneration: Type.Optional(Type.Integer({ format: 'int64' })),
    conditions: Type.Array(Condition),
  },
  { additionalProperties: false, readOnly: true, title: 'ResourceSyncStatus' },
);
export type ResourceSyncStatus = Static<typeof ResourceSyncStatus>;

export const ResourceSync = Type.Object(
  {
    apiVersion: ApiVersion,
    kind: Type.String(),
    metadata: ObjectMeta,
    spec: ResourceSyncSpec,
    status: Type.Optional(ResourceSyncStatus),
  },
  { additionalProperties: false, title: 'ResourceSync' },
);
export type ResourceSync = Static<typeof ResourceSync>;

export const ResourceSyncList = ListOf(ResourceSync, 'ResourceSyncList');
export type ResourceSyncList = Static<typeof ResourceSyncList>;

function targetRevisionErrors(revision: string): FieldError[] {
  const path = 'spec.targetRevision';
  if (revision.length === 0) return [{ path, message: 'must not be empty' }];
  if (revision.length > GIT_REVISION_MAX)
    return [{ path, message: `must be no more than ${GIT_REVISION_MAX} characters` }];
  if (!gitRevisionRe.test(revision))
    return [
      { path, message: "must start with a letter or digit and contain only letters, digits, '.', '-', '_' or '/'" },
    ];
  return [];
}

/** Rules beyond the schema (api.md §4.6, §10); also applied to resources read from git. */
export function validateResourceSync(rs: ResourceSync): FieldError[] {
  const { spec } = rs;
  const errors = [
    ...validateMetadata(rs.metadata),
    ...validateNameReference(spec.repository, 'spec.repository'),
    ...targetRevisionErrors(spec.targetRevision),
  ];
  if (spec.path.length > RESOURCE_SYNC_PATH_MAX)
    errors.push({ path: 'spec.path', message: `must be no more than ${RESOURCE_SYNC_PATH_MAX} characters` });
  if (spec.type !== undefined && !ResourceSyncTypes.includes(spec.type))
    errors.push({ path: 'spec.type', message: `must be one of ${ResourceSyncTypes.join(', ')}` });
  return errors;
}
