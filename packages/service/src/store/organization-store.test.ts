import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, openTestDatabase, type TestDatabase } from '@flightctl/testing';
import { DEFAULT_ORG_ID, organizations } from './schema.js';
import { Store } from './store.js';

const OTHER = 'aaaaaaaa-0000-4000-8000-000000000001';

describe.each(databaseKinds())('OrganizationStore on %s', (kind) => {
  let t: TestDatabase;
  let store: Store;

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    store = new Store(t.database.db);
    await t.database.db.insert(organizations).values({ id: OTHER, externalId: 'acme', displayName: 'Acme' });
  });
  afterAll(() => t?.dispose());

  it('has the default organization seeded by migration', async () => {
    expect(await store.organizations.get(DEFAULT_ORG_ID)).toEqual({
      apiVersion: 'flightctl.io/v1beta1',
      kind: 'Organization',
      metadata: { name: DEFAULT_ORG_ID },
      spec: { displayName: 'Default', externalId: 'default' },
    });
  });

  it('lists all organizations, or only the given ones', async () => {
    expect((await store.organizations.list()).map((o) => o.metadata.name)).toEqual([DEFAULT_ORG_ID, OTHER]);
    expect(await store.organizations.list([OTHER])).toEqual([
      {
        apiVersion: 'flightctl.io/v1beta1',
        kind: 'Organization',
        metadata: { name: OTHER },
        spec: { displayName: 'Acme', externalId: 'acme' },
      },
    ]);
    expect(await store.organizations.list([])).toEqual([]);
  });

  it('returns undefined for an unknown id', async () => {
    expect(await store.organizations.get('bbbbbbbb-0000-4000-8000-000000000001')).toBeUndefined();
  });
});
