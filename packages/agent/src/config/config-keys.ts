/**
 * Every key of the agent config file with its type and how a drop-in may change it (ref/agent.md
 * §1.2-1.3). Reading is lenient like upstream's: unknown keys are ignored, a known key of the wrong
 * type is an error that names it.
 */
import { parseGoDuration } from '@flightctl/api/agent';

export type KeyKind = 'string' | 'duration' | 'integer' | 'boolean' | 'list' | 'map';

export interface KeySpec {
  kind: KeyKind;
  /** Honoured in conf.d drop-ins; service endpoints and intervals are base-file only. */
  dropIn?: boolean;
  /**
   * A drop-in value replaces the merged one whenever present (upstream's pointer-typed fields), instead of
   * only when non-empty: so `false` can switch these off and `0s` can disable the jitter.
   */
  whenPresent?: boolean;
}

const SERVICE_KEYS: Record<string, KeyKind> = {
  'service.server': 'string',
  'service.certificate-authority': 'string',
  'service.certificate-authority-data': 'string',
  'service.tls-server-name': 'string',
  'service.insecureSkipVerify': 'boolean',
  'authentication.client-certificate': 'string',
  'authentication.client-certificate-data': 'string',
  'authentication.client-key': 'string',
  'authentication.client-key-data': 'string',
};

function serviceKeys(block: string, extra: Record<string, KeyKind> = {}): Record<string, KeySpec> {
  return Object.fromEntries(
    Object.entries({ ...SERVICE_KEYS, ...extra }).map(([key, kind]) => [`${block}.${key}`, { kind }]),
  );
}

export const CONFIG_KEYS: Record<string, KeySpec> = {
  ...serviceKeys('enrollment-service', { 'enrollment-ui-endpoint': 'string' }),
  ...serviceKeys('management-service'),
  ...serviceKeys('remote-access-service'),
  'spec-fetch-interval': { kind: 'duration' },
  'spec-fetch-error-base-delay': { kind: 'duration', dropIn: true },
  'spec-fetch-error-max-delay': { kind: 'duration', dropIn: true },
  'status-update-interval': { kind: 'duration' },
  'status-update-jitter': { kind: 'duration', dropIn: true, whenPresent: true },
  'enrollment-verify-interval': { kind: 'duration' },
  'enrollment-verify-cap': { kind: 'duration' },
  'enrollment-verify-steps': { kind: 'integer' },
  'default-labels': { kind: 'map', dropIn: true },
  'label-from-systeminfo': { kind: 'map', dropIn: true },
  'system-info': { kind: 'list', dropIn: true },
  'system-info-custom': { kind: 'list', dropIn: true },
  'system-info-timeout': { kind: 'duration', dropIn: true },
  'pull-timeout': { kind: 'duration' },
  'pull-retry-steps': { kind: 'integer' },
  'log-level': { kind: 'string', dropIn: true },
  'log-prefix': { kind: 'string', dropIn: true },
  'metrics-enabled': { kind: 'boolean', dropIn: true },
  'profiling-enabled': { kind: 'boolean', dropIn: true },
  'audit.enabled': { kind: 'boolean', dropIn: true, whenPresent: true },
  'tpm.enabled': { kind: 'boolean', dropIn: true },
  'tpm.device-path': { kind: 'string', dropIn: true },
  'tpm.auth-enabled': { kind: 'boolean', dropIn: true },
  'tpm.storage-file-path': { kind: 'string', dropIn: true },
  'image-pruning.enabled': { kind: 'boolean', dropIn: true, whenPresent: true },
};

export function getPath(data: unknown, dotted: string): unknown {
  let value = data;
  for (const key of dotted.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

export function setPath(target: object, dotted: string, value: unknown): void {
  const keys = dotted.split('.');
  let obj = target as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) {
    if (typeof obj[key] !== 'object' || obj[key] === null) obj[key] = {};
    obj = obj[key] as Record<string, unknown>;
  }
  obj[keys.at(-1)!] = value;
}

const isStringMap = (v: unknown): v is Record<string, string> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');

/** Why `value` is not of `kind`, or undefined when it is. Scalars YAML types loosely (a number as a string) are accepted. */
export function kindProblem(kind: KeyKind, value: unknown): string | undefined {
  switch (kind) {
    case 'string':
      return typeof value === 'string' ? undefined : 'must be a string';
    case 'duration':
      return typeof value === 'string' && parseGoDuration(value) !== undefined
        ? undefined
        : `must be a duration such as "30s", "5m" or "1h30m", got ${JSON.stringify(value)}`;
    case 'integer':
      return Number.isInteger(value) ? undefined : 'must be a whole number';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'list':
      return Array.isArray(value) && value.every((x) => typeof x === 'string')
        ? undefined
        : 'must be a list of strings';
    case 'map':
      return isStringMap(value) ? undefined : 'must be a mapping of strings to strings';
  }
}
