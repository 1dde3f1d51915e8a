/**
 * Hands memory that the C heap has freed back to the operating system, on an interval.
 *
 * glibc's `free()` only shrinks a heap from its top, so memory freed in its middle stays resident.
 * TLS handshakes, request bodies and database replies allocate and free native memory between the
 * long-lived buffers of every agent connection: after 3,000 agents enrolled, 97 MiB of the service's
 * 513 MiB RSS was such free memory, and it stayed resident until `malloc_trim(0)` returned it
 * (bench/RESULTS.md). Node has no binding for it, so it is called through koffi's FFI. Only glibc has
 * it: elsewhere (musl, macOS, Windows) nothing is loaded and nothing runs.
 */
import type { Logger } from 'pino';

/** Releases free heap memory; true when some was returned to the system. */
export type MallocTrim = () => boolean;

/** glibc's `malloc_trim`, or undefined where this process does not run on glibc or FFI is unavailable. */
export async function loadMallocTrim(): Promise<MallocTrim | undefined> {
  if (process.platform !== 'linux') return undefined;
  const report = process.report.getReport() as { header?: { glibcVersionRuntime?: string } };
  if (!report.header?.glibcVersionRuntime) return undefined;
  try {
    const { default: koffi } = await import('koffi');
    const trim = koffi.load('libc.so.6').func('int malloc_trim(size_t pad)') as (pad: number) => number;
    return () => trim(0) === 1;
  } catch {
    return undefined;
  }
}

export interface MemoryTrimmer {
  close(): void;
}

/** Trims every `intervalMs` (none when 0 or unavailable), logging each run's effect at debug level. */
export async function startMemoryTrimmer(intervalMs: number, logger: Logger): Promise<MemoryTrimmer> {
  const trim = intervalMs > 0 ? await loadMallocTrim() : undefined;
  if (!trim) {
    if (intervalMs > 0) logger.debug('memory trim unavailable: the process does not run on glibc');
    return { close: () => undefined };
  }
  const timer = setInterval(() => {
    const rssBefore = process.memoryUsage.rss();
    const t0 = performance.now();
    const released = trim();
    const ms = performance.now() - t0;
    logger.debug({ released, ms, rssBefore, rssAfter: process.memoryUsage.rss() }, 'memory trim');
  }, intervalMs);
  timer.unref();
  return { close: () => clearInterval(timer) };
}
