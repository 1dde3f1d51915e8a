/**
 * `npm run bench -- steady-state`: N simulated devices at upstream's default intervals against the
 * built service (embedded, or PostgreSQL + Redis): the service's CPU and memory in a steady window,
 * the agents' request latencies, the long-poll wake-up after spec changes, one real agent's idle
 * footprint, and bare-server and raw-SQL baselines of the same run. See USAGE.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { seededDatabase } from '../cli-get-devices/database.js';
import { type CpuProfile, InspectorProfiler, hotFunctions } from '../common/cpu-profile.js';
import { cpuSeconds } from '../common/proc-cpu.js';
import { readMemory, resetPeak } from '../common/proc-memory.js';
import { cpuStealMeter, gitCommit, loadAverage } from '../common/run-context.js';
import { serviceBin, startServiceProcess, type ServiceProcess } from '../common/service-process.js';
import { oneOf, positiveIntegers, postgresUrl } from '../common/options.js';
import { recordResults } from '../record-results.js';
import { STATUS_PUT, durations, immediateGets, latencies, ofDevices, reportedAfter, wakeUps } from './analysis.js';
import { bareServerBaseline, rawUpdateBaseline } from './baselines.js';
import { cliBin, setUpEnrollment, type EnrollmentSetup } from './enrollment-setup.js';
import { type Device, FleetApi, deviceIndex } from './fleet-api.js';
import { agentBin, measureRealAgent } from './real-agent.js';
import { RenderLoop } from './render-loop.js';
import { specTrickle } from './spec-trickle.js';
import { AIMS, cpuPerDeviceHour, markdownSection, type RunContext } from './report.js';
import type { RunResults, SteadyWindow } from './results.js';
import { renderedGets, servedRequests, statusPuts } from './service-log.js';
import { type SimulatorRun, SimulatorWorkers } from './simulator-workers.js';
import { waitUntil } from './wait-until.js';
import { wakeRound } from './wake-round.js';

const USAGE = `usage: npm run build && npm run bench -- steady-state [options]

Runs the built service (flightctl-api) in a child process and N simulated devices (the agent's
device simulator) in others, at upstream's default agent intervals. Once every device is enrolled,
Online and up to date, measures a steady window: the service's CPU (per device-hour and share of
a core) and RSS, and the agents' requests; then changes the spec of some devices through the user
API and times the long-poll wake-up, a poll answered at once and the status PUTs. Then one real
flightctl-agent process idles and is sampled, and the baselines run: a bare node:http/node:http2
server under the agents' HTTP client, and raw single-row JSONB UPDATEs on the same database.

options:
  --db pglite|postgres  the embedded database, or PostgreSQL + Redis (default pglite)
  --devices N           simulated devices (default 10000)
  --duration D          steady window, e.g. 300s or 5m (default 5m)
  --wake K              devices whose spec is changed (default 100)
  --simulators K        simulator processes (default one per 5,000 devices)
  --max-concurrency M   devices being enrolled at once, over all simulators (default 100 each)
  --smoke               20 devices, a 30 s window: proves the benchmark works (CI)
  --pg-url URL          PostgreSQL server to create the benchmark database on (default
                        $FLIGHTCTL_TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres)
  --redis-url URL       Redis for --db postgres (default $FLIGHTCTL_TEST_REDIS_URL or redis://127.0.0.1:6379)
  --profile             also profile the service's CPU in a window after the steady one (up to 2 minutes;
                        bench/out/*.cpuprofile): the profiler's own cost stays out of the measurement
  --record              add the results as a section of bench/RESULTS.md
  --keep                keep the work directory (printed)
  --help`;

const REPO_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const OUT_DIR = path.join(REPO_DIR, 'bench', 'out');
const DEVICES_PER_SIMULATOR = 5000;
/** How often the fleet's summary is read while it enrolls. */
const READY_POLL_MS = 2000;
/** The longest profiled window: enough samples for the hot functions. */
const PROFILE_WINDOW_MAX_S = 120;
/** An agent holds one HTTP/2 connection to the agent API (its long poll and status PUTs share it). */
const SOCKETS_PER_DEVICE = 1;
const SPARE_FILES = 1000;
const log = (msg: string) => console.log(`[steady-state] ${new Date().toISOString().slice(11, 19)} ${msg}`);

interface Options {
  db: 'pglite' | 'postgres';
  devices: number;
  windowSeconds: number;
  wake: number;
  simulators: number;
  /** Over all simulator processes; undefined: the simulator's default in each. */
  maxConcurrency?: number;
  smoke: boolean;
  pgUrl: string;
  redisUrl: string;
  record: boolean;
  profile: boolean;
  keep: boolean;
  argv: string[];
}

/** Phase lengths: a smoke run only proves that every step works. */
const timings = (smoke: boolean) => ({
  trickleSeconds: smoke ? 5 : 60,
  tricklePerSecond: 2,
  joinSpreadSeconds: smoke ? 5 : 30,
  settleSeconds: smoke ? 5 : 30,
  agentSettleSeconds: smoke ? 2 : 10,
  agentIdleSeconds: smoke ? 10 : 60,
  baselineSeconds: smoke ? 2 : 10,
  baselineConnections: 32,
  rawRows: 1000,
  rawConnections: 8,
  wakeTimeoutMs: 120_000,
});

function parseSeconds(text: string): number {
  const match = /^(\d+)(s|m)?$/.exec(text.trim());
  if (!match || Number(match[1]) === 0) throw new Error(`--duration must be like 300s or 5m, got "${text}"\n${USAGE}`);
  return Number(match[1]) * (match[2] === 'm' ? 60 : 1);
}

function parseOptions(args: string[]): Options | undefined {
  const { values } = parseArgs({
    args,
    options: {
      db: { type: 'string', default: 'pglite' },
      devices: { type: 'string' },
      duration: { type: 'string' },
      wake: { type: 'string' },
      simulators: { type: 'string' },
      'max-concurrency': { type: 'string' },
      smoke: { type: 'boolean', default: false },
      'pg-url': { type: 'string' },
      'redis-url': { type: 'string' },
      record: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return undefined;
  }
  const db = oneOf(USAGE, 'db', values.db, ['pglite', 'postgres'] as const);
  const int = positiveIntegers(USAGE);
  const smoke = values.smoke;
  const devices = int('devices', values.devices, smoke ? 20 : 10_000);
  return {
    db,
    devices,
    windowSeconds: values.duration ? parseSeconds(values.duration) : smoke ? 30 : 300,
    wake: Math.min(devices, int('wake', values.wake, smoke ? 5 : 100)),
    simulators: int('simulators', values.simulators, Math.ceil(devices / DEVICES_PER_SIMULATOR)),
    maxConcurrency:
      values['max-concurrency'] === undefined ? undefined : int('max-concurrency', values['max-concurrency'], 1),
    smoke,
    pgUrl: postgresUrl(values['pg-url']),
    redisUrl: values['redis-url'] ?? process.env.FLIGHTCTL_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    record: values.record,
    profile: values.profile,
    keep: values.keep,
    argv: args,
  };
}

/** What every simulator process runs with: upstream's default intervals, quiet agents. */
function simulatorRun(options: Options, workDir: string, enrollment: EnrollmentSetup): SimulatorRun {
  const concurrency = options.maxConcurrency
    ? ['--max-concurrency', `${Math.max(1, Math.floor(options.maxConcurrency / options.simulators))}`]
    : [];
  return {
    devices: options.devices,
    firstIndex: 0,
    processes: options.simulators,
    args: [
      '--config',
      enrollment.templatePath,
      '--agent-startup-jitter',
      '0',
      '--metrics',
      '127.0.0.1:0',
      '--log-level',
      'warn',
      ...concurrency,
    ],
    dataDir: workDir,
    cliConfig: enrollment.cliConfig,
  };
}

/** Simulated devices until all are enrolled, Online and up to date with a first spec. */
async function onboard(
  options: Options,
  workDir: string,
  enrollment: EnrollmentSetup,
  fleet: FleetApi,
): Promise<{
  workers: SimulatorWorkers;
  enrolled: number;
  failed: number;
  startedMs: number;
  readyMs: number;
  writes: RenderLoop['writes'];
}> {
  const renderer = new RenderLoop(fleet);
  const startedMs = Date.now();
  let enrolled = 0;
  let failed = 0;
  log(`starting ${options.devices} simulated devices in ${options.simulators} process(es)`);
  let workers: SimulatorWorkers | undefined;
  try {
    workers = await SimulatorWorkers.start(simulatorRun(options, workDir, enrollment), (n, f) => {
      enrolled += n;
      failed += f;
      log(`a simulator has its devices enrolled: ${enrolled} in all, ${failed} failed`);
    });
    let shown = 0;
    // Every 2 s: on the embedded database each summary is a grouped scan of every device in the
    // service's own thread, while it is busiest enrolling.
    await waitUntil(
      'every device Online and up to date',
      120_000 + options.devices * 300,
      async () => {
        renderer.check();
        const lost = (await workers!.stats()).reduce((sum, s) => sum + s.failed, 0);
        if (lost > 0)
          throw new Error(
            `${lost} simulated agents failed to enroll or stopped (see the log above): the service did not keep up; try a lower --max-concurrency`,
          );
        const s = await fleet.summary();
        const online = s.summaryStatus.Online ?? 0;
        const upToDate = s.updateStatus.UpToDate ?? 0;
        if (Date.now() - shown > 30_000) {
          shown = Date.now();
          log(`${s.total} devices, ${online} Online, ${upToDate} up to date`);
        }
        return online === options.devices && upToDate === options.devices;
      },
      READY_POLL_MS,
    );
    const readyMs = Date.now();
    await renderer.stop();
    log(`all ${options.devices} devices Online and up to date after ${((readyMs - startedMs) / 1000).toFixed(0)} s`);
    return { workers, enrolled, failed, startedMs, readyMs, writes: renderer.writes };
  } catch (err) {
    await renderer.stop().catch(() => undefined);
    await workers?.stop();
    throw err;
  }
}

async function steadyWindow(
  options: Options,
  service: ServiceProcess,
  workers: SimulatorWorkers,
): Promise<SteadyWindow> {
  const setupPeak = readMemory(service.pid).peakBytes;
  resetPeak(service.pid);
  const before = await workers.stats(true);
  const cpu0 = cpuSeconds(service.pid);
  const t0 = Date.now();
  log(`steady window: ${options.windowSeconds} s`);
  await sleepFor(options.windowSeconds);
  const t1 = Date.now();
  const cpu1 = cpuSeconds(service.pid);
  const memory = readMemory(service.pid);
  const after = await workers.stats();
  const records = await workers.records(t0, t1);
  if (service.inspectorUrl) await profileWindow(options, service.inspectorUrl);
  const requests: Record<string, number> = {};
  for (const r of records) requests[r.op] = (requests[r.op] ?? 0) + 1;
  return {
    seconds: (t1 - t0) / 1000,
    serviceCpuSeconds: cpu1 - cpu0,
    serviceRssBytes: memory.rssBytes,
    servicePeakBytes: memory.peakBytes,
    serviceSetupPeakBytes: setupPeak,
    requests,
    statusPut: latencies(durations(records, STATUS_PUT)),
    simulators: {
      processes: after.length,
      cpuSeconds: after.reduce((sum, s, i) => sum + s.cpuSeconds - before[i]!.cpuSeconds, 0),
      rssBytes: after.reduce((sum, s) => sum + s.rssBytes, 0),
      loopDelayP99Ms: Math.max(...after.map((s) => s.loopDelayMs.p99)),
    },
  };
}

/** Waits `seconds`, waking every 5 s at most. */
async function sleepFor(seconds: number): Promise<void> {
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) await new Promise((r) => setTimeout(r, Math.min(5000, end - Date.now())));
}

/**
 * Profiles the service in a window of its own after the measured one: the sampling profiler wakes the
 * process every millisecond, which on this machine more than quadrupled the service's CPU (2,000
 * devices: 7.8 % of a core profiled, 1.7 % not), so it must not run while the CPU is measured.
 */
async function profileWindow(options: Options, inspectorUrl: string): Promise<void> {
  const profiler = await InspectorProfiler.connect(inspectorUrl);
  const seconds = Math.min(options.windowSeconds, PROFILE_WINDOW_MAX_S);
  log(`profiling the service for ${seconds} s (its CPU is measured without the profiler)`);
  await profiler.start();
  await sleepFor(seconds);
  const usage = await profiler.memoryUsage();
  const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
  log(
    `service memory: rss ${mb(usage.rss)}, JS heap ${mb(usage.heapUsed)} of ${mb(usage.heapTotal)}, external ${mb(usage.external)}, array buffers ${mb(usage.arrayBuffers)}`,
  );
  saveProfile(options, await profiler.stop());
}

/** Writes the service's profile beside the results and prints where its CPU went. */
function saveProfile(options: Options, profile: CpuProfile): void {
  const file = path.join(
    OUT_DIR,
    `steady-state-${options.db}-${new Date().toISOString().replace(/[:.]/g, '-')}.cpuprofile`,
  );
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(file, JSON.stringify(profile));
  log(`service CPU profile of the steady window: ${path.relative(REPO_DIR, file)}`);
  const { self, total } = hotFunctions(profile, 25);
  const show = (title: string, rows: [string, number][]) => {
    console.log(`  ${title}`);
    for (const [fn, ms] of rows) console.log(`  ${ms.toFixed(0).padStart(8)} ms  ${fn}`);
  };
  show('self time:', self);
  show('total time (with callees):', total);
}

/** K devices spread over the fleet (so over every simulator process). */
function spread(devices: Device[], k: number): Device[] {
  const sorted = [...devices].sort((a, b) => deviceIndex(a) - deviceIndex(b));
  return Array.from({ length: k }, (_, i) => sorted[Math.floor((i * sorted.length) / k)]!);
}

async function steadySpecChanges(
  options: Options,
  service: ServiceProcess,
  fleet: FleetApi,
  workers: SimulatorWorkers,
  devices: Device[],
): Promise<RunResults['trickle']> {
  const t = timings(options.smoke);
  log(`spec changes of ${devices.length} devices, ${t.tricklePerSecond} a second`);
  const t0 = Date.now();
  const writes = await specTrickle(fleet, devices, t.tricklePerSecond, `bench-trickle-${t0}`, t.wakeTimeoutMs);
  const t1 = Date.now();
  const own = ofDevices(await workers.records(t0, t1), writes);
  return {
    devices: devices.length,
    perSecond: t.tricklePerSecond,
    wakeUp: latencies(wakeUps(own, writes)),
    statusPut: latencies(durations(own, STATUS_PUT)),
    servedStatusPut: latencies(statusPuts(await servedRequests(service.logPath, t0, t1)).map((r) => r.ms)),
  };
}

async function burstSpecChanges(
  options: Options,
  service: ServiceProcess,
  fleet: FleetApi,
  workers: SimulatorWorkers,
  chosen: Device[],
): Promise<RunResults['wake']> {
  log(`spec change of ${chosen.length} devices, all at once`);
  const t0 = Date.now();
  const round = await wakeRound(fleet, chosen, `bench-wake-${t0}`, timings(options.smoke).wakeTimeoutMs);
  const t1 = Date.now();
  const own = ofDevices(await workers.records(t0, t1), round.writes);
  return {
    devices: chosen.length,
    wakeUp: latencies(wakeUps(own, round.writes)),
    reported: latencies(reportedAfter(own, round.writes, t1)),
    statusPut: latencies(durations(own, STATUS_PUT)),
    servedStatusPut: latencies(statusPuts(await servedRequests(service.logPath, t0, t1)).map((r) => r.ms)),
  };
}

/** K more devices join the steady fleet, are approved and get their first spec. */
async function joiners(
  options: Options,
  workDir: string,
  service: ServiceProcess,
  enrollment: EnrollmentSetup,
  fleet: FleetApi,
): Promise<RunResults['joiners']> {
  const spreadSeconds = timings(options.smoke).joinSpreadSeconds;
  log(`${options.wake} more devices join over ${spreadSeconds} s`);
  const total = options.devices + options.wake;
  const renderer = new RenderLoop(fleet);
  const t0 = Date.now();
  const run = simulatorRun(options, workDir, enrollment);
  const workers = await SimulatorWorkers.start(
    {
      ...run,
      devices: options.wake,
      processes: 1,
      firstIndex: options.devices,
      args: [...run.args, '--agent-startup-jitter', `${spreadSeconds}s`],
    },
    () => undefined,
  );
  try {
    await waitUntil(`${total} devices Online and up to date`, timings(options.smoke).wakeTimeoutMs, async () => {
      renderer.check();
      const s = await fleet.summary();
      return s.summaryStatus.Online === total && s.updateStatus.UpToDate === total;
    });
    await renderer.stop();
    const t1 = Date.now();
    const records = await workers.records(t0, t1);
    return {
      devices: options.wake,
      spreadSeconds,
      seconds: (t1 - t0) / 1000,
      immediateGet: latencies(immediateGets(records, renderer.writes)),
      statusPut: latencies(durations(records, STATUS_PUT)),
      servedImmediateGet: latencies(renderedGets(await servedRequests(service.logPath, t0, t1), 200).map((r) => r.ms)),
    };
  } finally {
    await renderer.stop().catch(() => undefined);
    await workers.stop();
  }
}

function printSummary(r: RunResults): void {
  const s = r.steady;
  const line = (label: string, value: string) => console.log(`  ${label.padEnd(44)} ${value}`);
  console.log('');
  line('devices enrolled', `${r.enrolled} of ${r.devices} (${r.failed} failed)`);
  line('service CPU s per device-hour', `${cpuPerDeviceHour(r).toFixed(4)} (aim < ${AIMS.cpuSecondsPerDeviceHour})`);
  line('service CPU, % of one core', ((100 * s.serviceCpuSeconds) / s.seconds).toFixed(2));
  line(
    'service RSS MiB (end / window peak / setup)',
    [s.serviceRssBytes, s.servicePeakBytes, s.serviceSetupPeakBytes].map((b) => (b / 2 ** 20).toFixed(0)).join(' / '),
  );
  line(
    'status PUT p50/p99 ms (steady spec changes)',
    `${r.trickle.statusPut.p50.toFixed(1)} / ${r.trickle.statusPut.p99.toFixed(1)}`,
  );
  line(
    'rendered GET at once p50/p99 ms',
    `${r.joiners.immediateGet.p50.toFixed(1)} / ${r.joiners.immediateGet.p99.toFixed(1)}`,
  );
  line(
    'wake-up p50/p95/max ms (steady)',
    `${r.trickle.wakeUp.p50} / ${r.trickle.wakeUp.p95} / ${r.trickle.wakeUp.max}`,
  );
  line('wake-up p50/p95/max ms (all at once)', `${r.wake.wakeUp.p50} / ${r.wake.wakeUp.p95} / ${r.wake.wakeUp.max}`);
  line(
    'real agent RSS MiB / CPU %',
    `${(r.realAgent.maxRssBytes / 2 ** 20).toFixed(0)} / ${r.realAgent.cpuPercent.toFixed(2)}`,
  );
  line('bare http / https req/s', `${r.bareHttp.perSecond.toFixed(0)} / ${r.bareHttps.perSecond.toFixed(0)}`);
  if (r.bareHttps.held)
    line(
      `bare https RSS MiB holding ${r.bareHttps.held.sessions} polls`,
      (r.bareHttps.held.rssBytes / 2 ** 20).toFixed(0),
    );
  line(
    'raw UPDATE/s (1 connection / several)',
    `${r.raw.sequential.perSecond.toFixed(0)} / ${r.raw.concurrent?.perSecond.toFixed(0) ?? 'n/a'}`,
  );
  console.log('');
}

/** Everything measured on one database, with the service and simulators started and stopped. */
async function measure(options: Options, workDir: string): Promise<{ results: RunResults; dbVersion: string }> {
  const t = timings(options.smoke);
  const db = await seededDatabase(options.db, 0, workDir, options.pgUrl);
  const dbVersion = options.db === 'postgres' ? `${db.version} + Redis` : db.version;
  try {
    const service = await startServiceProcess({
      dir: workDir,
      databaseUrl: db.url,
      redisUrl: options.db === 'postgres' ? options.redisUrl : undefined,
      inspect: options.profile,
    });
    try {
      log(`service at ${service.url}, agent API at ${service.agentUrl} (pid ${service.pid})`);
      const enrollment = await setUpEnrollment(workDir, service.url);
      const fleet = new FleetApi(service.url);
      const onboarded = await onboard(options, workDir, enrollment, fleet);
      const { workers } = onboarded;
      let steady: SteadyWindow;
      let trickle: RunResults['trickle'];
      let wake: RunResults['wake'];
      let joined: RunResults['joiners'];
      let onboarding: RunResults['onboarding'];
      try {
        const onboardingRecords = await workers.records(onboarded.startedMs, onboarded.readyMs);
        onboarding = {
          immediateGet: latencies(immediateGets(onboardingRecords, onboarded.writes)),
          statusPut: latencies(durations(onboardingRecords, STATUS_PUT)),
        };
        log(`settling for ${t.settleSeconds} s`);
        await new Promise((r) => setTimeout(r, t.settleSeconds * 1000));
        steady = await steadyWindow(options, service, workers);
        const fleetDevices = await fleet.devices();
        const trickled = spread(fleetDevices, Math.min(options.devices, t.trickleSeconds * t.tricklePerSecond));
        trickle = await steadySpecChanges(options, service, fleet, workers, trickled);
        // The burst changes other devices than the trickle did, when there are enough.
        const rest = fleetDevices.filter((d) => !trickled.includes(d));
        const pool = rest.length >= options.wake ? rest : fleetDevices;
        wake = await burstSpecChanges(
          options,
          service,
          fleet,
          workers,
          spread(pool, Math.min(options.wake, pool.length)),
        );
        joined = await joiners(options, workDir, service, enrollment, fleet);
      } finally {
        log('stopping the simulators');
        await workers.stop();
      }
      const status = (await fleet.devices()).find((d) => d.status)?.status;
      log('one real agent, idle');
      const realAgent = await measureRealAgent({
        dir: workDir,
        enrollment,
        fleet,
        settleSeconds: t.agentSettleSeconds,
        idleSeconds: t.agentIdleSeconds,
      });
      log('baselines: bare servers, raw UPDATEs');
      const client = {
        certsDir: enrollment.certsDir,
        certFile: 'client-enrollment.crt',
        keyFile: 'client-enrollment.key',
      };
      const bare = { connections: t.baselineConnections, seconds: t.baselineSeconds };
      const bareHttp = await bareServerBaseline(bare);
      const steadyRate = Object.values(steady.requests).reduce((a, b) => a + b, 0) / steady.seconds;
      const bareHttps = await bareServerBaseline({
        ...bare,
        serviceCertsDir: service.certsDir,
        client,
        // At least one a second, so that a smoke run, whose window may see no request end, has it too.
        pacedPerSecond: Math.max(1, steadyRate),
        heldSessions: options.devices,
      });
      const raw = await rawUpdateBaseline({
        db: db.url ? { kind: 'postgres', url: db.url } : { kind: 'pglite', dataDir: path.join(workDir, 'raw-pglite') },
        status,
        rows: t.rawRows,
        seconds: t.baselineSeconds,
        connections: t.rawConnections,
      });
      const results: RunResults = {
        devices: options.devices,
        enrolled: onboarded.enrolled,
        failed: onboarded.failed,
        onboardingSeconds: (onboarded.readyMs - onboarded.startedMs) / 1000,
        onboarding,
        steady,
        trickle,
        wake,
        joiners: joined,
        realAgent,
        bareHttp,
        bareHttps,
        raw,
      };
      return { results, dbVersion };
    } finally {
      await service.stop();
    }
  } finally {
    await db.drop();
  }
}

/** The soft limit of open files this process passes on to the service. */
function openFilesLimit(): number {
  const line = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync('/proc/self/limits', 'utf8'))?.[1];
  return line === undefined || line === 'unlimited' ? Infinity : Number(line);
}

export default async function steadyState(args: string[]): Promise<void> {
  const options = parseOptions(args);
  if (!options) return;
  const needed = (options.devices + options.wake) * SOCKETS_PER_DEVICE + SPARE_FILES;
  if (needed > openFilesLimit())
    throw new Error(
      `${options.devices} devices need about ${needed} open files in the service, over this shell's limit of ${openFilesLimit()}: raise it (ulimit -n) or simulate fewer devices`,
    );
  for (const built of [serviceBin(), cliBin(), agentBin()])
    if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` first`);
  const t = timings(options.smoke);
  const loadBefore = loadAverage();
  if (Number(loadBefore) > 1) log(`warning: load average ${loadBefore}: other work on this machine skews the numbers`);
  const cpuSteal = cpuStealMeter();
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'flightctl-bench-steady-'));
  let measured: { results: RunResults; dbVersion: string };
  try {
    measured = await measure(options, workDir);
  } finally {
    if (options.keep) log(`kept ${workDir}`);
    else rmSync(workDir, { recursive: true, force: true });
  }

  const { results, dbVersion } = measured;
  printSummary(results);
  const ctx: RunContext = {
    argv: options.argv,
    commit: gitCommit(),
    database: options.db === 'postgres' ? 'PostgreSQL + Redis' : 'PGlite',
    dbVersion,
    loadBefore,
    loadAfter: loadAverage(),
    cpuSteal: cpuSteal(),
    windowSeconds: options.windowSeconds,
    settleSeconds: t.settleSeconds,
  };
  const section = markdownSection(ctx, results);
  mkdirSync(OUT_DIR, { recursive: true });
  const outFile = path.join(OUT_DIR, `steady-state-${options.db}-${new Date().toISOString().replace(/[:.]/g, '-')}.md`);
  writeFileSync(outFile, section);
  log(`results written to ${path.relative(REPO_DIR, outFile)}`);
  if (options.record) {
    recordResults('steady-state', section);
    log('results added to bench/RESULTS.md');
  }
}
