/**
 * A device's life as an operator sees it, with every part real: the service (TLS, agent endpoint with
 * mTLS), the `flightctl` CLI and a `flightctl-agent` process on a fake root. The operator makes an
 * enrollment config with the CLI, the agent enrolls, the CLI approves it; the device comes Online with
 * its system info; a spec change through the CLI reaches the agent within a second (long-poll wake-up);
 * the agent renews its short-lived certificate before expiry and keeps working with the new one; once
 * stopped, the device turns disconnected after the (shortened) timeout.
 */
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  databaseKinds,
  runCli,
  startAgentProcess,
  startTestService,
  waitFor,
  writeCliConfig,
  writeDeviceFile,
  type AgentProcess,
  type AnyJson,
  type TestService,
} from '@flightctl/testing';

/** Management certificates live this long, so that renewal (after a quarter of it) happens in the test. */
const CERT_LIFETIME_SECONDS = 12;
const DATA_DIR = '/var/lib/flightctl';
// Each step runs CLI processes (~1 s each) and waits on the agent's intervals.
const STEP_TIMEOUT_MS = 90_000;

describe.each(databaseKinds())('a device enrolled, managed and lost, on %s', (kind) => {
  let svc: TestService;
  let agent: AgentProcess | undefined;
  let dir: string;
  let root: string;
  let cliDir: string;
  let name: string;
  const cli = async (...args: string[]) => {
    const res = await runCli(args, { configDir: cliDir });
    expect(res.code, `flightctl ${args.join(' ')}: ${res.stderr}`).toBe(0);
    return res.stdout;
  };
  const device = async (): Promise<AnyJson> => (await svc.request('GET', `/api/v1/devices/${name}`)).body;
  const deviceFile = (path: string) => {
    try {
      return readFileSync(join(root, path), 'utf8');
    } catch {
      return undefined;
    }
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'e2e-device-'));
    root = join(dir, 'root');
    cliDir = join(dir, 'cli');
    process.env.FLIGHTCTL_TEST_MGMT_CERT_EXPIRY_SECONDS = String(CERT_LIFETIME_SECONDS);
    svc = await startTestService(kind, {
      tls: true,
      config: {
        'service.deviceDisconnectedTimeout': '3s',
        'service.deviceConnectionInterval': '1s',
        'service.lastSeenFlushInterval': '500ms',
      },
    });
    delete process.env.FLIGHTCTL_TEST_MGMT_CERT_EXPIRY_SECONDS;
    writeCliConfig(cliDir, svc);
  });
  afterAll(async () => {
    await agent?.kill();
    await svc?.close();
    rmSync(dir, { recursive: true, force: true });
  }, STEP_TIMEOUT_MS);

  it(
    'enrolls with a config made by the CLI, and comes Online with its system info once approved',
    async () => {
      const output = join(dir, 'enrollment');
      const config = parse(await cli('certificate', 'request', '--signer=enrollment', '-o', 'embedded', '-d', output));
      // The service listens on a free port in tests; a real one is reached at service.baseAgentEndpointUrl.
      config['enrollment-service'].service.server = svc.agentUrl;
      Object.assign(config, {
        'enrollment-verify-interval': '2s',
        'status-update-interval': '2s',
        'status-update-jitter': '0s',
        'system-info': ['hostname'],
      });
      writeDeviceFile(root, '/etc/flightctl/config.yaml', stringify(config));

      agent = startAgentProcess([], {
        root,
        env: { FLIGHTCTL_TEST_CERT_MANAGER_SYNC_INTERVAL: '1s' },
      });
      const running = agent;
      name = await running.withLog(
        waitFor(async () => (await cli('get', 'enrollmentrequests', '-o', 'name')).match(/^([0-9a-v]{52})$/m)?.[1], {
          what: 'the enrollment request',
          timeoutMs: 30_000,
        }),
      );
      expect(name).toMatch(/^[0-9a-v]{52}$/);
      expect(await cli('approve', `enrollmentrequest/${name}`, '--label', 'site=lab')).toContain(name);

      const online = await running.withLog(
        waitFor(
          async () => {
            const d = await device();
            return d?.status?.summary?.status === 'Online' ? d : undefined;
          },
          { what: 'the device Online', timeoutMs: 30_000 },
        ),
      );
      expect(online.metadata.labels).toMatchObject({ site: 'lab' });
      expect(online.status.systemInfo).toMatchObject({
        operatingSystem: 'linux',
        agentVersion: expect.stringMatching(/^v\d/),
        hostname: expect.any(String),
      });
      expect(online.status.lifecycle.status).toBe('Enrolled');
      const table = await cli('get', `device/${name}`);
      expect(table).toMatch(new RegExp(`${name}\\s.*Online`));
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'gets a spec changed through the CLI within a second, without waiting for an interval',
    async () => {
      const before = (await device()).metadata.annotations['device-controller/renderedVersion'];
      const manifest = join(dir, 'device.yaml');
      writeFileSync(
        manifest,
        stringify({
          apiVersion: 'flightctl.io/v1beta1',
          kind: 'Device',
          metadata: { name, labels: { site: 'lab' } },
          spec: { systemd: { matchPatterns: ['chronyd.service'] } },
        }),
      );
      // The agent holds a long poll (between polls it paces itself 5 s apart, as upstream's does).
      await waitFor(() => svc.service.notifier.waiting > 0, { what: 'the agent to hold a long poll' });
      expect(await cli('apply', '-f', manifest)).toContain(`device/${name} configured`);
      const applied = Date.now();
      const expected = String(Number(before) + 1);
      const desired = await agent!.withLog(
        waitFor(
          () => {
            const text = deviceFile(`${DATA_DIR}/desired.json`);
            const spec = text ? JSON.parse(text) : undefined;
            return spec?.metadata?.annotations?.['device-controller/renderedVersion'] === expected ? spec : undefined;
          },
          { what: `desired.json at version ${expected}`, timeoutMs: 5_000, intervalMs: 10 },
        ),
      );
      expect(Date.now() - applied).toBeLessThan(1_000);
      expect(desired.spec.systemd).toEqual({ matchPatterns: ['chronyd.service'] });
      await waitFor(
        async () => {
          const status = (await device()).status;
          return status.config.renderedVersion === expected && status.updated.status === 'UpToDate';
        },
        { what: 'the device reporting the new version as applied', timeoutMs: 15_000 },
      );
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'renews its certificate before it expires and keeps working with the new one',
    async () => {
      const certPath = `${DATA_DIR}/certs/agent.crt`;
      const first = new X509Certificate(deviceFile(certPath)!);
      const renewed = await agent!.withLog(
        waitFor(
          () => {
            const pem = deviceFile(certPath);
            const cert = pem ? new X509Certificate(pem) : undefined;
            return cert && cert.serialNumber !== first.serialNumber ? cert : undefined;
          },
          { what: 'a renewed certificate', timeoutMs: CERT_LIFETIME_SECONDS * 1000 },
        ),
      );
      // Renewed while the first was still valid, for the same device.
      expect(Date.now()).toBeLessThan(Date.parse(first.validTo));
      expect(renewed.subject).toBe(first.subject);
      const csrs = JSON.parse(await cli('get', 'csr', '-o', 'json')).items as AnyJson[];
      expect(csrs).toContainEqual(
        expect.objectContaining({
          metadata: expect.objectContaining({ owner: `Device/${name}` }),
          spec: expect.objectContaining({ signerName: 'flightctl.io/device-management-renewal' }),
        }),
      );

      // After the first certificate has expired, the agent still receives its spec and reports status.
      await waitFor(() => Date.now() > Date.parse(first.validTo) + 1000, {
        what: 'the first certificate to expire',
        timeoutMs: CERT_LIFETIME_SECONDS * 1000,
      });
      const d = await device();
      d.spec.systemd.matchPatterns = ['sshd.service'];
      const put = await svc.request('PUT', `/api/v1/devices/${name}`, { body: d });
      expect(put.status, put.text).toBe(200);
      const version = put.body.metadata.annotations['device-controller/renderedVersion'];
      await agent!.withLog(
        waitFor(async () => (await device()).status.config.renderedVersion === version, {
          what: `the agent running version ${version} with its renewed certificate`,
          timeoutMs: 15_000,
        }),
      );
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'turns disconnected once the agent stops calling, and says so in an event',
    async () => {
      await agent!.kill();
      agent = undefined;
      await waitFor(async () => (await device()).status.summary.status === 'Unknown', {
        what: 'the device disconnected',
        timeoutMs: 15_000,
      });
      const events = await cli('get', 'events', '-o', 'json');
      expect(JSON.parse(events).items).toContainEqual(
        expect.objectContaining({
          reason: 'DeviceDisconnected',
          involvedObject: expect.objectContaining({ kind: 'Device', name }),
        }),
      );
    },
    STEP_TIMEOUT_MS,
  );
});
