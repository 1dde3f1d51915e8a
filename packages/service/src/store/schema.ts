/**
 * Drizzle schema: one table per stored kind, all keyed by (org_id, name).
 * spec/status/labels/annotations are JSONB holding the API objects' JSON as-is.
 * Migrations in ../../migrations are generated from this file (`npm run db:generate -w @flightctl/service`).
 */
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  customType,
  foreignKey,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

export const DEFAULT_ORG_ID = '00000000-0000-0000-0000-000000000000';

const tz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * Names compare bytewise whatever the database locale, so list order and continue tokens are the
 * same on every server, and `ORDER BY name` walks the primary key.
 */
const nameText = customType<{ data: string }>({ dataType: () => 'text COLLATE "C"' });

export const organizations = pgTable(
  'organizations',
  {
    id: uuid('id').primaryKey(),
    displayName: text('display_name').notNull().default(''),
    /** The identity provider's name for the organization; unique when set. */
    externalId: text('external_id').notNull().default(''),
    createdAt: tz('created_at').notNull().defaultNow(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('organizations_external_id_idx')
      .on(t.externalId)
      .where(sql`${t.externalId} <> ''`),
  ],
);

const orgId = () =>
  uuid('org_id')
    .notNull()
    .references(() => organizations.id);

/** Columns every resource row has. */
const base = () => ({
  orgId: orgId(),
  name: nameText('name').notNull(),
  owner: text('owner'),
  labels: jsonb('labels').$type<Record<string, string>>().notNull().default({}),
  annotations: jsonb('annotations').$type<Record<string, string>>().notNull().default({}),
  generation: bigint('generation', { mode: 'number' }).notNull().default(1),
  resourceVersion: bigint('resource_version', { mode: 'number' }).notNull().default(1),
  createdAt: tz('created_at').notNull().defaultNow(),
  updatedAt: tz('updated_at').notNull().defaultNow(),
  spec: jsonb('spec').$type<unknown>(),
  status: jsonb('status').$type<unknown>(),
});

/** Indexes every resource table gets: owner lookups and label containment/existence (GIN jsonb_ops). */
const resourceIndexes = (table: string, t: { orgId: AnyPgColumn; owner: AnyPgColumn; labels: AnyPgColumn }) => [
  index(`${table}_owner_idx`).on(t.orgId, t.owner),
  index(`${table}_labels_idx`).using('gin', t.labels),
];

export const devices = pgTable(
  'devices',
  {
    ...base(),
    /** Copy of label `alias`, for the `metadata.alias` / `metadata.nameOrAlias` selectors. */
    alias: text('alias'),
    /** Conditions the service owns (SpecValid, MultipleOwners), merged into status on read. */
    serviceConditions: jsonb('service_conditions').$type<unknown>(),
    // The statuses the devices summary counts and selectors filter on, extracted once per write
    // rather than once per read: counting 100,000 devices reads short columns, not every status.
    applicationsStatus: text('applications_status').generatedAlwaysAs(
      sql`("status"->'applicationsSummary'->>'status')`,
    ),
    summaryStatus: text('summary_status').generatedAlwaysAs(sql`("status"->'summary'->>'status')`),
    updatedStatus: text('updated_status').generatedAlwaysAs(sql`("status"->'updated'->>'status')`),
    osMode: text('os_mode').generatedAlwaysAs(sql`("status"->'capabilities'->>'osMode')`),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.name] }),
    ...resourceIndexes('devices', t),
    // Also, in migrations because Drizzle cannot declare INCLUDE: devices_name_labels_idx,
    // (org_id, name) INCLUDE (labels), from which device lists read a page's names (0002); and
    // devices_status_summary_idx, (org_id) INCLUDE (the four status columns), for summaries (0004).
    index('devices_alias_idx').on(t.orgId, t.alias),
    // Label containment (`labels @> …`, every equality selector) through the smaller, exact
    // jsonb_path_ops index; the resource-wide jsonb_ops index still serves key existence (`?`).
    index('devices_labels_path_idx').using('gin', sql`${t.labels} jsonb_path_ops`),
    index('devices_summary_status_idx').on(t.orgId, t.summaryStatus),
    index('devices_updated_status_idx').on(t.orgId, t.updatedStatus),
    index('devices_apps_status_idx').on(t.orgId, t.applicationsStatus),
  ],
);

/** Written on every agent contact; kept apart from `devices` so heartbeats do not rewrite device rows. */
export const deviceTimestamps = pgTable(
  'device_timestamps',
  {
    orgId: uuid('org_id').notNull(),
    name: nameText('name').notNull(),
    lastSeen: tz('last_seen'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.name] }),
    foreignKey({ columns: [t.orgId, t.name], foreignColumns: [devices.orgId, devices.name] }).onDelete('cascade'),
  ],
);

const resourceTable = (name: string) =>
  pgTable(name, base(), (t) => [primaryKey({ columns: [t.orgId, t.name] }), ...resourceIndexes(name, t)]);

export const fleets = resourceTable('fleets');
export const repositories = resourceTable('repositories');
export const resourceSyncs = resourceTable('resource_syncs');
export const enrollmentRequests = resourceTable('enrollment_requests');
export const certificateSigningRequests = resourceTable('certificate_signing_requests');
export const authProviders = resourceTable('auth_providers');

export const templateVersions = pgTable(
  'template_versions',
  { ...base(), fleetName: nameText('fleet_name').notNull() },
  (t) => [
    primaryKey({ columns: [t.orgId, t.fleetName, t.name] }),
    foreignKey({ columns: [t.orgId, t.fleetName], foreignColumns: [fleets.orgId, fleets.name] }).onDelete('cascade'),
    index('template_versions_created_idx').on(t.orgId, t.fleetName, t.createdAt, t.name),
  ],
);

export const events = pgTable(
  'events',
  {
    orgId: orgId(),
    name: nameText('name').notNull(),
    owner: text('owner'),
    annotations: jsonb('annotations').$type<Record<string, string>>().notNull().default({}),
    createdAt: tz('created_at').notNull().defaultNow(),
    reason: text('reason').notNull(),
    type: text('type').notNull(),
    message: text('message').notNull(),
    actor: text('actor').notNull(),
    sourceComponent: text('source_component').notNull(),
    involvedObjectKind: text('involved_object_kind').notNull(),
    involvedObjectName: text('involved_object_name').notNull(),
    details: jsonb('details').$type<unknown>(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.name] }),
    index('events_created_idx').on(t.orgId, t.createdAt, t.name),
    index('events_involved_object_idx').on(t.orgId, t.involvedObjectKind, t.involvedObjectName),
    index('events_reason_idx').on(t.orgId, t.reason),
  ],
);
