/**
 * Where each kind's field-selector names live in the tables of schema.ts. Types come from the
 * API's field catalogs and the expression maps are typed by the catalogs' names, so a name
 * without a column (or a column without a name) does not compile.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { FIELD_CATALOGS, LABELS_FIELD_CATALOG, type FieldCatalog, type SelectableKind } from '@flightctl/api';
import type { SelectableColumns } from './selector-sql.js';
import {
  authProviders,
  certificateSigningRequests,
  devices,
  enrollmentRequests,
  events,
  fleets,
  repositories,
  resourceSyncs,
  templateVersions,
} from './schema.js';

type Expressions<C extends FieldCatalog> = { [K in keyof C]: SQL | SQL[] };

function columnsFor<C extends FieldCatalog>(catalog: C, expressions: Expressions<C>): SelectableColumns {
  return Object.fromEntries(
    Object.entries(catalog).map(([name, field]) => [
      name,
      { type: field.type, sql: (expressions as Record<string, SQL | SQL[]>)[name] },
    ]),
  );
}

const column = (c: AnyPgColumn): SQL => sql`${c}`;

/**
 * `column->'a'->>'b'`. The path is ours, not the user's, and is inlined as literals so the
 * expression matches the expression indexes on devices.status.
 */
function jsonText(c: AnyPgColumn, ...path: string[]): SQL {
  const steps = path.map((key, i) => `${i === path.length - 1 ? '->>' : '->'}'${key.replace(/'/g, "''")}'`);
  return sql`(${c}${sql.raw(steps.join(''))})`;
}

const common = (table: { name: AnyPgColumn; owner: AnyPgColumn; createdAt: AnyPgColumn }) => ({
  'metadata.name': column(table.name),
  'metadata.owner': column(table.owner),
  'metadata.creationTimestamp': column(table.createdAt),
});

const deviceExpressions: Expressions<typeof FIELD_CATALOGS.Device> = {
  ...common(devices),
  'metadata.alias': column(devices.alias),
  'metadata.nameOrAlias': [column(devices.name), column(devices.alias)],
  'status.summary.status': column(devices.summaryStatus),
  'status.applicationsSummary.status': column(devices.applicationsStatus),
  'status.updated.status': column(devices.updatedStatus),
  'status.lifecycle.status': jsonText(devices.status, 'lifecycle', 'status'),
  'status.capabilities.osMode': column(devices.osMode),
};

export const SELECTABLE_COLUMNS: Readonly<Record<SelectableKind, SelectableColumns>> = {
  Device: columnsFor(FIELD_CATALOGS.Device, deviceExpressions),
  Fleet: columnsFor(FIELD_CATALOGS.Fleet, {
    ...common(fleets),
    'spec.template.spec.os.image': jsonText(fleets.spec, 'template', 'spec', 'os', 'image'),
  }),
  Repository: columnsFor(FIELD_CATALOGS.Repository, {
    ...common(repositories),
    'spec.type': jsonText(repositories.spec, 'type'),
    'spec.url': jsonText(repositories.spec, 'url'),
    'spec.registry': jsonText(repositories.spec, 'registry'),
    'spec.accessMode': jsonText(repositories.spec, 'accessMode'),
  }),
  ResourceSync: columnsFor(FIELD_CATALOGS.ResourceSync, {
    ...common(resourceSyncs),
    'spec.repository': jsonText(resourceSyncs.spec, 'repository'),
    'spec.type': jsonText(resourceSyncs.spec, 'type'),
  }),
  EnrollmentRequest: columnsFor(FIELD_CATALOGS.EnrollmentRequest, {
    ...common(enrollmentRequests),
    'status.approval.approved': jsonText(enrollmentRequests.status, 'approval', 'approved'),
    'status.certificate': jsonText(enrollmentRequests.status, 'certificate'),
  }),
  CertificateSigningRequest: columnsFor(FIELD_CATALOGS.CertificateSigningRequest, {
    ...common(certificateSigningRequests),
    'status.certificate': jsonText(certificateSigningRequests.status, 'certificate'),
  }),
  Event: columnsFor(FIELD_CATALOGS.Event, {
    ...common(events),
    reason: column(events.reason),
    type: column(events.type),
    actor: column(events.actor),
    'involvedObject.kind': column(events.involvedObjectKind),
    'involvedObject.name': column(events.involvedObjectName),
  }),
  AuthProvider: columnsFor(FIELD_CATALOGS.AuthProvider, common(authProviders)),
  // Template versions belong to their fleet through fleet_name; upstream selects that as the owner.
  TemplateVersion: columnsFor(FIELD_CATALOGS.TemplateVersion, {
    ...common(templateVersions),
    'metadata.owner': column(templateVersions.fleetName),
  }),
};

/** `GET /labels` reads one row per device label, `jsonb_each_text(labels) AS l(key, value)` (device-labels.ts). */
const labelKey = sql`l.key`;
const labelValue = sql`l.value`;

export const LABELS_SELECTABLE_COLUMNS: SelectableColumns = columnsFor(LABELS_FIELD_CATALOG, {
  ...deviceExpressions,
  'metadata.labels.key': labelKey,
  'metadata.labels.value': labelValue,
  'metadata.labels.keyOrValue': [labelKey, labelValue],
});
