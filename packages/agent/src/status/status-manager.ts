/**
 * The device status as the agent reports it (ref/agent.md §2.9): one in-memory DeviceStatus, filled by
 * exporters (applications, OS, spec, system info, …) on every collection and sent whole with
 * `PUT /devices/{name}/status` only when it differs from what was last sent successfully. A failed
 * push leaves that snapshot alone, so the next attempt sends again.
 */
import type { Device, DeviceStatus } from '@flightctl/api';
import { API_VERSION, newDeviceStatus } from '@flightctl/api/agent';
import type { Logger } from 'pino';
import { setCondition, type ConditionUpdate } from './conditions.js';
import { stableJson } from './stable-json.js';

/** Writes its part of the status; called in registration order on every collection. */
export type StatusExporter = (status: DeviceStatus) => void | Promise<void>;

export interface StatusSink {
  updateDeviceStatus(name: string, device: Device): Promise<void>;
}

export class StatusManager {
  private status: DeviceStatus = newDeviceStatus();
  private readonly exporters: StatusExporter[] = [];
  private sink?: StatusSink;
  private lastPushed?: string;
  /** Pushes run one after another, so the service never receives an older status after a newer one. */
  private pushing: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly deviceName: string,
    private readonly log: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  registerExporter(exporter: StatusExporter): void {
    this.exporters.push(exporter);
  }

  /** Where pushes go; before enrollment there is nowhere to push. */
  setSink(sink: StatusSink | undefined): void {
    this.sink = sink;
  }

  /** A copy of the current status. */
  snapshot(): DeviceStatus {
    return structuredClone(this.status);
  }

  device(): Device {
    return { apiVersion: API_VERSION, kind: 'Device', metadata: { name: this.deviceName }, status: this.snapshot() };
  }

  /** Runs every exporter; one failing does not stop the others. */
  async collect(): Promise<void> {
    this.status.applications = [];
    const errors: string[] = [];
    for (const exporter of this.exporters) {
      try {
        await exporter(this.status);
      } catch (err) {
        errors.push((err as Error).message);
      }
    }
    if (errors.length > 0) this.log.warn(`collecting device status: ${errors.join('; ')}`);
  }

  /** Makes the next push send the status even if it looks unchanged (the service asked for a full status). */
  forgetPushed(): void {
    this.lastPushed = undefined;
  }

  /** The periodic status update: collect, then push if anything changed. */
  async sync(): Promise<void> {
    await this.collect();
    await this.push();
  }

  /** Applies `change` and pushes. */
  async update(change: (status: DeviceStatus) => void): Promise<void> {
    change(this.status);
    await this.push();
  }

  /** Collects and sets the condition; pushes only when the condition itself changed. */
  async updateCondition(condition: ConditionUpdate): Promise<void> {
    await this.collect();
    if (setCondition(this.status.conditions, condition, this.now())) await this.push();
  }

  /** Sends the status if it differs from the last one the service accepted; false if sending failed. */
  push(): Promise<boolean> {
    const run = this.pushing.then(() => this.pushNow());
    this.pushing = run.catch(() => undefined);
    return run;
  }

  private async pushNow(): Promise<boolean> {
    const sink = this.sink;
    if (!sink) return false;
    const device = this.device();
    const text = stableJson(device.status);
    if (text === this.lastPushed) return true;
    try {
      await sink.updateDeviceStatus(this.deviceName, device);
      this.lastPushed = text;
      return true;
    } catch (err) {
      this.log.warn(`pushing device status: ${(err as Error).message}`);
      return false;
    }
  }
}
