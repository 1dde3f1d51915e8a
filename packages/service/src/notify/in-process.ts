/**
 * The rendered-version cache and wake channel of a single `flightctl-api` without Redis: a Map and
 * a direct call. Announcements reach only this process, which is all there is.
 */
import type { RenderedVersionCache, WakeChannel } from './rendered-version-notifier.js';

const key = (orgId: string, name: string) => `${orgId}/${name}`;

/** Numeric order of rendered versions (decimal strings of any length); anything else is older. */
function isNewer(version: string, than: string | undefined): boolean {
  if (than === undefined || !/^\d+$/.test(than)) return true;
  return /^\d+$/.test(version) && BigInt(version) > BigInt(than);
}

export class InProcessVersionCache implements RenderedVersionCache {
  private readonly versions = new Map<string, string>();

  async get(orgId: string, name: string): Promise<string | undefined> {
    return this.versions.get(key(orgId, name));
  }

  async setIfNewer(orgId: string, name: string, version: string): Promise<void> {
    if (isNewer(version, this.versions.get(key(orgId, name)))) this.versions.set(key(orgId, name), version);
  }

  async replace(orgId: string, name: string, seen: string | undefined, version: string): Promise<void> {
    if (this.versions.get(key(orgId, name)) === seen) this.versions.set(key(orgId, name), version);
  }

  async delete(orgId: string, name: string): Promise<void> {
    this.versions.delete(key(orgId, name));
  }
}

export class InProcessWakeChannel implements WakeChannel {
  private handler?: (orgId: string, name: string, version: string) => void;

  async announce(orgId: string, name: string, version: string): Promise<void> {
    this.handler?.(orgId, name, version);
  }

  async listen(handler: (orgId: string, name: string, version: string) => void): Promise<void> {
    this.handler = handler;
  }

  async close(): Promise<void> {
    this.handler = undefined;
  }
}
