/**
 * One timed series: warm-up runs, then measured runs, with the memory of the process doing the
 * work. Memory: RSS when the series starts (a freshly started process), then VmHWM over the whole
 * series (peak reset at its start), so `peak - start` is what the operation made the process grow by.
 */
import { readMemory, resetPeak } from './proc-memory.js';

export interface Series {
  samplesMs: number[];
  p50: number;
  p95: number;
  mean: number;
  max: number;
  startRssBytes: number;
  peakRssBytes: number;
}

/** Nearest-rank percentile of sorted samples. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function summarize(samplesMs: number[], startRssBytes: number, peakRssBytes: number): Series {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  return {
    samplesMs,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    mean: sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length),
    max: sorted[sorted.length - 1] ?? NaN,
    startRssBytes,
    peakRssBytes,
  };
}

export interface SeriesOptions {
  warmup: number;
  iterations: number;
  /** The process whose memory is measured (the service child, or this worker). */
  pid: number | 'self';
}

export async function measureSeries(options: SeriesOptions, run: () => Promise<unknown>): Promise<Series> {
  const start = readMemory(options.pid).rssBytes;
  resetPeak(options.pid);
  for (let i = 0; i < options.warmup; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < options.iterations; i++) {
    const t0 = performance.now();
    await run();
    samples.push(performance.now() - t0);
  }
  return summarize(samples, start, readMemory(options.pid).peakBytes);
}
