/**
 * The `flightctl-agent` binary itself (from its TypeScript sources through tsx), run unprivileged with
 * FLIGHTCTL_TEST_ROOT_DIR: sub-commands, config errors, and a real run against the service with
 * SIGHUP reload and SIGTERM shutdown.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  enrollmentCredentials,
  runAgent,
  startAgentProcess,
  startTestService,
  waitFor,
  writeDeviceFile,
  type AgentProcess,
  type AnyJson,
  type TestService,
} from '@flightctl/testing';

const run = (args: string[], root?: string) => runAgent(args, { root });

let root: string;
const write = (path: string, text: string) => writeDeviceFile(root, path, text);

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'agent-bin-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('flightctl-agent sub-commands', () => {
  it('prints its version, as text or JSON', async () => {
    const text = await run(['version']);
    expect(text).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Agent Version: v\d+\.\d+\.\d+\n$/) });
    const json = await run(['version', '-o', 'json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ gitVersion: expect.stringMatching(/^v/), platform: 'linux/x64' });
  });

  it('prints the system information as JSON', async () => {
    const { code, stdout } = await run(['system-info']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ operatingSystem: 'linux' });
  });

  it('rejects an unknown command or flag with the usage', async () => {
    expect(await run(['frobnicate'])).toMatchObject({ code: 1, stderr: expect.stringContaining('unknown command') });
    expect(await run(['--colour'])).toMatchObject({ code: 1, stderr: expect.stringContaining('Usage:') });
  });

  it('fails on a missing or invalid config, naming the file and key', async () => {
    const missing = await run([], root);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('cannot read /etc/flightctl/config.yaml: no such file');
    write(
      '/etc/flightctl/bad.yaml',
      'enrollment-service:\n  service:\n    server: https://x\nstatus-update-interval: 1s\n',
    );
    const invalid = await run(['--config', '/etc/flightctl/bad.yaml'], root);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('/etc/flightctl/bad.yaml:4: status-update-interval: must be at least 2s');
  });
});

describe('flightctl-agent against the service', () => {
  let svc: TestService;
  let agent: AgentProcess | undefined;

  beforeAll(async () => {
    // Short long polls, so the agent notices a deleted device within seconds.
    svc = await startTestService('pglite', { config: { 'service.renderedWaitTimeout': '2s' } });
  });
  afterEach(() => agent?.kill());
  afterAll(() => svc?.close());

  /** Enrollment credentials (a certificate named `credentials`) and a config for the service, in `deviceRoot`. */
  async function configure(deviceRoot: string, credentials: string): Promise<void> {
    const { config, keyPem } = await enrollmentCredentials(svc, credentials);
    const enrollment = config['enrollment-service'];
    writeDeviceFile(deviceRoot, '/etc/flightctl/certs/client-enrollment.key', keyPem);
    writeDeviceFile(
      deviceRoot,
      '/etc/flightctl/config.yaml',
      stringify({
        'enrollment-service': {
          service: { ...enrollment.service, server: svc.agentUrl },
          authentication: {
            'client-certificate-data': enrollment.authentication['client-certificate-data'],
            // Relative to the config file's directory.
            'client-key': 'certs/client-enrollment.key',
          },
        },
        'enrollment-verify-interval': '2s',
        'status-update-interval': '2s',
        'status-update-jitter': '0s',
        'system-info': [],
      }),
    );
  }

  it('enrolls, reloads its config on SIGHUP, enrolls again when deleted, and stops on SIGTERM', async () => {
    await configure(root, 'client-enrollment');
    agent = startAgentProcess([], { root });
    const name = await agent.withLog(
      waitFor(() => /\/enroll\/([0-9a-v]{52})/.exec(agent!.stdout)?.[1], {
        what: 'the enrollment banner on stdout',
        timeoutMs: 20_000,
      }),
    );
    const approval = await svc.request('PUT', `/api/v1/enrollmentrequests/${name}/approval`, {
      body: { approved: true },
    });
    expect(approval.status, approval.text).toBe(200);
    const device = async () => (await svc.request<AnyJson>('GET', `/api/v1/devices/${name}`)).body;
    await waitFor(async () => (await device())?.status?.summary?.status === 'Online', {
      what: 'Online',
      timeoutMs: 20_000,
    });
    expect((await device()).status.systemInfo).not.toHaveProperty('hostname');

    // A drop-in asks for more system info; SIGHUP makes the agent collect and report it.
    write('/etc/flightctl/conf.d/50-info.yaml', 'system-info: [hostname, kernel]\n');
    agent.child.kill('SIGHUP');
    const info = await agent.withLog(
      waitFor(
        async () => {
          const systemInfo = (await device())?.status?.systemInfo;
          // Values come from the fake root (empty here); the keys show the new setting took effect.
          return systemInfo && 'hostname' in systemInfo ? systemInfo : undefined;
        },
        { what: 'system info after SIGHUP', timeoutMs: 20_000 },
      ),
    );
    expect(info.kernel).toBeTypeOf('string');

    // Deleted on the service: the agent drops its certificate and asks to enroll again, under the same name.
    const deleted = await svc.request('DELETE', `/api/v1/devices/${name}`);
    expect(deleted.status, deleted.text).toBe(200);
    const banners = () => agent!.stdout.split(`/enroll/${name}`).length - 1;
    await agent.withLog(waitFor(() => banners() === 2, { what: 're-enrollment', timeoutMs: 30_000 }));
    const again = await svc.request('PUT', `/api/v1/enrollmentrequests/${name}/approval`, { body: { approved: true } });
    expect(again.status, again.text).toBe(200);
    // The agent still runs rendered version 1 and the new device record knows none: as upstream, the
    // service pauses it as a conflict until the operator resumes it, which re-renders past the agent.
    await waitFor(async () => (await device())?.status?.summary?.status === 'ConflictPaused', {
      what: 'the conflict pause',
      timeoutMs: 20_000,
    });
    const resumed = await svc.request('POST', '/api/v1/deviceactions/resume', {
      body: { fieldSelector: `metadata.name=${name}` },
    });
    expect(resumed.body).toEqual({ resumedDevices: 1 });
    await waitFor(
      async () => {
        const status = (await device())?.status;
        return status?.summary?.status === 'Online' && status.config?.renderedVersion === '2';
      },
      { what: 'Online again, running the re-rendered version', timeoutMs: 20_000 },
    );

    agent.child.kill('SIGTERM');
    expect(await agent.exited).toBe(0);
  });

  it('runs without the schema, validation, certificate and HTTP client libraries, once enrolled and up to date', async () => {
    // The agent's memory is the device's: TypeBox and ajv (@flightctl/api's main entry), @peculiar/x509 and
    // undici (its HTTP parser is WebAssembly) would each add megabytes to an idle agent; Node's own
    // http2 and https modules serve it.
    const deviceRoot = mkdtempSync(join(tmpdir(), 'agent-modules-'));
    const modulesFile = join(deviceRoot, 'loaded-modules.txt');
    try {
      await configure(deviceRoot, 'client-enrollment-2');
      const repo = fileURLToPath(new URL('../../..', import.meta.url));
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          '--import',
          './packages/agent/test/loaded-modules.ts',
          'packages/agent/src/bin/flightctl-agent.ts',
        ],
        {
          cwd: repo,
          env: {
            PATH: process.env.PATH,
            TSX_TSCONFIG_PATH: join(repo, 'tsconfig.test.json'),
            FLIGHTCTL_TEST_ROOT_DIR: deviceRoot,
            FLIGHTCTL_LOADED_MODULES: modulesFile,
          },
        },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      const withLog = <T>(waiting: Promise<T>) =>
        waiting.catch((err: Error) => {
          child.kill('SIGKILL');
          throw new Error(`${err.message}\nagent stderr:\n${stderr}`);
        });

      const name = await withLog(
        waitFor(() => /\/enroll\/([0-9a-v]{52})/.exec(stdout)?.[1], {
          what: 'the enrollment banner',
          timeoutMs: 20_000,
        }),
      );
      const approval = await svc.request('PUT', `/api/v1/enrollmentrequests/${name}/approval`, {
        body: { approved: true },
      });
      expect(approval.status, approval.text).toBe(200);
      await withLog(
        waitFor(
          async () => {
            const status = (await svc.request<AnyJson>('GET', `/api/v1/devices/${name}`)).body?.status;
            return status?.summary?.status === 'Online' && status.config?.renderedVersion === '1';
          },
          { what: 'Online, running rendered version 1', timeoutMs: 20_000 },
        ),
      );
      child.kill('SIGTERM');
      expect(await exited).toBe(0);

      const modules = readFileSync(modulesFile, 'utf8').split('\n');
      // The list is complete: the light API entry and the agent's connection are in it.
      expect(modules).toContainEqual(expect.stringMatching(/\/packages\/api\/src\/agent-entry\.ts$/));
      expect(modules).toContainEqual(expect.stringMatching(/\/packages\/agent\/src\/client\/connection\.ts$/));
      const heavy = modules.filter(
        (m) =>
          /\/node_modules\/(typebox|ajv|ajv-formats|@peculiar|tsyringe|reflect-metadata|prom-client|undici)\//.test(
            m,
          ) || /\/packages\/api\/src\/index\.ts$/.test(m),
      );
      expect(heavy).toEqual([]);
    } finally {
      rmSync(deviceRoot, { recursive: true, force: true });
    }
  });
});
