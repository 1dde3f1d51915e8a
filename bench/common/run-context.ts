/**
 * What a recorded result must say about the run it came from: the code measured (commit, and
 * whether packages/ had uncommitted changes) and how busy the machine was.
 */
import { execFileSync } from 'node:child_process';
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
