/**
 * One round of spec changes through the user API on a set of simulated devices, all at once, then
 * a wait until every one of them reports (status.config.renderedVersion) the version it was given.
 * The devices are labelled in the first round so that the wait lists only them.
 */
import { type Device, type FleetApi, deviceIndex, inPool } from './fleet-api.js';
import type { SpecWrite } from './render-loop.js';
import { waitUntil } from './wait-until.js';

export const WAKE_LABEL = 'bench-wake';
const POLL_MS = 250;

export interface WakeRound {
  /** By device index: when its new spec was sent and acknowledged. */
  writes: Map<number, SpecWrite>;
}

export async function wakeRound(
  fleet: FleetApi,
  devices: Device[],
  tag: string,
  timeoutMs: number,
): Promise<WakeRound> {
  const writes = new Map<number, SpecWrite>();
  const versions = new Map<string, string>();
  await inPool(devices, devices.length, async (device) => {
    const write = await fleet.update(device.metadata.name, (d) => {
      d.spec = { systemd: { matchPatterns: [`${tag}.service`] } };
      d.metadata.labels = { ...d.metadata.labels, [WAKE_LABEL]: 'true' };
    });
    writes.set(deviceIndex(device), write);
    versions.set(device.metadata.name, write.version);
  });
  await waitUntil(
    `${devices.length} devices to report their new spec (${tag})`,
    timeoutMs,
    async () => {
      const listed = await fleet.devices(`${WAKE_LABEL}=true`);
      const reported = listed.filter((d) => d.status?.config?.renderedVersion === versions.get(d.metadata.name));
      return reported.length === versions.size;
    },
    POLL_MS,
  );
  return { writes };
}
