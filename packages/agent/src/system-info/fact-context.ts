/**
 * What every fact collector works with: the machine (through the RootDir and Executor seams, so a test
 * root with fixture /proc and /sys files stands in for a real device) and the collection's deadline.
 */
import { pino, type Logger } from 'pino';
import type { Executor } from '../os/executor.js';
import type { RootDir } from '../os/root-dir.js';

export type SystemInfoLogger = Pick<Logger, 'debug' | 'warn'>;

export interface FactContext {
  executor: Executor;
  root: RootDir;
  logger: SystemInfoLogger;
  /** Aborts when the collection's time is up; pass it to every command. */
  signal: AbortSignal;
  /** Milliseconds left before the deadline. */
  remainingMs(): number;
}

/**
 * A kernel- or firmware-provided value (sysfs, procfs), trimmed; undefined when the file is missing or
 * unreadable, which is normal (DMI serials need root, VMs lack some files): these facts are best effort.
 */
export async function readValue(ctx: FactContext, devicePath: string): Promise<string | undefined> {
  try {
    return (await ctx.root.readFile(devicePath))?.trim();
  } catch (err) {
    ctx.logger.debug({ err, path: devicePath }, 'system info source unreadable');
    return undefined;
  }
}

let stderrLogger: SystemInfoLogger | undefined;

/** Where system info warnings go when the caller gives no logger: stderr, never stdout, which may carry the report. */
export function defaultSystemInfoLogger(): SystemInfoLogger {
  stderrLogger ??= pino({ name: 'system-info' }, pino.destination(2));
  return stderrLogger;
}
