/**
 * Starts the real API service for a test, on PGlite or on a fresh PostgreSQL database, listening
 * on a free port, with its data directory in a temporary folder removed at close.
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

export interface TestService {
  kind: DatabaseKind;
  url: string;
  service: RunningService;
  request<T = AnyJson>(method: string, path: string, options?: RequestOptions): Promise<TestResponse<T>>;
  close(): Promise<void>;
}

export interface TestServiceOptions {
  /** Serve HTTPS with generated certificates (default: plain HTTP). */
  tls?: boolean;
  /** Config keys (dotted paths) to set. */
  config?: Record<string, unknown>;
}

export async function startTestService(kind: DatabaseKind, options: TestServiceOptions = {}): Promise<TestService> {
  const dataDir = mkdtempSync(join(tmpdir(), 'flightctl-test-'));
  const pgDatabase = kind === 'postgres' ? await createPostgresDatabase() : undefined;
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
      'service.disableTLS': !options.tls,
      ...(pgDatabase ? { 'database.url': pgDatabase.url, 'database.maxConnections': 5 } : {}),
      ...options.config,
    },
  });
  const service = await startService(config, { logger: pino({ level: process.env.FLIGHTCTL_TEST_LOG ?? 'silent' }) });
  const dispatcher = service.caCertPath
    ? new Agent({ connect: { ca: readFileSync(service.caCertPath, 'utf8') } })
    : undefined;

  return {
    kind,
    url: service.url,
    service,
    async request(method, path, opts = {}) {
      const headers: Record<string, string> = { ...opts.headers };
      let body: string | undefined;
      if (opts.body !== undefined) {
        body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
        headers['content-type'] ??= opts.contentType ?? 'application/json';
      }
      const res = await fetch(`${service.url}${path}`, { method, headers, body, dispatcher } as RequestInit);
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // Non-JSON bodies (none expected from the API) stay text for the assertion to show.
      }
      return { status: res.status, headers: res.headers, body: parsed as never, text };
    },
    async close() {
      await service.close();
      await dispatcher?.close();
      await pgDatabase?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
