/**
 * One simulated device (ref/agent.md §11): a fake root `<data-dir>/device-NNNNN`, wiped and created
 * afresh, holding a copy of the template's enrollment credentials in /etc/flightctl, and an agent
 * config whose every path is inside that root (config and data directory are both /etc/flightctl).
 * `device-NNNNN` is only the folder and the `alias` label: the device's name is the hash of the key
 * its agent generates.
 */
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { AgentConfig } from '../config/agent-config.js';
import { buildAgentConfig } from '../config/load-config.js';
import { RootDir } from '../os/root-dir.js';
import {
  CA_FILE,
  ENROLLMENT_CERT_FILE,
  ENROLLMENT_KEY_FILE,
  TEMPLATE_CERT_FILES,
  type AgentTemplate,
} from './agent-template.js';

const DEVICE_CONFIG_DIR = '/etc/flightctl';
const CONFIG_DIR_MODE = 0o700;
/** Settings every simulated agent takes from the template; the rest are per device or defaults. */
const TEMPLATE_SETTINGS = [
  'spec-fetch-interval',
  'spec-fetch-error-base-delay',
  'spec-fetch-error-max-delay',
  'status-update-interval',
  'status-update-jitter',
  'enrollment-verify-interval',
  'enrollment-verify-cap',
  'enrollment-verify-steps',
  'tpm',
] as const;

export interface SimulatedDevice {
  /** `device-NNNNN`: the folder and the alias. */
  alias: string;
  root: RootDir;
  config: AgentConfig;
}

export const simulatedDeviceAlias = (index: number) => `device-${String(index).padStart(5, '0')}`;

function deviceConfig(
  template: AgentConfig,
  alias: string,
  labels: Record<string, string>,
  logLevel: string,
): AgentConfig {
  const inDevice = (file: string) => posix.join(DEVICE_CONFIG_DIR, file);
  const service = (block: 'enrollment-service' | 'management-service') => {
    const { server, 'tls-server-name': tlsServerName } = template[block].service;
    return {
      server,
      'certificate-authority': inDevice(CA_FILE),
      ...(tlsServerName ? { 'tls-server-name': tlsServerName } : {}),
    };
  };
  const settings = Object.fromEntries(TEMPLATE_SETTINGS.map((key) => [key, template[key]]));
  return buildAgentConfig(
    {
      ...settings,
      'enrollment-service': {
        service: service('enrollment-service'),
        authentication: {
          'client-certificate': inDevice(ENROLLMENT_CERT_FILE),
          'client-key': inDevice(ENROLLMENT_KEY_FILE),
        },
        'enrollment-ui-endpoint': template['enrollment-service']['enrollment-ui-endpoint'],
      },
      'management-service': { service: service('management-service') },
      'default-labels': { ...labels, alias },
      'system-info': [],
      'log-level': logLevel,
      'log-prefix': alias,
    },
    { configDir: DEVICE_CONFIG_DIR, dataDir: DEVICE_CONFIG_DIR },
  );
}

export async function prepareSimulatedDevice(
  template: AgentTemplate,
  index: number,
  labels: Record<string, string>,
  logLevel: string,
): Promise<SimulatedDevice> {
  const alias = simulatedDeviceAlias(index);
  const dir = join(template.config.dataDir, alias);
  await rm(dir, { recursive: true, force: true });
  const root = new RootDir(dir);
  await mkdir(root.path(DEVICE_CONFIG_DIR), { recursive: true, mode: CONFIG_DIR_MODE });
  for (const file of TEMPLATE_CERT_FILES)
    await copyFile(join(template.certsDir, file), root.path(posix.join(DEVICE_CONFIG_DIR, file)));
  return { alias, root, config: deviceConfig(template.config, alias, labels, logLevel) };
}
