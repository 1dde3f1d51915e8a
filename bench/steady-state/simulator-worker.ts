/**
 * Child process of the benchmark that runs the device simulator (the built @flightctl/agent's
 * Simulator, as `flightctl-device-simulator` runs it) with the arguments it is sent, and keeps a
 * record of every agent request (which device, operation, when it ended, how long it took) for the
 * benchmark to ask for. It also reports its own CPU, memory and event-loop delay: a simulator that
 * cannot keep up shows up in the agents' latencies.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pino } from 'pino';
import { AdminClient } from '../../packages/agent/dist/simulator/admin-client.js';
import { loadAgentTemplate } from '../../packages/agent/dist/simulator/agent-template.js';
import { readCliLogin } from '../../packages/agent/dist/simulator/cli-login.js';
import { parseSimulatorArgs } from '../../packages/agent/dist/simulator/simulator-flags.js';
import { SimulatorMetrics } from '../../packages/agent/dist/simulator/simulator-metrics.js';
import { Simulator } from '../../packages/agent/dist/simulator/simulator.js';
import { readMemory } from '../common/proc-memory.js';
import { cpuSeconds } from '../common/proc-cpu.js';
import type { RequestRecord, WorkerReply, WorkerRequest, WorkerStats } from './worker-protocol.js';

const records: RequestRecord[] = [];
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
let simulator: Simulator | undefined;
let running: Promise<void> | undefined;

const reply = (message: WorkerReply) => process.send!(message);

async function start(args: string[], cliConfig: string): Promise<void> {
  const parsed = parseSimulatorArgs(args);
  if (parsed.command !== 'run') throw new Error(`not a simulator run: ${args.join(' ')}`);
  const { flags } = parsed;
  const template = await loadAgentTemplate(flags.config, flags.dataDir);
  const admin = new AdminClient(await readCliLogin(cliConfig), flags.maxConcurrency);
  const log = pino({ level: 'info' }, pino.destination(2));
  simulator = new Simulator({
    flags,
    template,
    admin,
    metrics: new SimulatorMetrics(),
    log,
    agentLog: pino({ level: flags.logLevel }, pino.destination(2)),
    onRequest: (alias, op, seconds, result) =>
      records.push({
        device: Number(alias.slice('device-'.length)),
        op,
        endMs: Date.now(),
        ms: seconds * 1000,
        ok: result === 'ok',
      }),
  });
  const started = Date.now();
  running = simulator.run().finally(() => admin.close());
  loopDelay.enable();
  await simulator.allEnrolled;
  reply({
    type: 'enrolled',
    enrolled: simulator.enrolled,
    failed: simulator.failed,
    seconds: (Date.now() - started) / 1000,
  });
}

function stats(): WorkerStats {
  const memory = readMemory();
  const percentile = (p: number) => loopDelay.percentile(p) / 1e6;
  return {
    failed: simulator?.failed ?? 0,
    cpuSeconds: cpuSeconds(),
    rssBytes: memory.rssBytes,
    peakBytes: memory.peakBytes,
    loopDelayMs: { p50: percentile(50), p99: percentile(99), max: loopDelay.max / 1e6 },
  };
}

async function handle(message: WorkerRequest): Promise<void> {
  switch (message.type) {
    case 'start':
      await start(message.args, message.cliConfig);
      return;
    case 'records':
      reply({ type: 'records', records: records.filter((r) => r.endMs >= message.fromMs && r.endMs <= message.toMs) });
      return;
    case 'stats':
      reply({ type: 'stats', stats: stats() });
      if (message.reset) loopDelay.reset();
      return;
    case 'stop':
      simulator?.stop();
      await running;
      reply({ type: 'stopped' });
      process.exit(0);
  }
}

process.on('message', (message: WorkerRequest) => {
  handle(message).catch((err: unknown) => {
    reply({ type: 'error', error: String((err as Error)?.stack ?? err) });
    process.exit(1);
  });
});
