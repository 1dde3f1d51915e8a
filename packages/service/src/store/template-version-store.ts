/**
 * TemplateVersions: immutable snapshots of a fleet's device template, keyed by
 * (org, fleet, name), deleted with their fleet, listed newest first (ref/api.md §5.2).
 */
import { type SQL, and, eq } from 'drizzle-orm';
import { notFound } from '@flightctl/api';
import type { Db } from './db.js';
import { isForeignKeyViolation } from './db-errors.js';
import { type Keyset, type Page, timestampKey, readPage } from './pagination.js';
import { countRows } from './query-rows.js';
import { type Resource, deleteResource, insertResource, selectResources } from './resource-rows.js';
import type { ListOptions } from './resource-store.js';
import { templateVersions } from './schema.js';

const KIND = 'TemplateVersion';
const t = templateVersions;
const NEWEST_FIRST: Keyset = { keys: [timestampKey(t.createdAt), { column: t.name }], order: 'desc' };

export class TemplateVersionStore<T extends Resource = Resource> {
  constructor(private readonly db: Db) {}

  withType<U extends Resource>(): TemplateVersionStore<U> {
    return this as unknown as TemplateVersionStore<U>;
  }

  private inFleet(orgId: string, fleet: string): SQL {
    return and(eq(t.orgId, orgId), eq(t.fleetName, fleet))!;
  }

  async get(orgId: string, fleet: string, name: string): Promise<T | undefined> {
    const [obj] = await selectResources<T>(this.db, t, KIND, and(this.inFleet(orgId, fleet), eq(t.name, name)));
    return obj;
  }

  /** 404 for the fleet when it does not exist; 409 when the name is taken in that fleet. */
  async create(orgId: string, fleet: string, tv: T): Promise<T> {
    try {
      return await insertResource(this.db, t, KIND, { orgId, fleetName: fleet, name: tv.metadata.name! }, tv);
    } catch (err) {
      if (isForeignKeyViolation(err)) throw notFound('Fleet', fleet);
      throw err;
    }
  }

  delete(orgId: string, fleet: string, name: string): Promise<T | undefined> {
    return deleteResource<T>(this.db, t, KIND, and(this.inFleet(orgId, fleet), eq(t.name, name))!);
  }

  /** Newest first by (creationTimestamp, name); the continue token carries both. */
  list(orgId: string, fleet: string, options: ListOptions = {}): Promise<Page<T>> {
    const scope = and(this.inFleet(orgId, fleet), options.where);
    return readPage<T>(
      {
        keyset: NEWEST_FIRST,
        fetch: (bound, orderBy, limit) => selectResources<T>(this.db, t, KIND, and(scope, bound), { orderBy, limit }),
        count: () => countRows(this.db, t, scope),
        keyOf: (tv) => [tv.metadata.creationTimestamp!, tv.metadata.name!],
      },
      options,
    );
  }
}
