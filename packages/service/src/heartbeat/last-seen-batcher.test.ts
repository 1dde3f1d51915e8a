import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { databaseKinds, openTestDatabase, waitFor, type TestDatabase } from '@flightctl/testing';
import { DEFAULT_ORG_ID as ORG, Store, type DeviceLastSeenStore, type Resource } from '../store/index.js';
import { LastSeenBatcher } from './last-seen-batcher.js';

const logger = pino({ level: 'silent' });

describe.each(databaseKinds())('LastSeenBatcher on %s', (kind) => {
  let t: TestDatabase;
  let store: Store;

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    store = new Store(t.database.db);
    for (const name of ['hb-1', 'hb-2', 'hb-3', 'hb-4'])
      await store.devices.withType<Resource>().create(ORG, { apiVersion: '', kind: 'Device', metadata: { name } });
  });
  afterAll(() => t?.dispose());

  /** The store, counting the writes the batcher makes. */
  function countingStore(): { lastSeen: DeviceLastSeenStore; writes: string[][] } {
    const writes: string[][] = [];
    const lastSeen = store.deviceLastSeen;
    const record = lastSeen.recordLastSeen.bind(lastSeen);
    const spy = Object.create(lastSeen) as DeviceLastSeenStore;
    spy.recordLastSeen = vi.fn(async (orgId: string, names: readonly string[], at: Date) => {
      writes.push([...names]);
      await record(orgId, names, at);
    });
    return { lastSeen: spy, writes };
  }

  it('writes a batch once enough devices are pending, each device once', async () => {
    const { lastSeen, writes } = countingStore();
    const batcher = new LastSeenBatcher(lastSeen, { flushIntervalMs: 60_000, flushSize: 2, logger });
    batcher.record(ORG, 'hb-1');
    batcher.record(ORG, 'hb-1');
    expect(writes).toEqual([]);
    batcher.record(ORG, 'hb-2');
    await waitFor(() => writes.length === 1, { what: 'the batch' });
    expect(writes).toEqual([['hb-1', 'hb-2']]);
    expect(await store.deviceLastSeen.getLastSeen(ORG, 'hb-2')).toBeInstanceOf(Date);
    await batcher.close();
  });

  it('writes what is pending at every interval, and on close', async () => {
    const { lastSeen, writes } = countingStore();
    const batcher = new LastSeenBatcher(lastSeen, { flushIntervalMs: 50, flushSize: 1000, logger });
    batcher.record(ORG, 'hb-3');
    await waitFor(() => writes.length === 1, { what: 'the interval flush' });
    batcher.record(ORG, 'hb-4');
    await batcher.close();
    expect(writes).toEqual([['hb-3'], ['hb-4']]);
    expect(await store.deviceLastSeen.getLastSeen(ORG, 'hb-4')).toBeInstanceOf(Date);
  });

  it('survives a failed write: the next batch goes through', async () => {
    const lastSeen = Object.create(store.deviceLastSeen) as DeviceLastSeenStore;
    lastSeen.recordLastSeen = vi.fn().mockRejectedValueOnce(new Error('database down')).mockResolvedValue(undefined);
    const batcher = new LastSeenBatcher(lastSeen, { flushIntervalMs: 60_000, flushSize: 1, logger });
    batcher.record(ORG, 'hb-1');
    batcher.record(ORG, 'hb-2');
    await batcher.close();
    expect(lastSeen.recordLastSeen).toHaveBeenCalledTimes(2);
  });
});
