/**
 * The HTTP client every command uses: base URL and TLS from the client config, bearer token,
 * organization, request id and user agent on every call; API failures become one-line CliErrors
 * carrying the server's Status message.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent, request, type Dispatcher } from 'undici';
import { API_VERSION } from '@flightctl/api';
import type { ClientConfig } from '../config/client-config.js';
import { CliError } from '../errors.js';
import { CLI_VERSION } from '../version.js';

export type Query = Record<string, string | number | boolean | undefined>;

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
}

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  contentType?: string;
  /** Statuses returned to the caller instead of raised (e.g. 404 for "does it exist"). */
  accept?: number[];
}

export interface ApiClientOptions {
  config: ClientConfig;
  /** Overrides the config's organization (--org). */
  organization?: string;
  /** Seconds; 0 or absent: no timeout. */
  timeoutSeconds?: number;
}

function caFromEntry(entry: ClientConfig['service']): string | undefined {
  if (entry?.['certificate-authority-data'])
    return Buffer.from(entry['certificate-authority-data'], 'base64').toString();
  if (entry?.['certificate-authority']) {
    try {
      return readFileSync(entry['certificate-authority'], 'utf8');
    } catch (err) {
      throw new CliError(`reading certificate authority ${entry['certificate-authority']}: ${(err as Error).message}`);
    }
  }
  return undefined;
}

/** `{"kind":"Status","message":…}` → its message; anything else → a short description. */
function failureMessage(status: number, text: string): string {
  try {
    const body = JSON.parse(text) as { kind?: string; message?: string };
    if (body && typeof body.message === 'string' && body.message) return body.message;
  } catch {
    // Not JSON (a proxy's error page, say): fall through to the status line.
  }
  return `the server answered ${status}${text ? `: ${text.slice(0, 200)}` : ''}`;
}

export class ApiClient {
  readonly baseUrl: string;
  private readonly dispatcher: Dispatcher;
  private readonly token?: string;
  readonly organization?: string;
  private readonly timeoutMs?: number;

  constructor(options: ApiClientOptions) {
    const service = options.config.service;
    if (!service?.server) throw new CliError('the client config has no service.server: run "flightctl login <URL>"');
    this.baseUrl = service.server.replace(/\/+$/, '');
    this.dispatcher = new Agent({
      connect: {
        ca: caFromEntry(service),
        rejectUnauthorized: !service.insecureSkipVerify,
        ...(service['tls-server-name'] ? { servername: service['tls-server-name'] } : {}),
      },
    });
    const auth = options.config.authentication;
    this.token = auth?.['token-to-use'] === 'id' ? auth['id-token'] : auth?.['access-token'];
    this.organization = options.organization ?? options.config.organization;
    this.timeoutMs = options.timeoutSeconds ? options.timeoutSeconds * 1000 : undefined;
  }

  /** `path` is relative to /api/v1 (e.g. `/devices`), or absolute when it starts with /api/. */
  async request<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const url = new URL(this.baseUrl + (path.startsWith('/api/') ? path : `/api/v1${path}`));
    for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    if (this.organization) url.searchParams.set('org_id', this.organization);
    const headers: Record<string, string> = {
      'user-agent': `flightctl-cli/${CLI_VERSION}`,
      'x-request-id': randomUUID(),
      'flightctl-api-version': API_VERSION,
      accept: 'application/json',
    };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = options.contentType ?? 'application/json';
    }
    let res: Dispatcher.ResponseData;
    try {
      res = await request(url, {
        method: method as Dispatcher.HttpMethod,
        headers,
        body,
        dispatcher: this.dispatcher,
        ...(this.timeoutMs ? { signal: AbortSignal.timeout(this.timeoutMs) } : {}),
      });
    } catch (err) {
      throw new CliError(`cannot reach ${this.baseUrl}: ${describeNetworkError(err)}`);
    }
    const text = await res.body.text();
    if (res.statusCode >= 400 && !options.accept?.includes(res.statusCode))
      throw new CliError(`Error: ${failureMessage(res.statusCode, text)}`);
    return { status: res.statusCode, body: (text ? JSON.parse(text) : undefined) as T };
  }

  get<T = unknown>(path: string, query?: Query, accept?: number[]) {
    return this.request<T>('GET', path, { query, accept });
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}

function describeNetworkError(err: unknown): string {
  const e = err as { code?: string; cause?: { code?: string; message?: string }; message?: string; name?: string };
  const code = e.cause?.code ?? e.code;
  if (e.name === 'TimeoutError') return 'the request timed out';
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused (is the service running?)';
    case 'ENOTFOUND':
      return 'host not found';
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
      return 'the server certificate is not trusted: log in with --certificate-authority <ca.crt> (or -k to skip verification)';
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return 'the server certificate does not match its address';
    case 'CERT_HAS_EXPIRED':
      return 'the server certificate has expired';
    default:
      return e.cause?.message ?? e.message ?? String(err);
  }
}
