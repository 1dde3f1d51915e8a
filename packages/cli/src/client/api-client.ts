/**
 * The HTTP client every command uses: base URL and TLS from the client config, bearer token,
 * organization, request id and user agent on every call; API failures become one-line CliErrors
 * carrying the server's Status message. Built on node:http/https, which take the CA, verification
 * and server name per agent and load in a few milliseconds (undici costs ~100 ms of startup).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { API_VERSION } from '@flightctl/api/kinds';
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
  /** Told the start of a successful response's body as soon as it arrives, before the rest is read. */
  onBodyStart?: (start: string) => void;
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

/** A response body as text, before it is parsed. */
export interface TextResponse {
  status: number;
  text: string;
}

/** One request/response exchange; the body is read to the end (and rejected if the connection drops first). */
function exchange(
  transport: typeof http | typeof https,
  url: URL,
  options: http.RequestOptions,
  body: string | undefined,
  onBodyStart?: (start: string) => void,
): Promise<TextResponse> {
  return new Promise((resolve, reject) => {
    const req = transport.request(url, options, (res) => {
      const chunks: Buffer[] = [];
      const ok = res.statusCode! < 300;
      res.on('data', (chunk: Buffer) => {
        if (ok && chunks.length === 0) onBodyStart?.(chunk.toString('utf8'));
        chunks.push(chunk);
      });
      res.on('error', reject);
      res.on('close', () => {
        if (!res.complete) reject(new Error('the connection closed before the response was complete'));
        else resolve({ status: res.statusCode!, text: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

export class ApiClient {
  readonly baseUrl: string;
  private readonly transport: typeof http | typeof https;
  /** Keeps the connection open across the requests of one command (a list's pages). */
  private readonly agent: http.Agent;
  private readonly token?: string;
  readonly organization?: string;
  private readonly timeoutMs?: number;

  constructor(options: ApiClientOptions) {
    const service = options.config.service;
    if (!service?.server) throw new CliError('the client config has no service.server: run "flightctl login <URL>"');
    this.baseUrl = service.server.replace(/\/+$/, '');
    if (this.baseUrl.startsWith('https:')) {
      this.transport = https;
      this.agent = new https.Agent({
        keepAlive: true,
        ca: caFromEntry(service),
        rejectUnauthorized: !service.insecureSkipVerify,
        ...(service['tls-server-name'] ? { servername: service['tls-server-name'] } : {}),
      });
    } else {
      this.transport = http;
      this.agent = new http.Agent({ keepAlive: true });
    }
    const auth = options.config.authentication;
    this.token = auth?.['token-to-use'] === 'id' ? auth['id-token'] : auth?.['access-token'];
    this.organization = options.organization ?? options.config.organization;
    this.timeoutMs = options.timeoutSeconds ? options.timeoutSeconds * 1000 : undefined;
  }

  /**
   * The response as text, for callers that look at it before parsing (a list page's continue
   * token, also in the body's first bytes: `onBodyStart`). `path` is relative to /api/v1 (e.g. `/devices`), or absolute when it starts with /api/.
   */
  async requestText(method: string, path: string, options: RequestOptions = {}): Promise<TextResponse> {
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
      headers['content-length'] = String(Buffer.byteLength(body));
    }
    let res: TextResponse;
    try {
      res = await exchange(
        this.transport,
        url,
        {
          method,
          headers,
          agent: this.agent,
          ...(this.timeoutMs ? { signal: AbortSignal.timeout(this.timeoutMs) } : {}),
        },
        body,
        options.onBodyStart,
      );
    } catch (err) {
      throw new CliError(`cannot reach ${this.baseUrl}: ${describeNetworkError(err)}`);
    }
    if (res.status >= 400 && !options.accept?.includes(res.status))
      throw new CliError(`Error: ${failureMessage(res.status, res.text)}`);
    return res;
  }

  async request<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const { status, text } = await this.requestText(method, path, options);
    return { status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  get<T = unknown>(path: string, query?: Query, accept?: number[]) {
    return this.request<T>('GET', path, { query, accept });
  }

  async close(): Promise<void> {
    this.agent.destroy();
  }
}

function describeNetworkError(err: unknown): string {
  const e = err as {
    code?: string;
    cause?: { code?: string; message?: string; name?: string };
    message?: string;
    name?: string;
  };
  const code = e.cause?.code ?? e.code;
  // An aborted request carries the signal's reason (AbortSignal.timeout's TimeoutError) as its cause.
  if (e.name === 'TimeoutError' || e.cause?.name === 'TimeoutError') return 'the request timed out';
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
