import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RootDir } from '../os/root-dir.js';
import { DEFAULT_SYSTEM_INFO_KEYS } from '../system-info/system-info-keys.js';
import { AgentConfigError, buildAgentConfig, loadAgentConfig } from './load-config.js';
import { agentTimings } from './validate-config.js';

let dir: string;
let root: RootDir;

function write(devicePath: string, text: string): void {
  const file = join(dir, devicePath);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

const BASE = `enrollment-service:
  service:
    server: https://agent-api.example.com:7443
    certificate-authority: certs/ca.crt
  authentication:
    client-certificate-data: Y2VydA==
    client-key-data: a2V5
`;

async function loadError(): Promise<string> {
  const err = await loadAgentConfig({ root }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(AgentConfigError);
  return (err as Error).message;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'agent-config-'));
  root = new RootDir(dir);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('agent config defaults', () => {
  it('fills every key of §1.2 with its default and derives the management and remote-access services', async () => {
    write('/etc/flightctl/config.yaml', BASE);
    const { config, warnings } = await loadAgentConfig({ root });
    expect(warnings).toEqual([]);
    expect(config).toMatchObject({
      configDir: '/etc/flightctl',
      dataDir: '/var/lib/flightctl',
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
      'system-info': DEFAULT_SYSTEM_INFO_KEYS,
      'system-info-custom': [],
      'system-info-timeout': '2m',
      'pull-timeout': '10m',
      'pull-retry-steps': 6,
      'log-level': 'info',
      'log-prefix': '',
      'metrics-enabled': false,
      'profiling-enabled': false,
      audit: { enabled: true },
      tpm: {
        enabled: false,
        'device-path': '/dev/tpm0',
        'auth-enabled': false,
        'storage-file-path': '/var/lib/flightctl/tpm-blob.yaml',
      },
      'image-pruning': { enabled: false },
    });
    // Relative certificate paths are relative to the config file's directory.
    expect(config['enrollment-service'].service['certificate-authority']).toBe('/etc/flightctl/certs/ca.crt');
    expect(config['enrollment-service']['enrollment-ui-endpoint']).toBe('https://agent-api.example.com:7443');
    expect(config['management-service']).toEqual({
      service: { server: 'https://agent-api.example.com:7443', 'certificate-authority': '/etc/flightctl/certs/ca.crt' },
      authentication: {
        'client-certificate': '/var/lib/flightctl/certs/agent.crt',
        'client-key': '/var/lib/flightctl/certs/agent.key',
      },
    });
    expect(config['remote-access-service'].service.server).toBe('https://agent-remote-access.example.com:7444');
    expect(agentTimings(config)).toMatchObject({ statusUpdateIntervalMs: 60_000, specFetchErrorMaxDelayMs: 300_000 });
    // The directories the agent owns exist after loading.
    expect(statSync(join(dir, 'var/lib/flightctl')).isDirectory()).toBe(true);
  });

  it('uses the development endpoints when no enrollment service is configured', () => {
    const config = buildAgentConfig({});
    expect(config['enrollment-service']).toEqual({
      service: { server: 'https://localhost:7443', 'certificate-authority': '/etc/flightctl/certs/ca.crt' },
      authentication: {
        'client-certificate': '/var/lib/flightctl/certs/client-enrollment.crt',
        'client-key': '/var/lib/flightctl/certs/client-enrollment.key',
      },
      'enrollment-ui-endpoint': 'https://localhost:7443',
    });
    expect(config['remote-access-service'].service.server).toBe('https://localhost:7444');
  });

  it('keeps an explicit status-update-jitter of 0 and an explicit empty system-info list', async () => {
    write(
      '/etc/flightctl/config.yaml',
      `${BASE}status-update-interval: 30s\nstatus-update-jitter: 0s\nsystem-info: []\n`,
    );
    const { config } = await loadAgentConfig({ root });
    expect(config['status-update-jitter']).toBe('0s');
    expect(config['system-info']).toEqual([]);
  });

  it('ignores keys it does not know', async () => {
    write('/etc/flightctl/config.yaml', `${BASE}some-future-key: 12\n`);
    await expect(loadAgentConfig({ root })).resolves.toBeDefined();
  });
});

describe('agent config validation', () => {
  it('names the file, line and key of a value below its minimum', async () => {
    write('/etc/flightctl/config.yaml', `${BASE}status-update-interval: 1s\n`);
    expect(await loadError()).toBe(
      '/etc/flightctl/config.yaml:8: status-update-interval: must be at least 2s, got "1s"',
    );
  });

  it('reports every problem of the file at once', async () => {
    write(
      '/etc/flightctl/config.yaml',
      `${BASE}spec-fetch-error-base-delay: 10s\nspec-fetch-error-max-delay: 5s\nenrollment-verify-steps: 0\nsystem-info-timeout: 3m\ntpm:\n  auth-enabled: true\nstatus-update-interval: 10s\nstatus-update-jitter: 20s\n`,
    );
    expect((await loadError()).split('\n')).toEqual([
      '/etc/flightctl/config.yaml:9: spec-fetch-error-max-delay: must not be shorter than spec-fetch-error-base-delay',
      '/etc/flightctl/config.yaml:15: status-update-jitter: must not be longer than status-update-interval',
      '/etc/flightctl/config.yaml:11: system-info-timeout: must be more than 0s and at most 2m',
      '/etc/flightctl/config.yaml:10: enrollment-verify-steps: must be at least 1',
      '/etc/flightctl/config.yaml:13: tpm.auth-enabled: can only be enabled together with tpm.enabled',
    ]);
  });

  it('rejects a value of the wrong type and a duration it cannot parse', async () => {
    write('/etc/flightctl/config.yaml', `${BASE}pull-timeout: soon\ndefault-labels: [a]\n`);
    expect((await loadError()).split('\n')).toEqual([
      '/etc/flightctl/config.yaml:9: default-labels: must be a mapping of strings to strings',
      '/etc/flightctl/config.yaml:8: pull-timeout: must be a duration such as "30s", "5m" or "1h30m", got "soon"',
    ]);
  });

  it('requires a server URL in a configured enrollment service', async () => {
    write('/etc/flightctl/config.yaml', 'enrollment-service:\n  service:\n    server: not a url\n');
    expect(await loadError()).toContain(
      '/etc/flightctl/config.yaml:3: enrollment-service.service.server: must be a URL, got "not a url"',
    );
  });

  it('fails clearly when the config file is missing or not YAML', async () => {
    expect(await loadError()).toBe('cannot read /etc/flightctl/config.yaml: no such file');
    write('/etc/flightctl/config.yaml', 'a: [\n');
    expect(await loadError()).toMatch(/^\/etc\/flightctl\/config.yaml:\d+: invalid YAML: /);
  });
});

describe('conf.d drop-ins', () => {
  it('merge in lexical order: scalars when set, lists when present, maps key by key', async () => {
    write(
      '/etc/flightctl/config.yaml',
      `${BASE}log-level: debug\nmetrics-enabled: true\ndefault-labels:\n  site: a\n  rack: r1\nsystem-info: [hostname]\n`,
    );
    write('/etc/flightctl/conf.d/20-b.yaml', 'log-level: trace\ndefault-labels:\n  site: c\n');
    write(
      '/etc/flightctl/conf.d/10-a.yml',
      'log-level: warn\nmetrics-enabled: false\ndefault-labels:\n  site: b\n  zone: z\nsystem-info: []\n',
    );
    write('/etc/flightctl/conf.d/notes.txt', 'log-level: error\n');
    const { config } = await loadAgentConfig({ root });
    expect(config['log-level']).toBe('trace');
    // A plain boolean cannot be switched off by a drop-in, as upstream.
    expect(config['metrics-enabled']).toBe(true);
    expect(config['default-labels']).toEqual({ site: 'c', rack: 'r1', zone: 'z' });
    expect(config['system-info']).toEqual([]);
  });

  it('can switch off the pointer-typed keys and set the jitter to zero', async () => {
    write('/etc/flightctl/config.yaml', `${BASE}image-pruning:\n  enabled: true\n`);
    write(
      '/etc/flightctl/conf.d/off.yaml',
      'audit:\n  enabled: false\nimage-pruning:\n  enabled: false\nstatus-update-jitter: 0s\n',
    );
    const { config } = await loadAgentConfig({ root });
    expect(config.audit.enabled).toBe(false);
    expect(config['image-pruning'].enabled).toBe(false);
    expect(config['status-update-jitter']).toBe('0s');
  });

  it('honours only the keys §1.3 allows: endpoints and intervals stay as the base file says', async () => {
    write('/etc/flightctl/config.yaml', BASE);
    write(
      '/etc/flightctl/conf.d/x.yaml',
      'status-update-interval: 5s\nenrollment-service:\n  service:\n    server: https://evil.example.com\n',
    );
    const { config } = await loadAgentConfig({ root });
    expect(config['status-update-interval']).toBe('60s');
    expect(config['enrollment-service'].service.server).toBe('https://agent-api.example.com:7443');
  });

  it('skips an unparsable drop-in with a warning instead of failing', async () => {
    write('/etc/flightctl/config.yaml', BASE);
    write('/etc/flightctl/conf.d/10-bad.yaml', 'log-level: [\n');
    write('/etc/flightctl/conf.d/20-typo.yaml', 'log-level: [debug]\n');
    write('/etc/flightctl/conf.d/30-good.yaml', 'log-level: debug\n');
    const { config, warnings } = await loadAgentConfig({ root });
    expect(config['log-level']).toBe('debug');
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^skipped drop-in \/etc\/flightctl\/conf.d\/10-bad.yaml:\d+: invalid YAML/);
    expect(warnings[1]).toBe('skipped drop-in /etc/flightctl/conf.d/20-typo.yaml:1: log-level: must be a string');
  });

  it('names the drop-in that makes the merged config invalid', async () => {
    write('/etc/flightctl/config.yaml', BASE);
    write('/etc/flightctl/conf.d/50-fast.yaml', '\nspec-fetch-error-base-delay: 1s\n');
    expect(await loadError()).toBe(
      '/etc/flightctl/conf.d/50-fast.yaml:2: spec-fetch-error-base-delay: must be at least 2s, got "1s"',
    );
  });
});
