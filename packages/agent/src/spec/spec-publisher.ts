/**
 * The rendered-spec long poll (ref/agent.md §2.6): one request outstanding at a time, each telling the
 * service the last version known; a new rendered device goes to every watcher. Polls start at least
 * 5 s apart; after a failure the next waits base × 2^(n-1) (capped, ±20 %) instead, reset by a
 * success. A "device not found" answer means the device was deleted server-side.
 */
import type { Device } from '@flightctl/api';
import { DEVICE_ANNOTATION_CONFLICT_PAUSED } from '@flightctl/api/agent';
import type { Logger } from 'pino';
import { DeviceNotFoundError, type RenderedDeviceResult } from '../client/management-client.js';
import { RequestTimeoutError } from '../client/service-client.js';
import { systemClock, type Clock } from '../timing/clock.js';
import type { DeviceWatcher } from './device-watcher.js';
import { renderedVersion, versionNumber } from './rendered-device.js';

/** The spacing of polls that succeeded or found nothing new. */
const MIN_POLL_INTERVAL_MS = 5000;
const ERROR_JITTER = 0.2;

export interface RenderedDeviceSource {
  getRenderedDevice(name: string, knownRenderedVersion: string, signal?: AbortSignal): Promise<RenderedDeviceResult>;
}

export interface SpecPublisherOptions {
  deviceName: string;
  source: RenderedDeviceSource;
  /** The version of desired.json at start ("0" on a fresh device). */
  lastKnownVersion: string;
  errorBaseDelayMs: number;
  errorMaxDelayMs: number;
  log: Logger;
  /** The service says the device does not exist any more; polling stops. */
  onDeviceNotFound: () => void;
  /** The service paused the device on a version conflict: the next status push must be complete. */
  onConflictPaused?: () => void;
  clock?: Clock;
}

type PollOutcome = 'changed' | 'unchanged' | 'failed' | 'not-found';

export class SpecPublisher {
  private readonly watchers: DeviceWatcher[] = [];
  private readonly clock: Clock;
  private lastKnownVersion: string;

  constructor(private readonly options: SpecPublisherOptions) {
    this.clock = options.clock ?? systemClock;
    this.lastKnownVersion = options.lastKnownVersion;
  }

  watch(watcher: DeviceWatcher): void {
    this.watchers.push(watcher);
  }

  /** After the spec files were reset, the service must send the device's spec again. */
  resetKnownVersion(): void {
    this.lastKnownVersion = '0';
  }

  /** Polls until the signal aborts or the device is found deleted. */
  async run(signal: AbortSignal): Promise<void> {
    let failures = 0;
    while (!signal.aborted) {
      const started = this.clock.now();
      const outcome = await this.poll(signal);
      if (signal.aborted) return;
      if (outcome === 'not-found') {
        this.options.onDeviceNotFound();
        return;
      }
      let delay: number;
      if (outcome === 'failed') {
        failures++;
        const backoff = Math.min(this.options.errorBaseDelayMs * 2 ** (failures - 1), this.options.errorMaxDelayMs);
        delay = backoff * (1 + ERROR_JITTER * (2 * this.clock.random() - 1));
      } else {
        failures = 0;
        delay = MIN_POLL_INTERVAL_MS - (this.clock.now() - started);
      }
      if (delay > 0) await this.clock.sleep(delay, signal);
    }
  }

  private async poll(signal: AbortSignal): Promise<PollOutcome> {
    const { deviceName, source, log } = this.options;
    let result: RenderedDeviceResult;
    try {
      result = await source.getRenderedDevice(deviceName, this.lastKnownVersion, signal);
    } catch (err) {
      if (signal.aborted) return 'unchanged';
      if (err instanceof DeviceNotFoundError) {
        log.warn(`device not found on the management service: ${err.message}`);
        return 'not-found';
      }
      if (err instanceof RequestTimeoutError) return 'unchanged';
      log.error(`polling the rendered device spec: ${(err as Error).message}`);
      return 'failed';
    }
    if (!result.changed) return 'unchanged';
    this.publish(result.device);
    return 'changed';
  }

  private publish(device: Device): void {
    if (device.metadata.annotations?.[DEVICE_ANNOTATION_CONFLICT_PAUSED] === 'true') this.options.onConflictPaused?.();
    const version = renderedVersion(device);
    let newer: boolean;
    try {
      newer = versionNumber(version) > versionNumber(this.lastKnownVersion);
    } catch {
      newer = false;
    }
    if (newer) {
      this.options.log.info(`new rendered version received: ${this.lastKnownVersion} -> ${version}`);
      this.lastKnownVersion = version;
    }
    // Delivered even when the version is not newer: a console session changes the device but not its version.
    for (const watcher of this.watchers) watcher.push(device);
  }
}
