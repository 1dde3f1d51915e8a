/**
 * Runs the real API service as production does, `node packages/service/dist/bin/flightctl-api.js
 * --config FILE`, in a child process of its own, so its memory is measured apart from the load
 * generator. The user API in plain HTTP and the agent API (mTLS, with the certificates the service
 * generates in `<dir>/certs`) on free loopback ports; everything else is the default config (log
 * level info, as shipped). Its output goes to a log file beside the config.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { httpGet, keepAliveAgent } from './http.js';

export interface ServiceProcess {
  pid: number;
  url: string;
  /** Base URL of the agent API, e.g. https://127.0.0.1:7443 (what enrollment configs point agents at). */
  agentUrl: string;
  /** The service's certificates: `ca-bundle.crt`, and `server-agent.crt`/`.key` of the agent API. */
  certsDir: string;
  /** The service's log (JSON lines). */
  logPath: string;
  /** The Node inspector's address, when started with `inspect` (for a CPU profile of a window). */
  inspectorUrl?: string;
  stop(): Promise<void>;
}

export interface ServiceProcessOptions {
  /** Holds the config, the log, and for the embedded database its data (`<dir>/db`). */
  dir: string;
  /** PostgreSQL URL; absent for the embedded PGlite database. */
  databaseUrl?: string;
  /** Redis URL for the key-value store and notifications; absent: in-process. */
  redisUrl?: string;
  /** Run with the Node inspector on a free loopback port. */
  inspect?: boolean;
  startTimeoutMs?: number;
}

/** The built CLI; `npm run build` makes it (the benchmark measures the compiled service, like CI). */
export function serviceBin(): string {
  const entry = fileURLToPath(import.meta.resolve('@flightctl/service'));
  return join(dirname(entry), 'bin', 'flightctl-api.js');
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The child's environment without the variables that would override its config file. */
function serviceEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(FLIGHTCTL_|DB_)/.test(k) && k !== 'NODE_OPTIONS'),
  );
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

export async function startServiceProcess(options: ServiceProcessOptions): Promise<ServiceProcess> {
  const port = await freePort();
  const agentPort = await freePort();
  const configPath = join(options.dir, 'config.yaml');
  const logPath = join(options.dir, 'service.log');
  const agentUrl = `https://127.0.0.1:${agentPort}`;
  const config = {
    dataDir: options.dir,
    service: {
      address: `127.0.0.1:${port}`,
      baseUrl: `http://127.0.0.1:${port}`,
      disableTLS: true,
      agentEndpointAddress: `127.0.0.1:${agentPort}`,
      baseAgentEndpointUrl: agentUrl,
    },
    ...(options.databaseUrl ? { database: { url: options.databaseUrl } } : {}),
    ...(options.redisUrl ? { kv: { url: options.redisUrl } } : {}),
  };
  writeFileSync(configPath, JSON.stringify(config, null, 2)); // JSON is YAML
  const log = openSync(logPath, 'a');
  const inspect = options.inspect ? ['--inspect=127.0.0.1:0'] : [];
  const child = spawn(process.execPath, [...inspect, serviceBin(), '--config', configPath], {
    env: serviceEnv(),
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited(child);
      clearTimeout(timer);
    }
  };

  const agent = keepAliveAgent();
  const deadline = Date.now() + (options.startTimeoutMs ?? 180_000);
  try {
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(
          `the service exited during start (${child.exitCode ?? child.signalCode}); log:\n${tail(logPath)}`,
        );
      }
      try {
        const res = await httpGet(agent, `${url}/api/v1/version`);
        if (res.status === 200) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`the service did not start in time; log:\n${tail(logPath)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } catch (err) {
    await stop();
    throw err;
  } finally {
    agent.destroy();
  }
  const inspectorUrl = options.inspect
    ? /Debugger listening on (ws:\/\/\S+)/.exec(readFileSync(logPath, 'utf8'))?.[1]
    : undefined;
  return { pid: child.pid!, url, agentUrl, certsDir: join(options.dir, 'certs'), logPath, inspectorUrl, stop };
}

function tail(path: string): string {
  try {
    return readFileSync(path, 'utf8').split('\n').slice(-20).join('\n');
  } catch {
    return '(no log)';
  }
}
