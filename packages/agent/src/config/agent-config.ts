/**
 * The agent's configuration (ref/agent.md §1.2): `/etc/flightctl/config.yaml` plus `conf.d` drop-ins.
 * Keys are spelled as in the file; durations stay Go duration strings here and are turned into
 * milliseconds by `agentTimings` once validated.
 */
import { DEFAULT_SYSTEM_INFO_KEYS } from '../system-info/system-info-keys.js';

/** Where the client connects: the `service` part of a service block (the CLI's client config uses the same shape). */
export interface ServiceEndpoint {
  /** Base URL; the client appends /api/v1. */
  server: string;
  'certificate-authority'?: string;
  /** Base64 PEM CA bundle. */
  'certificate-authority-data'?: string;
  'tls-server-name'?: string;
  insecureSkipVerify?: boolean;
}

/** The client certificate of a service block: file paths or base64 PEM data. */
export interface ServiceAuthentication {
  'client-certificate'?: string;
  'client-certificate-data'?: string;
  'client-key'?: string;
  'client-key-data'?: string;
}

export interface ServiceConfig {
  service: ServiceEndpoint;
  authentication: ServiceAuthentication;
  /** Only on the enrollment service: where users approve the device. */
  'enrollment-ui-endpoint'?: string;
}

export interface AgentConfig {
  /** Directory of config.yaml (not a file key): relative certificate paths and conf.d are resolved against it. */
  configDir: string;
  /** State directory (not a file key): keys, certificates and spec files live under it. */
  dataDir: string;
  'enrollment-service': ServiceConfig;
  'management-service': ServiceConfig;
  'remote-access-service': ServiceConfig;
  'spec-fetch-interval': string;
  'spec-fetch-error-base-delay': string;
  'spec-fetch-error-max-delay': string;
  'status-update-interval': string;
  'status-update-jitter': string;
  'enrollment-verify-interval': string;
  'enrollment-verify-cap': string;
  'enrollment-verify-steps': number;
  'default-labels': Record<string, string>;
  'label-from-systeminfo': Record<string, string>;
  'system-info': string[];
  'system-info-custom': string[];
  'system-info-timeout': string;
  'pull-timeout': string;
  'pull-retry-steps': number;
  'log-level': string;
  'log-prefix': string;
  'metrics-enabled': boolean;
  'profiling-enabled': boolean;
  audit: { enabled: boolean };
  tpm: { enabled: boolean; 'device-path': string; 'auth-enabled': boolean; 'storage-file-path': string };
  'image-pruning': { enabled: boolean };
}

export const DEFAULT_CONFIG_DIR = '/etc/flightctl';
export const DEFAULT_DATA_DIR = '/var/lib/flightctl';
export const DEFAULT_CONFIG_FILE = `${DEFAULT_CONFIG_DIR}/config.yaml`;

/** Every key that is not a service block, with its default. `status-update-jitter` defaults to the interval. */
export function defaultSettings(): Omit<
  AgentConfig,
  'configDir' | 'dataDir' | 'enrollment-service' | 'management-service' | 'remote-access-service'
> {
  return {
    'spec-fetch-interval': '60s',
    'spec-fetch-error-base-delay': '5s',
    'spec-fetch-error-max-delay': '5m',
    'status-update-interval': '60s',
    'status-update-jitter': '60s',
    'enrollment-verify-interval': '10s',
    'enrollment-verify-cap': '1m',
    'enrollment-verify-steps': 6,
    'default-labels': {},
    'label-from-systeminfo': {},
    'system-info': [...DEFAULT_SYSTEM_INFO_KEYS],
    'system-info-custom': [],
    'system-info-timeout': '2m',
    'pull-timeout': '10m',
    'pull-retry-steps': 6,
    'log-level': 'info',
    'log-prefix': '',
    'metrics-enabled': false,
    'profiling-enabled': false,
    audit: { enabled: true },
    tpm: { enabled: false, 'device-path': '/dev/tpm0', 'auth-enabled': false, 'storage-file-path': '' },
    'image-pruning': { enabled: false },
  };
}
