/**
 * Several `flightctl-api` replicas behave as one (ref/service.md §1.6, §3.6): two services on one
 * PostgreSQL database and one Redis. A spec changed through one wakes the long poll an agent holds
 * on the other, and the rendered-version cache they share spares the database.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  databaseKinds,
  openTestDatabase,
  requirement,
  startTestService,
  waitFor,
  type TestDatabase,
  type TestService,
} from '@flightctl/testing';
import { renderedVersionKey } from '../src/notify/redis.js';
import { AgentClient, AgentIdentities } from './agent-fixtures.js';
import { API_VERSION, Client, ORG_ID, OS_IMAGE, expectOk } from './fixtures.js';

const redisUrl = process.env.FLIGHTCTL_TEST_REDIS_URL;
const ready =
  databaseKinds().includes('postgres') &&
  requirement('FLIGHTCTL_TEST_REDIS_URL', 'Redis tests skipped: set FLIGHTCTL_TEST_REDIS_URL=redis://host:6379/15');

describe.skipIf(!ready)('two replicas on one PostgreSQL and Redis', () => {
  let database: TestDatabase;
  let a: TestService;
  let b: TestService;
  // Device names of this run only: Redis outlives the test databases.
  const name = (base: string) => `${base}-${randomUUID().slice(0, 8)}`;
  const names: string[] = [];

  beforeAll(async () => {
    database = await openTestDatabase('postgres');
    const config = { 'kv.url': redisUrl, 'service.renderedWaitTimeout': '10s' };
    [a, b] = await Promise.all([
      startTestService('postgres', { databaseUrl: database.url, config }),
      startTestService('postgres', { databaseUrl: database.url, config }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await database?.dispose();
    const { Redis } = await import('ioredis');
    const redis = new Redis(redisUrl!);
    if (names.length > 0) await redis.del(...names.map((n) => renderedVersionKey(ORG_ID, n)));
    redis.disconnect();
  });

  it('wakes a poll held by one replica within a second of a spec change through the other', async () => {
    const device = name('replica-wake');
    names.push(device);
    const userA = new Client(a);
    const body = {
      apiVersion: API_VERSION,
      kind: 'Device',
      metadata: { name: device },
      spec: { os: { image: OS_IMAGE } },
    };
    expectOk(await userA.post('/devices', body), 201);
    const agent = new AgentClient(b, await (await AgentIdentities.of(b)).device(device));

    const poll = agent.rendered(device, '1');
    await waitFor(() => b.service.notifier.waiting === 1, { what: 'the poll to wait on replica B' });
    const changedAt = Date.now();
    expectOk(await userA.put(`/devices/${device}`, { ...body, spec: { os: { image: 'quay.io/example/os:2' } } }));
    const woken = expectOk(await poll);
    expect(Date.now() - changedAt).toBeLessThan(1000);
    expect(woken.metadata.annotations['device-controller/renderedVersion']).toBe('2');
    expect(woken.spec.os.image).toBe('quay.io/example/os:2');
  });

  it('keeps the rendered versions in the shared cache: set on create, dropped on delete', async () => {
    const device = name('replica-cache');
    names.push(device);
    const body = {
      apiVersion: API_VERSION,
      kind: 'Device',
      metadata: { name: device },
      spec: { os: { image: OS_IMAGE } },
    };
    const { Redis } = await import('ioredis');
    const redis = new Redis(redisUrl!);
    try {
      expectOk(await new Client(b).post('/devices', body), 201);
      expect(await redis.get(renderedVersionKey(ORG_ID, device))).toBe('1');
      // Replica A learns the version from the cache alone, and waits.
      const agent = new AgentClient(a, await (await AgentIdentities.of(a)).device(device));
      const abort = new AbortController();
      const poll = agent.rendered(device, '1', abort.signal).catch(() => undefined);
      await waitFor(() => a.service.notifier.waiting === 1, { what: 'the up-to-date poll to wait on replica A' });
      abort.abort();
      await poll;
      expectOk(await new Client(a).delete(`/devices/${device}`));
      expect(await redis.get(renderedVersionKey(ORG_ID, device))).toBeNull();
    } finally {
      redis.disconnect();
    }
  });

  it('ends a poll held by one replica with 404 when the other deletes its device, and serves it re-created', async () => {
    const device = name('replica-delete');
    names.push(device);
    const userA = new Client(a);
    const body = (image: string) => ({
      apiVersion: API_VERSION,
      kind: 'Device',
      metadata: { name: device },
      spec: { os: { image } },
    });
    expectOk(await userA.post('/devices', body(OS_IMAGE)), 201);
    expectOk(await userA.put(`/devices/${device}`, body('quay.io/example/os:2')));
    const agent = new AgentClient(b, await (await AgentIdentities.of(b)).device(device));

    const poll = agent.rendered(device, '2');
    await waitFor(() => b.service.notifier.waiting === 1, { what: 'the poll to wait on replica B' });
    const deletedAt = Date.now();
    expectOk(await userA.delete(`/devices/${device}`));
    expect((await poll).status).toBe(404);
    expect(Date.now() - deletedAt).toBeLessThan(1000);

    // Re-created under the same name, the device starts again at version 1 on both replicas.
    expectOk(await userA.post('/devices', body(OS_IMAGE)), 201);
    expect(expectOk(await agent.rendered(device, '2')).metadata.annotations['device-controller/renderedVersion']).toBe(
      '1',
    );
    const next = agent.rendered(device, '1');
    await waitFor(() => b.service.notifier.waiting === 1, { what: 'the new poll to wait on replica B' });
    expectOk(await userA.put(`/devices/${device}`, body('quay.io/example/os:3')));
    expect(expectOk(await next).metadata.annotations['device-controller/renderedVersion']).toBe('2');
  });
});
