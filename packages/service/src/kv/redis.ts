/**
 * Connections to the Redis of the `kv` config section (ref/service.md §1.6, §1.7). Like upstream, a
 * process that is configured for Redis refuses to start without it; once running, ioredis reconnects
 * (and resubscribes) on its own, and errors meanwhile are logged.
 */
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import type { KvConfig } from '../config/config-schema.js';

/** How long start-up waits for Redis (upstream's figure). */
export const REDIS_STARTUP_TIMEOUT_MS = 30_000;

/** Where the config points, for messages (never with the password). */
export function redisLocation(kv: KvConfig): string {
  if (!kv.url) return `${kv.hostname}:${kv.port}`;
  const url = new URL(kv.url);
  url.password = '';
  url.username = '';
  return url.toString();
}

export interface RedisConnectOptions {
  /** Shown by CLIENT LIST, to tell the service's connections apart. */
  name: string;
  logger: Logger;
  timeoutMs?: number;
  /**
   * Sends the commands issued in one event-loop turn as one write (ioredis auto-pipelining): thousands
   * of long polls each read the cache, and a write per command cost more than the commands. Not for a
   * subscriber connection.
   */
  autoPipelining?: boolean;
}

export async function connectRedis(kv: KvConfig, options: RedisConnectOptions): Promise<Redis> {
  const settings: RedisOptions = { connectionName: options.name, enableAutoPipelining: options.autoPipelining };
  const redis = kv.url
    ? new Redis(kv.url, settings)
    : new Redis({ ...settings, host: kv.hostname, port: kv.port, password: kv.password });
  let lastError: Error | undefined;
  const onError = (err: Error) => {
    lastError = err;
  };
  redis.on('error', onError);
  const timeoutMs = options.timeoutMs ?? REDIS_STARTUP_TIMEOUT_MS;
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        const reason = lastError ? `: ${lastError.message}` : '';
        reject(new Error(`Redis at ${redisLocation(kv)} did not answer within ${timeoutMs / 1000}s${reason}`));
      }, timeoutMs);
      redis.once('ready', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  } catch (err) {
    redis.disconnect();
    throw err;
  }
  redis.off('error', onError);
  redis.on('error', (err) => options.logger.warn({ err, redis: options.name }, 'Redis connection error'));
  return redis;
}
