/**
 * The rendered-version cache and wake channel in Redis, shared by every `flightctl-api` replica, with
 * upstream's key and channel (ref/service.md §1.6): key `v1/<org>/device/<name>/rendered` holds the
 * version, channel `rendered_version_notifier` carries `{"body": "{org_id,name,render_version,type}"}`
 * (`type` `spec-updated`; this service also announces `deleted` devices, and `invalidated` cache
 * entries that it corrected from the database, which upstream's replicas ignore). Each replica keeps a copy of what it read, current through the channel (version-mirror.ts).
 */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { type Announced, deviceKey, type RenderedVersionCache, type WakeChannel } from './rendered-version-notifier.js';
import type { VersionMirror } from './version-mirror.js';

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
  constructor(
    private readonly redis: Redis,
    private readonly mirror: VersionMirror,
  ) {}

  async get(orgId: string, name: string): Promise<string | undefined> {
    const key = deviceKey(orgId, name);
    const copied = this.mirror.get(key);
    if (copied !== undefined) return copied;
    const mark = this.mirror.mark();
    const version = await this.redis.get(renderedVersionKey(orgId, name));
    if (version === null) return undefined;
    this.mirror.keep(key, version, mark);
    return version;
  }

  // The new version reaches the copy through its announcement, which follows.
  async setIfNewer(orgId: string, name: string, version: string): Promise<void> {
    await this.redis.eval(SET_IF_NEWER, 1, renderedVersionKey(orgId, name), version);
  }

  // The database disagreed with the cache: every replica's copy forgets the device and reads it again.
  async replace(orgId: string, name: string, seen: string | undefined, version: string): Promise<void> {
    await this.redis.eval(REPLACE_IF_UNCHANGED, 1, renderedVersionKey(orgId, name), seen ?? '', version);
    this.mirror.drop(deviceKey(orgId, name));
    await this.redis.publish(RENDERED_VERSION_CHANNEL, announcement(orgId, name, version, 'invalidated'));
  }

  async delete(orgId: string, name: string): Promise<void> {
    await this.redis.del(renderedVersionKey(orgId, name));
    this.mirror.drop(deviceKey(orgId, name));
  }
}

interface Announcement {
  org_id: string;
  name: string;
  render_version: string;
  type: 'spec-updated' | 'console' | 'deleted' | 'invalidated';
}

/** A message of the channel, in upstream's envelope. */
function announcement(orgId: string, name: string, version: string, type: Announcement['type']): string {
  const body: Announcement = { org_id: orgId, name, render_version: version, type };
  return JSON.stringify({ body: JSON.stringify(body) });
}

export class RedisWakeChannel implements WakeChannel {
  /** Counts the subscriber's connections, so a subscription confirmed after a later drop is not trusted. */
  private connection = 0;

  /**
   * `publisher` may be shared (with the cache); `subscriber` must be a connection of its own, since
   * a subscribed Redis connection can do nothing else. Closing the channel closes both. The channel
   * keeps `mirror` current: announcements update it, a dropped subscription empties it.
   */
  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly logger: Logger,
    private readonly mirror: VersionMirror,
  ) {}

  async announce(orgId: string, name: string, version: string | undefined): Promise<void> {
    const message =
      version === undefined
        ? announcement(orgId, name, '', 'deleted')
        : announcement(orgId, name, version, 'spec-updated');
    await this.publisher.publish(RENDERED_VERSION_CHANNEL, message);
  }

  async listen(handler: Announced): Promise<void> {
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel !== RENDERED_VERSION_CHANNEL) return;
      let body: Announcement;
      try {
        body = JSON.parse((JSON.parse(message) as { body: string }).body) as Announcement;
      } catch (err) {
        this.logger.warn({ err, message }, 'ignoring a malformed rendered-version announcement');
        return;
      }
      // Another replica corrected the cache from the database: nothing to wake, the copy is stale.
      if (body.type === 'invalidated') return this.mirror.drop(deviceKey(body.org_id, body.name));
      if (body.type !== 'spec-updated' && body.type !== 'deleted') return;
      const version = body.type === 'deleted' ? undefined : body.render_version;
      this.mirror.announced(deviceKey(body.org_id, body.name), version);
      handler(body.org_id, body.name, version);
    });
    this.subscriber.on('close', () => {
      this.connection++;
      this.mirror.lost();
    });
    // ioredis subscribes again on reconnecting; the copy is trusted once that is confirmed.
    this.subscriber.on('ready', () => void this.subscribe());
    await this.subscribe();
  }

  private async subscribe(): Promise<void> {
    const connection = this.connection;
    try {
      await this.subscriber.subscribe(RENDERED_VERSION_CHANNEL);
    } catch (err) {
      if (connection === 0) throw err;
      this.logger.warn({ err }, 'could not subscribe to rendered-version announcements again');
      return;
    }
    if (connection === this.connection) this.mirror.subscribed();
  }

  async close(): Promise<void> {
    this.subscriber.disconnect();
    this.publisher.disconnect();
  }
}
