import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, openTestDatabase, type TestDatabase } from '@flightctl/testing';
import type { Resource } from './resource-rows.js';
import { DEFAULT_ORG_ID as ORG } from './schema.js';
import { Store } from './store.js';

const fleet = (name: string): Resource => ({ apiVersion: '', kind: 'Fleet', metadata: { name }, spec: {} });
/** Free-form fleets: the store does not validate. */
const fleetsOf = (s: Store) => s.fleets.withType<Resource>();

describe.each(databaseKinds())('Store transactions on %s', (kind) => {
  let t: TestDatabase;
  let store: Store;

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    store = new Store(t.database.db);
  });
  afterAll(() => t?.dispose());

  it('commits every write of the transaction together', async () => {
    const result = await store.transaction(async (tx) => {
      await fleetsOf(tx).create(ORG, fleet('committed'));
      await fleetsOf(tx).update(ORG, 'committed', (f) => ({ ...f, spec: { v: 2 } }));
      return (await fleetsOf(tx).get(ORG, 'committed'))!.metadata.resourceVersion;
    });
    expect(result).toBe('2');
    expect((await fleetsOf(store).get(ORG, 'committed'))!.spec).toEqual({ v: 2 });
  });

  it('lists inside a transaction, seeing its own writes', async () => {
    const page = await store.transaction(async (tx) => {
      for (const name of ['tx-a', 'tx-b', 'tx-c']) await fleetsOf(tx).create(ORG, fleet(name));
      return fleetsOf(tx).list(ORG, { limit: 2 });
    });
    expect(page.items.map((f) => f.metadata.name)).toEqual(['committed', 'tx-a']);
    expect(page.remainingItemCount).toBe(2);
  });

  it('rolls back every write when the function throws', async () => {
    const err = await store
      .transaction(async (tx) => {
        await fleetsOf(tx).create(ORG, fleet('rolled-back'));
        await tx.events.create(ORG, {
          apiVersion: '',
          kind: 'Event',
          metadata: {},
          involvedObject: { kind: 'Fleet', name: 'rolled-back' },
          reason: 'ResourceCreated',
          message: 'Fleet was created successfully.',
          type: 'Normal',
          source: { component: 'test' },
          actor: 'user:test',
        });
        throw new Error('boom');
      })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ message: 'boom' });
    expect(await fleetsOf(store).get(ORG, 'rolled-back')).toBeUndefined();
    expect((await store.events.list(ORG)).items).toEqual([]);
  });

  it('rolls back when a write inside fails', async () => {
    await fleetsOf(store).create(ORG, fleet('taken'));
    const err = await store
      .transaction(async (tx) => {
        await fleetsOf(tx).create(ORG, fleet('first'));
        await fleetsOf(tx).create(ORG, fleet('taken'));
      })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 409 });
    expect(await fleetsOf(store).get(ORG, 'first')).toBeUndefined();
  });
});
