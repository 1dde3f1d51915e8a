/**
 * How an agent reaches a service endpoint. HTTP/2 when the server offers it (ALPN), as upstream's
 * agent does: the long poll, the status reports and everything else share one TLS connection per
 * device, so the service holds one socket per device, not two. HTTP/1.1 keep-alive connections
 * otherwise, one per running request, so a status report never waits behind the long poll. Plain
 * `http:` URLs (a user API without TLS, for the simulator) use HTTP/1.1 keep-alive connections.
 *
 * Node's own http2 and https modules, not a userland client: they parse HTTP natively, where undici
 * compiles an HTTP parser to WebAssembly (tens of megabytes at its peak) and, on HTTP/2, holds a PUT
 * back until the long poll beside it ends.
 */
import { once } from 'node:events';
import { type ClientHttp2Session, connect as connectHttp2 } from 'node:http2';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { connect as connectTls } from 'node:tls';
import type { TlsCredentials } from './tls-credentials.js';

export interface HttpRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

export interface HttpResponse {
  statusCode: number;
  text: string;
}

/** How an origin is spoken to: over its HTTP/2 session, or HTTP/1.1 through a keep-alive pool. */
type Route = { session: ClientHttp2Session } | Http1;
interface Http1 {
  agent: HttpAgent;
  send: typeof httpRequest;
}

/** An idle HTTP/1.1 connection is closed after this long (the service keeps them for 5 minutes). */
const HTTP1_IDLE_MS = 60_000;

export interface ConnectionOptions {
  /** HTTP/1.1 connections open at once, per origin (default: one per running request). */
  maxHttp1Connections?: number;
}

export class Connection {
  private readonly routes = new Map<string, Promise<Route>>();
  private http1Agents: HttpAgent[] = [];
  private closed = false;

  constructor(
    private readonly tls: TlsCredentials,
    private readonly options: ConnectionOptions = {},
  ) {}

  async request(request: HttpRequest): Promise<HttpResponse> {
    if (this.closed) throw new Error('the connection is closed');
    request.signal.throwIfAborted();
    const route = await abortable(this.route(request.url), request.signal);
    return 'session' in route ? http2Request(route.session, request) : http1Request(route, request);
  }

  /** Closes every connection once the requests running on it have finished. */
  async close(): Promise<void> {
    this.closed = true;
    const routes = [...this.routes.values()];
    this.routes.clear();
    for (const agent of this.http1Agents) agent.destroy();
    await Promise.all(
      routes.map((route) =>
        route.then(
          (r) => ('session' in r ? new Promise<void>((resolve) => r.session.close(resolve)) : undefined),
          () => undefined,
        ),
      ),
    );
  }

  private route(url: URL): Promise<Route> {
    const origin = url.origin;
    const known = this.routes.get(origin);
    if (known) return known;
    const opening: Promise<Route> = this.open(url).then(
      (route) => {
        if ('session' in route) {
          // A session the server ends (GOAWAY, idle timeout) or that breaks is not used again.
          const forget = () => {
            if (this.routes.get(origin) === opening) this.routes.delete(origin);
          };
          route.session.once('goaway', forget).once('close', forget);
        }
        return route;
      },
      (err: unknown) => {
        this.routes.delete(origin);
        throw err;
      },
    );
    this.routes.set(origin, opening);
    return opening;
  }

  private async open(url: URL): Promise<Route> {
    if (url.protocol === 'http:') return this.http1(HttpAgent, httpRequest);
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const socket = connectTls({
      ...this.tls,
      host,
      port: Number(url.port || 443),
      ...(this.tls.servername || isIP(host) ? {} : { servername: host }),
      ALPNProtocols: ['h2', 'http/1.1'],
    });
    try {
      await once(socket, 'secureConnect');
    } catch (err) {
      socket.destroy();
      throw err;
    }
    if (socket.alpnProtocol !== 'h2') {
      // The server speaks HTTP/1.1 only: this origin goes through a keep-alive pool from now on.
      socket.destroy();
      return this.http1(HttpsAgent, httpsRequest);
    }
    // No HPACK dynamic tables: the connection lives for hours with a few requests a minute, and
    // each table would hold up to 4 KiB (the simulator holds thousands of connections).
    const session = connectHttp2(url.origin, {
      createConnection: () => socket,
      maxDeflateDynamicTableSize: 0,
      settings: { headerTableSize: 0 },
    });
    // A broken session fails the requests on it, which report the error; it is then forgotten.
    session.on('error', () => {});
    return { session };
  }

  private http1(Agent: typeof HttpAgent | typeof HttpsAgent, send: typeof httpRequest): Http1 {
    const agent = new Agent({
      ...this.tls,
      keepAlive: true,
      timeout: HTTP1_IDLE_MS,
      ...(this.options.maxHttp1Connections ? { maxSockets: this.options.maxHttp1Connections } : {}),
    });
    this.http1Agents.push(agent);
    return { agent, send };
  }
}

/** `promise`, or a rejection with the signal's reason once it aborts. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function contentLength(body: string | undefined): Record<string, string> {
  return body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) };
}

function http2Request(session: ClientHttp2Session, request: HttpRequest): Promise<HttpResponse> {
  const { url, body, signal } = request;
  return new Promise((resolve, reject) => {
    const stream = session.request(
      {
        ':method': request.method,
        ':path': `${url.pathname}${url.search}`,
        ...request.headers,
        ...contentLength(body),
      },
      { signal, endStream: body === undefined },
    );
    let statusCode = 0;
    const chunks: Buffer[] = [];
    stream.once('response', (headers) => (statusCode = Number(headers[':status'])));
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.once('end', () => resolve({ statusCode, text: Buffer.concat(chunks).toString('utf8') }));
    stream.once('error', reject);
    // A stream the server resets without an error code ends without 'end' or 'error'.
    stream.once('close', () => reject(new Error(`HTTP/2 stream closed before its response (code ${stream.rstCode})`)));
    if (body !== undefined) stream.end(body);
  });
}

function http1Request({ agent, send }: Http1, request: HttpRequest): Promise<HttpResponse> {
  const { body, signal } = request;
  return new Promise((resolve, reject) => {
    const req = send(
      request.url,
      { method: request.method, headers: { ...request.headers, ...contentLength(body) }, agent, signal },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.once('end', () =>
          resolve({ statusCode: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.once('error', reject);
      },
    );
    req.once('error', reject);
    req.end(body);
  });
}
