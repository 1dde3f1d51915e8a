/**
 * The spec files and the version queue together (ref/agent.md §2.4, §2.7): which version is applied
 * (current), which one is being reconciled (desired), taking new versions from the publisher, and the
 * transitions of a reconciliation: upgrade (desired becomes current), rollback (desired goes back to
 * current) and marking a version failed.
 */
import type { Device } from '@flightctl/api';
import type { Logger } from 'pino';
import { UpdateError } from '../engine/update-error.js';
import type { AuditLog, AuditReason } from './audit-log.js';
import type { DeviceWatcher } from './device-watcher.js';
import { renderedSpecHash, renderedVersion, versionNumber, versionedDevice } from './rendered-device.js';
import { SPEC_TYPES, type SpecFiles, type SpecType } from './spec-files.js';
import type { PolicyType, UpdatePolicy } from './update-policy.js';
import { VersionQueue } from './version-queue.js';

interface CachedSpec {
  version: string;
  specHash: string;
}

export interface SpecManagerOptions {
  files: SpecFiles;
  watcher: DeviceWatcher;
  policy: UpdatePolicy;
  log: Logger;
  /** Where every spec-file write is recorded. */
  audit?: AuditLog;
  now?: () => number;
  random?: () => number;
}

const cached = (device: Device): CachedSpec => ({
  version: renderedVersion(device),
  specHash: renderedSpecHash(device),
});

export class SpecManager {
  private readonly files: SpecFiles;
  private readonly watcher: DeviceWatcher;
  private readonly policy: UpdatePolicy;
  private readonly log: Logger;
  private readonly audit?: AuditLog;
  private readonly queue: VersionQueue;
  private readonly cache: Record<SpecType, CachedSpec> = {
    current: { version: '', specHash: '' },
    desired: { version: '', specHash: '' },
    rollback: { version: '', specHash: '' },
  };
  private lastConsumed?: Device;

  constructor(options: SpecManagerOptions) {
    this.files = options.files;
    this.watcher = options.watcher;
    this.policy = options.policy;
    this.log = options.log;
    this.audit = options.audit;
    this.queue = new VersionQueue({
      currentVersion: () => versionNumber(this.cache.current.version),
      isPolicyReady: (type) => this.policy.isReady(type),
      now: options.now,
      random: options.random,
    });
  }

  /**
   * Creates missing spec files at version "0" and loads the cache. Returns true when only some files
   * were missing: the state was reset, so the publisher must forget the version it knew.
   */
  async ensure(): Promise<boolean> {
    const missing: SpecType[] = [];
    for (const type of SPEC_TYPES) if (!(await this.files.exists(type))) missing.push(type);
    const reset = missing.length > 0 && missing.length < SPEC_TYPES.length;
    if (reset) this.log.warn(`spec files missing (${missing.join(', ')}): resetting every spec to version 0`);
    for (const type of reset ? SPEC_TYPES : missing) {
      // First start, or repairing a partial state (the rollback file is only ever initialised).
      const reason = !reset ? 'bootstrap' : type === 'rollback' ? 'initialization' : 'recovery';
      await this.write(type, versionedDevice('0'), reason);
    }
    for (const type of SPEC_TYPES) await this.read(type);
    this.queue.add(await this.read('desired'));
    return reset;
  }

  async read(type: SpecType): Promise<Device> {
    const device = await this.files.read(type);
    this.cache[type] = cached(device);
    return device;
  }

  version(type: SpecType): string {
    return this.cache[type].version;
  }

  /** A reconciliation towards a version other than the applied one is under way. */
  isUpgrading(): boolean {
    return this.cache.current.version !== this.cache.desired.version;
  }

  /** The next version to reconcile, written to desired.json when new; undefined when nothing is due. */
  async getDesired(): Promise<Device | undefined> {
    if (!this.consumePublished()) this.queue.add(await this.read('desired'));
    const next = this.queue.next();
    if (!next) return undefined;
    const version = renderedVersion(next);
    if (version !== this.cache.desired.version) {
      if (versionNumber(version) < versionNumber(this.cache.desired.version))
        throw new Error(`version ${version} is older than the desired version ${this.cache.desired.version}`);
      this.log.info(`new desired rendered version ${version}`);
      await this.write('desired', next, 'sync');
    }
    return next;
  }

  /** Queues what the publisher delivered since the last call; true if anything was (re)queued. */
  private consumePublished(): boolean {
    let consumed = false;
    for (let device = this.watcher.tryPop(); device; device = this.watcher.tryPop()) {
      try {
        this.policy.sync(device.spec?.updatePolicy);
      } catch (err) {
        this.log.error(`update policy of rendered version ${renderedVersion(device)}: ${(err as Error).message}`);
      }
      this.queue.add(device);
      this.lastConsumed = device;
      consumed = true;
    }
    if (consumed || !this.lastConsumed) return consumed;
    // An update that was set aside (the desired file rolled back while waiting) resumes here.
    const desired = this.cache.desired;
    const reference = this.queue.isFailed(versionNumber(desired.version), desired.specHash)
      ? desired.version
      : this.cache.current.version;
    const last = this.lastConsumed;
    if (renderedVersion(last) === reference) return false;
    if (this.queue.isFailed(versionNumber(renderedVersion(last)), renderedSpecHash(last))) return false;
    this.queue.add(last);
    return true;
  }

  /** Commits a successful reconciliation: desired becomes current and the rollback spec is cleared. */
  async upgrade(): Promise<void> {
    if (this.isUpgrading()) {
      const desired = await this.read('desired');
      if (versionNumber(renderedVersion(desired)) < versionNumber(this.cache.current.version))
        this.log.fatal(`current version goes backwards: ${this.cache.current.version} -> ${renderedVersion(desired)}`);
      await this.write('current', desired, 'upgrade');
      await this.write('rollback', versionedDevice(''), 'initialization');
      this.log.info(`spec reconciliation complete: current version ${renderedVersion(desired)}`);
    }
    this.queue.remove(versionNumber(this.cache.desired.version));
  }

  /** Returns desired to current; with `setFailed` the abandoned version is never retried. */
  async rollback(options: { setFailed?: boolean } = {}): Promise<void> {
    if (options.setFailed) this.setUpgradeFailed(this.cache.desired.version, this.cache.desired.specHash);
    const current = await this.read('current');
    await this.write('desired', current, 'rollback');
    this.queue.add(current);
  }

  setUpgradeFailed(version: string, specHash?: string): void {
    this.queue.setFailed(versionNumber(version), specHash || undefined);
  }

  /** Throws a retryable error while the policy of `type` has not been ready for the desired version. */
  checkPolicy(type: PolicyType, version: string): void {
    if (this.queue.isPolicySatisfied(type, versionNumber(version))) return;
    throw new UpdateError(`${type} policy`, `the ${type} schedule does not allow this update yet`, { retryable: true });
  }

  private async write(type: SpecType, device: Device, reason: AuditReason): Promise<void> {
    const previous = this.cache[type].version;
    try {
      await this.files.write(type, device);
    } catch (err) {
      await this.audit?.record(type, reason, previous, device, 'failure');
      throw err;
    }
    await this.audit?.record(type, reason, previous, device, 'success');
    this.cache[type] = cached(device);
  }
}
