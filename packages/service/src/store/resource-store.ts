/**
 * Get, create, compare-and-swap update, delete, list and count for one resource kind stored in
 * one table keyed by (org_id, name) (ref/service.md §2.3, §2.6).
 */
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { type SQL, and, eq, inArray } from 'drizzle-orm';
import { MSG_RESOURCE_VERSION_CONFLICT, conflict, notFound } from '@flightctl/api';
import type { Db } from './db.js';
import { tooLargeAsBadRequest } from './db-errors.js';
import { type Page, type PageRequest, readPage } from './pagination.js';
import { countRows } from './query-rows.js';
import {
  type Resource,
  type ResourceRow,
  type ResourceTable,
  type WritableFields,
  deleteResource,
  insertResource,
  resourceJson,
  resourceSelection,
  selectResources,
  toResource,
  writableFields,
} from './resource-rows.js';
import { statementTime } from './timestamps.js';

/** Upstream's retry budget for a write that keeps losing the compare-and-swap race. */
export const MAX_UPDATE_ATTEMPTS = 10;

export interface ResourceStoreOptions<T extends Resource> {
  /** Columns kept in step with the object on every write (e.g. the device alias). */
  derivedColumns?: (obj: T) => Record<string, unknown>;
}

/** A listed object as the JSON text of the API, and its name (the page's sort key). */
export interface JsonRow {
  name: string;
  json: string;
}

export interface ListOptions extends PageRequest {
  /** Predicate over the table's columns (selectors); ANDed with the organization. */
  where?: SQL;
}

export interface UpdateResult<T> {
  before: T;
  after: T;
  /** False when `mutate` changed nothing; then nothing was written and `after` is `before`. */
  changed: boolean;
}

export interface UpdateOptions {
  /** Leaves generation as it is even when the spec changes (decommissioning does, as upstream). */
  keepGeneration?: boolean;
}

/**
 * `mutate` gets a private copy of the stored object and returns the object to store; it may run
 * several times (once per attempt) and may throw (e.g. an ApiError) to abort the update.
 */
export type Mutation<T> = (current: T) => T | Promise<T>;

export class ResourceStore<T extends Resource = Resource> {
  constructor(
    private readonly db: Db,
    private readonly table: ResourceTable,
    readonly kind: string,
    private readonly options: ResourceStoreOptions<T> = {},
  ) {}

  /** The same store viewed with the caller's type for the kind (rows hold what the API validated). */
  withType<U extends Resource>(): ResourceStore<U> {
    return this as unknown as ResourceStore<U>;
  }

  private byName(orgId: string, name: string): SQL {
    return and(eq(this.table.orgId, orgId), eq(this.table.name, name))!;
  }

  async get(orgId: string, name: string): Promise<T | undefined> {
    const [obj] = await selectResources<T>(this.db, this.table, this.kind, this.byName(orgId, name));
    return obj;
  }

  /** Stores owner, labels, annotations, spec and status as given; the name defaults to a random UUID. */
  create(orgId: string, obj: T): Promise<T> {
    const name = obj.metadata.name || randomUUID();
    return insertResource(this.db, this.table, this.kind, { orgId, name }, obj, this.options.derivedColumns?.(obj));
  }

  /**
   * Load → mutate → `UPDATE … WHERE resource_version = <loaded>`; a lost race reloads and reapplies,
   * up to MAX_UPDATE_ATTEMPTS times, then 409. generation moves only when the spec changes.
   */
  async update(
    orgId: string,
    name: string,
    mutate: Mutation<T>,
    options: UpdateOptions = {},
  ): Promise<UpdateResult<T>> {
    const result = await this.updateIfExists(orgId, name, mutate, options);
    if (!result) throw notFound(this.kind, name);
    return result;
  }

  /** `update`, or undefined when there is no such object (a PUT then creates it without reading twice). */
  async updateIfExists(
    orgId: string,
    name: string,
    mutate: Mutation<T>,
    options: UpdateOptions = {},
  ): Promise<UpdateResult<T> | undefined> {
    const t = this.table;
    for (let attempt = 0; attempt < MAX_UPDATE_ATTEMPTS; attempt++) {
      const [row] = (await this.db
        .select(resourceSelection(t))
        .from(t)
        .where(this.byName(orgId, name))) as ResourceRow[];
      if (!row) return undefined;
      const before = toResource<T>(this.kind, row);
      const next = await mutate(structuredClone(before));
      const fields = writableFields(next);
      const stored: WritableFields = {
        owner: row.owner,
        labels: row.labels,
        annotations: row.annotations,
        spec: row.spec,
        status: row.status,
      };
      if (isDeepStrictEqual(fields, stored)) return { before, after: before, changed: false };
      const written: ResourceRow = {
        ...row,
        ...fields,
        generation: row.generation + (options.keepGeneration || isDeepStrictEqual(fields.spec, row.spec) ? 0 : 1),
        resourceVersion: row.resourceVersion + 1,
      };
      const updated = await this.db
        .update(t)
        .set({
          ...fields,
          ...this.options.derivedColumns?.(next),
          generation: written.generation,
          resourceVersion: written.resourceVersion,
          updatedAt: statementTime,
        } as never)
        .where(and(this.byName(orgId, name), eq(t.resourceVersion, row.resourceVersion)))
        .returning({ name: t.name })
        .catch((err: unknown) => {
          throw tooLargeAsBadRequest(err);
        });
      if (updated.length > 0) return { before, after: toResource<T>(this.kind, written), changed: true };
    }
    throw conflict(MSG_RESOURCE_VERSION_CONFLICT);
  }

  /** Returns the deleted object, or undefined when there was none. */
  delete(orgId: string, name: string): Promise<T | undefined> {
    return deleteResource<T>(this.db, this.table, this.kind, this.byName(orgId, name));
  }

  /**
   * One page in name order; see pagination.ts for limit and continue semantics. The page's names
   * are found first and its rows read after: the names can come from an index alone (for devices,
   * (org_id, name) INCLUDE (labels) answers label selectors without visiting the rows that fail).
   */
  list(orgId: string, options: ListOptions = {}): Promise<Page<T>> {
    return this.page(
      orgId,
      options,
      (where, orderBy) => selectResources<T>(this.db, this.table, this.kind, where, { orderBy }),
      (obj) => obj.metadata.name!,
    );
  }

  /**
   * `list` with each object as the JSON text the API shows (`resourceJson`), for responses that
   * pass it through unparsed; `columns` are selected beside it (e.g. what a page summary counts).
   */
  listJson<X extends Record<string, unknown> = Record<string, never>>(
    orgId: string,
    options: ListOptions = {},
    columns = {} as { [K in keyof X]: SQL<X[K]> },
  ): Promise<Page<JsonRow & X>> {
    const t = this.table;
    const selection = { ...columns, name: t.name, json: resourceJson(t, this.kind) };
    return this.page(
      orgId,
      options,
      async (where, orderBy) =>
        (await this.db
          .select(selection)
          .from(t)
          .where(where)
          .orderBy(...orderBy)) as (JsonRow & X)[],
      (row) => row.name,
    );
  }

  /** The page walk of both lists: the page's names by keyset, then `read` of those rows in order. */
  private page<R>(
    orgId: string,
    options: ListOptions,
    read: (where: SQL, orderBy: SQL[]) => Promise<R[]>,
    nameOf: (row: R) => string,
  ): Promise<Page<R>> {
    const t = this.table;
    const scope = and(eq(t.orgId, orgId), options.where);
    return readPage<R>(
      {
        keyset: { keys: [{ column: t.name }], order: 'asc' },
        fetch: (bound, orderBy, limit) => {
          const names = this.db
            .select({ name: t.name })
            .from(t)
            .where(and(scope, bound))
            .orderBy(...orderBy)
            .limit(limit);
          return read(and(eq(t.orgId, orgId), inArray(t.name, names))!, orderBy);
        },
        count: () => countRows(this.db, t, scope),
        keyOf: (row) => [nameOf(row)],
      },
      options,
    );
  }

  /** Every matching object, read page by page (for checks and reconcilers that visit them all). */
  async *all(orgId: string, where?: SQL): AsyncGenerator<T> {
    let continueToken: string | undefined;
    do {
      const page = await this.list(orgId, { where, continueToken });
      yield* page.items;
      continueToken = page.continue;
    } while (continueToken);
  }

  count(orgId: string, where?: SQL): Promise<number> {
    return countRows(this.db, this.table, and(eq(this.table.orgId, orgId), where));
  }
}
