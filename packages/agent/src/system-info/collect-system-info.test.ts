import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  addCustomInfoScript,
  EXPECTED_ARCH,
  FixtureExecutor,
  recordingLogger,
  writeFixtureDevice,
} from '../../test/fixture-device.js';
import { ProcessExecutor } from '../os/executor.js';
import { RootDir } from '../os/root-dir.js';
import { AGENT_VERSION } from '../version.js';
import { collectSystemInfo, formatCertificateSerial } from './collect-system-info.js';
import { DEFAULT_SYSTEM_INFO_KEYS } from './system-info-keys.js';

let tmp: string;
let root: RootDir;
beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'flightctl-sysinfo-'));
  root = new RootDir(tmp);
  await writeFixtureDevice(root);
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const ALL_BUILT_IN_KEYS = [
  ...DEFAULT_SYSTEM_INFO_KEYS,
  'biosVendor',
  'biosVersion',
  'gpu',
  'memoryTotalKb',
  'cpuCores',
  'cpuProcessors',
  'cpuModel',
];

describe('collectSystemInfo on a fixture device', () => {
  it('reports the always-present fields and every built-in key from /proc, /sys, /etc and ip', async () => {
    const executor = new FixtureExecutor();
    const info = await collectSystemInfo({
      executor,
      root,
      keys: ALL_BUILT_IN_KEYS,
      customInfo: [],
      timeoutMs: 60_000,
      managementCert: { notAfter: new Date('2027-11-21T10:00:00.123Z'), serial: '00e5422b7934f2' },
      logger: recordingLogger().logger,
    });

    expect(info).toEqual({
      architecture: EXPECTED_ARCH,
      operatingSystem: 'linux',
      bootID: '87f7e27e-bdc0-42b1-b909-6dc81fe43ea2',
      agentVersion: AGENT_VERSION,
      hostname: 'edge-01.example.com',
      kernel: '5.14.0-503.38.1.el9_5.x86_64',
      distroName: 'Red Hat Enterprise Linux',
      distroVersion: '9.5 (Plow)',
      distroId: 'rhel',
      productName: 'PowerEdge R640',
      productUuid: '4c4c4544-0042-3510-8052-b4c04f4e4d32',
      productSerial: '9B5RNM2',
      netInterfaceDefault: 'enp1s0',
      // The first address that is not link-local, in CIDR form as upstream reports it.
      netIpDefault: '192.168.122.10/24',
      netMacDefault: '52:54:00:12:34:56',
      managementCertNotAfter: '2027-11-21T10:00:00Z',
      managementCertSerial: 'E5:42:2B:79:34:F2',
      // No TPM collector runs here, so tpmVendorInfo is not reported.
      biosVendor: 'Dell Inc.',
      biosVersion: '2.19.1',
      gpu: '[0] NVIDIA Tesla T4',
      memoryTotalKb: '16265184',
      cpuCores: '2',
      cpuProcessors: '1',
      cpuModel: 'Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz',
    });
    expect(executor.calls).toEqual([['ip', '-json', 'address', 'show']]);
  });

  it('reports only the always-present fields with an empty key list, touching neither commands nor scripts', async () => {
    const executor = new FixtureExecutor();
    const info = await collectSystemInfo({ executor, root, keys: [], customInfo: [], timeoutMs: 60_000 });
    expect(info).toEqual({
      architecture: EXPECTED_ARCH,
      operatingSystem: 'linux',
      bootID: '87f7e27e-bdc0-42b1-b909-6dc81fe43ea2',
      agentVersion: AGENT_VERSION,
    });
    expect(executor.calls).toEqual([]);
  });

  it('uses the boot ID the agent already knows', async () => {
    const info = await collectSystemInfo({
      executor: new FixtureExecutor(),
      root,
      keys: [],
      customInfo: [],
      timeoutMs: 60_000,
      bootId: 'known-boot-id',
    });
    expect(info.bootID).toBe('known-boot-id');
  });

  it('warns about unknown keys and still reports the known ones', async () => {
    const { logger, records } = recordingLogger();
    const info = await collectSystemInfo({
      executor: new FixtureExecutor(),
      root,
      keys: ['hostname', 'favouriteColour', 'kernel'],
      customInfo: [],
      timeoutMs: 60_000,
      logger,
    });
    expect(info.hostname).toBe('edge-01.example.com');
    expect(info.kernel).toBe('5.14.0-503.38.1.el9_5.x86_64');
    expect(info).not.toHaveProperty('favouriteColour');
    expect(records).toContainEqual(
      expect.objectContaining({ level: 40, keys: ['favouriteColour'], msg: 'unknown system-info keys ignored' }),
    );
  });

  it('reports facts the device does not have as empty strings', async () => {
    await rm(root.path('/sys/class/dmi'), { recursive: true });
    await rm(root.path('/etc/os-release'));
    await root.writeFileAtomic('/proc/net/route', 'Iface\tDestination\tGateway\n');
    const info = await collectSystemInfo({
      executor: new FixtureExecutor(),
      root,
      keys: ['productName', 'productSerial', 'biosVendor', 'distroName', 'netInterfaceDefault', 'netIpDefault'],
      customInfo: [],
      timeoutMs: 60_000,
      logger: recordingLogger().logger,
    });
    expect(info).toMatchObject({
      productName: '',
      productSerial: '',
      biosVendor: '',
      distroName: '',
      netInterfaceDefault: '',
      netIpDefault: '',
    });
  });

  it('falls back to the IPv6 default route on an IPv6-only device', async () => {
    await root.writeFileAtomic('/proc/net/route', 'Iface\tDestination\tGateway\n');
    await root.writeFileAtomic(
      '/proc/net/ipv6_route',
      [
        '00000000000000000000000000000000 00 00000000000000000000000000000000 00 00000000000000000000000000000000 ffffffff 00000001 00000000 00200200       lo',
        '20010db8000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001   enp1s0',
        '00000000000000000000000000000000 00 00000000000000000000000000000000 00 fe800000000000000000000000000001 00000400 00000002 00000000 00000003   enp1s0',
      ].join('\n'),
    );
    const executor = new FixtureExecutor(
      JSON.stringify([
        {
          ifname: 'enp1s0',
          addr_info: [
            { local: 'fe80::5054:ff:fe12:3456', prefixlen: 64 },
            { local: '2001:db8::10', prefixlen: 64 },
          ],
        },
      ]),
    );
    const info = await collectSystemInfo({
      executor,
      root,
      keys: ['netInterfaceDefault', 'netIpDefault', 'netMacDefault'],
      customInfo: [],
      timeoutMs: 60_000,
    });
    expect(info).toMatchObject({
      netInterfaceDefault: 'enp1s0',
      netIpDefault: '2001:db8::10/64',
      netMacDefault: '52:54:00:12:34:56',
    });
  });
});

describe('custom system info', () => {
  it('runs the script of each configured key and reports its trimmed output under customInfo', async () => {
    await addCustomInfoScript(root, 'fips', 'echo "  disabled  "');
    // `<anything>-<key>` provides the key too, extension ignored, case-insensitive.
    await addCustomInfoScript(root, '10-Region.sh', 'echo eu-west');
    await addCustomInfoScript(root, 'siteId', 'echo not executable', 0o644);
    await addCustomInfoScript(root, 'broken', 'echo oops >&2; exit 2');
    const { logger, records } = recordingLogger();

    const info = await collectSystemInfo({
      executor: new FixtureExecutor(),
      root,
      keys: [],
      customInfo: ['fips', 'region', 'siteId', 'broken', 'absent'],
      timeoutMs: 60_000,
      logger,
    });

    expect(info.customInfo).toEqual({ fips: 'disabled', region: 'eu-west' });
    const warnings = records.filter((r) => r.level === 40);
    expect(warnings).toContainEqual(expect.objectContaining({ key: 'siteId' }));
    expect(warnings).toContainEqual(expect.objectContaining({ key: 'broken', exitCode: 2, stderr: 'oops' }));
    expect(warnings).toContainEqual(expect.objectContaining({ key: 'absent' }));
  });

  it('stops a script that outlives the timeout, warns, and keeps what was collected before it', async () => {
    await addCustomInfoScript(root, 'a-first', 'echo one');
    await addCustomInfoScript(root, 'b-slow', 'sleep 30; echo never');
    await addCustomInfoScript(root, 'c-last', 'echo three');
    const { logger, records } = recordingLogger();
    const started = Date.now();

    const info = await collectSystemInfo({
      executor: new FixtureExecutor(),
      root,
      keys: ['hostname'],
      customInfo: ['first', 'slow', 'last'],
      timeoutMs: 1_000,
      logger,
    });

    expect(Date.now() - started).toBeLessThan(10_000);
    expect(info.hostname).toBe('edge-01.example.com');
    expect(info.customInfo).toEqual({ first: 'one' });
    expect(records).toContainEqual(
      expect.objectContaining({ level: 40, key: 'slow', msg: 'custom system info script timed out' }),
    );
    expect(records).toContainEqual(expect.objectContaining({ level: 40, key: 'last' }));
  });
});

describe('formatCertificateSerial', () => {
  it('writes serials as colon-separated upper-case bytes without leading zero bytes', () => {
    expect(formatCertificateSerial('46e542262b7934f2')).toBe('46:E5:42:26:2B:79:34:F2');
    expect(formatCertificateSerial('00:8A:01')).toBe('8A:01');
    expect(formatCertificateSerial('abc')).toBe('0A:BC');
  });
});

describe('collectSystemInfo on this machine', () => {
  it('collects the default keys from the real /proc, /sys and ip', async () => {
    const info = await collectSystemInfo({
      executor: new ProcessExecutor(),
      root: new RootDir('/'),
      keys: [...DEFAULT_SYSTEM_INFO_KEYS, 'memoryTotalKb', 'cpuCores', 'cpuProcessors', 'cpuModel'],
      customInfo: [],
      timeoutMs: 60_000,
      logger: recordingLogger().logger,
    });

    expect(info.architecture).toBe(EXPECTED_ARCH);
    expect(info.operatingSystem).toBe('linux');
    expect(info.agentVersion).toBe(AGENT_VERSION);
    expect(info.bootID).toBe((await readFile('/proc/sys/kernel/random/boot_id', 'utf8')).trim());
    expect(info.hostname).toBe(os.hostname());
    expect(info.kernel).toBe(os.release());
    expect(Number(info.memoryTotalKb)).toBe(Math.round(os.totalmem() / 1024));
    expect(Number(info.cpuCores)).toBeGreaterThan(0);
    expect(info.cpuModel).toBe(os.cpus()[0]!.model.trim());
    for (const key of DEFAULT_SYSTEM_INFO_KEYS.filter((k) => !k.startsWith('management') && k !== 'tpmVendorInfo')) {
      expect(typeof info[key], key).toBe('string');
    }
    // The default interface carries the address Node sees on it.
    const defaultInterface = info.netInterfaceDefault as string;
    if (defaultInterface) {
      const nodeAddresses = (os.networkInterfaces()[defaultInterface] ?? []).map((a) => a.cidr);
      expect(nodeAddresses).toContain(info.netIpDefault);
      expect(info.netMacDefault).toBe(os.networkInterfaces()[defaultInterface]![0]!.mac);
    }
  });
});
