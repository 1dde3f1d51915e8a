/**
 * Resource rows ↔ API objects. A row holds the metadata columns plus spec/status JSONB exactly as
 * the API shows them; reading builds `{apiVersion, kind, metadata, spec?, status?}` straight from
 * the selected columns, without intermediate copies (lists of thousands go through here).
 */
import { type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import { API_VERSION_FULL, MSG_ALREADY_EXISTS, conflict, type ObjectMeta } from '@flightctl/api';
import type { Db } from './db.js';
import { isUniqueViolation, tooLargeAsBadRequest } from './db-errors.js';
import { rfc3339, statementTime } from './timestamps.js';

/** Any stored resource as the API shows it. */
export interface Resource {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: unknown;
  status?: unknown;
}

/** The columns every resource table has (schema.ts `base()`). */
export interface ResourceColumns {
  orgId: AnyPgColumn;
  name: AnyPgColumn;
  owner: AnyPgColumn;
  labels: AnyPgColumn;
  annotations: AnyPgColumn;
  generation: AnyPgColumn;
  resourceVersion: AnyPgColumn;
  createdAt: AnyPgColumn;
  updatedAt: AnyPgColumn;
  spec: AnyPgColumn;
  status: AnyPgColumn;
}

export type ResourceTable = PgTable & ResourceColumns;

/** What a write stores from the object; everything else in metadata is the store's to manage. */
export interface WritableFields {
  owner: string | null;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  spec: unknown;
  status: unknown;
}

export interface ResourceRow extends WritableFields {
  name: string;
  generation: number;
  resourceVersion: number;
  /** RFC 3339, microsecond precision. */
  createdAt: string;
}

export function resourceSelection(t: ResourceColumns) {
  return {
    name: t.name,
    owner: t.owner,
    labels: t.labels,
    annotations: t.annotations,
    generation: t.generation,
    resourceVersion: t.resourceVersion,
    createdAt: rfc3339(t.createdAt),
    spec: t.spec,
    status: t.status,
  };
}

export function toResource<T extends Resource>(kind: string, row: ResourceRow): T {
  const metadata: ObjectMeta = { name: row.name, labels: row.labels, annotations: row.annotations };
  if (row.owner !== null) metadata.owner = row.owner;
  metadata.generation = row.generation;
  metadata.resourceVersion = String(row.resourceVersion);
  metadata.creationTimestamp = row.createdAt;
  const obj: Resource = { apiVersion: API_VERSION_FULL, kind, metadata };
  if (row.spec !== null) obj.spec = row.spec;
  if (row.status !== null) obj.status = row.status;
  return obj as T;
}

/**
 * The object `toResource` builds, as JSON text written by the database: the same members in the
 * same order (spec, status and owner only when set), the JSONB columns as PostgreSQL prints them
 * (`{"a": 1}`, spaced). Lists splice it into the response unparsed.
 */
export function resourceJson(t: ResourceColumns, kind: string): SQL<string> {
  const head = `{"apiVersion":${JSON.stringify(API_VERSION_FULL)},"kind":${JSON.stringify(kind)},"metadata":{"name":`;
  // concat() skips NULL arguments, and `'…' || NULL` is NULL: optional members vanish when unset.
  return sql<string>`concat(${head}::text, to_json(${t.name})::text,
    ',"labels":', ${t.labels}::text, ',"annotations":', ${t.annotations}::text,
    ',"owner":' || to_json(${t.owner})::text,
    ',"generation":', ${t.generation}::text, ',"resourceVersion":', to_json(${t.resourceVersion}::text)::text,
    ',"creationTimestamp":', to_json(${rfc3339(t.createdAt)})::text, '}',
    ',"spec":' || ${t.spec}::text, ',"status":' || ${t.status}::text, '}')`;
}

/**
 * The stored fields of an object, passed through JSON so that what is compared and returned is
 * exactly what the database will hold (no `undefined` members).
 */
export function writableFields(obj: Resource): WritableFields {
  const { owner, labels, annotations } = obj.metadata;
  return JSON.parse(
    JSON.stringify({
      owner: owner ?? null,
      labels: labels ?? {},
      annotations: annotations ?? {},
      spec: obj.spec ?? null,
      status: obj.status ?? null,
    }),
  ) as WritableFields;
}

export interface SelectOptions {
  orderBy?: SQL[];
  limit?: number;
}

export async function selectResources<T extends Resource>(
  db: Db,
  table: ResourceTable,
  kind: string,
  where: SQL | undefined,
  options: SelectOptions = {},
): Promise<T[]> {
  let query = db.select(resourceSelection(table)).from(table).where(where).$dynamic();
  if (options.orderBy) query = query.orderBy(...options.orderBy);
  if (options.limit !== undefined) query = query.limit(options.limit);
  const rows = (await query) as ResourceRow[];
  return rows.map((row) => toResource<T>(kind, row));
}

/**
 * Inserts a new object at generation 1, resourceVersion 1 (the column defaults), created now.
 * `key` holds the key columns (org, name, and any parent); `derived` extra columns computed from
 * the object. A taken key is a 409.
 */
export async function insertResource<T extends Resource>(
  db: Db,
  table: ResourceTable,
  kind: string,
  key: { orgId: string; name: string } & Record<string, unknown>,
  obj: T,
  derived: Record<string, unknown> = {},
): Promise<T> {
  const fields = writableFields(obj);
  const values = { ...key, ...fields, ...derived, createdAt: statementTime, updatedAt: statementTime };
  let createdAt: string;
  try {
    [{ createdAt }] = (await db
      .insert(table)
      .values(values as never)
      .returning({ createdAt: rfc3339(table.createdAt) })) as [{ createdAt: string }];
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(MSG_ALREADY_EXISTS);
    throw tooLargeAsBadRequest(err);
  }
  return toResource<T>(kind, { name: key.name, ...fields, generation: 1, resourceVersion: 1, createdAt });
}

/** Deletes the row matching `where` and returns it as an object. */
export async function deleteResource<T extends Resource>(
  db: Db,
  table: ResourceTable,
  kind: string,
  where: SQL,
): Promise<T | undefined> {
  const [row] = (await db.delete(table).where(where).returning(resourceSelection(table))) as ResourceRow[];
  return row && toResource<T>(kind, row);
}
