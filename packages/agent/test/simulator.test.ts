/**
 * The device simulator as a user runs it: enrollment credentials and agent config template from
 * `flightctl certificate request --output=reference`, the CLI login in $XDG_CONFIG_HOME, then the
 * `flightctl-device-simulator` binary (from its TypeScript sources through tsx) with 5 devices against
 * the real service: every device enrolls, is approved with the simulator's labels and reports its
 * status; the metrics endpoint counts their requests; SIGTERM stops them all.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  databaseKinds,
  runCli,
  startTestService,
  waitFor,
  writeCliConfig,
  type AnyJson,
  type TestService,
} from '@flightctl/testing';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const SRC_BIN = join(ROOT, 'packages/agent/src/bin');
const COUNT = 5;
const ALIASES = ['device-00010', 'device-00011', 'device-00012', 'device-00013', 'device-00014'];

interface Running {
  child: ChildProcessWithoutNullStreams;
  stdout: string;
  stderr: string;
  exited: Promise<number | null>;
}

function start(bin: string, args: string[], env: Record<string, string> = {}): Running {
  const child = spawn(process.execPath, ['--import', 'tsx', join(SRC_BIN, bin), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, TSX_TSCONFIG_PATH: join(ROOT, 'tsconfig.test.json'), ...env },
  });
  const running: Running = {
    child,
    stdout: '',
    stderr: '',
    exited: new Promise((resolve) => child.on('close', (code) => resolve(code))),
  };
  child.stdout.on('data', (d) => (running.stdout += d));
  child.stderr.on('data', (d) => (running.stderr += d));
  return running;
}

/** pino lines of the simulator's log. */
const messages = (running: Running): string[] =>
  running.stderr
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => (JSON.parse(line) as { msg: string }).msg);

describe('flightctl-device-simulator command line', () => {
  it('prints its version and usage, and names a bad flag', async () => {
    const version = start('flightctl-device-simulator.ts', ['version']);
    expect(await version.exited).toBe(0);
    expect(version.stdout).toMatch(/^flightctl simulator version: v\d+\.\d+\.\d+\n$/);

    const help = start('flightctl-agent.ts', ['simulate', 'help']);
    expect(await help.exited).toBe(0);
    expect(help.stdout).toContain('--max-concurrency N');

    const bad = start('flightctl-device-simulator.ts', ['--count', '0']);
    expect(await bad.exited).toBe(1);
    expect(bad.stderr).toContain('Error: --count: must be an integer of at least 1, got "0"');
  });
});

describe.each(databaseKinds())('device simulator against the service (%s)', (kind) => {
  let svc: TestService;
  let dir: string;
  let simulator: Running;
  let metricsUrl: string;
  const list = async (path: string) => (await svc.request<AnyJson>('GET', path)).body.items as AnyJson[];

  beforeAll(async () => {
    svc = await startTestService(kind);
    dir = mkdtempSync(join(tmpdir(), 'simulator-'));
    // As a user prepares it: log in, then an enrollment certificate and an agent config beside it.
    const cliDir = join(dir, 'xdg', 'flightctl');
    writeCliConfig(cliDir, svc);
    const template = join(dir, 'template');
    mkdirSync(join(template, 'certs'), { recursive: true });
    const issued = await runCli(
      [
        'certificate',
        'request',
        '--signer=enrollment',
        '--expiration=365d',
        '--output=reference',
        '-d',
        join(template, 'certs'),
      ],
      { configDir: cliDir },
    );
    expect(issued.code, issued.stderr).toBe(0);
    const config = parse(issued.stdout) as AnyJson;
    // The service's advertised agent endpoint is its default; the test service listens elsewhere.
    config['enrollment-service'].service.server = svc.agentUrl;
    config['enrollment-verify-interval'] = '2s';
    config['log-level'] = 'error';
    writeFileSync(join(template, 'agent.yaml'), stringify(config));

    simulator = start(
      'flightctl-device-simulator.ts',
      [
        '--count',
        `${COUNT}`,
        '--initial-device-index',
        '10',
        '--label',
        'site=lab',
        '--agent-startup-jitter',
        '0',
        '--metrics',
        '127.0.0.1:0',
        '--config',
        join(template, 'agent.yaml'),
        '--data-dir',
        join(dir, 'data'),
      ],
      { XDG_CONFIG_HOME: join(dir, 'xdg'), HOME: dir },
    );
    metricsUrl = await waitFor(() => /metrics at (\S+)/.exec(messages(simulator).join('\n'))?.[1], {
      what: 'the metrics address',
      timeoutMs: 30_000,
    });
  });

  afterAll(async () => {
    if (simulator && simulator.child.exitCode === null) {
      simulator.child.kill('SIGKILL');
      await simulator.exited;
    }
    await svc?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('enrolls every device, approved with the simulator labels, and each reports Online with its system info', async () => {
    const devices = await waitFor(
      async () => {
        const items = await list('/api/v1/devices?labelSelector=created_by%3Ddevice-simulator');
        const online = items.filter((d) => d.status?.summary?.status === 'Online' && d.status.systemInfo?.agentVersion);
        return online.length === COUNT ? items : undefined;
      },
      { what: `${COUNT} simulated devices Online`, timeoutMs: 90_000, intervalMs: 500 },
    );
    expect(devices.map((d) => d.metadata.labels.alias).sort()).toEqual(ALIASES);
    for (const device of devices) {
      // The name is the hash of the device's own key; device-NNNNN is only its alias and folder.
      expect(device.metadata.name).toMatch(/^[a-z0-9]{50,}$/);
      expect(device.metadata.labels).toMatchObject({ created_by: 'device-simulator', site: 'lab' });
      expect(device.status.systemInfo).toMatchObject({
        operatingSystem: 'linux',
        agentVersion: expect.stringMatching(/^v/),
      });
      expect(device.status.lifecycle.status).toBe('Enrolled');
    }
    expect(new Set(devices.map((d) => d.metadata.name)).size).toBe(COUNT);

    const requests = await list('/api/v1/enrollmentrequests');
    expect(requests).toHaveLength(COUNT);
    for (const er of requests)
      expect(er.status.approval).toMatchObject({
        approved: true,
        labels: { created_by: 'device-simulator', site: 'lab' },
      });
    for (const alias of ALIASES) {
      const certs = join(dir, 'data', alias, 'etc/flightctl');
      expect(existsSync(join(certs, 'certs/agent.crt'))).toBe(true);
      expect(readFileSync(join(certs, 'client-enrollment.crt'), 'utf8')).toContain('BEGIN CERTIFICATE');
    }
  });

  it('has created its disk-monitoring fleet for the simulated devices', async () => {
    const fleet = await svc.request<AnyJson>('GET', '/api/v1/fleets/simulator-disk-monitoring');
    expect(fleet.status).toBe(200);
    expect(fleet.body.spec.selector.matchLabels).toEqual({ created_by: 'device-simulator' });
    expect(fleet.body.spec.template.spec.resources[0]).toMatchObject({ monitorType: 'Disk', path: '/' });
  });

  it('serves Prometheus metrics counting the agents and their requests', async () => {
    const text = await waitFor(
      async () => {
        const body = await (await fetch(metricsUrl)).text();
        return body.includes('flightctl_devicesimulator_active_agent_count 5') &&
          /update_device_status_duration/.test(body)
          ? body
          : undefined;
      },
      { what: 'the metrics', timeoutMs: 10_000, intervalMs: 200 },
    );
    const counter = (operation: string) =>
      Number(
        new RegExp(`^flightctl_devicesimulator_api_requests_total\\{operation="${operation}"\\} (\\d+)$`, 'm').exec(
          text,
        )?.[1],
      );
    expect(counter('create_enrollmentrequest_duration')).toBe(COUNT);
    expect(counter('get_enrollmentrequest_duration')).toBeGreaterThanOrEqual(COUNT);
    expect(counter('update_device_status_duration')).toBeGreaterThanOrEqual(COUNT);
    expect(text).toMatch(
      /^flightctl_devicesimulator_api_request_duration_seconds_bucket\{le="0\.01",operation="create_enrollmentrequest_duration",result="ok"\} \d+$/m,
    );
    expect(text).toContain('# TYPE flightctl_devicesimulator_api_errors_total counter');
  });

  it('stops every agent on SIGTERM and exits 0', async () => {
    simulator.child.kill('SIGTERM');
    expect(await simulator.exited).toBe(0);
    expect(messages(simulator)).toContain('simulator: device simulator stopped');
  });
});
