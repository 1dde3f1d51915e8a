/**
 * The run's results as a RESULTS.md section: the figures the issue asks for, each with its aim and
 * met/missed, and the baselines of the same run with the ratios to them.
 */
import os from 'node:os';
import { percentile } from '../common/measure.js';
import { STATUS_PUT, type Latencies } from './analysis.js';
import type { BareServerResult } from './baselines.js';
import type { RunResults } from './results.js';

const MB = 1024 * 1024;
/** The issue's aims. */
export const AIMS = {
  /** 10,000 devices on under 10 % of one core: CPU seconds per device-hour. */
  cpuSecondsPerDeviceHour: (0.1 * 3600) / 10_000,
  serviceRssBytes: 1024 * MB,
  p99Ms: 50,
  wakeUpMs: 1000,
  agentRssBytes: 60 * MB,
  agentCpuPercent: 0.5,
};

export interface RunContext {
  argv: string[];
  commit: string;
  database: string;
  dbVersion: string;
  loadBefore: string;
  loadAfter: string;
  /** Share of the machine's CPU time stolen by the hypervisor during the run. */
  cpuSteal: string;
  windowSeconds: number;
  settleSeconds: number;
}

const fmt = (n: number, digits = 1) =>
  !Number.isFinite(n) ? 'n/a' : n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(digits) : n.toFixed(digits + 1);
const mib = (bytes: number) => (bytes / MB).toFixed(0);
const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
const pct = (l: Latencies) => `${fmt(l.p50)} / ${fmt(l.p95)} / ${fmt(l.p99)}`;
const times = (a: number, b: number) => `×${fmt(a / b)}`;

/** Operations of ref/agent.md §13 by their short names. */
const OPERATION = (op: string) => op.replace(/_duration$/, '');

export function cpuPerDeviceHour(r: RunResults): number {
  return r.steady.serviceCpuSeconds / (r.devices * (r.steady.seconds / 3600));
}

function bareRow(label: string, b: BareServerResult): string {
  return `| baseline: bare ${label} server, ${b.connections} connections | ${fmt(b.perSecond, 0)} | req/s | loaded p50 / p99 ${fmt(b.loaded.p50)} / ${fmt(b.loaded.p99)} ms; one connection p50 / p99 ${fmt(b.unloaded.p50)} / ${fmt(b.unloaded.p99)} ms; server CPU ${fmt(b.serverCpuMsPerRequest, 3)} ms a request; the client (one process) used ${fmt(b.clientCpuPercent, 0)} % of a core${
    b.paced
      ? `; one request at a time at ${fmt(b.paced.perSecond, 1)} req/s (the steady window's rate): server CPU ${fmt(b.paced.serverCpuMsPerRequest, 3)} ms a request`
      : ''
  }${
    b.held
      ? `; holding ${b.held.sessions.toLocaleString('en-US')} connections with a waiting request each: RSS ${mib(b.held.rssBytes)} MiB, ${fmt(b.held.bytesPerSession / 1024, 1)} KB a connection`
      : ''
  } |`;
}

/**
 * An aim stated for 10,000 devices: missed if already missed with fewer, met only when measured at
 * 10,000 or more; otherwise the figure stands for the scale it was measured at.
 */
function atScale(devices: number, within: boolean): string {
  if (!within) return 'MISSED';
  return devices >= 10_000 ? 'met' : `not shown at ${devices.toLocaleString('en-US')} devices`;
}

export function markdownSection(ctx: RunContext, r: RunResults): string {
  const s = r.steady;
  const n = r.devices.toLocaleString('en-US');
  const perDeviceHour = cpuPerDeviceHour(r);
  const corePercent = (100 * s.serviceCpuSeconds) / s.seconds;
  const requestCount = Object.values(s.requests).reduce((a, b) => a + b, 0);
  const cpuPerRequestMs = requestCount ? (1000 * s.serviceCpuSeconds) / requestCount : NaN;
  const https = r.bareHttps;
  const statusPutsPerSecond = (s.requests[STATUS_PUT] ?? 0) / s.seconds;
  const rawSeq = r.raw.sequential;
  const rawRate = r.raw.concurrent?.perSecond ?? rawSeq.perSecond;
  const peak = Math.max(s.servicePeakBytes, s.serviceSetupPeakBytes);
  const rows = [
    `| devices enrolled | ${r.enrolled.toLocaleString('en-US')} of ${n} | | ${r.failed} failed; all Online and up to date with a first spec ${fmt(r.onboardingSeconds, 0)} s after the simulators started (${fmt(r.enrolled / r.onboardingSeconds)} devices/s) |`,
    `| service CPU, steady window | ${fmt(corePercent, 2)} | % of one core | ${fmt(s.serviceCpuSeconds)} s in ${fmt(s.seconds, 0)} s for ${n} devices = ${fmt(perDeviceHour, 3)} CPU s per device-hour; aim 10,000 devices < 10 %: ${atScale(r.devices, corePercent < 10)} |`,
    `| service RSS, steady window | ${mib(s.serviceRssBytes)} | MiB | peak ${mib(s.servicePeakBytes)} in the window, ${mib(s.serviceSetupPeakBytes)} before it (enrollment)${
      https.held
        ? `; the bare mTLS server holding as many connections, each with a waiting request: ${mib(https.held.rssBytes)} MiB (service ${times(s.serviceRssBytes, https.held.rssBytes)})`
        : ''
    }; aim 10,000 devices < 1 GiB: ${atScale(r.devices, peak < AIMS.serviceRssBytes)} |`,
    `| agent requests, steady window | ${fmt(requestCount / s.seconds, 2)} | req/s | ${
      Object.entries(s.requests)
        .map(([op, count]) => `${OPERATION(op)} ${count}`)
        .join(', ') || 'none completed'
    }; service CPU ${fmt(cpuPerRequestMs, 2)} ms a request (bare mTLS server at full load ${fmt(https.serverCpuMsPerRequest, 3)}: ${times(cpuPerRequestMs, https.serverCpuMsPerRequest)}${
      https.paced
        ? `; answering one request at a time at this rate ${fmt(https.paced.serverCpuMsPerRequest, 3)}: ${times(cpuPerRequestMs, https.paced.serverCpuMsPerRequest)}`
        : ''
    }) |`,
    `| status PUT, steady window | ${s.statusPut.count ? pct(s.statusPut) : 'none'} | ms | ${s.statusPut.count} PUTs: agents send their status only when it changes |`,
    `| status PUT, steady spec changes, p50 / p95 / p99 | ${pct(r.trickle.statusPut)} | ms | ${r.trickle.statusPut.count} PUTs of ${r.trickle.devices} devices whose spec changed one at a time, ${r.trickle.perSecond} a second, max ${fmt(r.trickle.statusPut.max)}; as the service timed them ${pct(r.trickle.servedStatusPut)}; p50 ${times(r.trickle.statusPut.p50, https.unloaded.p50)} the bare mTLS server's, ${times(r.trickle.statusPut.p50, rawSeq.series.p50)} a raw UPDATE's; aim p99 < ${AIMS.p99Ms} ms: ${verdict(r.trickle.statusPut.p99 < AIMS.p99Ms)} |`,
    `| rendered GET answered at once, p50 / p95 / p99 | ${pct(r.joiners.immediateGet)} | ms | the first poll after its first spec of each of ${r.joiners.devices} devices joining the steady fleet within ${r.joiners.spreadSeconds} s, max ${fmt(r.joiners.immediateGet.max)}; as the service timed them ${pct(r.joiners.servedImmediateGet)}; p50 ${times(r.joiners.immediateGet.p50, https.unloaded.p50)} the bare mTLS server's; aim p99 < ${AIMS.p99Ms} ms: ${verdict(r.joiners.immediateGet.p99 < AIMS.p99Ms)} |`,
    `| long-poll wake-up, steady spec changes, p50 / p95 / max | ${fmt(r.trickle.wakeUp.p50)} / ${fmt(r.trickle.wakeUp.p95)} / ${fmt(r.trickle.wakeUp.max)} | ms | from sending the PUT to the agent holding the new spec; aim < 1 s: ${verdict(r.trickle.wakeUp.max < AIMS.wakeUpMs)} |`,
    `| long-poll wake-up, ${r.wake.devices} devices changed at once, p50 / p95 / max | ${fmt(r.wake.wakeUp.p50)} / ${fmt(r.wake.wakeUp.p95)} / ${fmt(r.wake.wakeUp.max)} | ms | ${r.wake.wakeUp.count} of ${r.wake.devices}, from sending each PUT through the user API to the agent holding the new spec; aim < 1 s: ${verdict(r.wake.wakeUp.max < AIMS.wakeUpMs)} |`,
    `| new version in the device status, ${r.wake.devices} at once, p50 / p95 / max | ${fmt(r.wake.reported.p50)} / ${fmt(r.wake.reported.p95)} / ${fmt(r.wake.reported.max)} | ms | from sending the PUT to the agent's last status PUT for it (reconciled and reported) |`,
    `| status PUT, ${r.wake.devices} devices changed at once, p50 / p95 / p99 | ${pct(r.wake.statusPut)} | ms | ${r.wake.statusPut.count} PUTs within about a second, max ${fmt(r.wake.statusPut.max)}; as the service timed them ${pct(r.wake.servedStatusPut)} |`,
    `| during enrollment: rendered GET at once; status PUT, p50 / p95 / p99 | ${pct(r.onboarding.immediateGet)}; ${pct(r.onboarding.statusPut)} | ms | ${r.onboarding.immediateGet.count} first polls after a first spec, ${r.onboarding.statusPut.count} status PUTs, while the fleet enrolled |`,
    `| status PUT of joining devices, p50 / p95 / p99 | ${pct(r.joiners.statusPut)} | ms | ${r.joiners.statusPut.count} PUTs (bootstrap and first spec) |`,
    `| simulator processes, steady window | ${fmt((100 * s.simulators.cpuSeconds) / s.seconds)} | % of one core | ${s.simulators.processes} process${s.simulators.processes === 1 ? '' : 'es'}, ${mib(s.simulators.rssBytes)} MiB RSS in all; worst event-loop delay p99 ${fmt(s.simulators.loopDelayP99Ms)} ms (part of the agents' timings) |`,
    `| one real agent, idle: RSS | ${mib(r.realAgent.rssBytes)} | MiB | max ${mib(r.realAgent.maxRssBytes)} over ${fmt(r.realAgent.seconds, 0)} s; aim < 60 MB: ${verdict(r.realAgent.maxRssBytes < AIMS.agentRssBytes)} |`,
    `| one real agent, idle: CPU | ${fmt(r.realAgent.cpuPercent, 2)} | % of one core | the built flightctl-agent, enrolled, up to date, long-polling; aim < 0.5 %: ${verdict(r.realAgent.cpuPercent < AIMS.agentCpuPercent)} |`,
    bareRow('node:http', r.bareHttp),
    bareRow('node:http2 (mTLS, HTTP/2)', r.bareHttps),
    `| baseline: raw JSONB UPDATE, one connection | ${fmt(rawSeq.perSecond, 0)} | updates/s | p50 / p99 ${fmt(rawSeq.series.p50, 2)} / ${fmt(
      percentile(
        [...rawSeq.series.samplesMs].sort((a, b) => a - b),
        99,
      ),
      2,
    )} ms |`,
    ...(r.raw.concurrent
      ? [
          `| baseline: raw JSONB UPDATE, ${r.raw.concurrent.connections} connections | ${fmt(r.raw.concurrent.perSecond, 0)} | updates/s | the steady window's status PUTs would use ${fmt((100 * statusPutsPerSecond) / rawRate, 2)} % of it |`,
        ]
      : []),
  ];
  return `### ${new Date().toISOString().slice(0, 10)}, ${ctx.commit}, ${ctx.database}

- Command: \`${['npm run bench -- steady-state', ...ctx.argv].join(' ')}\`${ctx.argv.length ? '' : ' (defaults)'}
- Code: built service, CLI and agent (\`npm run build\`): \`flightctl-api\` in a child process (default config, plain HTTP user API, mTLS agent API, log level info); the simulator (\`@flightctl/agent\`'s, as \`flightctl-device-simulator\` runs it) in ${s.simulators.processes} child process${s.simulators.processes === 1 ? '' : 'es'} at nice 10, so that the load generator does not take CPU from the service
- Machine: ${os.cpus().length} cores, ${Math.round(os.totalmem() / 1024 ** 3)} GiB, Node ${process.version}, ${ctx.dbVersion}; load average ${ctx.loadBefore} before the run, ${ctx.loadAfter} after; CPU steal ${ctx.cpuSteal} of the run; service, simulators and baselines share the machine
- Method: enrollment credentials from \`flightctl certificate request --signer=enrollment\`; ${r.devices.toLocaleString('en-US')} simulated devices at upstream's default intervals (status every 60 s with jitter, 2-minute long poll), no startup jitter, each approved by the simulator and given a first spec as soon as it enrolled (upstream renders devices at enrollment; this service does not yet); after all were Online and up to date and ${ctx.settleSeconds} s of settling, a ${ctx.windowSeconds} s steady window: service CPU from /proc/PID/stat, RSS VmRSS/VmHWM; latencies are the agents' own timings of each request. Then ${r.trickle.devices} devices got a spec change through the user API one at a time (${r.trickle.perSecond} a second), ${r.wake.devices} others all at once, and ${r.joiners.devices} more devices joined (their agents starting within ${r.joiners.spreadSeconds} s; all up to date after ${fmt(r.joiners.seconds, 0)} s). Server-side timings are the service's request log (responseTime). Baselines afterwards, on the idle machine: a bare server answering a small JSON body to the agents' HTTP client (one HTTP/2 connection per client over mTLS; undici keep-alive for plain HTTP), and single-row JSONB UPDATEs of a stored device status on the same database with the bare driver

| metric | value | unit | notes |
| ------ | ----- | ---- | ----- |
${rows.join('\n')}
`;
}
