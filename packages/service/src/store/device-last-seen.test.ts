import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, openTestDatabase, type TestDatabase } from '@flightctl/testing';
import type { Resource } from './resource-rows.js';
import { DEFAULT_ORG_ID as ORG, deviceTimestamps } from './schema.js';
import { Store } from './store.js';

describe.each(databaseKinds())('DeviceLastSeenStore on %s', (kind) => {
  let t: TestDatabase;
  let store: Store;

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    store = new Store(t.database.db);
    for (const name of ['d1', 'd2', 'd3']) {
      await store.devices.withType<Resource>().create(ORG, { apiVersion: '', kind: 'Device', metadata: { name } });
    }
  });
  afterAll(() => t?.dispose());

  it('is undefined until a device is seen', async () => {
    expect(await store.deviceLastSeen.getLastSeen(ORG, 'd1')).toBeUndefined();
    expect(await store.deviceLastSeen.getLastSeen(ORG, 'missing')).toBeUndefined();
  });

  it('records a batch, skipping devices that do not exist', async () => {
    const at = new Date('2025-01-02T03:04:05.678Z');
    await store.deviceLastSeen.recordLastSeen(ORG, ['d1', 'd2', 'gone'], at);
    expect(await store.deviceLastSeen.getLastSeen(ORG, 'd1')).toEqual(at);
    expect(await store.deviceLastSeen.getLastSeen(ORG, 'd2')).toEqual(at);
    expect(await store.deviceLastSeen.getLastSeen(ORG, 'd3')).toBeUndefined();
    await store.deviceLastSeen.recordLastSeen(ORG, [], at);
  });

  it('never moves a time backwards', async () => {
    const later = new Date('2025-01-02T03:05:00.000Z');
    await store.deviceLastSeen.recordLastSeen(ORG, ['d1'], later);
    await store.deviceLastSeen.recordLastSeen(ORG, ['d1', 'd3'], new Date('2025-01-01T00:00:00.000Z'));
    expect(await store.deviceLastSeen.getLastSeen(ORG, 'd1')).toEqual(later);
    expect(await store.deviceLastSeen.getLastSeen(ORG, 'd3')).toEqual(new Date('2025-01-01T00:00:00.000Z'));
  });

  it('goes with the device and leaves the device row untouched', async () => {
    expect((await store.devices.get(ORG, 'd1'))!.metadata.resourceVersion).toBe('1');
    await store.devices.delete(ORG, 'd1');
    const rows = await t.database.db.select().from(deviceTimestamps);
    expect(rows.map((r) => r.name).sort()).toEqual(['d2', 'd3']);
  });

  it('finds the devices whose summary disagrees with when they were last seen', async () => {
    const cutoff = new Date('2025-01-02T00:00:00.000Z');
    const devices = store.devices.withType<Resource & { status?: unknown }>();
    const summary = (status: string) => (d: Resource & { status?: unknown }) => ({
      ...d,
      status: { summary: { status } },
    });
    for (const name of ['conn-old-online', 'conn-new-unknown', 'conn-old-unknown', 'conn-new-online', 'conn-never']) {
      await devices.create(ORG, { apiVersion: '', kind: 'Device', metadata: { name } });
    }
    await devices.update(ORG, 'conn-old-online', summary('Online'));
    await devices.update(ORG, 'conn-new-unknown', summary('Unknown'));
    await devices.update(ORG, 'conn-old-unknown', summary('Unknown'));
    await devices.update(ORG, 'conn-new-online', summary('Online'));
    await store.deviceLastSeen.recordLastSeen(
      ORG,
      ['conn-old-online', 'conn-old-unknown'],
      new Date('2025-01-01T00:00:00Z'),
    );
    await store.deviceLastSeen.recordLastSeen(
      ORG,
      ['conn-new-unknown', 'conn-new-online'],
      new Date('2025-01-03T00:00:00Z'),
    );
    const changed = await store.deviceLastSeen.connectivityChanged(ORG, cutoff);
    expect(changed.filter((n) => n.startsWith('conn-'))).toEqual(['conn-new-unknown', 'conn-old-online']);
    expect(await store.deviceLastSeen.connectivityChanged('11111111-1111-1111-1111-111111111111', cutoff)).toEqual([]);
  });
});
