import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { listBenchmarks, runBenchmark } from './run.js';

let dir: string;

async function addBenchmark(name: string, source: string): Promise<void> {
  await mkdir(path.join(dir, name));
  await writeFile(path.join(dir, name, 'index.ts'), source);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'flightctl-bench-'));
  const out = JSON.stringify(path.join(dir, 'args.json'));
  await addBenchmark(
    'records',
    `import { writeFile } from 'node:fs/promises';
     export default async (args: string[]) => writeFile(${out}, JSON.stringify(args));`,
  );
  await addBenchmark('fails', `export default async () => { throw new Error('boom'); };`);
  await addBenchmark('no-default', `export const x = 1;`);
  await mkdir(path.join(dir, 'out'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('bench dispatcher', () => {
  it('lists only directories that have an index.ts', async () => {
    expect(await listBenchmarks(dir)).toEqual(['fails', 'no-default', 'records']);
  });

  it('runs the named benchmark with the remaining arguments', async () => {
    expect(await runBenchmark(dir, ['records', '--smoke', 'x'])).toBe(0);
    expect(JSON.parse(await readFile(path.join(dir, 'args.json'), 'utf8'))).toEqual(['--smoke', 'x']);
  });

  it('prints the available benchmarks when the name is missing or unknown', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      expect(await runBenchmark(dir, [])).toBe(2);
      expect(await runBenchmark(dir, ['../records'])).toBe(2);
      expect(error).toHaveBeenCalledWith('unknown benchmark: ../records');
      expect(error).toHaveBeenCalledWith(expect.stringContaining('available: fails, no-default, records'));
    } finally {
      error.mockRestore();
    }
  });

  it('propagates a failing benchmark and rejects a module without a default function', async () => {
    await expect(runBenchmark(dir, ['fails'])).rejects.toThrow('boom');
    await expect(runBenchmark(dir, ['no-default'])).rejects.toThrow(/must export a default function/);
  });
});
