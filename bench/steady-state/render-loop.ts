/**
 * Gives every simulated device its first spec as soon as it is enrolled, which makes the service
 * render it: upstream renders a device when it is created, this service does not yet, and until a
 * device has a rendered version every long poll is answered at once (409) and repeated every 5 s,
 * which at fleet scale would swamp the service during enrollment. The devices it has done are
 * labelled, so each round lists only the new ones. Records when each device's spec was written.
 */
import { type FleetApi, deviceIndex, inPool } from './fleet-api.js';

export const RENDERED_LABEL = 'bench-rendered';
const ROUND_MS = 2000;
const CONCURRENCY = 8;

export interface SpecWrite {
  sentMs: number;
  doneMs: number;
}

export class RenderLoop {
  /** By device index: when its first spec was sent and acknowledged. */
  readonly writes = new Map<number, SpecWrite>();
  private stopped = false;
  private failure?: Error;
  private readonly done: Promise<void>;

  constructor(private readonly fleet: FleetApi) {
    this.done = this.loop().catch((err: Error) => {
      this.failure = err;
    });
  }

  /** Throws what stopped the loop, if anything did. */
  check(): void {
    if (this.failure) throw new Error(`giving devices their first spec: ${this.failure.message}`);
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      const started = Date.now();
      const pending = await this.fleet.devices(`!${RENDERED_LABEL}`);
      await inPool(pending, CONCURRENCY, async (device) => {
        const write = await this.fleet.update(device.metadata.name, (d) => {
          d.spec = {};
          d.metadata.labels = { ...d.metadata.labels, [RENDERED_LABEL]: 'true' };
        });
        this.writes.set(deviceIndex(device), write);
      });
      await new Promise((r) => setTimeout(r, Math.max(0, ROUND_MS - (Date.now() - started))));
    }
  }

  /** Ends after the round under way; rejects if a round failed. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.done;
    this.check();
  }
}
