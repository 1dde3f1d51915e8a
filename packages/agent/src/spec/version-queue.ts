/**
 * The queue of rendered versions waiting to be reconciled (ref/agent.md §2.7): at most one item (the
 * lowest is evicted when full), versions and spec hashes that failed are never queued again, and a
 * version handed out before comes back only after a growing delay (30 s × 1.5^(tries-1), at most
 * 5 min, ±10 %), so a steady device re-applies its spec as idempotent drift correction without
 * spinning. A version is handed out once its download or update policy has been ready.
 */
import type { Device } from '@flightctl/api';
import { renderedSpecHash, renderedVersion, versionNumber } from './rendered-device.js';
import type { PolicyType } from './update-policy.js';

const MAX_QUEUE_SIZE = 1;
const MAX_REQUEUE_STATES = 5 * MAX_QUEUE_SIZE;
const REQUEUE_BASE_DELAY_MS = 30_000;
const REQUEUE_FACTOR = 1.5;
const REQUEUE_MAX_DELAY_MS = 5 * 60_000;
const REQUEUE_JITTER = 0.1;

interface RequeueState {
  tries: number;
  /** Epoch ms before which the version is not handed out; 0 = no delay. */
  nextAvailable: number;
  downloadPolicySatisfied: boolean;
  updatePolicySatisfied: boolean;
}

export interface VersionQueueOptions {
  /** The current (applied) version: older versions are not queued. */
  currentVersion: () => number;
  isPolicyReady: (type: PolicyType) => boolean;
  now?: () => number;
  random?: () => number;
}

export class VersionQueue {
  /** Queued devices by version; never more than MAX_QUEUE_SIZE. */
  private readonly items = new Map<number, Device>();
  private readonly requeue = new Map<number, RequeueState>();
  private readonly failedVersions = new Set<number>();
  private readonly failedHashes = new Set<string>();
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(private readonly options: VersionQueueOptions) {
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
  }

  add(device: Device): void {
    if (!device.spec) return;
    const version = versionNumber(renderedVersion(device));
    if (this.isFailed(version, renderedSpecHash(device))) return;
    if (version < this.options.currentVersion()) return;

    this.pruneRequeueStates();
    const state = this.requeueState(version);
    if (state.tries > 0 && state.nextAvailable === 0) state.nextAvailable = this.now() + this.requeueDelay(state.tries);

    if (this.items.has(version)) return;
    if (this.items.size >= MAX_QUEUE_SIZE) this.items.delete(Math.min(...this.items.keys()));
    this.items.set(version, device);
  }

  /** The lowest queued version if it is due and a policy allows it; it is removed from the queue. */
  next(): Device | undefined {
    if (this.items.size === 0) return undefined;
    const version = Math.min(...this.items.keys());
    const state = this.requeueState(version);
    if (this.now() < state.nextAvailable) return undefined;
    if (!state.downloadPolicySatisfied && !state.updatePolicySatisfied) return undefined;
    const device = this.items.get(version)!;
    this.items.delete(version);
    state.nextAvailable = 0;
    state.tries++;
    return device;
  }

  remove(version: number): void {
    this.items.delete(version);
  }

  /** Never queue this version (nor this spec content, when a hash is given) again. */
  setFailed(version: number, specHash?: string): void {
    this.failedVersions.add(version);
    if (specHash) this.failedHashes.add(specHash);
    this.requeue.delete(version);
    this.items.delete(version);
  }

  isFailed(version: number, specHash?: string): boolean {
    return this.failedVersions.has(version) || (specHash !== undefined && this.failedHashes.has(specHash));
  }

  /** Whether the policy of `type` has been ready for this version (it stays so once it was). */
  isPolicySatisfied(type: PolicyType, version: number): boolean {
    const state = this.requeue.get(version);
    if (!state) return false;
    return type === 'download' ? state.downloadPolicySatisfied : state.updatePolicySatisfied;
  }

  private requeueState(version: number): RequeueState {
    let state = this.requeue.get(version);
    if (!state) {
      state = { tries: 0, nextAvailable: 0, downloadPolicySatisfied: false, updatePolicySatisfied: false };
      this.requeue.set(version, state);
    }
    state.downloadPolicySatisfied ||= this.options.isPolicyReady('download');
    state.updatePolicySatisfied ||= this.options.isPolicyReady('update');
    return state;
  }

  private requeueDelay(tries: number): number {
    const delay = Math.min(REQUEUE_BASE_DELAY_MS * REQUEUE_FACTOR ** (tries - 1), REQUEUE_MAX_DELAY_MS);
    return delay * (1 + REQUEUE_JITTER * (2 * this.random() - 1));
  }

  /** Keeps at most MAX_REQUEUE_STATES states: the oldest version that was handed out goes first. */
  private pruneRequeueStates(): void {
    if (this.requeue.size <= MAX_REQUEUE_STATES) return;
    const tried = [...this.requeue].filter(([, s]) => s.tries > 0).map(([v]) => v);
    const victim = Math.min(...(tried.length > 0 ? tried : [...this.requeue.keys()]));
    this.requeue.delete(victim);
  }
}
