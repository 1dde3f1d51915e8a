/**
 * Custom system info (§7.3): site-specific executables in /usr/lib/flightctl/custom-info.d whose
 * trimmed output becomes `customInfo.<key>` in the device's system info.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { EXIT_TIMED_OUT } from '../os/executor.js';
import type { FactContext } from './fact-context.js';

export const CUSTOM_INFO_DIR = '/usr/lib/flightctl/custom-info.d';

const baseName = (file: string) => file.slice(0, file.length - path.extname(file).length);

async function isExecutableFile(ctx: FactContext, file: string): Promise<boolean> {
  try {
    const info = await stat(ctx.root.path(`${CUSTOM_INFO_DIR}/${file}`));
    return info.isFile() && (info.mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

/**
 * The script that provides `key`: among the files whose name without extension is the key, or ends with
 * `-<key>` (both case-insensitive, so `10-region.sh` provides `region`), the first executable one in
 * lexical order.
 */
async function scriptFor(ctx: FactContext, files: string[], key: string): Promise<string | undefined> {
  const wanted = key.toLowerCase();
  for (const file of files) {
    const base = baseName(file).toLowerCase();
    if ((base === wanted || base.endsWith(`-${wanted}`)) && (await isExecutableFile(ctx, file))) return file;
  }
  return undefined;
}

/** The keys every executable in the directory provides (its name without extension): what `system-info` shows. */
export async function discoverCustomInfoKeys(ctx: FactContext): Promise<string[]> {
  const keys = new Set<string>();
  for (const file of await ctx.root.readDir(CUSTOM_INFO_DIR)) {
    if (baseName(file) && (await isExecutableFile(ctx, file))) keys.add(baseName(file));
  }
  return [...keys].sort();
}

/**
 * Runs the script of each key, within what is left of the collection's time. A key without a script, a
 * script that fails or one that times out is logged and left out; the others are still reported.
 */
export async function collectCustomInfo(ctx: FactContext, keys: string[]): Promise<Record<string, string>> {
  const files = await ctx.root.readDir(CUSTOM_INFO_DIR);
  const values: Record<string, string> = {};
  for (const key of keys) {
    if (ctx.signal.aborted) {
      ctx.logger.warn({ key }, 'custom system info skipped: collection timed out');
      continue;
    }
    const script = await scriptFor(ctx, files, key);
    if (!script) {
      ctx.logger.warn({ key, dir: CUSTOM_INFO_DIR }, 'no executable custom system info script for key');
      continue;
    }
    const result = await ctx.executor.execute(ctx.root.path(`${CUSTOM_INFO_DIR}/${script}`), [], {
      signal: ctx.signal,
      timeoutMs: ctx.remainingMs(),
    });
    if (result.exitCode === 0) values[key] = result.stdout.trim();
    else if (result.exitCode === EXIT_TIMED_OUT || ctx.signal.aborted)
      ctx.logger.warn({ key, script }, 'custom system info script timed out');
    else
      ctx.logger.warn(
        { key, script, exitCode: result.exitCode, stderr: result.stderr.trim() },
        'custom system info script failed',
      );
  }
  return values;
}
