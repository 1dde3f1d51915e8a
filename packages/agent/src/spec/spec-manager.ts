/**
 * The spec files and the version queue together (ref/agent.md §2.4, §2.7): which version is applied
 * (current), which one is being reconciled (desired), taking new versions from the publisher, and the
 * transitions of a reconciliation: upgrade (desired becomes current), rollback (desired goes back to
 * current) and marking a version failed.
 *
 * Only the agent writes the spec files, so they are read once, at start, and kept in memory; every
 * write updates the file (atomically) and then the memory. The once-a-second sync therefore touches
 * no file; a version handed out for reconciliation first checks that its files are still there.
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

/** The kept devices are shared with the reconciler and its controllers: frozen, so none can drift from its file. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

export class SpecManager {
  private readonly files: SpecFiles;
  private readonly watcher: DeviceWatcher;
  private readonly policy: UpdatePolicy;
  private readonly log: Logger;
  private readonly audit?: AuditLog;
  private readonly queue: VersionQueue;
  /** The content of each spec file, as last loaded or written; empty until `ensure`. */
  private readonly devices: Record<SpecType, Device> = {
    current: versionedDevice(''),
    desired: versionedDevice(''),
    rollback: versionedDevice(''),
  };
  private lastConsumed?: Device;

  constructor(options: SpecManagerOptions) {
    this.files = options.files;
    this.watcher = options.watcher;
    this.policy = options.policy;
    this.log = options.log;
    this.audit = options.audit;
    this.queue = new VersionQueue({
      currentVersion: () => versionNumber(this.version('current')),
      isPolicyReady: (type) => this.policy.isReady(type),
      now: options.now,
      random: options.random,
    });
  }

  /**
   * Creates missing spec files at version "0" and loads all three into memory. Returns true when only
   * some files were missing: the state was reset, so the publisher must forget the version it knew.
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
    for (const type of SPEC_TYPES) this.devices[type] = deepFreeze(await this.files.read(type));
    this.queue.add(this.devices.desired);
    return reset;
  }

  /** The content of the spec file (frozen: the manager changes it only by writing the file). */
  get(type: SpecType): Device {
    return this.devices[type];
  }

  version(type: SpecType): string {
    return renderedVersion(this.devices[type]);
  }

  /** A reconciliation towards a version other than the applied one is under way. */
  isUpgrading(): boolean {
    return this.version('current') !== this.version('desired');
  }

  /** The next version to reconcile, written to desired.json when new; undefined when nothing is due. */
  async getDesired(): Promise<Device | undefined> {
    if (!this.consumePublished()) this.queue.add(this.devices.desired);
    const next = this.queue.next();
    if (!next) return undefined;
    await this.files.checkPresent();
    const version = renderedVersion(next);
    const desiredVersion = this.version('desired');
    if (version !== desiredVersion) {
      if (versionNumber(version) < versionNumber(desiredVersion))
        throw new Error(`version ${version} is older than the desired version ${desiredVersion}`);
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
    const desired = this.devices.desired;
    const reference = this.queue.isFailed(versionNumber(renderedVersion(desired)), renderedSpecHash(desired))
      ? renderedVersion(desired)
      : this.version('current');
    const last = this.lastConsumed;
    if (renderedVersion(last) === reference) return false;
    if (this.queue.isFailed(versionNumber(renderedVersion(last)), renderedSpecHash(last))) return false;
    this.queue.add(last);
    return true;
  }

  /** Commits a successful reconciliation: desired becomes current and the rollback spec is cleared. */
  async upgrade(): Promise<void> {
    if (this.isUpgrading()) {
      const desired = this.devices.desired;
      const current = this.version('current');
      if (versionNumber(renderedVersion(desired)) < versionNumber(current))
        this.log.fatal(`current version goes backwards: ${current} -> ${renderedVersion(desired)}`);
      await this.write('current', desired, 'upgrade');
      await this.write('rollback', versionedDevice(''), 'initialization');
      this.log.info(`spec reconciliation complete: current version ${renderedVersion(desired)}`);
    }
    this.queue.remove(versionNumber(this.version('desired')));
  }

  /** Returns desired to current; with `setFailed` the abandoned version is never retried. */
  async rollback(options: { setFailed?: boolean } = {}): Promise<void> {
    const desired = this.devices.desired;
    if (options.setFailed) this.setUpgradeFailed(renderedVersion(desired), renderedSpecHash(desired));
    const current = this.devices.current;
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
    const previous = this.version(type);
    try {
      await this.files.write(type, device);
    } catch (err) {
      await this.audit?.record(type, reason, previous, device, 'failure');
      throw err;
    }
    this.devices[type] = deepFreeze(device);
    await this.audit?.record(type, reason, previous, device, 'success');
  }
}
