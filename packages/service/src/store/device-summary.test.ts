import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, openTestDatabase, type TestDatabase } from '@flightctl/testing';
import { DEVICE_SUMMARY_COLUMNS, summarizeDevices, summarizeListedDevices } from './device-summary.js';
import type { Resource } from './resource-rows.js';
import { DEFAULT_ORG_ID as ORG, devices } from './schema.js';
import { Store } from './store.js';

const status = (summary: string, updated: string, apps: string, osMode?: string) => ({
  summary: { status: summary },
  updated: { status: updated },
  applicationsSummary: { status: apps },
  ...(osMode !== undefined ? { capabilities: { osMode } } : {}),
});

const fixtures = [
  { name: 'd1', labels: { site: 'a' }, status: status('Online', 'UpToDate', 'Healthy', 'image') },
  { name: 'd2', labels: { site: 'a' }, status: status('Online', 'OutOfDate', 'Degraded', 'package') },
  { name: 'd3', labels: { site: 'b' }, status: status('Unknown', 'UpToDate', 'Healthy') },
  { name: 'd4', labels: { site: 'b' }, status: status('Error', 'Updating', 'NoApplications', '') },
];

describe.each(databaseKinds())('device summary on %s', (kind) => {
  let t: TestDatabase;
  let store: Store;

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    store = new Store(t.database.db);
    for (const d of fixtures) {
      await store.devices.withType<Resource>().create(ORG, {
        apiVersion: '',
        kind: 'Device',
        metadata: { name: d.name, labels: d.labels },
        status: d.status,
      });
    }
    await store.devices
      .withType<Resource>()
      .create(ORG, { apiVersion: '', kind: 'Device', metadata: { name: 'no-status' } });
  });
  afterAll(() => t?.dispose());

  it('counts every matching device by status and OS mode', async () => {
    expect(await summarizeDevices(t.database.db, ORG)).toEqual({
      total: 5,
      applicationStatus: { Healthy: 2, Degraded: 1, NoApplications: 1 },
      summaryStatus: { Online: 2, Unknown: 1, Error: 1 },
      updateStatus: { UpToDate: 2, OutOfDate: 1, Updating: 1 },
      capabilities: { osMode: { image: 1, package: 1, unknown: 3 } },
    });
  });

  it('applies the predicate', async () => {
    const summary = await summarizeDevices(t.database.db, ORG, sql`${devices.labels} @> '{"site":"b"}'`);
    expect(summary).toEqual({
      total: 2,
      applicationStatus: { Healthy: 1, NoApplications: 1 },
      summaryStatus: { Unknown: 1, Error: 1 },
      updateStatus: { UpToDate: 1, Updating: 1 },
      capabilities: { osMode: { unknown: 2 } },
    });
  });

  it('is empty for an organization without devices', async () => {
    expect(await summarizeDevices(t.database.db, ORG, sql`false`)).toEqual({
      total: 0,
      applicationStatus: {},
      summaryStatus: {},
      updateStatus: {},
      capabilities: { osMode: {} },
    });
  });

  it('gives the same counts over a listed page', async () => {
    const page = await store.devices.listJson(ORG, {}, DEVICE_SUMMARY_COLUMNS);
    expect(summarizeListedDevices(page.items)).toEqual(await summarizeDevices(t.database.db, ORG));
  });
});
