/**
 * A device as files, for system info tests: the procfs, sysfs and /etc entries of a RHEL-like machine
 * with one NIC and one NVIDIA GPU, written under a test RootDir, plus the `ip` output that goes with it.
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import { type ExecOptions, type ExecResult, type Executor, ProcessExecutor } from '../src/os/executor.js';
import type { RootDir } from '../src/os/root-dir.js';

/** What the agent reports as its architecture on this test machine. */
export const EXPECTED_ARCH = { x64: 'amd64', arm64: 'arm64' }[process.arch as string] ?? process.arch;

const CPUINFO_X86 = [0, 1, 2, 3]
  .map(
    (n) => `processor\t: ${n}
vendor_id\t: GenuineIntel
model name\t: Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz
physical id\t: 0
core id\t\t: ${n % 2}
flags\t\t: fpu vme
`,
  )
  .join('\n');

export const IP_ADDRESSES = JSON.stringify([
  { ifname: 'lo', addr_info: [{ family: 'inet', local: '127.0.0.1', prefixlen: 8 }] },
  {
    ifname: 'enp1s0',
    addr_info: [
      { family: 'inet6', local: 'fe80::5054:ff:fe12:3456', prefixlen: 64 },
      { family: 'inet', local: '192.168.122.10', prefixlen: 24 },
    ],
  },
  { ifname: 'virbr0', addr_info: [{ family: 'inet', local: '192.168.124.1', prefixlen: 24 }] },
]);

/** A device as files: the procfs, sysfs and /etc entries a RHEL-like VM with one NIC and one GPU shows. */
export const FIXTURE: Record<string, string> = {
  '/proc/sys/kernel/hostname': 'edge-01.example.com\n',
  '/proc/sys/kernel/osrelease': '5.14.0-503.38.1.el9_5.x86_64\n',
  '/proc/sys/kernel/random/boot_id': '87f7e27e-bdc0-42b1-b909-6dc81fe43ea2\n',
  '/proc/stat': 'cpu  1 2 3 4\nbtime 1767225600\nprocesses 10\n',
  '/proc/cpuinfo': CPUINFO_X86,
  '/proc/meminfo': 'MemTotal:       16265184 kB\nMemFree:         1000000 kB\n',
  '/etc/os-release':
    'NAME="Red Hat Enterprise Linux"\nVERSION="9.5 (Plow)"\nID="rhel"\nVERSION_ID="9.5"\nPRETTY_NAME="Red Hat Enterprise Linux 9.5 (Plow)"\n',
  '/sys/class/dmi/id/sys_vendor': 'Dell Inc.\n',
  '/sys/class/dmi/id/product_name': 'PowerEdge R640\n',
  '/sys/class/dmi/id/product_uuid': '4c4c4544-0042-3510-8052-b4c04f4e4d32\n',
  '/sys/class/dmi/id/product_serial': '9B5RNM2\n',
  '/sys/class/dmi/id/bios_vendor': 'Dell Inc.\n',
  '/sys/class/dmi/id/bios_version': '2.19.1\n',
  '/proc/net/route': [
    'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT',
    'lo\t00000000\t0100007F\t0003\t0\t0\t0\t00000000\t0\t0\t0',
    'enp1s0\t00000000\t017AA8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0',
    'enp1s0\t007AA8C0\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0',
  ].join('\n'),
  '/sys/class/net/enp1s0/address': '52:54:00:12:34:56\n',
  '/sys/class/net/enp1s0/mtu': '1500\n',
  '/sys/class/net/enp1s0/operstate': 'up\n',
  '/sys/class/net/lo/address': '00:00:00:00:00:00\n',
  '/sys/class/net/virbr0/address': '52:54:00:aa:bb:cc\n',
  '/sys/devices/virtual/net/lo/type': '772\n',
  '/sys/bus/pci/devices/0000:00:02.0/class': '0x060000\n',
  '/sys/bus/pci/devices/0000:65:00.0/class': '0x030200\n',
  '/sys/bus/pci/devices/0000:65:00.0/vendor': '0x10de\n',
  '/sys/bus/pci/devices/0000:65:00.0/device': '0x1eb8\n',
  '/sys/bus/pci/devices/0000:65:00.0/revision': '0xa1\n',
  '/var/lib/flightctl/hardware-map.yaml':
    '- vendorID: "0x10de"\n  vendorName: NVIDIA\n  models:\n    - pciID: "0x1eb8"\n      pciName: Tesla T4\n',
};

/** Answers `ip -json address show` from the fixture; runs everything else (custom-info scripts) for real. */
export class FixtureExecutor implements Executor {
  readonly calls: string[][] = [];
  private readonly real = new ProcessExecutor();
  constructor(private readonly ipOutput = IP_ADDRESSES) {}
  execute(command: string, args: string[], options?: ExecOptions): Promise<ExecResult> {
    this.calls.push([command, ...args]);
    if (command === 'ip') return Promise.resolve({ stdout: this.ipOutput, stderr: '', exitCode: 0 });
    return this.real.execute(command, args, options);
  }
}

export function recordingLogger() {
  const records: { msg: string; [key: string]: unknown }[] = [];
  const logger = pino(
    { level: 'debug' },
    { write: (line: string) => void records.push(JSON.parse(line) as { msg: string }) },
  );
  return { logger, records };
}

export async function writeFixtureDevice(root: RootDir): Promise<void> {
  for (const [file, content] of Object.entries(FIXTURE)) await root.writeFileAtomic(file, content);
}

/** Installs a custom-info script (a shell script with `body`) on the device. */
export async function addCustomInfoScript(root: RootDir, name: string, body: string, mode = 0o755): Promise<void> {
  const file = root.path(`/usr/lib/flightctl/custom-info.d/${name}`);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `#!/bin/sh\n${body}\n`);
  await chmod(file, mode);
}
