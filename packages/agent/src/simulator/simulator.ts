/**
 * The device simulator (ref/agent.md §11): N real agents in this process, each with its own fake
 * root, key, name, status and management connection, all enrolling through one shared connection pool
 * to the enrollment endpoint. At most `max-concurrency` devices are being created and enrolled at
 * once; each waits a random startup jitter first, and its slot is free again once its enrollment
 * request is approved (or, with --skip-auto-approve, exists). `--stop-after` counts from the moment
 * every device got that far.
 */
import { setMaxListeners } from 'node:events';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { Agent } from '../agent.js';
import { Connection } from '../client/connection.js';
import type { RequestDurationCallback } from '../client/service-client.js';
import { readTlsCredentials } from '../client/tls-credentials.js';
import { agentTimings } from '../config/validate-config.js';
import { SafeExecutor } from '../os/executor.js';
import { RootDir } from '../os/root-dir.js';
import { systemClock, type Clock } from '../timing/clock.js';
import type { AdminClient } from './admin-client.js';
import { CA_FILE, ENROLLMENT_CERT_FILE, ENROLLMENT_KEY_FILE, type AgentTemplate } from './agent-template.js';
import { approveWhenRequested, waitForEnrollmentRequest } from './auto-approval.js';
import { prepareSimulatedDevice } from './simulated-device.js';
import type { SimulatorFlags } from './simulator-flags.js';
import type { SimulatorMetrics } from './simulator-metrics.js';

const PROGRESS_EVERY = 100;

export interface SimulatorOptions {
  flags: SimulatorFlags;
  template: AgentTemplate;
  admin: AdminClient;
  metrics: SimulatorMetrics;
  /** The simulator's own messages. */
  log: Logger;
  /** Parent of every agent's logger (each adds its device-NNNNN prefix); its level is theirs. */
  agentLog: Logger;
  /** Every agent request, with the device's alias, besides the metrics (a benchmark's raw samples). */
  onRequest?: (alias: string, operation: string, seconds: number, result: 'ok' | 'error') => void;
  clock?: Clock;
}

export class Simulator {
  private readonly stopping = new AbortController();
  private readonly clock: Clock;
  private readonly running: Promise<void>[] = [];
  private resolveEnrolled!: () => void;
  /** Devices whose enrollment request was approved (or exists, with --skip-auto-approve). */
  enrolled = 0;
  /** Devices that could not be created or enrolled, and agents that ended with an error. */
  failed = 0;
  /** Resolves once every device has been launched and has got as far as enrollment goes here. */
  readonly allEnrolled = new Promise<void>((resolve) => (this.resolveEnrolled = resolve));

  constructor(private readonly options: SimulatorOptions) {
    this.clock = options.clock ?? systemClock;
    // Every agent listens for the stop: thousands of listeners are expected, not a leak.
    setMaxListeners(0, this.stopping.signal);
  }

  stop(): void {
    this.stopping.abort();
  }

  /** Launches every device, then runs until stopped (by stop(), or --stop-after); resolves once all agents ended. */
  async run(): Promise<void> {
    const { flags, log } = this.options;
    const signal = this.stopping.signal;
    const enrollment = await this.enrollmentConnection();
    try {
      const jitterMs =
        flags.agentStartupJitterMs < 0
          ? agentTimings(this.options.template.config).statusUpdateIntervalMs
          : flags.agentStartupJitterMs;
      log.info(`starting ${flags.count} agents (concurrency ${flags.maxConcurrency}, startup jitter ${jitterMs} ms)`);
      const started = this.clock.now();
      const launching = new Set<Promise<void>>();
      for (let i = 0; i < flags.count && !signal.aborted; i++) {
        if (launching.size >= flags.maxConcurrency) await Promise.race(launching);
        if (signal.aborted) break;
        const launch = this.launch(flags.initialDeviceIndex + i, jitterMs, enrollment, started).finally(() =>
          launching.delete(launch),
        );
        launching.add(launch);
      }
      await Promise.all(launching);
      if (!signal.aborted) {
        const seconds = (this.clock.now() - started) / 1000;
        log.info(
          `all ${flags.count} agents enrolled in ${seconds.toFixed(0)} s (${(this.enrolled / seconds).toFixed(1)} devices/s, ${this.failed} failed)`,
        );
        this.resolveEnrolled();
        if (flags.stopAfterMs > 0) {
          log.info(`stopping in ${flags.stopAfterMs / 1000} s (--stop-after)`);
          await this.clock.sleep(flags.stopAfterMs, signal);
          this.stop();
        }
      }
      await new Promise<void>((resolve) =>
        signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true }),
      );
      log.info('stopping every agent');
      await Promise.all(this.running);
    } finally {
      this.resolveEnrolled();
      await enrollment.close();
    }
  }

  /** One connection to the enrollment endpoint, with the template's credentials, for every agent. */
  private async enrollmentConnection(): Promise<Connection> {
    const { template } = this.options;
    const block = template.config['enrollment-service'];
    const inCerts = (file: string) => join(template.certsDir, file);
    const tls = await readTlsCredentials(new RootDir('/'), 'enrollment-service', {
      ...block,
      service: { ...block.service, 'certificate-authority': inCerts(CA_FILE), 'certificate-authority-data': undefined },
      authentication: {
        'client-certificate': inCerts(ENROLLMENT_CERT_FILE),
        'client-key': inCerts(ENROLLMENT_KEY_FILE),
      },
    });
    return new Connection(tls);
  }

  private async launch(index: number, jitterMs: number, enrollment: Connection, started: number): Promise<void> {
    const { flags, template, log, metrics } = this.options;
    const signal = this.stopping.signal;
    if (jitterMs > 0) await this.clock.sleep(this.clock.random() * jitterMs, signal);
    if (signal.aborted) return;
    const logLevel = template.setsLogLevel ? template.config['log-level'] : flags.logLevel;
    let alias = `device #${index}`;
    try {
      const device = await prepareSimulatedDevice(template, index, flags.labels, logLevel);
      alias = device.alias;
      const onRequest = this.options.onRequest;
      const onRequestDuration: RequestDurationCallback = onRequest
        ? (operation, seconds, result) => {
            metrics.observe(operation, seconds, result);
            onRequest(device.alias, operation, seconds, result);
          }
        : metrics.observe;
      const agent = new Agent({
        config: device.config,
        root: device.root,
        executor: new SafeExecutor(),
        enrollmentConnection: enrollment,
        onRequestDuration,
        logger: this.options.agentLog,
      });
      // The wait for approval ends when the simulator stops or the agent gives up.
      const ended = new AbortController();
      const stopAgent = () => agent.stop();
      signal.addEventListener('abort', stopAgent, { once: true });
      metrics.agentStarted();
      const run = agent
        .run()
        .catch((err: Error) => {
          if (signal.aborted) return;
          this.failed++;
          log.error(`${device.alias}: agent stopped: ${err.message}`);
        })
        .finally(() => {
          metrics.agentStopped();
          signal.removeEventListener('abort', stopAgent);
          ended.abort();
        });
      this.running.push(run);

      const wait = { signal: AbortSignal.any([signal, ended.signal]), clock: this.clock };
      const name = flags.skipAutoApprove
        ? await waitForEnrollmentRequest(device.root, wait)
        : await approveWhenRequested(device.root, this.options.admin, { ...flags.labels, alias }, wait);
      if (name === undefined) return;
      log.debug(
        `${alias}: enrollment request ${name} ${flags.skipAutoApprove ? 'is waiting for approval' : 'approved'}`,
      );
      this.enrolled++;
      if (this.enrolled % PROGRESS_EVERY === 0 || this.enrolled === flags.count) {
        const seconds = (this.clock.now() - started) / 1000;
        log.info(
          `enrollment progress: ${this.enrolled}/${flags.count} (${(this.enrolled / seconds).toFixed(1)} devices/s)`,
        );
      }
    } catch (err) {
      if (signal.aborted) return;
      this.failed++;
      log.error(`${alias}: ${(err as Error).message}`);
    }
  }
}
