/**
 * JSON over HTTPS to the agent endpoint (`<server>/api/v1`): the headers every agent request carries
 * (ref/agent.md §1.2), a timeout per request, errors carrying the service's `Status` message, and the
 * duration of every operation reported to an optional callback (operation names of §13).
 */
import { randomUUID } from 'node:crypto';
import { API_VERSION } from '@flightctl/api/agent';
import type { Connection } from './connection.js';

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
    private connection: Connection,
    private readonly onRequestDuration?: RequestDurationCallback,
  ) {
    this.baseUrl = `${server.replace(/\/+$/, '')}/api/v1`;
  }

  /** Switches to another connection (a renewed certificate); requests in flight finish on the old one. */
  useConnection(connection: Connection): Connection {
    const previous = this.connection;
    this.connection = connection;
    return previous;
  }

  close(): Promise<void> {
    return this.connection.close();
  }

  async request<T>(
    operation: string,
    method: string,
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
      const { statusCode, text } = await this.connection.request({
        method,
        url: new URL(`${this.baseUrl}${path}`),
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal,
      });
      if (!options.expect.includes(statusCode)) throw new ServiceHttpError(operation, statusCode, statusMessage(text));
      ok = true;
      return { statusCode, body: text ? (JSON.parse(text) as T) : undefined };
    } catch (err) {
      if (timeout.aborted && !options.signal?.aborted)
        throw new RequestTimeoutError(`${operation}: no answer within ${options.timeoutMs / 1000}s`, { cause: err });
      throw err;
    } finally {
      this.onRequestDuration?.(operation, (performance.now() - started) / 1000, ok ? 'ok' : 'error');
    }
  }
}
