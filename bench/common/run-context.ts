/**
 * What a recorded result must say about the run it came from: the code measured (commit, and
 * whether packages/ had uncommitted changes) and how busy the machine was.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function gitCommit(): string {
  try {
    const run = (args: string[]) => execFileSync('git', args, { cwd: REPO_DIR, encoding: 'utf8' }).trim();
    const commit = run(['rev-parse', '--short', 'HEAD']);
    // Only the measured code counts: packages/ (a results file being edited does not).
    const changed = run(['status', '--porcelain', '--', 'packages', 'package-lock.json']);
    return changed ? `${commit} + uncommitted changes in packages/` : commit;
  } catch {
    return 'unknown commit';
  }
}

/** The 1-minute load average: other work on this 2-core machine skews every number. */
export const loadAverage = () => os.loadavg()[0]!.toFixed(1);

/** The machine's CPU time and the part of it stolen by the hypervisor, from /proc/stat's first line. */
export function cpuTimes(procStat: string): { total: number; steal: number } {
  // user nice system idle iowait irq softirq steal (guest time is already inside user and nice)
  const fields = procStat.split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
  if (fields.length < 8 || fields.some((f) => !Number.isFinite(f))) throw new Error('not a /proc/stat cpu line');
  return { total: fields.reduce((a, b) => a + b, 0), steal: fields[7]! };
}

/** The share of the CPU time between two readings that went to other guests of the host. */
export function stealShare(before: { total: number; steal: number }, after: { total: number; steal: number }): string {
  if (after.total <= before.total) return 'n/a';
  return `${((100 * (after.steal - before.steal)) / (after.total - before.total)).toFixed(1)} %`;
}

/**
 * Starts counting the CPU time the hypervisor gave to other guests (`steal` in /proc/stat); the
 * returned function tells the share of the run so far. On a shared host a run with steal is slower
 * in every number, and the load average does not show it. 'n/a' where /proc/stat is absent.
 */
export function cpuStealMeter(): () => string {
  const read = () => {
    try {
      return cpuTimes(readFileSync('/proc/stat', 'utf8'));
    } catch {
      return undefined;
    }
  };
  const start = read();
  return () => {
    const end = read();
    return start && end ? stealShare(start, end) : 'n/a';
  };
}
