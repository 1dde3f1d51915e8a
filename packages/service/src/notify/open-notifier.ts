/** The notifier the config asks for: Redis when a `kv` section is present, in-process otherwise. */
import type { Logger } from 'pino';
import type { KvConfig } from '../config/config-schema.js';
import { connectRedis } from '../kv/redis.js';
import { InProcessVersionCache, InProcessWakeChannel } from './in-process.js';
import { RedisVersionCache, RedisWakeChannel } from './redis.js';
import { RenderedVersionNotifier } from './rendered-version-notifier.js';
import { VersionMirror } from './version-mirror.js';

export async function openRenderedVersionNotifier(
  kv: KvConfig | undefined,
  logger: Logger,
): Promise<RenderedVersionNotifier> {
  if (!kv) return RenderedVersionNotifier.start(new InProcessVersionCache(), new InProcessWakeChannel());
  const commands = await connectRedis(kv, { name: 'flightctl-api-kv', logger, autoPipelining: true });
  const subscriber = await connectRedis(kv, { name: 'flightctl-api-notifier', logger }).catch((err: unknown) => {
    commands.disconnect();
    throw err;
  });
  const mirror = new VersionMirror();
  const channel = new RedisWakeChannel(commands, subscriber, logger, mirror);
  try {
    return await RenderedVersionNotifier.start(new RedisVersionCache(commands, mirror), channel);
  } catch (err) {
    await channel.close();
    throw err;
  }
}
