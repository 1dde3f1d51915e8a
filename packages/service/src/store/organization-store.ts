/**
 * Organizations (ref/api.md §4.11, ref/service.md §10): read-only through the API; the default
 * organization is seeded by migration.
 */
import { asc, eq, inArray } from 'drizzle-orm';
import { API_VERSION_FULL, type Organization } from '@flightctl/api';
import type { Db } from './db.js';
import { organizations } from './schema.js';

const o = organizations;
const selection = { id: o.id, displayName: o.displayName, externalId: o.externalId };

/** `metadata.name` is the organization's id. */
function toOrganization(row: { id: string; displayName: string; externalId: string }): Organization {
  return {
    apiVersion: API_VERSION_FULL,
    kind: 'Organization',
    metadata: { name: row.id },
    spec: { displayName: row.displayName, externalId: row.externalId },
  };
}

export class OrganizationStore {
  constructor(private readonly db: Db) {}

  /** All organizations, or only those whose ids are given; ordered by id. */
  async list(ids?: readonly string[]): Promise<Organization[]> {
    if (ids?.length === 0) return [];
    const rows = await this.db
      .select(selection)
      .from(o)
      .where(ids && inArray(o.id, [...ids]))
      .orderBy(asc(o.id));
    return rows.map(toOrganization);
  }

  async get(id: string): Promise<Organization | undefined> {
    const [row] = await this.db.select(selection).from(o).where(eq(o.id, id));
    return row && toOrganization(row);
  }
}
