/**
 * Spec changes at a steady rate, the way updates reach a fleet in day-to-day use: one device at a
 * time, `perSecond` of them, each a different device. Records when each change was sent and
 * acknowledged, then waits until every changed device reports its new version.
 */
import { type Device, type FleetApi, deviceIndex } from './fleet-api.js';
import type { SpecWrite } from './render-loop.js';
import { waitUntil } from './wait-until.js';

const POLL_MS = 250;

export async function specTrickle(
  fleet: FleetApi,
  devices: Device[],
  perSecond: number,
  tag: string,
  timeoutMs: number,
): Promise<Map<number, SpecWrite>> {
  const writes = new Map<number, SpecWrite>();
  const versions = new Map<string, string>();
  const started = Date.now();
  const changes: Promise<void>[] = [];
  for (const [i, device] of devices.entries()) {
    const due = started + (i * 1000) / perSecond;
    await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
    changes.push(
      fleet
        .update(device.metadata.name, (d) => (d.spec = { systemd: { matchPatterns: [`${tag}.service`] } }))
        .then((write) => {
          writes.set(deviceIndex(device), write);
          versions.set(device.metadata.name, write.version);
        }),
    );
  }
  await Promise.all(changes);
  await waitUntil(
    `${devices.length} devices to report their new spec (${tag})`,
    timeoutMs,
    async () => {
      for (const [name, version] of versions) {
        if ((await fleet.device(name)).status?.config?.renderedVersion !== version) return false;
        versions.delete(name);
      }
      return true;
    },
    POLL_MS,
  );
  return writes;
}
