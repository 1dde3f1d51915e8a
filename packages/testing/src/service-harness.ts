/**
 * Starts the real API service for a test, on PGlite or on a fresh PostgreSQL database, with the user
 * API and the agent API (mTLS) on free ports, and its data directory in a temporary folder removed
 * at close.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { Agent } from 'undici';
import { loadConfig, migrate, openDatabase, startService, type RunningService } from '@flightctl/service';
import { createPostgresDatabase, type DatabaseKind } from './databases.js';

/** Response bodies are arbitrary JSON that assertions navigate freely. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyJson = any;

export interface TestResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface RequestOptions {
  body?: unknown;
  /** Sent as-is when a string; JSON-encoded otherwise. */
  contentType?: string;
  headers?: Record<string, string>;
}

/** A client certificate and its key (PEM), as an agent presents them. */
export interface ClientIdentity {
  cert: string;
  key: string;
}

export interface TestService {
  kind: DatabaseKind;
  url: string;
  /** Base URL of the agent API; every request there needs a client certificate (see `agentRequest`). */
  agentUrl: string;
  service: RunningService;
  request<T = AnyJson>(method: string, path: string, options?: RequestOptions): Promise<TestResponse<T>>;
  /** A request to the agent API presenting `identity`, trusting the service's CA bundle. */
  agentRequest<T = AnyJson>(
    identity: ClientIdentity,
    method: string,
    path: string,
    options?: RequestOptions & { signal?: AbortSignal },
  ): Promise<TestResponse<T>>;
  close(): Promise<void>;
}

export interface TestServiceOptions {
  /** Serve HTTPS with generated certificates (default: plain HTTP). */
  tls?: boolean;
  /** Config keys (dotted paths) to set. */
  config?: Record<string, unknown>;
  /**
   * With kind `postgres`: use this (migrated) database instead of a fresh one, and leave it in place
   * at close, so that several services can share it as replicas do.
   */
  databaseUrl?: string;
}

/** An undici dispatcher for mTLS: presents `identity` and trusts the CAs in `caPem`. */
export function mtlsAgent(caPem: string, identity: ClientIdentity): Agent {
  return new Agent({ connect: { ca: caPem, cert: identity.cert, key: identity.key } });
}

async function send(
  url: string,
  dispatcher: Agent | undefined,
  method: string,
  opts: RequestOptions & { signal?: AbortSignal },
): Promise<TestResponse<never>> {
  const headers: Record<string, string> = { ...opts.headers };
  let body: string | undefined;
  if (opts.body !== undefined) {
    body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    headers['content-type'] ??= opts.contentType ?? 'application/json';
  }
  const res = await fetch(url, { method, headers, body, dispatcher, signal: opts.signal } as RequestInit);
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // Non-JSON bodies (none expected from the API) stay text for the assertion to show.
  }
  return { status: res.status, headers: res.headers, body: parsed as never, text };
}

export async function startTestService(kind: DatabaseKind, options: TestServiceOptions = {}): Promise<TestService> {
  const dataDir = mkdtempSync(join(tmpdir(), 'flightctl-test-'));
  const shared = kind === 'postgres' && options.databaseUrl ? options.databaseUrl : undefined;
  const pgDatabase = kind === 'postgres' && !shared ? await createPostgresDatabase() : undefined;
  if (pgDatabase) {
    const db = await openDatabase({ url: pgDatabase.url, maxConnections: 1 });
    await migrate(db);
    await db.close();
  }
  const { config } = loadConfig({
    path: null,
    env: {},
    overrides: {
      dataDir,
      'service.address': '127.0.0.1:0',
      'service.agentEndpointAddress': '127.0.0.1:0',
      // The connectivity check rewrites the status of devices seeded with an old last-seen time;
      // tests that exercise it set a short interval themselves.
      'service.deviceConnectionInterval': '24h',
      'service.disableTLS': !options.tls,
      ...((pgDatabase ?? shared) ? { 'database.url': pgDatabase?.url ?? shared, 'database.maxConnections': 5 } : {}),
      ...options.config,
    },
  });
  const service = await startService(config, { logger: pino({ level: process.env.FLIGHTCTL_TEST_LOG ?? 'silent' }) });
  const dispatcher = service.caCertPath
    ? new Agent({ connect: { ca: readFileSync(service.caCertPath, 'utf8') } })
    : undefined;
  // One connection pool per client certificate, like one agent each.
  const agentDispatchers = new Map<string, Agent>();
  const agentDispatcher = (identity: ClientIdentity) => {
    let agent = agentDispatchers.get(identity.cert);
    if (!agent) agentDispatchers.set(identity.cert, (agent = mtlsAgent(service.certificates.caBundlePem, identity)));
    return agent;
  };

  return {
    kind,
    url: service.url,
    agentUrl: service.agentUrl,
    service,
    request: (method, path, opts = {}) => send(`${service.url}${path}`, dispatcher, method, opts),
    agentRequest: (identity, method, path, opts = {}) =>
      send(`${service.agentUrl}${path}`, agentDispatcher(identity), method, opts),
    async close() {
      await service.close();
      await dispatcher?.close();
      await Promise.all([...agentDispatchers.values()].map((a) => a.close()));
      await pgDatabase?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
