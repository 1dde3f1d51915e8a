/**
 * A replica's own copy of the rendered versions it has read from Redis. Every change of a version is
 * announced on the channel this replica subscribes to, so while the subscription holds, a copied
 * version is current and a poll needs no Redis round trip (at 10,000 agents that round trip was a
 * seventh of the service's CPU). When the subscription drops, announcements may be lost: the copy is
 * emptied and nothing is copied until the channel is subscribed again.
 */
import { isNewerVersion } from './rendered-version-notifier.js';

export class VersionMirror {
  private readonly versions = new Map<string, string>();
  private live = false;
  /** Counts announcements and losses: a Redis read that straddles one may be stale and is not kept. */
  private changes = 0;

  /** The copied version of `key`, if the copy can be trusted and holds one. */
  get(key: string): string | undefined {
    return this.live ? this.versions.get(key) : undefined;
  }

  /** A mark to take before reading Redis and to hand to `keep` with what was read. */
  mark(): number {
    return this.changes;
  }

  /** Copies `version` read from Redis, unless anything was announced or lost since `mark`. */
  keep(key: string, version: string, mark: number): void {
    if (this.live && mark === this.changes) this.versions.set(key, version);
  }

  /** Forgets `key` (its Redis value was written without an announcement; the next read copies it). */
  drop(key: string): void {
    this.changes++;
    this.versions.delete(key);
  }

  /** An announcement: a new version of `key`, or undefined when the device was deleted. */
  announced(key: string, version: string | undefined): void {
    this.changes++;
    if (!this.live) return;
    if (version === undefined) this.versions.delete(key);
    else if (isNewerVersion(version, this.versions.get(key))) this.versions.set(key, version);
  }

  /** The subscription is in place: from now on every change is announced. */
  subscribed(): void {
    this.changes++;
    this.live = true;
  }

  /** The subscription dropped: announcements may be missed until it is back. */
  lost(): void {
    this.changes++;
    this.live = false;
    this.versions.clear();
  }

  /** Whether the subscription is in place, so that copied versions are current. */
  isLive(): boolean {
    return this.live;
  }

  get size(): number {
    return this.versions.size;
  }
}
