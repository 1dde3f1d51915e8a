/**
 * The rendered-version cache and wake channel in Redis, shared by every `flightctl-api` replica, with
 * upstream's key and channel (ref/service.md §1.6): key `v1/<org>/device/<name>/rendered` holds the
 * version, channel `rendered_version_notifier` carries `{"body": "{org_id,name,render_version,type}"}`.
 */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { RenderedVersionCache, WakeChannel } from './rendered-version-notifier.js';

export const RENDERED_VERSION_CHANNEL = 'rendered_version_notifier';

export const renderedVersionKey = (orgId: string, name: string) => `v1/${orgId}/device/${name}/rendered`;

// Atomic, so concurrent writers on several replicas cannot move a version backwards.
const SET_IF_NEWER = `
local current = redis.call('GET', KEYS[1])
if not current or not tonumber(current) or tonumber(ARGV[1]) > tonumber(current) then
  redis.call('SET', KEYS[1], ARGV[1])
end
return 0`;

const REPLACE_IF_UNCHANGED = `
if (redis.call('GET', KEYS[1]) or '') == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2]) end
return 0`;

export class RedisVersionCache implements RenderedVersionCache {
  constructor(private readonly redis: Redis) {}

  async get(orgId: string, name: string): Promise<string | undefined> {
    return (await this.redis.get(renderedVersionKey(orgId, name))) ?? undefined;
  }

  async setIfNewer(orgId: string, name: string, version: string): Promise<void> {
    await this.redis.eval(SET_IF_NEWER, 1, renderedVersionKey(orgId, name), version);
  }

  async replace(orgId: string, name: string, seen: string | undefined, version: string): Promise<void> {
    await this.redis.eval(REPLACE_IF_UNCHANGED, 1, renderedVersionKey(orgId, name), seen ?? '', version);
  }

  async delete(orgId: string, name: string): Promise<void> {
    await this.redis.del(renderedVersionKey(orgId, name));
  }
}

interface Announcement {
  org_id: string;
  name: string;
  render_version: string;
  type: 'spec-updated' | 'console';
}

export class RedisWakeChannel implements WakeChannel {
  /**
   * `publisher` may be shared (with the cache); `subscriber` must be a connection of its own, since
   * a subscribed Redis connection can do nothing else. Closing the channel closes both.
   */
  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly logger: Logger,
  ) {}

  async announce(orgId: string, name: string, version: string): Promise<void> {
    const body: Announcement = { org_id: orgId, name, render_version: version, type: 'spec-updated' };
    await this.publisher.publish(RENDERED_VERSION_CHANNEL, JSON.stringify({ body: JSON.stringify(body) }));
  }

  async listen(handler: (orgId: string, name: string, version: string) => void): Promise<void> {
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel !== RENDERED_VERSION_CHANNEL) return;
      let body: Announcement;
      try {
        body = JSON.parse((JSON.parse(message) as { body: string }).body) as Announcement;
      } catch (err) {
        this.logger.warn({ err, message }, 'ignoring a malformed rendered-version announcement');
        return;
      }
      if (body.type === 'spec-updated') handler(body.org_id, body.name, body.render_version);
    });
    await this.subscriber.subscribe(RENDERED_VERSION_CHANNEL);
  }

  async close(): Promise<void> {
    this.subscriber.disconnect();
    this.publisher.disconnect();
  }
}
