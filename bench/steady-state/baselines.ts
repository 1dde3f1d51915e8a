/**
 * The baselines measured in the same run: the bare server (bare-server.ts) driven by the agents'
 * own HTTP client (one HTTP/2 connection per simulated agent, mTLS like the agent API; or undici's
 * keep-alive HTTP/1.1 for plain HTTP), and raw single-row JSONB UPDATEs on the same database
 * (raw-update-worker.ts).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { setMaxListeners } from 'node:events';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';
import { Connection } from '@flightctl/agent';
import { percentile } from '../common/measure.js';
import { cpuSeconds } from '../common/proc-cpu.js';
import type { RawUpdateJob, RawUpdateResult } from './raw-update-worker.js';
import { waitUntil } from './wait-until.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const UNLOADED_REQUESTS = 1000;

export interface BareServerResult {
  transport: 'http' | 'https-mtls';
  connections: number;
  /** Requests answered per second with every connection busy. */
  perSecond: number;
  loaded: { p50: number; p99: number };
  /** One connection, one request at a time. */
  unloaded: { p50: number; p99: number };
  /** The server's CPU per request at full load. */
  serverCpuMsPerRequest: number;
  /** This process, the client, at full load: near 100 % means the client set the pace. */
  clientCpuPercent: number;
  /**
   * One connection, one request at a time at a steady rate (the service's steady window's): what
   * the server spends per request when each request wakes it on its own.
   */
  paced?: { perSecond: number; serverCpuMsPerRequest: number };
  /**
   * The server holding `sessions` connections, each with one request waiting (as the agents' long
   * polls wait): its RSS, and its growth over the server's RSS before they connected.
   */
  held?: { sessions: number; rssBytes: number; bytesPerSession: number };
}

/** The client side of mTLS: a certificate of the service's client signer (the enrollment one) and its CA bundle. */
export interface ClientTls {
  certsDir: string;
  certFile: string;
  keyFile: string;
}

function forkChild(file: string, args: string[] = []): ChildProcess {
  return fork(path.join(HERE, file), args, {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

/** The child's next message; the exit listener goes once it has answered (a child answers many times). */
const onceMessage = <T>(child: ChildProcess) =>
  new Promise<T>((resolve, reject) => {
    const exited = (code: number | null) =>
      reject(new Error(`${child.spawnfile} exited with ${code} before answering`));
    child.once('exit', exited);
    child.once('message', (m) => {
      child.off('exit', exited);
      resolve(m as T);
    });
  });

const HEADERS = { accept: 'application/json', 'flightctl-api-version': 'v1beta1' };
/** bare-server.ts keeps requests for this path waiting. */
const HOLD_PATH = '/hold';

/** One client connection: GETs `url`, resolving with the status code once the body is read. */
interface BareClient {
  get(url: string, signal?: AbortSignal): Promise<number>;
  close(): Promise<void>;
}

function agentClient(connection: Connection): BareClient {
  return {
    get: async (url, signal = new AbortController().signal) =>
      (await connection.request({ method: 'GET', url: new URL(url), headers: HEADERS, signal })).statusCode,
    close: () => connection.close(),
  };
}

function undiciClient(dispatcher: Agent): BareClient {
  return {
    get: async (url) => {
      const res = await request(url, { dispatcher, headers: HEADERS });
      await res.body.text();
      return res.statusCode;
    },
    close: () => dispatcher.close(),
  };
}

async function timedRequests(client: BareClient, url: string, until: () => boolean, samples: number[]): Promise<void> {
  while (!until()) {
    const t0 = performance.now();
    const status = await client.get(url);
    if (status !== 200) throw new Error(`bare server answered ${status}`);
    samples.push(performance.now() - t0);
  }
}

/** Requests at `perSecond`, each started on its own timer tick, for `seconds`; the server's CPU per request. */
async function pacedRequests(client: BareClient, url: string, perSecond: number, seconds: number, serverPid: number) {
  const count = Math.max(1, Math.round(perSecond * seconds));
  const cpu0 = cpuSeconds(serverPid);
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const due = t0 + (i * 1000) / perSecond;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
    const status = await client.get(url);
    if (status !== 200) throw new Error(`bare server answered ${status}`);
  }
  const elapsed = (performance.now() - t0) / 1000;
  return { perSecond: count / elapsed, serverCpuMsPerRequest: ((cpuSeconds(serverPid) - cpu0) * 1000) / count };
}

/** Opens `sessions` more connections to the server, each with a request waiting, and reads the server's RSS. */
async function heldSessions(child: ChildProcess, client: () => BareClient, origin: string, sessions: number) {
  const memory = async () => {
    const answer = onceMessage<{ rssBytes: number; holding: number }>(child);
    child.send('memory');
    return answer;
  };
  const before = (await memory()).rssBytes;
  const held = Array.from({ length: sessions }, client);
  const abort = new AbortController();
  setMaxListeners(0, abort.signal); // one signal ends every held request
  const waiting = held.map((c) => c.get(`${origin}${HOLD_PATH}`, abort.signal).catch(() => undefined));
  try {
    let rssBytes = 0;
    await waitUntil(`the bare server to hold ${sessions} requests`, 60_000 + sessions * 10, async () => {
      const now = await memory();
      rssBytes = now.rssBytes;
      return now.holding >= sessions;
    });
    return { sessions, rssBytes, bytesPerSession: (rssBytes - before) / sessions };
  } finally {
    abort.abort();
    await Promise.all(waiting);
    await Promise.all(held.map((c) => c.close()));
  }
}

export async function bareServerBaseline(options: {
  serviceCertsDir?: string;
  client?: ClientTls;
  connections: number;
  seconds: number;
  pacedPerSecond?: number;
  /** Also hold this many sessions with a waiting request each (mTLS only) and read the server's RSS. */
  heldSessions?: number;
}): Promise<BareServerResult> {
  const tls = options.serviceCertsDir !== undefined;
  const child = forkChild('bare-server.ts', tls ? [options.serviceCertsDir!] : []);
  const { port } = await onceMessage<{ port: number }>(child);
  const url = `${tls ? 'https' : 'http'}://127.0.0.1:${port}/api/v1/devices/bench/rendered`;
  const client = (): BareClient =>
    tls
      ? agentClient(
          new Connection({
            ca: readFileSync(path.join(options.serviceCertsDir!, 'ca-bundle.crt'), 'utf8'),
            cert: readFileSync(path.join(options.client!.certsDir, options.client!.certFile), 'utf8'),
            key: readFileSync(path.join(options.client!.certsDir, options.client!.keyFile), 'utf8'),
            minVersion: 'TLSv1.3',
            rejectUnauthorized: true,
          }),
        )
      : undiciClient(new Agent({ keepAliveTimeout: 60_000 }));
  const pools = Array.from({ length: options.connections }, client);
  try {
    const unloaded: number[] = [];
    let n = 0;
    await timedRequests(pools[0]!, url, () => n++ >= UNLOADED_REQUESTS, unloaded);
    const loaded: number[] = [];
    const cpu0 = cpuSeconds(child.pid!);
    const client0 = cpuSeconds();
    const t0 = performance.now();
    const end = t0 + options.seconds * 1000;
    await Promise.all(pools.map((pool) => timedRequests(pool, url, () => performance.now() >= end, loaded)));
    const elapsed = (performance.now() - t0) / 1000;
    const serverCpu = cpuSeconds(child.pid!) - cpu0;
    const clientCpu = cpuSeconds() - client0;
    const paced = options.pacedPerSecond
      ? await pacedRequests(pools[0]!, url, options.pacedPerSecond, options.seconds, child.pid!)
      : undefined;
    const held =
      tls && options.heldSessions
        ? await heldSessions(child, client, `https://127.0.0.1:${port}`, options.heldSessions)
        : undefined;
    const sorted = (xs: number[]) => xs.sort((a, b) => a - b);
    sorted(unloaded);
    sorted(loaded);
    return {
      transport: tls ? 'https-mtls' : 'http',
      connections: options.connections,
      perSecond: loaded.length / elapsed,
      loaded: { p50: percentile(loaded, 50), p99: percentile(loaded, 99) },
      unloaded: { p50: percentile(unloaded, 50), p99: percentile(unloaded, 99) },
      serverCpuMsPerRequest: (serverCpu * 1000) / loaded.length,
      clientCpuPercent: (100 * clientCpu) / elapsed,
      ...(paced ? { paced } : {}),
      ...(held ? { held } : {}),
    };
  } finally {
    await Promise.all(pools.map((p) => p.close()));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.send('stop');
    await exited;
  }
}

export async function rawUpdateBaseline(job: RawUpdateJob): Promise<RawUpdateResult> {
  const child = forkChild('raw-update-worker.ts');
  const answer = onceMessage<{ ok: boolean; result?: RawUpdateResult; error?: string }>(child);
  child.send(job);
  const reply = await answer;
  if (!reply.ok) throw new Error(`raw update worker: ${reply.error}`);
  return reply.result!;
}
