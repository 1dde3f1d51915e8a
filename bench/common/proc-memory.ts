/**
 * Resident memory of a process from Linux /proc: VmRSS is what it holds now, VmHWM the highest it
 * has held (the kernel tracks every page fault, so no sampling can miss a short peak). Writing "5"
 * to /proc/PID/clear_refs resets VmHWM to the current RSS, so each measured operation gets its own
 * peak: reset, run, read VmHWM.
 */
import { readFileSync, writeFileSync } from 'node:fs';

export interface MemorySample {
  rssBytes: number;
  peakBytes: number;
}

const KB = 1024;

export function readMemory(pid: number | 'self' = 'self'): MemorySample {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * KB;
  return { rssBytes: field('VmRSS'), peakBytes: field('VmHWM') };
}

/** Starts a new peak at the current RSS; false where the kernel does not allow it. */
export function resetPeak(pid: number | 'self' = 'self'): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** Whether this machine can measure per-operation peaks (Linux with a writable clear_refs). */
export function canMeasureMemory(): boolean {
  try {
    return Number.isFinite(readMemory().rssBytes) && resetPeak();
  } catch {
    return false;
  }
}
