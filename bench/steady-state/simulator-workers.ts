/**
 * The benchmark's side of its simulator workers: forks them (tsx, IPC), splits the devices among
 * them (device indexes stay unique: each worker starts at its own --initial-device-index), and
 * gathers their request records and process figures. The workers run at a lower priority (nice 10):
 * thousands of agents can want more CPU than this machine has, and the load generator must not take
 * it from the service it measures (upstream's scale guidance isolates the simulator likewise).
 */
import { type ChildProcess, fork } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RequestRecord, WorkerReply, WorkerRequest, WorkerStats } from './worker-protocol.js';

const WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'simulator-worker.ts');
const WORKER_NICENESS = 10;

export interface SimulatorRun {
  devices: number;
  /** Index of the first device (device-N), so that later runs add devices rather than repeat them. */
  firstIndex: number;
  /** Simulator processes. */
  processes: number;
  /** Arguments of every simulator but --count, --initial-device-index and --data-dir. */
  args: string[];
  /** Each worker gets <dataDir>/sim-N, N its first device index. */
  dataDir: string;
  /** The CLI login (client.yaml) the simulators approve devices with. */
  cliConfig: string;
}

class Worker {
  private readonly waiting: ((reply: WorkerReply) => void)[] = [];
  private failure?: Error;

  constructor(readonly child: ChildProcess) {
    child.on('message', (reply: WorkerReply) => {
      if (reply.type === 'error') this.fail(new Error(`simulator worker: ${reply.error}`));
      else this.waiting.shift()?.(reply);
    });
    child.once('exit', (code) => this.fail(new Error(`simulator worker exited (${code})`)));
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const resolve of this.waiting.splice(0)) resolve({ type: 'error', error: err.message });
  }

  /** Sends a request and resolves with the next reply (replies come in request order). */
  async ask<T extends WorkerReply['type']>(
    request: WorkerRequest,
    expect: T,
  ): Promise<Extract<WorkerReply, { type: T }>> {
    if (this.failure) throw this.failure;
    const answer = new Promise<WorkerReply>((resolve) => this.waiting.push(resolve));
    this.child.send(request);
    const reply = await answer;
    if (reply.type !== expect)
      throw this.failure ?? new Error(`simulator worker answered ${reply.type}: ${JSON.stringify(reply)}`);
    return reply as Extract<WorkerReply, { type: T }>;
  }
}

export class SimulatorWorkers {
  private constructor(private readonly workers: Worker[]) {}

  /** Starts every worker and resolves once each has enrolled its devices. */
  static async start(
    run: SimulatorRun,
    onEnrolled: (enrolled: number, failed: number) => void,
  ): Promise<SimulatorWorkers> {
    const per = Math.ceil(run.devices / run.processes);
    const workers: Worker[] = [];
    const enrolling: Promise<unknown>[] = [];
    for (let offset = 0; offset < run.devices; offset += per) {
      const count = Math.min(per, run.devices - offset);
      const first = run.firstIndex + offset;
      const child = fork(WORKER, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      os.setPriority(child.pid!, WORKER_NICENESS);
      const worker = new Worker(child);
      workers.push(worker);
      const args = [
        ...run.args,
        '--count',
        `${count}`,
        '--initial-device-index',
        `${first}`,
        '--data-dir',
        path.join(run.dataDir, `sim-${first}`),
      ];
      enrolling.push(
        worker
          .ask({ type: 'start', args, cliConfig: run.cliConfig }, 'enrolled')
          .then((r) => onEnrolled(r.enrolled, r.failed)),
      );
    }
    const started = new SimulatorWorkers(workers);
    try {
      await Promise.all(enrolling);
    } catch (err) {
      await started.stop();
      throw err;
    }
    return started;
  }

  get pids(): number[] {
    return this.workers.map((w) => w.child.pid!);
  }

  async records(fromMs: number, toMs: number): Promise<RequestRecord[]> {
    const replies = await Promise.all(this.workers.map((w) => w.ask({ type: 'records', fromMs, toMs }, 'records')));
    return replies.flatMap((r) => r.records);
  }

  /** Each worker's figures; `reset` starts a new event-loop delay window. */
  async stats(reset = false): Promise<WorkerStats[]> {
    const replies = await Promise.all(this.workers.map((w) => w.ask({ type: 'stats', reset }, 'stats')));
    return replies.map((r) => r.stats);
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.workers.map(async (w) => {
        if (w.child.exitCode !== null) return;
        const exited = new Promise((resolve) => w.child.once('exit', resolve));
        await w.ask({ type: 'stop' }, 'stopped').catch(() => w.child.kill('SIGKILL'));
        await exited;
      }),
    );
  }
}
