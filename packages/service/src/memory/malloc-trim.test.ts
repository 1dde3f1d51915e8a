import { execFile } from 'node:child_process';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadMallocTrim, startMemoryTrimmer } from './malloc-trim.js';

const MODULE = fileURLToPath(new URL('./malloc-trim.ts', import.meta.url));
const onGlibc =
  process.platform === 'linux' &&
  Boolean((process.report.getReport() as { header?: { glibcVersionRuntime?: string } }).header?.glibcVersionRuntime);

/**
 * In a process of its own (RSS is the whole process's): 3,000 freed 60 KiB buffers with live small
 * ones between them, as connections leave the heap after a burst; prints RSS before and after a trim.
 */
const FRAGMENT_AND_TRIM = `
const { loadMallocTrim } = await import(process.env.MODULE);
const trim = await loadMallocTrim();
const pinned = [];
let freed = [];
for (let i = 0; i < 3000; i++) {
  freed.push(Buffer.allocUnsafeSlow(60 * 1024).fill(1));
  pinned.push(Buffer.allocUnsafeSlow(512).fill(1));
}
const external = process.memoryUsage().arrayBuffers;
freed = [];
// Backing stores are freed after the collection, possibly on another thread.
while (process.memoryUsage().arrayBuffers > external - 150 * 2 ** 20) {
  gc();
  await new Promise((resolve) => setTimeout(resolve, 10));
}
const before = process.memoryUsage.rss();
const released = trim();
console.log(JSON.stringify({ pinned: pinned.length, before, released, after: process.memoryUsage.rss() }));
`;

describe('malloc trim', () => {
  it('returns memory freed in the middle of the C heap to the system (glibc); is absent elsewhere', async () => {
    if (!onGlibc) {
      expect(await loadMallocTrim()).toBeUndefined();
      return;
    }
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', FRAGMENT_AND_TRIM],
      { env: { ...process.env, MODULE } },
    );
    const { before, released, after } = JSON.parse(stdout) as { before: number; released: boolean; after: number };
    expect(released).toBe(true);
    // 175 MiB were freed; the pinned buffers keep glibc from giving it back by itself.
    expect(before - after).toBeGreaterThan(100 * 2 ** 20);
  });

  afterEach(() => vi.useRealTimers());

  it('trims on its interval, logging each run at debug level, until closed; 0 turns it off', async () => {
    const lines: { msg: string; released?: boolean; ms?: number }[] = [];
    const logger = pino(
      { level: 'debug' },
      new Writable({
        write(chunk: Buffer, _enc, done) {
          lines.push(JSON.parse(chunk.toString()) as (typeof lines)[number]);
          done();
        },
      }),
    );
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const trimmer = await startMemoryTrimmer(60_000, logger);
    if (!onGlibc) {
      expect(lines.map((l) => l.msg)).toEqual(['memory trim unavailable: the process does not run on glibc']);
      return;
    }
    expect(lines).toHaveLength(0);
    vi.advanceTimersByTime(120_000);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ msg: 'memory trim', released: expect.any(Boolean), ms: expect.any(Number) });
    trimmer.close();
    vi.advanceTimersByTime(600_000);
    expect(lines).toHaveLength(2);

    (await startMemoryTrimmer(0, logger)).close();
    vi.advanceTimersByTime(600_000);
    expect(lines).toHaveLength(2);
  });
});
