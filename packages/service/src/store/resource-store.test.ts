import { randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiError, MSG_ALREADY_EXISTS, MSG_RESOURCE_VERSION_CONFLICT } from '@flightctl/api';
import { databaseKinds, openTestDatabase, type TestDatabase } from '@flightctl/testing';
import type { Resource } from './resource-rows.js';
import type { ResourceStore } from './resource-store.js';
import { DEFAULT_ORG_ID, devices, fleets, organizations } from './schema.js';
import { Store } from './store.js';

const OTHER_ORG = '11111111-1111-1111-1111-111111111111';
const ORG = DEFAULT_ORG_ID;

const fleet = (name: string, spec: unknown = { selector: {} }, labels: Record<string, string> = {}): Resource => ({
  apiVersion: 'flightctl.io/v1beta1',
  kind: 'Fleet',
  metadata: { name, labels },
  spec,
});

async function rejection(p: Promise<unknown>): Promise<ApiError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(err)}`);
  return err;
}

describe.each(databaseKinds())('ResourceStore on %s', (kind) => {
  let t: TestDatabase;
  // The store does not validate; free-form specs keep these tests about the store alone.
  let fleetStore: ResourceStore;
  let deviceStore: ResourceStore;

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    const store = new Store(t.database.db);
    fleetStore = store.fleets.withType<Resource>();
    deviceStore = store.devices.withType<Resource>();
    await t.database.db.insert(organizations).values({ id: OTHER_ORG, externalId: 'other' });
  });
  afterAll(() => t?.dispose());
  beforeEach(async () => {
    await t.database.db.delete(fleets);
    await t.database.db.delete(devices);
  });

  describe('create and get', () => {
    it('stores the object at generation 1, resourceVersion "1", created now', async () => {
      const before = Date.now();
      const created = await fleetStore.create(ORG, {
        ...fleet('f1', { selector: { matchLabels: { a: 'b' } } }, { env: 'prod' }),
        status: { conditions: [] },
      });
      expect(created).toEqual({
        apiVersion: 'flightctl.io/v1beta1',
        kind: 'Fleet',
        metadata: {
          name: 'f1',
          labels: { env: 'prod' },
          annotations: {},
          generation: 1,
          resourceVersion: '1',
          creationTimestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z$/),
        },
        spec: { selector: { matchLabels: { a: 'b' } } },
        status: { conditions: [] },
      });
      const at = Date.parse(created.metadata.creationTimestamp!);
      expect(at).toBeGreaterThanOrEqual(before - 1000);
      expect(at).toBeLessThanOrEqual(Date.now() + 1000);
      expect(await fleetStore.get(ORG, 'f1')).toEqual(created);
    });

    it('keeps owner and annotations, and omits absent owner, spec and status', async () => {
      const owned = await fleetStore.create(ORG, {
        ...fleet('owned'),
        metadata: { name: 'owned', owner: 'ResourceSync/rs', annotations: { 'a/b': 'c' } },
      });
      expect(owned.metadata).toMatchObject({ owner: 'ResourceSync/rs', annotations: { 'a/b': 'c' }, labels: {} });
      const bare = await deviceStore.create(ORG, { apiVersion: 'v1beta1', kind: 'Device', metadata: { name: 'd' } });
      expect(bare).not.toHaveProperty('spec');
      expect(bare).not.toHaveProperty('status');
      expect(bare.metadata).not.toHaveProperty('owner');
      expect(await deviceStore.get(ORG, 'd')).toEqual(bare);
    });

    it('answers 409 when the name is taken in the organization, and allows it in another', async () => {
      await fleetStore.create(ORG, fleet('dup'));
      const err = await rejection(fleetStore.create(ORG, fleet('dup')));
      expect(err).toMatchObject({ code: 409, message: MSG_ALREADY_EXISTS });
      await fleetStore.create(OTHER_ORG, fleet('dup'));
      expect(await fleetStore.count(OTHER_ORG)).toBe(1);
    });

    it('returns undefined for a missing name or another organization', async () => {
      await fleetStore.create(ORG, fleet('mine'));
      expect(await fleetStore.get(ORG, 'nope')).toBeUndefined();
      expect(await fleetStore.get(OTHER_ORG, 'mine')).toBeUndefined();
    });

    it('names an unnamed object with a UUID', async () => {
      const created = await fleetStore.create(ORG, { ...fleet(''), metadata: {} });
      expect(created.metadata.name).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('update', () => {
    it('bumps resourceVersion on every write and generation only when the spec changes', async () => {
      await fleetStore.create(ORG, fleet('f', { v: 1 }));
      const labelsOnly = await fleetStore.update(ORG, 'f', (cur) => ({
        ...cur,
        metadata: { ...cur.metadata, labels: { x: 'y' } },
      }));
      expect(labelsOnly.changed).toBe(true);
      expect(labelsOnly.before.metadata).toMatchObject({ generation: 1, resourceVersion: '1', labels: {} });
      expect(labelsOnly.after.metadata).toMatchObject({ generation: 1, resourceVersion: '2', labels: { x: 'y' } });

      const statusOnly = await fleetStore.update(ORG, 'f', (cur) => ({ ...cur, status: { ok: true } }));
      expect(statusOnly.after.metadata).toMatchObject({ generation: 1, resourceVersion: '3' });

      const spec = await fleetStore.update(ORG, 'f', (cur) => ({ ...cur, spec: { v: 2 } }));
      expect(spec.after.metadata).toMatchObject({ generation: 2, resourceVersion: '4' });
      expect(spec.after.metadata.creationTimestamp).toBe(spec.before.metadata.creationTimestamp);
      expect(await fleetStore.get(ORG, 'f')).toEqual(spec.after);
    });

    it('treats a spec with the same content in another key order as unchanged', async () => {
      await fleetStore.create(ORG, fleet('f', { a: 1, b: { c: 2, d: 3 } }));
      const r = await fleetStore.update(ORG, 'f', (cur) => ({ ...cur, spec: { b: { d: 3, c: 2 }, a: 1 } }));
      expect(r.changed).toBe(false);
      expect(r.after).toEqual(r.before);
      expect((await fleetStore.get(ORG, 'f'))!.metadata.resourceVersion).toBe('1');
    });

    it('gives mutate a private copy', async () => {
      await fleetStore.create(ORG, fleet('f', { v: 1 }));
      const r = await fleetStore.update(ORG, 'f', (cur) => {
        (cur.spec as { v: number }).v = 2;
        return cur;
      });
      expect(r.before.spec).toEqual({ v: 1 });
      expect(r.after.spec).toEqual({ v: 2 });
    });

    it('answers 404 for a missing object and passes mutate errors through', async () => {
      expect(await rejection(fleetStore.update(ORG, 'nope', (c) => c))).toMatchObject({
        code: 404,
        message: 'Fleet of name "nope" not found',
      });
      await fleetStore.create(ORG, fleet('f'));
      const err = await rejection(
        fleetStore.update(ORG, 'f', () => {
          throw new ApiError(409, MSG_RESOURCE_VERSION_CONFLICT);
        }),
      );
      expect(err.code).toBe(409);
      expect((await fleetStore.get(ORG, 'f'))!.metadata.resourceVersion).toBe('1');
    });

    it('lands two concurrent updates one after the other', async () => {
      await fleetStore.create(ORG, fleet('f', { items: [] as string[] }));
      const append = (item: string) =>
        fleetStore.update(ORG, 'f', (cur) => {
          const spec = cur.spec as { items: string[] };
          return { ...cur, spec: { items: [...spec.items, item] } };
        });
      const results = await Promise.all([append('a'), append('b')]);
      const final = (await fleetStore.get(ORG, 'f'))!;
      expect((final.spec as { items: string[] }).items.sort()).toEqual(['a', 'b']);
      expect(final.metadata).toMatchObject({ resourceVersion: '3', generation: 3 });
      expect(results.map((r) => r.after.metadata.resourceVersion).sort()).toEqual(['2', '3']);
    });

    it('reapplies mutate on the fresh object when a write slipped in between', async () => {
      await fleetStore.create(ORG, fleet('f', { n: 0 }));
      let calls = 0;
      const r = await fleetStore.update(ORG, 'f', async (cur) => {
        calls++;
        if (calls === 1)
          await fleetStore.update(ORG, 'f', (c) => ({ ...c, metadata: { ...c.metadata, labels: { by: 'other' } } }));
        return { ...cur, spec: { n: (cur.spec as { n: number }).n + 1 } };
      });
      expect(calls).toBe(2);
      expect(r.before.metadata.resourceVersion).toBe('2');
      expect(r.after.metadata).toMatchObject({ resourceVersion: '3', labels: { by: 'other' } });
      expect(r.after.spec).toEqual({ n: 1 });
    });

    it('gives up with 409 after 10 lost races', async () => {
      await fleetStore.create(ORG, fleet('f', { n: 0 }));
      let calls = 0;
      const err = await rejection(
        fleetStore.update(ORG, 'f', async (cur) => {
          calls++;
          await fleetStore.update(ORG, 'f', (c) => ({ ...c, status: { touch: calls } }));
          return { ...cur, spec: { n: 1 } };
        }),
      );
      expect(err).toMatchObject({ code: 409, message: MSG_RESOURCE_VERSION_CONFLICT });
      expect(calls).toBe(10);
    });
  });

  describe('devices', () => {
    it('keeps the alias column equal to label alias on every write', async () => {
      const alias = async () =>
        (
          await t.database.db
            .select({ alias: devices.alias })
            .from(devices)
            .where(and(eq(devices.orgId, ORG), eq(devices.name, 'd')))
        )[0]!.alias;
      await deviceStore.create(ORG, {
        apiVersion: '',
        kind: 'Device',
        metadata: { name: 'd', labels: { alias: 'one' } },
      });
      expect(await alias()).toBe('one');
      await deviceStore.update(ORG, 'd', (c) => ({ ...c, metadata: { ...c.metadata, labels: { alias: 'two' } } }));
      expect(await alias()).toBe('two');
      await deviceStore.update(ORG, 'd', (c) => ({ ...c, metadata: { ...c.metadata, labels: {} } }));
      expect(await alias()).toBeNull();
    });

    it('answers 400, not 500, for labels too large to index', async () => {
      const labels = Object.fromEntries(
        Array.from({ length: 80 }, (_, i) => [`key-${i}`, randomBytes(31).toString('hex')]),
      );
      const huge = { apiVersion: '', kind: 'Device', metadata: { name: 'huge', labels } };
      const err = await rejection(deviceStore.create(ORG, huge));
      expect(err.code).toBe(400);
      expect(err.message).toMatch(/^the object is too large to store: /);
      await deviceStore.create(ORG, { ...huge, metadata: { name: 'huge' } });
      const updateErr = await rejection(
        deviceStore.update(ORG, 'huge', (c) => ({ ...c, metadata: { ...c.metadata, labels } })),
      );
      expect(updateErr.code).toBe(400);
    });
  });

  describe('delete', () => {
    it('returns the deleted object, then undefined', async () => {
      const created = await fleetStore.create(ORG, fleet('f'));
      expect(await fleetStore.delete(OTHER_ORG, 'f')).toBeUndefined();
      expect(await fleetStore.delete(ORG, 'f')).toEqual(created);
      expect(await fleetStore.get(ORG, 'f')).toBeUndefined();
      expect(await fleetStore.delete(ORG, 'f')).toBeUndefined();
    });
  });

  describe('list', () => {
    // Names sharing prefixes, with '-' and '.' that some locales ignore when sorting.
    const names = ['a', 'a-1', 'a.1', 'a1', 'a10', 'a2', 'ab', 'b', 'b-b', 'b0', 'c', 'c.c', 'z9'];

    beforeEach(async () => {
      for (const name of names) await fleetStore.create(ORG, fleet(name, {}, { even: String(name.length % 2 === 0) }));
      await fleetStore.create(OTHER_ORG, fleet('other-org'));
    });

    it('returns everything in byte order on one page when it fits', async () => {
      const page = await fleetStore.list(ORG);
      expect(page.items.map((f) => f.metadata.name)).toEqual([...names].sort());
      expect(page.continue).toBeUndefined();
      expect(page.remainingItemCount).toBeUndefined();
    });

    it('walks every page without duplicates or gaps, counting what remains', async () => {
      const seen: string[] = [];
      const remaining: number[] = [];
      let continueToken: string | undefined;
      do {
        const page = await fleetStore.list(ORG, { limit: 3, continueToken });
        seen.push(...page.items.map((f) => f.metadata.name!));
        continueToken = page.continue;
        if (continueToken) {
          remaining.push(page.remainingItemCount!);
          const decoded = JSON.parse(Buffer.from(continueToken, 'base64').toString()) as unknown;
          expect(decoded).toEqual({
            Version: 1,
            Names: [[...names].sort()[seen.length]],
            Count: page.remainingItemCount,
          });
        } else {
          expect(page.remainingItemCount).toBeUndefined();
        }
      } while (continueToken);
      expect(seen).toEqual([...names].sort());
      // First page: exact count after the page (13 - 3); later pages: previous count - limit.
      expect(remaining).toEqual([10, 7, 4, 1]);
    });

    it('applies the predicate to pages and to the remaining count', async () => {
      const where = sql`${fleets.labels} @> '{"even":"true"}'`;
      const even = names.filter((n) => n.length % 2 === 0).sort();
      const first = await fleetStore.list(ORG, { where, limit: 2 });
      expect(first.items.map((f) => f.metadata.name)).toEqual(even.slice(0, 2));
      expect(first.remainingItemCount).toBe(even.length - 2);
      const second = await fleetStore.list(ORG, { where, limit: 100, continueToken: first.continue });
      expect(second.items.map((f) => f.metadata.name)).toEqual(even.slice(2));
      expect(await fleetStore.count(ORG, where)).toBe(even.length);
    });

    it('floors the remaining count of later pages at 1', async () => {
      const first = await fleetStore.list(ORG, { limit: 12 });
      expect(first.remainingItemCount).toBe(1);
      const forged = Buffer.from(JSON.stringify({ Version: 1, Names: ['a'], Count: 2 })).toString('base64');
      const page = await fleetStore.list(ORG, { limit: 5, continueToken: forged });
      expect(page.remainingItemCount).toBe(1);
    });

    it('rejects bad continue tokens and limits with 400', async () => {
      for (const continueToken of ['!!', Buffer.from('{"Version":3,"Names":["a"]}').toString('base64')]) {
        expect((await rejection(fleetStore.list(ORG, { continueToken }))).code).toBe(400);
      }
      expect((await rejection(fleetStore.list(ORG, { limit: 1001 }))).message).toBe('limit cannot exceed 1000');
    });

    it('lists the same objects as JSON text, page for page, member for member', async () => {
      // Strings JSON must escape, unicode, numbers, nulls and nesting; an owner; no spec; no status.
      const tricky = {
        ...fleet('tricky', {
          s: 'quote " backslash \\ tab \t nl \n ctl \u0001 ü 😀 </x>',
          n: [0, -1.5, 1e21],
          z: null,
        }),
        metadata: {
          name: 'tricky',
          labels: { 'a.b/c': 'd' },
          annotations: { note: '{"not":"json"}' },
          owner: 'Fleet/x',
        },
        status: { conditions: [{ type: 'Ready', status: 'True' }] },
      };
      await fleetStore.create(ORG, tricky);
      await deviceStore.create(ORG, { apiVersion: '', kind: 'Device', metadata: { name: 'bare' } });
      for (const [store, limit] of [
        [fleetStore, 4],
        [deviceStore, 1000],
      ] as const) {
        let continueToken: string | undefined;
        do {
          const objects = await store.list(ORG, { limit, continueToken });
          const texts = await store.listJson(ORG, { limit, continueToken });
          expect(texts.items.map((row) => row.name)).toEqual(objects.items.map((o) => o.metadata.name));
          // Re-serialized, the texts are the objects' JSON byte for byte: same members in the same order.
          expect(texts.items.map((row) => JSON.stringify(JSON.parse(row.json)))).toEqual(
            objects.items.map((o) => JSON.stringify(o)),
          );
          expect({ ...texts, items: [] }).toEqual({ ...objects, items: [] });
          continueToken = objects.continue;
        } while (continueToken);
      }
    });

    it('visits every object with all()', async () => {
      const all: string[] = [];
      for await (const f of fleetStore.all(ORG)) all.push(f.metadata.name!);
      expect(all).toEqual([...names].sort());
    });
  });
});
