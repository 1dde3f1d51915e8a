/**
 * JSON over HTTPS to the agent endpoint (`<server>/api/v1`): the headers every agent request carries
 * (ref/agent.md §1.2), a timeout per request, errors carrying the service's `Status` message, and the
 * duration of every operation reported to an optional callback (operation names of §13).
 */
import { randomUUID } from 'node:crypto';
import type { Dispatcher } from 'undici';
import { API_VERSION } from '@flightctl/api/agent';
import type { TlsCredentials } from './tls-credentials.js';
import { Agent, request } from './undici-core.js';

/** Called after every request with the operation name of §13 and how long it took. */
export type RequestDurationCallback = (operation: string, seconds: number, result: 'ok' | 'error') => void;

/** A response the operation does not expect; `message` is the service's Status message when it sent one. */
export class ServiceHttpError extends Error {
  override name = 'ServiceHttpError';
  constructor(
    readonly operation: string,
    readonly statusCode: number,
    readonly serviceMessage: string,
  ) {
    super(`${operation}: ${statusCode}${serviceMessage ? `: ${serviceMessage}` : ''}`);
  }
}

/** The request did not complete within its timeout. */
export class RequestTimeoutError extends Error {
  override name = 'RequestTimeoutError';
}

export interface ServiceResponse<T> {
  statusCode: number;
  /** Parsed JSON, or undefined for an empty body. */
  body: T | undefined;
}

export interface RequestOptions {
  body?: unknown;
  timeoutMs: number;
  /** Status codes the caller handles; others throw ServiceHttpError. */
  expect: readonly number[];
  signal?: AbortSignal;
}

const KEEP_ALIVE_MS = 60_000;

/**
 * An HTTP/1.1 keep-alive connection pool with the given TLS material: each running request has a
 * connection of its own, so a status update never waits behind the long poll. (HTTP/2, one shared
 * connection, stalled status updates under load in the steady-state benchmark; not offered yet.)
 */
export function createDispatcher(tls: TlsCredentials): Dispatcher {
  // Timeouts are per request (AbortSignal), so a long poll is not cut by the pool's defaults.
  return new Agent({ connect: tls, keepAliveTimeout: KEEP_ALIVE_MS, headersTimeout: 0, bodyTimeout: 0 });
}

function statusMessage(text: string): string {
  try {
    const parsed = JSON.parse(text) as { kind?: string; message?: unknown };
    if (typeof parsed?.message === 'string') return parsed.message;
  } catch {
    // Not JSON: the text itself says what went wrong.
  }
  return text.trim().slice(0, 500);
}

export class ServiceClient {
  private readonly baseUrl: string;

  constructor(
    server: string,
    private dispatcher: Dispatcher,
    private readonly onRequestDuration?: RequestDurationCallback,
  ) {
    this.baseUrl = `${server.replace(/\/+$/, '')}/api/v1`;
  }

  /** Switches to another connection pool (a renewed certificate); requests in flight finish on the old one. */
  useDispatcher(dispatcher: Dispatcher): Dispatcher {
    const previous = this.dispatcher;
    this.dispatcher = dispatcher;
    return previous;
  }

  close(): Promise<void> {
    return this.dispatcher.close();
  }

  async request<T>(
    operation: string,
    method: Dispatcher.HttpMethod,
    path: string,
    options: RequestOptions,
  ): Promise<ServiceResponse<T>> {
    const started = performance.now();
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    const headers: Record<string, string> = {
      accept: 'application/json',
      'flightctl-api-version': API_VERSION,
      'x-request-id': randomUUID(),
    };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    let ok = false;
    try {
      const response = await request(this.dispatcher, new URL(`${this.baseUrl}${path}`), {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal,
      });
      const text = await response.body.text();
      if (!options.expect.includes(response.statusCode))
        throw new ServiceHttpError(operation, response.statusCode, statusMessage(text));
      ok = true;
      return { statusCode: response.statusCode, body: text ? (JSON.parse(text) as T) : undefined };
    } catch (err) {
      if (timeout.aborted && !options.signal?.aborted)
        throw new RequestTimeoutError(`${operation}: no answer within ${options.timeoutMs / 1000}s`, { cause: err });
      throw err;
    } finally {
      this.onRequestDuration?.(operation, (performance.now() - started) / 1000, ok ? 'ok' : 'error');
    }
  }
}
