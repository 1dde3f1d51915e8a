import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, openTestDatabase, type TestDatabase } from '@flightctl/testing';
import { listDeviceLabels } from './device-labels.js';
import type { Resource } from './resource-rows.js';
import { DEFAULT_ORG_ID as ORG, devices, organizations } from './schema.js';
import { Store } from './store.js';

const OTHER_ORG = 'aaaaaaaa-0000-4000-8000-000000000002';

describe.each(databaseKinds())('device labels on %s', (kind) => {
  let t: TestDatabase;
  let store: Store;

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    store = new Store(t.database.db);
    await t.database.db.insert(organizations).values({ id: OTHER_ORG });
    const device = (name: string, labels: Record<string, string>): Resource => ({
      apiVersion: '',
      kind: 'Device',
      metadata: { name, labels },
    });
    const devicesStore = store.devices.withType<Resource>();
    await devicesStore.create(ORG, device('d1', { region: 'eu', tier: 'web' }));
    await devicesStore.create(ORG, device('d2', { region: 'eu', tier: 'db', 'app.io/x': 'y' }));
    await devicesStore.create(ORG, device('d3', { region: 'us' }));
    await devicesStore.create(OTHER_ORG, device('o1', { secret: 'label' }));
    await store.fleets
      .withType<Resource>()
      .create(ORG, { apiVersion: '', kind: 'Fleet', metadata: { name: 'f', labels: { fleet: 'only' } }, spec: {} });
  });
  afterAll(() => t?.dispose());

  it('lists the distinct labels of the organization’s devices (not fleets), sorted', async () => {
    expect(await listDeviceLabels(t.database.db, ORG)).toEqual([
      'app.io/x=y',
      'region=eu',
      'region=us',
      'tier=db',
      'tier=web',
    ]);
    expect(await listDeviceLabels(t.database.db, ORG, { limit: 2 })).toEqual(['app.io/x=y', 'region=eu']);
  });

  it('restricts to matching devices and to matching labels', async () => {
    const deviceWhere = sql`${devices.labels} @> '{"region":"eu"}'`;
    expect(await listDeviceLabels(t.database.db, ORG, { deviceWhere })).toEqual([
      'app.io/x=y',
      'region=eu',
      'tier=db',
      'tier=web',
    ]);
    expect(await listDeviceLabels(t.database.db, ORG, { deviceWhere, labelWhere: sql`l.key = 'tier'` })).toEqual([
      'tier=db',
      'tier=web',
    ]);
    expect(await listDeviceLabels(t.database.db, ORG, { labelWhere: sql`l.value like '%u%'` })).toEqual([
      'region=eu',
      'region=us',
    ]);
  });

  it('rejects a limit above 1000', async () => {
    await expect(listDeviceLabels(t.database.db, ORG, { limit: 1001 })).rejects.toMatchObject({ code: 400 });
  });
});
