import { describe, expect, it } from 'vitest';
import { RENDERED_GET, STATUS_PUT, immediateGets, latencies, reportedAfter, wakeUps } from './analysis.js';
import type { RequestRecord } from './worker-protocol.js';

const get = (device: number, endMs: number, ms: number): RequestRecord => ({
  device,
  op: RENDERED_GET,
  endMs,
  ms,
  ok: true,
});
const put = (device: number, endMs: number, ms = 5): RequestRecord => ({ device, op: STATUS_PUT, endMs, ms, ok: true });

describe('steady-state analysis of the agents request records', () => {
  const writes = new Map([
    [1, { sentMs: 1000, doneMs: 1010 }],
    [2, { sentMs: 1000, doneMs: 1020 }],
  ]);

  it('times the wake-up from sending the spec to the end of the first poll after it', () => {
    // Device 1's poll was waiting since long before the change; device 2's ended (timeout) before it.
    const records = [get(1, 1035, 120_000), get(2, 990, 120_000), get(2, 1050, 60)];
    expect(wakeUps(records, writes)).toEqual([35, 50]);
  });

  it('counts as answered at once only a first poll sent after the spec was stored', () => {
    // Device 1's first poll after the change was sent before it was stored (woken, or raced), and
    // its next one waits: neither counts. Device 2 polled afresh after the PUT was answered.
    const records = [get(1, 1008, 5), get(1, 121_030, 120_000), get(2, 990, 50), get(2, 1040, 8)];
    expect(immediateGets(records, writes)).toEqual([8]);
  });

  it('takes the last successful status report up to the end of the round', () => {
    const records = [put(1, 1100), put(1, 1300), put(1, 5000), { ...put(2, 1400), ok: false }, put(2, 1200)];
    expect(reportedAfter(records, writes, 2000)).toEqual([300, 200]);
  });

  it('summarizes latencies by nearest-rank percentiles', () => {
    const l = latencies(Array.from({ length: 100 }, (_, i) => 100 - i));
    expect(l).toEqual({ count: 100, p50: 50, p95: 95, p99: 99, max: 100 });
  });
});
