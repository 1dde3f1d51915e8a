/**
 * The simulator's Prometheus metrics (ref/agent.md §11), served on `/metrics` of `--metrics`: the
 * number of running agents, and every agent request to the service counted and timed by operation
 * (the operation names of §13). Upstream reports only the enrollment calls; here every call of
 * every agent is counted, which includes those.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

const PREFIX = 'flightctl_devicesimulator_';
const DURATION_BUCKETS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0];
/** The agent reports only ok or error, so the kind of error stays upstream's "unknown". */
const UNKNOWN_ERROR = 'unknown';

export class SimulatorMetrics {
  readonly registry = new Registry();
  private readonly activeAgents = new Gauge({
    name: `${PREFIX}active_agent_count`,
    help: 'Current number of active agents',
    registers: [this.registry],
  });
  private readonly requests = new Counter({
    name: `${PREFIX}api_requests_total`,
    help: 'Total number of API calls, partitioned by operation',
    labelNames: ['operation'],
    registers: [this.registry],
  });
  private readonly errors = new Counter({
    name: `${PREFIX}api_errors_total`,
    help: 'Total number of API calls returning an error, partitioned by operation and type of error',
    labelNames: ['operation', 'error'],
    registers: [this.registry],
  });
  private readonly durations = new Histogram({
    name: `${PREFIX}api_request_duration_seconds`,
    help: 'The response time of API calls, partitioned by operation and result',
    labelNames: ['operation', 'result'],
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });

  agentStarted(): void {
    this.activeAgents.inc();
  }

  agentStopped(): void {
    this.activeAgents.dec();
  }

  /** The agents' request callback. */
  readonly observe = (operation: string, seconds: number, result: 'ok' | 'error'): void => {
    this.requests.inc({ operation });
    if (result === 'error') this.errors.inc({ operation, error: UNKNOWN_ERROR });
    this.durations.observe({ operation, result }, seconds);
  };
}

export interface MetricsServer {
  /** e.g. http://127.0.0.1:9093/metrics */
  url: string;
  close(): Promise<void>;
}

/** Serves the registry on `host:port` (port 0 picks a free one). */
export async function serveMetrics(metrics: SimulatorMetrics, address: string): Promise<MetricsServer> {
  const at = address.lastIndexOf(':');
  const host = address.slice(0, at).replace(/^\[(.*)\]$/, '$1') || undefined;
  const port = Number(address.slice(at + 1));
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    metrics.registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      (err: Error) => res.writeHead(500).end(err.message),
    );
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  const bound = server.address() as AddressInfo;
  const shown = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;
  return {
    url: `http://${shown}:${bound.port}/metrics`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
