/** Fleet rules: owned fleets (from a ResourceSync) cannot be changed or deleted by users. */
import { isDeepStrictEqual } from 'node:util';
import {
  ApiError,
  FIELD_CATALOGS,
  Fleet,
  MSG_DELETE_WITH_OWNER,
  MSG_UPDATE_WITH_OWNER,
  validateFleet,
} from '@flightctl/api';
import { fleets } from '../store/schema.js';
import { SELECTABLE_COLUMNS } from '../store/selectable-columns.js';
import type { ResourceKind } from './resource-kind.js';
import type { UpdatedField } from './resource-events.js';

/** The device template's metadata keeps only what a user sets; server-managed fields are dropped on write. */
function keepUserTemplateMetadata(fleet: Fleet): void {
  const meta = fleet.spec.template.metadata;
  if (!meta) return;
  fleet.spec.template.metadata = {
    ...(meta.name !== undefined ? { name: meta.name } : {}),
    ...(meta.labels !== undefined ? { labels: meta.labels } : {}),
  };
}

export const fleetKind: ResourceKind<Fleet> = {
  kind: 'Fleet',
  listKind: 'FleetList',
  plural: 'fleets',
  schema: Fleet,
  validate: validateFleet,
  store: (s) => s.fleets.withType<Fleet>(),
  initialStatus: () => ({ conditions: [] }),
  catalog: FIELD_CATALOGS.Fleet,
  columns: SELECTABLE_COLUMNS.Fleet,
  labels: fleets.labels,
  updatedFields(before, after) {
    const fields: UpdatedField[] = [];
    if (!isDeepStrictEqual(before.spec.selector, after.spec.selector)) fields.push('spec.selector');
    if (!isDeepStrictEqual(before.spec.template, after.spec.template)) fields.push('spec.template');
    return fields;
  },
  beforeCreate: (_h, fleet) => keepUserTemplateMetadata(fleet),
  beforeUpdate(_h, current, next) {
    keepUserTemplateMetadata(next);
    if (!current.metadata.owner) return;
    const changed =
      !isDeepStrictEqual(current.spec, next.spec) ||
      !isDeepStrictEqual(current.metadata.labels ?? {}, next.metadata.labels ?? {});
    if (changed) throw new ApiError(409, MSG_UPDATE_WITH_OWNER);
  },
  beforeDelete(_h, fleet) {
    if (fleet.metadata.owner) throw new ApiError(409, MSG_DELETE_WITH_OWNER);
  },
};
