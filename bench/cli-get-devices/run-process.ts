/**
 * Runs one command as a child process the way a user's shell would (stdout into a pipe that is
 * read to the end, as `| wc -l` would), timing it from spawn to exit. Peak memory, when asked, is
 * the child's max RSS as GNU time reports it (`/usr/bin/time -f %M`), in a separate run so the
 * wrapper never sits inside a timed one.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface ProcessRun {
  ms: number;
  /** stdout bytes and lines, for checking what the command printed. */
  bytes: number;
  lines: number;
  /** First line of stdout (the table header). */
  head: string;
  stderr: string;
}

const GNU_TIME = '/usr/bin/time';

export const canMeasurePeak = () => existsSync(GNU_TIME);

function run(command: string, args: readonly string[]): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let bytes = 0;
    let lines = 0;
    let head = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      if (bytes === 0) head = chunk.toString('utf8').split('\n')[0]!;
      bytes += chunk.length;
      for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines++;
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - t0;
      if (code !== 0) reject(new Error(`${command} ${args.join(' ')} exited with ${code}: ${stderr.slice(0, 500)}`));
      else resolve({ ms, bytes, lines, head, stderr });
    });
  });
}

export const runTimed = (argv: readonly string[]) => run(argv[0]!, argv.slice(1));

/** The child's peak RSS in bytes (GNU time prints max RSS in KiB as the last stderr line). */
export async function peakRssBytes(argv: readonly string[]): Promise<number> {
  const { stderr } = await run(GNU_TIME, ['-f', '%M', ...argv]);
  return Number(stderr.trim().split('\n').at(-1)) * 1024;
}
