/** The messages between the benchmark and its simulator workers (simulator-worker.ts). */

/** One agent request as the agent timed it. */
export interface RequestRecord {
  /** The N of device-N (the simulator's device index). */
  device: number;
  /** Operation name of ref/agent.md §13, e.g. update_device_status_duration. */
  op: string;
  /** Wall clock (ms since the epoch) when the answer was in. */
  endMs: number;
  ms: number;
  ok: boolean;
}

export interface WorkerStats {
  /** Agents that could not be created or enrolled, or that stopped with an error. */
  failed: number;
  cpuSeconds: number;
  rssBytes: number;
  /** VmHWM: the most the process ever held. */
  peakBytes: number;
  /** Event-loop delay since the last reset. */
  loopDelayMs: { p50: number; p99: number; max: number };
}

export type WorkerRequest =
  | { type: 'start'; args: string[]; cliConfig: string }
  | { type: 'records'; fromMs: number; toMs: number }
  | { type: 'stats'; reset: boolean }
  | { type: 'stop' };

export type WorkerReply =
  | { type: 'enrolled'; enrolled: number; failed: number; seconds: number }
  | { type: 'records'; records: RequestRecord[] }
  | { type: 'stats'; stats: WorkerStats }
  | { type: 'stopped' }
  | { type: 'error'; error: string };
