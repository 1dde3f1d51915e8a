/** ResourceSyncs: `spec.type` (fleet or catalog) is fixed at creation. */
import { FIELD_CATALOGS, ResourceSync, badRequest, validateResourceSync } from '@flightctl/api';
import { resourceSyncs } from '../store/schema.js';
import { SELECTABLE_COLUMNS } from '../store/selectable-columns.js';
import type { ResourceKind } from './resource-kind.js';

const typeOf = (rs: ResourceSync) => rs.spec.type ?? 'fleet';

export const resourceSyncKind: ResourceKind<ResourceSync> = {
  kind: 'ResourceSync',
  listKind: 'ResourceSyncList',
  plural: 'resourcesyncs',
  schema: ResourceSync,
  validate: validateResourceSync,
  store: (s) => s.resourceSyncs.withType<ResourceSync>(),
  initialStatus: () => ({ conditions: [] }),
  catalog: FIELD_CATALOGS.ResourceSync,
  columns: SELECTABLE_COLUMNS.ResourceSync,
  labels: resourceSyncs.labels,
  beforeUpdate(_h, current, next) {
    if (typeOf(current) !== typeOf(next)) throw badRequest('spec.type is immutable');
  },
};
