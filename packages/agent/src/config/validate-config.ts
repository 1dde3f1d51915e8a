/**
 * The validation rules of ref/agent.md §1.2, and the config's durations in milliseconds once valid.
 */
import type { AgentConfig } from './agent-config.js';
import { parseGoDuration } from '@flightctl/api/agent';

export interface ConfigProblem {
  /** Dotted key, as written in the file. */
  key: string;
  message: string;
}

/** Durations of the config, in milliseconds. */
export interface AgentTimings {
  specFetchErrorBaseDelayMs: number;
  specFetchErrorMaxDelayMs: number;
  statusUpdateIntervalMs: number;
  statusUpdateJitterMs: number;
  enrollmentVerifyIntervalMs: number;
  enrollmentVerifyCapMs: number;
  systemInfoTimeoutMs: number;
  pullTimeoutMs: number;
}

const MIN_INTERVAL_MS = 2000;
const MAX_SYSTEM_INFO_TIMEOUT_MS = 120_000;

const ms = (value: string) => parseGoDuration(value) ?? NaN;

export function agentTimings(config: AgentConfig): AgentTimings {
  return {
    specFetchErrorBaseDelayMs: ms(config['spec-fetch-error-base-delay']),
    specFetchErrorMaxDelayMs: ms(config['spec-fetch-error-max-delay']),
    statusUpdateIntervalMs: ms(config['status-update-interval']),
    statusUpdateJitterMs: ms(config['status-update-jitter']),
    enrollmentVerifyIntervalMs: ms(config['enrollment-verify-interval']),
    enrollmentVerifyCapMs: ms(config['enrollment-verify-cap']),
    systemInfoTimeoutMs: ms(config['system-info-timeout']),
    pullTimeoutMs: ms(config['pull-timeout']),
  };
}

function serverProblem(server: string): string | undefined {
  if (!server) return 'must be set';
  try {
    const url = new URL(server);
    return url.protocol === 'https:' || url.protocol === 'http:' ? undefined : 'must be an http(s) URL';
  } catch {
    return `must be a URL, got "${server}"`;
  }
}

export function validateAgentConfig(config: AgentConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const problem = (key: string, message: string) => problems.push({ key, message });

  const durations = new Map<string, number>();
  for (const key of [
    'spec-fetch-interval',
    'spec-fetch-error-base-delay',
    'spec-fetch-error-max-delay',
    'status-update-interval',
    'status-update-jitter',
    'enrollment-verify-interval',
    'enrollment-verify-cap',
    'system-info-timeout',
    'pull-timeout',
  ] as const) {
    const value = parseGoDuration(config[key]);
    if (value === undefined) problem(key, `must be a duration such as "30s" or "5m", got "${config[key]}"`);
    else durations.set(key, value);
  }
  const atLeast = (key: string, minMs: number, minText: string) => {
    const value = durations.get(key);
    if (value !== undefined && value < minMs)
      problem(key, `must be at least ${minText}, got "${config[key as keyof AgentConfig]}"`);
  };
  for (const key of [
    'spec-fetch-interval',
    'spec-fetch-error-base-delay',
    'status-update-interval',
    'enrollment-verify-interval',
    'enrollment-verify-cap',
  ])
    atLeast(key, MIN_INTERVAL_MS, '2s');

  const base = durations.get('spec-fetch-error-base-delay');
  const max = durations.get('spec-fetch-error-max-delay');
  if (base !== undefined && max !== undefined && max < base)
    problem('spec-fetch-error-max-delay', 'must not be shorter than spec-fetch-error-base-delay');

  const interval = durations.get('status-update-interval');
  const jitter = durations.get('status-update-jitter');
  if (jitter !== undefined && jitter < 0) problem('status-update-jitter', 'must not be negative');
  if (jitter !== undefined && interval !== undefined && jitter > interval)
    problem('status-update-jitter', 'must not be longer than status-update-interval');

  const infoTimeout = durations.get('system-info-timeout');
  if (infoTimeout !== undefined && (infoTimeout <= 0 || infoTimeout > MAX_SYSTEM_INFO_TIMEOUT_MS))
    problem('system-info-timeout', 'must be more than 0s and at most 2m');

  if (!(config['enrollment-verify-steps'] >= 1)) problem('enrollment-verify-steps', 'must be at least 1');

  if (config.tpm['auth-enabled'] && !config.tpm.enabled)
    problem('tpm.auth-enabled', 'can only be enabled together with tpm.enabled');

  for (const block of ['enrollment-service', 'management-service'] as const) {
    const message = serverProblem(config[block].service.server);
    if (message) problem(`${block}.service.server`, message);
  }
  return problems;
}
