import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Event, EventReason } from '@flightctl/api';
import { databaseKinds, openTestDatabase, type TestDatabase } from '@flightctl/testing';
import { DEFAULT_ORG_ID as ORG, events } from './schema.js';
import { Store } from './store.js';

const event = (name: string, reason: EventReason = 'ResourceCreated', extra: Partial<Event> = {}): Event => ({
  apiVersion: 'flightctl.io/v1beta1',
  kind: 'Event',
  metadata: {},
  involvedObject: { kind: 'Device', name },
  reason,
  message: `Device was created successfully.`,
  type: 'Normal',
  source: { component: 'flightctl-api' },
  actor: 'user:alice',
  ...extra,
});

/** (creationTimestamp, name) of each event, compared as upstream orders them. */
const sortKey = (e: Event) => `${e.metadata.creationTimestamp!.replace(/Z$/, '').padEnd(26, '0')} ${e.metadata.name}`;

describe.each(databaseKinds())('EventStore on %s', (kind) => {
  let t: TestDatabase;
  let store: Store;

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    store = new Store(t.database.db);
  });
  afterAll(() => t?.dispose());
  beforeEach(async () => {
    await t.database.db.delete(events);
  });

  it('stores the event as the API shows it', async () => {
    const created = await store.events.create(
      ORG,
      event('d1', 'ResourceUpdated', {
        metadata: { name: 'e-1', annotations: { 'event-controller/requestID': 'r1' } },
        details: { detailType: 'ResourceUpdated', updatedFields: ['spec'] },
      }),
    );
    expect(created).toEqual({
      apiVersion: 'flightctl.io/v1beta1',
      kind: 'Event',
      metadata: {
        name: 'e-1',
        creationTimestamp: expect.stringMatching(/Z$/),
        annotations: { 'event-controller/requestID': 'r1' },
      },
      involvedObject: { kind: 'Device', name: 'd1' },
      reason: 'ResourceUpdated',
      message: 'Device was created successfully.',
      type: 'Normal',
      source: { component: 'flightctl-api' },
      actor: 'user:alice',
      details: { detailType: 'ResourceUpdated', updatedFields: ['spec'] },
    });
    const { items } = await store.events.list(ORG);
    expect(items).toEqual([created]);
  });

  it('names unnamed events with a UUID and omits empty annotations and details', async () => {
    const created = await store.events.create(ORG, event('d1'));
    expect(created.metadata.name).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.metadata).not.toHaveProperty('annotations');
    expect(created).not.toHaveProperty('details');
  });

  it('pages newest first by default and oldest first on request', async () => {
    for (let i = 0; i < 9; i++) await store.events.create(ORG, event(`d${i}`));
    const desc = (await store.events.list(ORG)).items;
    expect(desc.map(sortKey)).toEqual(desc.map(sortKey).sort().reverse());
    const asc = (await store.events.list(ORG, { order: 'asc' })).items;
    expect(asc).toEqual([...desc].reverse());

    for (const order of ['asc', 'desc'] as const) {
      const all = order === 'asc' ? asc : desc;
      const seen: Event[] = [];
      const remaining: number[] = [];
      let continueToken: string | undefined;
      do {
        const page = await store.events.list(ORG, { order, limit: 4, continueToken });
        seen.push(...page.items);
        if (page.remainingItemCount !== undefined) remaining.push(page.remainingItemCount);
        continueToken = page.continue;
      } while (continueToken);
      expect(seen).toEqual(all);
      expect(remaining).toEqual([5, 1]);
    }
  });

  it('filters with a predicate', async () => {
    await store.events.create(ORG, event('a', 'ResourceCreated'));
    await store.events.create(ORG, event('b', 'ResourceDeleted'));
    const { items } = await store.events.list(ORG, { where: sql`${events.reason} = 'ResourceDeleted'` });
    expect(items.map((e) => e.involvedObject.name)).toEqual(['b']);
  });

  it('deletes events older than a cutoff and reports how many', async () => {
    await store.events.create(ORG, event('a'));
    await store.events.create(ORG, event('b'));
    expect(await store.events.deleteOlderThan(new Date(Date.now() - 60_000))).toBe(0);
    expect(await store.events.deleteOlderThan(new Date(Date.now() + 60_000))).toBe(2);
    expect((await store.events.list(ORG)).items).toEqual([]);
  });
});
