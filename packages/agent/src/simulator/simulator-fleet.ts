/**
 * The fleet upstream's simulator makes sure exists (its examples/fleet-disk-simulator.yaml): every
 * simulated device (`created_by=device-simulator`) gets a disk monitor on `/` instead of the
 * default one on `/sysroot`, which a simulated device does not have, and a short /etc/motd.
 */
import type { Fleet } from '@flightctl/api';
import { API_VERSION_FULL } from '@flightctl/api/agent';
import type { Logger } from 'pino';
import type { AdminClient } from './admin-client.js';
import { SIMULATOR_LABEL } from './simulator-flags.js';

export const SIMULATOR_FLEET = 'simulator-disk-monitoring';

const FILE_MODE = 0o644;

export function simulatorFleet(): Fleet {
  const labels = { [SIMULATOR_LABEL.key]: SIMULATOR_LABEL.value };
  return {
    apiVersion: API_VERSION_FULL,
    kind: 'Fleet',
    metadata: { name: SIMULATOR_FLEET },
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          config: [
            {
              name: 'motd-update',
              inline: [
                { path: '/etc/motd', content: 'This system is managed by flightctl (simulator).', mode: FILE_MODE },
              ],
            },
          ],
          resources: [
            {
              monitorType: 'Disk',
              path: '/',
              samplingInterval: '30s',
              alertRules: [
                {
                  severity: 'Warning',
                  duration: '5m',
                  percentage: 80,
                  description: 'Disk usage is above 80% for more than 5 minutes',
                },
                {
                  severity: 'Critical',
                  duration: '2m',
                  percentage: 90,
                  description: 'Disk usage is above 90% for more than 2 minutes',
                },
              ],
            },
          ],
          systemd: { matchPatterns: [] },
        },
      },
    },
  };
}

/** Creates the fleet unless it exists; a failure is only a warning, as upstream has it. */
export async function ensureSimulatorFleet(admin: AdminClient, log: Logger): Promise<void> {
  try {
    if (await admin.fleetExists(SIMULATOR_FLEET)) {
      log.info(`fleet ${SIMULATOR_FLEET} already exists`);
      return;
    }
    await admin.replaceFleet(simulatorFleet());
    log.info(`created fleet ${SIMULATOR_FLEET}`);
  } catch (err) {
    log.warn(`creating fleet ${SIMULATOR_FLEET}: ${(err as Error).message}`);
  }
}
