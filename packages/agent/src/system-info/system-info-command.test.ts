import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addCustomInfoScript, EXPECTED_ARCH, FixtureExecutor, writeFixtureDevice } from '../../test/fixture-device.js';
import { RootDir } from '../os/root-dir.js';
import { AGENT_VERSION } from '../version.js';
import { runSystemInfoCommand } from './system-info-command.js';

let tmp: string;
let root: RootDir;
beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'flightctl-sysinfo-cmd-'));
  root = new RootDir(tmp);
  await writeFixtureDevice(root);
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('flightctl-agent system-info', () => {
  it('prints every built-in fact and the output of every custom info script as one JSON object', async () => {
    await addCustomInfoScript(root, 'fips', 'echo disabled');
    await addCustomInfoScript(root, 'rack.sh', 'echo R12');
    await addCustomInfoScript(root, 'README', 'not a script', 0o644);
    await root.writeFileAtomic('/etc/resolv.conf', 'search example.com\nnameserver 192.168.122.1\n');
    const executor = new FixtureExecutor();

    const report = JSON.parse(await runSystemInfoCommand({ root, executor })) as Record<string, unknown>;

    expect(Object.keys(report)).toEqual([
      'hostname',
      'architecture',
      'operatingSystem',
      'kernel',
      'distribution',
      'hardware',
      'collectedAt',
      'metadata',
      'boot',
      'custom',
    ]);
    expect(report).toMatchObject({
      hostname: 'edge-01.example.com',
      architecture: EXPECTED_ARCH,
      operatingSystem: 'linux',
      kernel: '5.14.0-503.38.1.el9_5.x86_64',
      distribution: { name: 'Red Hat Enterprise Linux', version: '9.5 (Plow)', id: 'rhel', version_id: '9.5' },
      metadata: { collector_version: AGENT_VERSION, collector_type: 'flightctl-agent' },
      boot: { bootID: '87f7e27e-bdc0-42b1-b909-6dc81fe43ea2', bootTime: '2026-01-01T00:00:00Z' },
      custom: { fips: 'disabled', rack: 'R12' },
    });
    expect(report.collectedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(report.hardware).toEqual({
      cpu: {
        total_cores: 2,
        total_threads: 4,
        architecture: EXPECTED_ARCH,
        processors: [
          {
            id: 0,
            numCores: 2,
            numThreads: 4,
            numThreadsPerCore: 2,
            vendor: 'GenuineIntel',
            model: 'Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz',
          },
        ],
      },
      memory: { totalKb: 16265184 },
      network: {
        interfaces: [
          {
            name: 'enp1s0',
            macAddress: '52:54:00:12:34:56',
            isVirtual: false,
            ipAddresses: ['fe80::5054:ff:fe12:3456/64', '192.168.122.10/24'],
            mtu: 1500,
            status: 'up',
          },
          {
            name: 'lo',
            macAddress: '00:00:00:00:00:00',
            isVirtual: true,
            ipAddresses: ['127.0.0.1/8'],
            status: 'unknown',
          },
          {
            name: 'virbr0',
            macAddress: '52:54:00:aa:bb:cc',
            isVirtual: true,
            ipAddresses: ['192.168.124.1/24'],
            status: 'unknown',
          },
        ],
        defaultRoute: { interface: 'enp1s0', gateway: '192.168.122.1', family: 'ipv4' },
        dnsServers: ['192.168.122.1'],
        // `hostname -f` ran for real on this machine.
        fqdn: expect.any(String),
      },
      // Named from sysfs only: the command reads a hardware map only when given one.
      gpu: [
        {
          index: 0,
          vendor: '',
          model: '',
          pciAddress: '0000:65:00.0',
          vendorId: '0x10de',
          deviceId: '0x1eb8',
          revisionId: '0xa1',
        },
      ],
      bios: { vendor: 'Dell Inc.', version: '2.19.1' },
      system: {
        manufacturer: 'Dell Inc.',
        productName: 'PowerEdge R640',
        serialNumber: '9B5RNM2',
        uuid: '4c4c4544-0042-3510-8052-b4c04f4e4d32',
      },
    });
  });

  it('names GPUs from the hardware map given with --hardware-map', async () => {
    await root.writeFileAtomic(
      '/root/gpus.yaml',
      '- vendorID: "0x10de"\n  vendorName: NVIDIA\n  models:\n    - pciID: "0x1eb8"\n      pciName: Tesla T4\n      memoryBytes: 17179869184\n      architecture: Turing\n',
    );
    const report = JSON.parse(
      await runSystemInfoCommand({ root, executor: new FixtureExecutor(), hardwareMap: '/root/gpus.yaml' }),
    ) as { hardware: { gpu: unknown[] } };

    expect(report.hardware.gpu).toEqual([
      {
        index: 0,
        vendor: 'NVIDIA',
        model: 'Tesla T4',
        pciAddress: '0000:65:00.0',
        vendorId: '0x10de',
        deviceId: '0x1eb8',
        revisionId: '0xa1',
        memoryBytes: 17179869184,
        architecture: 'Turing',
      },
    ]);
  });

  it('reports this machine', async () => {
    const report = JSON.parse(await runSystemInfoCommand()) as {
      hostname: string;
      kernel: string;
      hardware: { cpu: { total_threads: number }; memory: { totalKb: number } };
      boot: { bootID: string };
    };
    expect(report.hostname).toBe(os.hostname());
    expect(report.kernel).toBe(os.release());
    expect(report.hardware.cpu.total_threads).toBe(os.cpus().length);
    expect(report.hardware.memory.totalKb).toBe(Math.round(os.totalmem() / 1024));
    expect(report.boot.bootID).toMatch(/^[0-9a-f-]{36}$/);
  });
});
