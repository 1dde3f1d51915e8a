/**
 * The real agent against the real service: enrollment with an enrollment certificate obtained as an
 * operator would (CSR to the enrollment signer, then /enrollmentconfig), approval through the user
 * API, then status and spec traffic over the agent API's mTLS, with the agent's files in a temporary
 * device root.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Device } from '@flightctl/api';
import {
  databaseKinds,
  enrollmentCredentials,
  startTestService,
  waitFor,
  type AnyJson,
  type TestService,
} from '@flightctl/testing';
import { Agent, BANNER_PATH, buildAgentConfig, RootDir, SafeExecutor } from '@flightctl/agent';

const DATA_DIR = '/var/lib/flightctl';
const b64 = (text: string) => Buffer.from(text).toString('base64');

describe.each(databaseKinds())('agent enrollment and spec delivery (%s)', (kind) => {
  let svc: TestService;
  let dir: string;
  let agent: Agent;
  let running: Promise<void>;
  let name: string;
  const operations = new Set<string>();
  const onDisk = (path: string) => readFileSync(join(dir, path), 'utf8');
  const desiredVersion = () =>
    (JSON.parse(onDisk(`${DATA_DIR}/desired.json`)) as Device).metadata.annotations?.[
      'device-controller/renderedVersion'
    ];
  const getDevice = async () => (await svc.request<AnyJson>('GET', `/api/v1/devices/${name}`)).body;
  /** Replaces the device's spec; without resourceVersion, as the agent's status writes race with it. */
  const putSpec = async (spec: Device['spec']) => {
    const { metadata } = await getDevice();
    const put = await svc.request('PUT', `/api/v1/devices/${name}`, {
      body: { apiVersion: 'v1beta1', kind: 'Device', metadata: { name, labels: metadata.labels }, spec },
    });
    expect(put.status, put.text).toBe(200);
    return (put.body as Device).metadata.annotations!['device-controller/renderedVersion']!;
  };

  beforeAll(async () => {
    svc = await startTestService(kind);
    const { config, keyPem } = await enrollmentCredentials(svc);
    const enrollment = config['enrollment-service'];
    dir = mkdtempSync(join(tmpdir(), 'agent-e2e-'));
    agent = new Agent({
      config: buildAgentConfig(
        {
          'enrollment-service': {
            service: { ...enrollment.service, server: svc.agentUrl },
            authentication: { ...enrollment.authentication, 'client-key-data': b64(keyPem) },
            'enrollment-ui-endpoint': 'https://ui.example.com',
          },
          'enrollment-verify-interval': '2s',
          'status-update-interval': '5s',
          'status-update-jitter': '0s',
          'system-info': ['hostname', 'kernel'],
          'default-labels': { site: 'lab' },
        },
        { configDir: '/etc/flightctl', dataDir: DATA_DIR },
      ),
      root: new RootDir(dir),
      executor: new SafeExecutor(),
      logger: pino({ level: process.env.FLIGHTCTL_TEST_LOG ?? 'silent' }),
      onRequestDuration: (operation, seconds, result) => {
        expect(seconds).toBeGreaterThanOrEqual(0);
        operations.add(`${operation} ${result}`);
      },
    });
    running = agent.run();
    running.catch(() => undefined);
    name = await waitFor(() => agent.deviceName, { what: 'device name' });
  });

  afterAll(async () => {
    agent?.stop();
    await running;
    await svc?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('asks to enroll with its CSR, status and labels, and shows where to approve it', async () => {
    const er = await waitFor(
      async () => {
        const res = await svc.request<AnyJson>('GET', `/api/v1/enrollmentrequests/${name}`);
        return res.status === 200 ? res.body : undefined;
      },
      { what: 'enrollment request', timeoutMs: 15_000 },
    );
    expect(er.spec.csr).toContain('BEGIN CERTIFICATE REQUEST');
    expect(er.spec.labels).toMatchObject({ site: 'lab' });
    expect(er.spec.osMode).toBe('package');
    expect(er.spec.deviceStatus.systemInfo.agentVersion).toMatch(/^v\d/);
    const banner = await waitFor(() => new RootDir(dir).readFile(BANNER_PATH), { what: 'banner' });
    expect(banner).toContain(`https://ui.example.com/enroll/${name}`);
  });

  it('gets its certificate once approved and reports its status: Online, with system info', async () => {
    const approval = await svc.request('PUT', `/api/v1/enrollmentrequests/${name}/approval`, {
      body: { approved: true, labels: { team: 'edge' } },
    });
    expect(approval.status, approval.text).toBe(200);
    const device = await waitFor(
      async () => {
        const d = await getDevice();
        return d?.status?.summary?.status === 'Online' && d.status.systemInfo.agentVersion ? d : undefined;
      },
      { what: 'device Online', timeoutMs: 30_000 },
    );
    expect(device.status.systemInfo).toMatchObject({ operatingSystem: 'linux' });
    expect(device.status.systemInfo.hostname).toBeTypeOf('string');
    expect(onDisk(`${DATA_DIR}/certs/agent.crt`)).toContain('BEGIN CERTIFICATE');
    expect(await new RootDir(dir).exists(`${DATA_DIR}/certs/agent.csr`)).toBe(false);
    expect(await new RootDir(dir).readFile(BANNER_PATH)).toContain(`https://ui.example.com/manage/${name}`);
    // Every call is timed for the simulator's metrics, under upstream's operation names.
    expect([...operations]).toEqual(
      expect.arrayContaining([
        'create_enrollmentrequest_duration ok',
        'get_enrollmentrequest_duration ok',
        'update_device_status_duration ok',
      ]),
    );
  });

  it('receives a spec change at once and reports it applied', async () => {
    const reported = (version: string) =>
      waitFor(
        async () => {
          const d = await getDevice();
          return d?.status?.config?.renderedVersion === version ? d : undefined;
        },
        { what: `status at version ${version}`, timeoutMs: 15_000 },
      );

    // A device is rendered once it has a spec; until then the service answers 409 and the agent polls every 5 s.
    const first = await putSpec({ systemd: { matchPatterns: ['chronyd.service'] } });
    const updated = await reported(first);
    expect(updated.status.conditions).toContainEqual(
      expect.objectContaining({
        type: 'Updating',
        status: 'False',
        reason: 'Updated',
        message: `Updated to desired renderedVersion: ${first}`,
      }),
    );

    // With its long poll waiting, the agent has a new version in desired.json within a second.
    await waitFor(() => svc.service.notifier.waiting === 1, { what: 'the long poll', timeoutMs: 10_000 });
    const second = await putSpec({ systemd: { matchPatterns: ['sshd.service'] } });
    await waitFor(() => desiredVersion() === second, { what: 'desired.json at the new version', timeoutMs: 1000 });
    await reported(second);
  });

  it('refuses a spec with configuration files it cannot apply, and keeps the current version', async () => {
    const current = (await getDevice()).status.config.renderedVersion;
    const version = await putSpec({ config: [{ name: 'motd', inline: [{ path: '/etc/motd', content: 'hello' }] }] });
    const failed = await waitFor(
      async () => {
        const d = await getDevice();
        const updating = d?.status?.conditions?.find((c: AnyJson) => c.type === 'Updating');
        return updating?.reason === 'Error' ? { d, updating } : undefined;
      },
      { what: 'Updating=False Error', timeoutMs: 15_000 },
    );
    expect(failed.updating).toMatchObject({
      status: 'False',
      message: `Failed to update to renderedVersion: ${version}: config: configuration files (spec.config) are not supported by this agent yet`,
    });
    expect(failed.d.status.config.renderedVersion).toBe(current);
    expect(desiredVersion()).toBe(current);
    expect(await new RootDir(dir).exists('/etc/motd')).toBe(false);
  });
});
