import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { DEVICE_ANNOTATION_RENDERED_VERSION, type Device } from '@flightctl/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requirement, waitFor } from '@flightctl/testing';
import { once } from 'node:events';
import { connectRedis } from '../kv/redis.js';
import { openRenderedVersionNotifier } from './open-notifier.js';
import { RedisVersionCache, RedisWakeChannel, renderedVersionKey } from './redis.js';
import { RenderedVersionNotifier } from './rendered-version-notifier.js';
import { VersionMirror } from './version-mirror.js';

const logger = pino({ level: 'silent' });
const redisUrl = process.env.FLIGHTCTL_TEST_REDIS_URL;
const kinds = [
  'in-process',
  ...(requirement('FLIGHTCTL_TEST_REDIS_URL', 'Redis tests skipped: set FLIGHTCTL_TEST_REDIS_URL=redis://host:6379/15')
    ? ['redis']
    : []),
];
const kvFor = (kind: string) =>
  kind === 'redis' ? { url: redisUrl, hostname: 'localhost', port: 6379, password: '' } : undefined;

/** Removes the keys a test organization left in Redis. */
async function dropRedisKeys(org: string): Promise<void> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(redisUrl!);
  const keys = await redis.keys(`v1/${org}/*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
}

describe.each(kinds)('rendered-version notifier (%s)', (kind) => {
  let notifier: RenderedVersionNotifier;
  // A fresh organization per run keeps these keys apart from any other run sharing the Redis.
  const org = randomUUID();

  beforeAll(async () => {
    notifier = await openRenderedVersionNotifier(kvFor(kind), logger);
  });
  afterAll(async () => {
    await notifier?.close();
    if (kind === 'redis') await dropRedisKeys(org);
  });

  it('wakes a waiting poll with a version it does not know, and not with the one it has', async () => {
    await notifier.publish(org, 'wake', '1');
    const watch = notifier.watch(org, 'wake', '1', 5000);
    expect(await watch.cached).toBe('1');
    await notifier.publish(org, 'wake', '1');
    await notifier.publish(org, 'other-device', '5');
    await notifier.publish(org, 'wake', '2');
    expect(await watch.promise).toBe('2');
  });

  it('answers at once when the cache already holds another version', async () => {
    await notifier.publish(org, 'ahead', '3');
    const watch = notifier.watch(org, 'ahead', '2', 5000);
    expect(await watch.cached).toBe('3');
    expect(await watch.promise).toBe('3');
    const uncached = notifier.watch(org, 'never-cached', '1', 5000);
    expect(await uncached.cached).toBeUndefined();
    uncached.settle();
  });

  it('gives up after the timeout, or when the caller ends the wait', async () => {
    await notifier.publish(org, 'quiet', '1');
    const started = Date.now();
    expect(await notifier.watch(org, 'quiet', '1', 100).promise).toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    const watch = notifier.watch(org, 'quiet', '1', 5000);
    watch.settle();
    expect(await watch.promise).toBeUndefined();
    // A wake-up after the end changes nothing.
    await notifier.publish(org, 'quiet', '2');
    expect(await watch.promise).toBeUndefined();
    expect(notifier.waiting).toBe(0);
  });

  it('caches versions that only move forward, unless the database says otherwise', async () => {
    const cache = notifier.cache;
    await cache.setIfNewer(org, 'cache', '10');
    await cache.setIfNewer(org, 'cache', '9');
    expect(await cache.get(org, 'cache')).toBe('10');
    // The database read after the cache showed 10 says 4: it wins, unless the cache moved meanwhile.
    await cache.replace(org, 'cache', '7', '4');
    expect(await cache.get(org, 'cache')).toBe('10');
    await cache.replace(org, 'cache', '10', '4');
    expect(await cache.get(org, 'cache')).toBe('4');
    await cache.replace(org, 'uncached', undefined, '2');
    expect(await cache.get(org, 'uncached')).toBe('2');
    await notifier.forget(org, 'cache');
    expect(await cache.get(org, 'cache')).toBeUndefined();
  });

  it("ends a deleted device's waiting polls with something new, so they look the device up", async () => {
    await notifier.publish(org, 'doomed', '4');
    const watch = notifier.watch(org, 'doomed', '4', 5000);
    expect(await watch.cached).toBe('4');
    await notifier.forget(org, 'doomed');
    expect(await watch.promise).toBeDefined();
    expect(await notifier.cache.get(org, 'doomed')).toBeUndefined();
  });

  it('hands the committed device to the poll its write woke, and holds none that wakes nobody here', async () => {
    const device = (version: string) =>
      ({
        apiVersion: 'v1beta1',
        kind: 'Device',
        metadata: { name: 'held', annotations: { [DEVICE_ANNOTATION_RENDERED_VERSION]: version } },
      }) as Device;
    await notifier.publish(org, 'held', '1');
    const watch = notifier.watch(org, 'held', '1', 5000);
    await watch.cached;
    // A write that keeps the version (a status report) wakes nobody: nothing is held.
    await notifier.publish(org, 'held', '1', device('1'));
    expect(notifier.takeCommitted(org, 'held', '1')).toBeUndefined();
    const v2 = device('2');
    await notifier.publish(org, 'held', '2', v2);
    expect(await watch.promise).toBe('2');
    expect(notifier.takeCommitted(org, 'held', '1')).toBeUndefined();
    expect(notifier.takeCommitted(org, 'held', '2')).toBe(v2);
    expect(notifier.takeCommitted(org, 'held', '2')).toBeUndefined(); // the first poll took it
    // No poll waits: a write of another version is not held either.
    await notifier.publish(org, 'held', '3', device('3'));
    expect(notifier.takeCommitted(org, 'held', '3')).toBeUndefined();
  });

  it('holds 10,000 waiting polls cheaply and wakes only the one concerned', async () => {
    const started = Date.now();
    await notifier.publish(org, 'many-0', '1');
    const watches = Array.from({ length: 10_000 }, (_, i) => notifier.watch(org, `many-${i}`, '1', 60_000));
    await Promise.all(watches.map((w) => w.cached));
    await notifier.publish(org, 'many-0', '2');
    expect(await watches[0]!.promise).toBe('2');
    expect(notifier.waiting).toBe(9_999);
    // Ending one wait costs the same with 10,000 others waiting (no shared listener list to search).
    watches[1]!.settle();
    expect(notifier.waiting).toBe(9_998);
    notifier.endWaits();
    expect(new Set(await Promise.all(watches.slice(1).map((w) => w.promise)))).toEqual(new Set([undefined]));
    expect(notifier.waiting).toBe(0);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe.skipIf(!kinds.includes('redis'))('rendered-version notifier across processes (redis)', () => {
  it('wakes a poll held by another notifier, with upstream key and channel', async () => {
    const [a, b] = await Promise.all([
      openRenderedVersionNotifier(kvFor('redis'), logger),
      openRenderedVersionNotifier(kvFor('redis'), logger),
    ]);
    const org = randomUUID();
    try {
      await a.publish(org, 'shared', '1');
      const watch = b.watch(org, 'shared', '1', 5000);
      await watch.cached;
      await a.publish(org, 'shared', '2');
      expect(await watch.promise).toBe('2');
      const { Redis } = await import('ioredis');
      const redis = new Redis(redisUrl!);
      expect(await redis.get(renderedVersionKey(org, 'shared'))).toBe('2');
      redis.disconnect();
    } finally {
      await Promise.all([a.close(), b.close()]);
      await dropRedisKeys(org);
    }
  });

  it("answers from its own copy, kept current by other replicas' announcements", async () => {
    const [a, b] = await Promise.all([
      openRenderedVersionNotifier(kvFor('redis'), logger),
      openRenderedVersionNotifier(kvFor('redis'), logger),
    ]);
    const { Redis } = await import('ioredis');
    const redis = new Redis(redisUrl!);
    const org = randomUUID();
    try {
      await a.publish(org, 'copied', '1');
      expect(await b.cache.get(org, 'copied')).toBe('1');
      // Written behind the channel's back: b does not read Redis again for a version it holds.
      await redis.set(renderedVersionKey(org, 'copied'), '7');
      expect(await b.cache.get(org, 'copied')).toBe('1');
      const woken = b.watch(org, 'copied', '1', 5000);
      await a.publish(org, 'copied', '8');
      expect(await woken.promise).toBe('8');
      expect(await b.cache.get(org, 'copied')).toBe('8');
      // a corrects the cache from the database (here down to 5): b's copy forgets it and reads Redis.
      await a.cache.replace(org, 'copied', '8', '5');
      await waitFor(async () => (await b.cache.get(org, 'copied')) === '5', { what: "b's copy to take 5" });
      // A deletion on a reaches b's copy and b's waiting polls.
      const waiting = b.watch(org, 'copied', '5', 5000);
      await a.forget(org, 'copied');
      expect(await waiting.promise).toBeDefined();
      expect(await b.cache.get(org, 'copied')).toBeUndefined();
    } finally {
      redis.disconnect();
      await Promise.all([a.close(), b.close()]);
      await dropRedisKeys(org);
    }
  });

  it('stops trusting its copy when its subscription drops, and trusts it again once resubscribed', async () => {
    const kv = kvFor('redis')!;
    const a = await openRenderedVersionNotifier(kv, logger);
    const commands = await connectRedis(kv, { name: 'notifier-test-kv', logger });
    const subscriber = await connectRedis(kv, { name: 'notifier-test-sub', logger });
    const mirror = new VersionMirror();
    const b = await RenderedVersionNotifier.start(
      new RedisVersionCache(commands, mirror),
      new RedisWakeChannel(commands, subscriber, logger, mirror),
    );
    const org = randomUUID();
    try {
      await a.publish(org, 'gap', '1');
      expect(await b.cache.get(org, 'gap')).toBe('1');
      const closed = once(subscriber, 'close');
      const ready = once(subscriber, 'ready');
      subscriber.disconnect(true);
      await closed;
      // Announced while b is not subscribed: b misses it, and reads Redis instead of its copy.
      await a.publish(org, 'gap', '2');
      expect(await b.cache.get(org, 'gap')).toBe('2');
      await ready;
      await waitFor(() => mirror.isLive(), { what: 'the subscription to be confirmed' });
      const woken = b.watch(org, 'gap', '2', 5000);
      await a.publish(org, 'gap', '3');
      expect(await woken.promise).toBe('3');
      expect(await b.cache.get(org, 'gap')).toBe('3');
      await commands.set(renderedVersionKey(org, 'gap'), '9');
      expect(await b.cache.get(org, 'gap')).toBe('3');
    } finally {
      await Promise.all([a.close(), b.close()]);
      await dropRedisKeys(org);
    }
  });
});
