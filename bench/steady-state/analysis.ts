/**
 * What the agents' request records say about the service: latency percentiles of an operation, and,
 * for devices whose spec was written at known times, how long until their long poll answered, how
 * long a poll asked afterwards took (answered at once), and when their status caught up.
 */
import { percentile } from '../common/measure.js';
import type { SpecWrite } from './render-loop.js';
import type { RequestRecord } from './worker-protocol.js';

export const RENDERED_GET = 'get_rendered_device_spec_duration';
export const STATUS_PUT = 'update_device_status_duration';

export interface Latencies {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function latencies(ms: number[]): Latencies {
  const sorted = [...ms].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
  };
}

export const durations = (records: RequestRecord[], op: string) => records.filter((r) => r.op === op).map((r) => r.ms);

function byDevice(records: RequestRecord[], op: string): Map<number, RequestRecord[]> {
  const map = new Map<number, RequestRecord[]>();
  for (const r of records) {
    if (r.op !== op) continue;
    let list = map.get(r.device);
    if (!list) map.set(r.device, (list = []));
    list.push(r);
  }
  for (const list of map.values()) list.sort((a, b) => a.endMs - b.endMs);
  return map;
}

/**
 * Per written device, its first rendered-spec poll to end after the write was sent, if that poll was
 * also sent after the write was acknowledged: it had no reason to wait. A device whose first such
 * poll was already under way is left out: the write may have woken it (the service announces a new
 * version before it answers the PUT), and the poll after that one waits for the next change.
 */
export function immediateGets(records: RequestRecord[], writes: Map<number, SpecWrite>): number[] {
  const gets = byDevice(records, RENDERED_GET);
  const result: number[] = [];
  for (const [device, write] of writes) {
    const first = gets.get(device)?.find((r) => r.endMs >= write.sentMs);
    if (first && first.endMs - first.ms >= write.doneMs) result.push(first.ms);
  }
  return result;
}

/** Per written device, from sending the write to the end of its first rendered-spec poll after it: the wake-up. */
export function wakeUps(records: RequestRecord[], writes: Map<number, SpecWrite>): number[] {
  const gets = byDevice(records, RENDERED_GET);
  const result: number[] = [];
  for (const [device, write] of writes) {
    const first = gets.get(device)?.find((r) => r.endMs >= write.sentMs);
    if (first) result.push(first.endMs - write.sentMs);
  }
  return result;
}

/** Per written device, from sending the write to its last status report before `untilMs`: when its status showed the new version. */
export function reportedAfter(records: RequestRecord[], writes: Map<number, SpecWrite>, untilMs: number): number[] {
  const puts = byDevice(records, STATUS_PUT);
  const result: number[] = [];
  for (const [device, write] of writes) {
    const last = puts
      .get(device)
      ?.filter((r) => r.ok && r.endMs >= write.sentMs && r.endMs <= untilMs)
      .at(-1);
    if (last) result.push(last.endMs - write.sentMs);
  }
  return result;
}

/** The records of the written devices only. */
export const ofDevices = (records: RequestRecord[], writes: Map<number, SpecWrite>) =>
  records.filter((r) => writes.has(r.device));
