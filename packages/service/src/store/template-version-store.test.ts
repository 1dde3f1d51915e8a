import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '@flightctl/api';
import { databaseKinds, openTestDatabase, type TestDatabase } from '@flightctl/testing';
import type { Resource } from './resource-rows.js';
import { DEFAULT_ORG_ID as ORG } from './schema.js';
import { Store } from './store.js';
import type { TemplateVersionStore } from './template-version-store.js';

const tv = (fleet: string, name: string): Resource => ({
  apiVersion: 'flightctl.io/v1beta1',
  kind: 'TemplateVersion',
  metadata: { name, owner: `Fleet/${fleet}` },
  spec: { fleet },
  status: { os: { image: `img:${name}` } },
});

describe.each(databaseKinds())('TemplateVersionStore on %s', (kind) => {
  let t: TestDatabase;
  let store: Store;
  let tvs: TemplateVersionStore;

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    store = new Store(t.database.db);
    tvs = store.templateVersions.withType<Resource>();
    for (const name of ['f1', 'f2']) {
      await store.fleets
        .withType<Resource>()
        .create(ORG, { apiVersion: '', kind: 'Fleet', metadata: { name }, spec: {} });
    }
  });
  afterAll(() => t?.dispose());

  it('creates, gets and deletes within a fleet', async () => {
    const created = await tvs.create(ORG, 'f1', tv('f1', 'v1'));
    expect(created).toMatchObject({
      kind: 'TemplateVersion',
      metadata: { name: 'v1', owner: 'Fleet/f1', generation: 1, resourceVersion: '1' },
      spec: { fleet: 'f1' },
      status: { os: { image: 'img:v1' } },
    });
    expect(await tvs.get(ORG, 'f1', 'v1')).toEqual(created);
    expect(await tvs.get(ORG, 'f2', 'v1')).toBeUndefined();
    await tvs.create(ORG, 'f2', tv('f2', 'v1'));
    const err = await tvs.create(ORG, 'f1', tv('f1', 'v1')).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 409 });
    expect(await tvs.delete(ORG, 'f1', 'v1')).toEqual(created);
    expect(await tvs.get(ORG, 'f1', 'v1')).toBeUndefined();
    expect(await tvs.get(ORG, 'f2', 'v1')).toBeDefined();
  });

  it('answers 404 for the fleet when it does not exist', async () => {
    const err = await tvs.create(ORG, 'ghost', tv('ghost', 'v1')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 404, message: 'Fleet of name "ghost" not found' });
  });

  it('lists newest first across pages, the token holding timestamp and name', async () => {
    const names = Array.from({ length: 7 }, (_, i) => `p${i}`);
    for (const name of names) await tvs.create(ORG, 'f2', tv('f2', name));
    const all = await tvs.list(ORG, 'f2');
    const expected = all.items.map((v) => v.metadata.name);
    expect(expected).toHaveLength(8);
    // Newest first: the order is (creationTimestamp, name) descending.
    const keys = all.items.map((v) => [Date.parse(v.metadata.creationTimestamp!), v.metadata.name!] as const);
    for (let i = 1; i < keys.length; i++) {
      const [prev, cur] = [keys[i - 1]!, keys[i]!];
      expect(prev[0] > cur[0] || (prev[0] === cur[0] && prev[1] > cur[1])).toBe(true);
    }

    const seen: string[] = [];
    let continueToken: string | undefined;
    let pages = 0;
    do {
      const page = await tvs.list(ORG, 'f2', { limit: 3, continueToken });
      seen.push(...page.items.map((v) => v.metadata.name!));
      if (page.continue) {
        const next = all.items[seen.length]!;
        const token = JSON.parse(Buffer.from(page.continue, 'base64').toString()) as { Names: string[] };
        expect(token.Names).toEqual([next.metadata.creationTimestamp, next.metadata.name]);
        expect(page.remainingItemCount).toBe(pages === 0 ? 5 : 2);
      }
      continueToken = page.continue;
      pages++;
    } while (continueToken);
    expect(seen).toEqual(expected);
    expect(pages).toBe(3);
  });

  it('rejects a token whose timestamp is not one', async () => {
    const token = Buffer.from(JSON.stringify({ Version: 1, Names: ['yesterday', 'v1'], Count: 1 })).toString('base64');
    const err = await tvs.list(ORG, 'f2', { continueToken: token }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 400 });
  });

  it('goes when its fleet goes', async () => {
    await tvs.create(ORG, 'f1', tv('f1', 'gone'));
    await store.fleets.delete(ORG, 'f1');
    expect(await tvs.get(ORG, 'f1', 'gone')).toBeUndefined();
  });
});
