import { describe, expect, it } from 'vitest';
import { EXPECTED_ARCH } from '../../test/fixture-device.js';
import { parseCpuInfo } from './cpu-facts.js';

// A Raspberry Pi 4: no physical or core IDs, no model name per processor, board lines at the end.
const CPUINFO_ARM = `${[0, 1, 2, 3]
  .map(
    (n) =>
      `processor\t: ${n}\nBogoMIPS\t: 108.00\nFeatures\t: fp asimd evtstrm crc32 cpuid\nCPU implementer\t: 0x41\nCPU part\t: 0xd08\n`,
  )
  .join('\n')}
Hardware\t: BCM2835
Revision\t: d03114
Serial\t\t: 10000000e3d4a4f9
Model\t\t: Raspberry Pi 4 Model B Rev 1.4
`;

// Two sockets of two hyper-threaded cores each.
const CPUINFO_TWO_SOCKETS = [0, 1, 2, 3, 4, 5, 6, 7]
  .map(
    (n) =>
      `processor\t: ${n}\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 7302\nphysical id\t: ${n >> 2}\ncore id\t\t: ${n & 1}\n`,
  )
  .join('\n');

describe('parseCpuInfo', () => {
  it('counts packages, cores and threads from physical and core IDs', () => {
    const cpu = parseCpuInfo(CPUINFO_TWO_SOCKETS);
    expect(cpu).toEqual({
      total_cores: 4,
      total_threads: 8,
      architecture: EXPECTED_ARCH,
      processors: [0, 1].map((id) => ({
        id,
        numCores: 2,
        numThreads: 4,
        numThreadsPerCore: 2,
        vendor: 'AuthenticAMD',
        model: 'AMD EPYC 7302',
      })),
    });
  });

  it('counts each logical CPU as its own package and core where the kernel reports no topology (ARM)', () => {
    const cpu = parseCpuInfo(CPUINFO_ARM);
    expect(cpu.total_cores).toBe(4);
    expect(cpu.total_threads).toBe(4);
    expect(cpu.processors.map((p) => [p.id, p.numCores, p.numThreads, p.model])).toEqual([
      [0, 1, 1, ''],
      [1, 1, 1, ''],
      [2, 1, 1, ''],
      [3, 1, 1, ''],
    ]);
  });

  it('describes one CPU when cpuinfo has no processor entries', () => {
    expect(parseCpuInfo('').processors).toHaveLength(1);
    expect(parseCpuInfo('').total_cores).toBe(1);
  });
});
