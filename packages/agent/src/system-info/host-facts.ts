/**
 * Facts about the running kernel and the agent's platform: hostname, kernel release, architecture,
 * operating system, boot ID and boot time. All come from procfs, read through the RootDir.
 */
import { type FactContext, readValue } from './fact-context.js';
import type { BootFacts } from './system-facts.js';

// Node's names for CPU architectures, translated to Go's GOARCH names that upstream agents report.
const GOARCH: Partial<Record<NodeJS.Architecture, string>> = {
  x64: 'amd64',
  ia32: '386',
  arm64: 'arm64',
  arm: 'arm',
  ppc64: 'ppc64le',
  s390x: 's390x',
  riscv64: 'riscv64',
  loong64: 'loong64',
  mips: 'mips',
  mipsel: 'mipsle',
};

/** The agent's architecture as Go names it (`amd64`, `arm64`, …). */
export function architecture(): string {
  return GOARCH[process.arch] ?? process.arch;
}

/** The operating system as Go names it (`linux`). */
export function operatingSystem(): string {
  return process.platform;
}

export async function hostname(ctx: FactContext): Promise<string> {
  return (await readValue(ctx, '/proc/sys/kernel/hostname')) ?? '';
}

/** The kernel release, as `uname -r` prints it. */
export async function kernelRelease(ctx: FactContext): Promise<string> {
  return (await readValue(ctx, '/proc/sys/kernel/osrelease')) ?? '';
}

export async function bootId(ctx: FactContext): Promise<string> {
  return (await readValue(ctx, '/proc/sys/kernel/random/boot_id')) ?? '';
}

/** Boot ID and boot time (the `btime` line of /proc/stat, as RFC 3339 UTC). */
export async function bootFacts(ctx: FactContext): Promise<BootFacts> {
  const stat = (await readValue(ctx, '/proc/stat')) ?? '';
  const btime = /^btime\s+(\d+)$/m.exec(stat)?.[1];
  return {
    bootTime: btime === undefined ? undefined : new Date(Number(btime) * 1000).toISOString().replace('.000Z', 'Z'),
    bootID: await bootId(ctx),
  };
}
