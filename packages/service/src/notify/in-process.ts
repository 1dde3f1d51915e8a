/**
 * The rendered-version cache and wake channel of a single `flightctl-api` without Redis: a Map and
 * a direct call. Announcements reach only this process, which is all there is.
 */
import {
  deviceKey as key,
  isNewerVersion,
  type Announced,
  type RenderedVersionCache,
  type WakeChannel,
} from './rendered-version-notifier.js';

export class InProcessVersionCache implements RenderedVersionCache {
  private readonly versions = new Map<string, string>();

  async get(orgId: string, name: string): Promise<string | undefined> {
    return this.versions.get(key(orgId, name));
  }

  async setIfNewer(orgId: string, name: string, version: string): Promise<void> {
    if (isNewerVersion(version, this.versions.get(key(orgId, name)))) this.versions.set(key(orgId, name), version);
  }

  async replace(orgId: string, name: string, seen: string | undefined, version: string): Promise<void> {
    if (this.versions.get(key(orgId, name)) === seen) this.versions.set(key(orgId, name), version);
  }

  async delete(orgId: string, name: string): Promise<void> {
    this.versions.delete(key(orgId, name));
  }
}

export class InProcessWakeChannel implements WakeChannel {
  private handler?: Announced;

  async announce(orgId: string, name: string, version: string | undefined): Promise<void> {
    this.handler?.(orgId, name, version);
  }

  async listen(handler: Announced): Promise<void> {
    this.handler = handler;
  }

  async close(): Promise<void> {
    this.handler = undefined;
  }
}
