/**
 * A local HTTPS server that requires a client certificate, as the agent endpoint does, with a CA,
 * server certificate and client certificate made for the test. The test decides every answer, so the
 * agent's own HTTP handling (pacing, backoff, status pushes) is observed over real TLS: HTTP/2 with
 * HTTP/1.1 for clients without it, as the service's agent endpoint speaks, or HTTP/1.1 only.
 */
import { KeyObject, randomBytes, webcrypto } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Http2ServerRequest, type Http2ServerResponse, createSecureServer } from 'node:http2';
import { createServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Server } from 'node:tls';
import { x509 } from './x509.js';

const EC_P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;
const DAY_MS = 24 * 3600_000;

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  httpVersion: string;
  /** Which connection carried it: 1 for the first the server accepted, 2 for the next, … */
  connection: number;
  /** HTTP/2: the HPACK dynamic table size the client allows for the server's responses. */
  headerTableSize?: number;
}

export type TestResponse = ServerResponse | Http2ServerResponse;
export type Handler = (request: RecordedRequest, response: TestResponse) => void | Promise<void>;

const keyPem = (key: webcrypto.CryptoKey) => KeyObject.from(key).export({ type: 'pkcs8', format: 'pem' }) as string;

async function issue(
  ca: { cert: x509.X509Certificate; key: webcrypto.CryptoKey },
  commonName: string,
  usage: x509.ExtendedKeyUsage,
): Promise<{ cert: string; key: string }> {
  const keys = await webcrypto.subtle.generateKey(EC_P256, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.create({
    subject: [{ CN: [commonName] }],
    issuer: ca.cert.subject,
    publicKey: keys.publicKey,
    signingKey: ca.key,
    serialNumber: randomBytes(8).toString('hex'),
    notBefore: new Date(Date.now() - DAY_MS),
    notAfter: new Date(Date.now() + DAY_MS),
    signingAlgorithm: SIGNING,
    extensions: [
      new x509.ExtendedKeyUsageExtension([usage]),
      new x509.SubjectAlternativeNameExtension([{ type: 'ip', value: '127.0.0.1' }]),
    ],
  });
  return { cert: cert.toString('pem'), key: keyPem(keys.privateKey) };
}

export class MtlsTestServer {
  readonly requests: RecordedRequest[] = [];

  /** Requests that arrived, even before their body did (a long poll in flight). */
  readonly started: Pick<RecordedRequest, 'method' | 'url' | 'httpVersion' | 'connection' | 'headerTableSize'>[] = [];
  /** How many connections carried requests. */
  connectionCount = 0;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
    readonly caPem: string,
    /** What a client presents. */
    readonly client: { cert: string; key: string },
  ) {}

  /** `http1Only`: a server that does not offer HTTP/2 (no ALPN `h2`). */
  static async start(handler: Handler, options: { http1Only?: boolean } = {}): Promise<MtlsTestServer> {
    const caKeys = await webcrypto.subtle.generateKey(EC_P256, true, ['sign', 'verify']);
    const caCert = await x509.X509CertificateGenerator.createSelfSigned({
      name: 'CN=agent-test-ca',
      keys: caKeys,
      serialNumber: randomBytes(8).toString('hex'),
      notBefore: new Date(Date.now() - DAY_MS),
      notAfter: new Date(Date.now() + DAY_MS),
      signingAlgorithm: SIGNING,
      extensions: [new x509.BasicConstraintsExtension(true, undefined, true)],
    });
    const ca = { cert: caCert, key: caKeys.privateKey };
    const serverTls = await issue(ca, '127.0.0.1', x509.ExtendedKeyUsage.serverAuth);
    const client = await issue(ca, 'device', x509.ExtendedKeyUsage.clientAuth);
    const caPem = caCert.toString('pem');
    const tls = { ...serverTls, ca: caPem, requestCert: true, rejectUnauthorized: true };
    const https: Server = options.http1Only ? createServer(tls) : createSecureServer({ ...tls, allowHTTP1: true });
    await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', resolve));
    const server = new MtlsTestServer(
      https,
      `https://127.0.0.1:${(https.address() as AddressInfo).port}`,
      caPem,
      client,
    );
    https.on('secureConnection', (socket: Socket) => {
      server.sockets.add(socket);
      socket.on('close', () => server.sockets.delete(socket));
    });
    // Connections are numbered as requests show them.
    const connections = new WeakMap<object, number>();
    const connectionOf = (carrier: object) => {
      let number = connections.get(carrier);
      if (number === undefined) connections.set(carrier, (number = ++server.connectionCount));
      return number;
    };
    https.on('request', (req: IncomingMessage | Http2ServerRequest, res: TestResponse) => {
      const started = {
        method: req.method ?? '',
        url: req.url ?? '',
        httpVersion: req.httpVersion,
        // An HTTP/2 request's socket is a proxy of its own; its session is the connection.
        connection: connectionOf('stream' in req ? req.stream.session! : req.socket),
        ...('stream' in req ? { headerTableSize: req.stream.session!.remoteSettings.headerTableSize } : {}),
      };
      server.started.push(started);
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const recorded = { ...started, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
        server.requests.push(recorded);
        Promise.resolve(handler(recorded, res)).catch((err: Error) => {
          res.writeHead(500);
          res.end(err.message);
        });
      });
    });
    return server;
  }

  get openConnections(): number {
    return this.sockets.size;
  }

  /** Ends every open connection; the server goes on accepting new ones. */
  dropConnections(): void {
    for (const socket of this.sockets) socket.destroy();
  }

  close(): Promise<void> {
    this.dropConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** Answers with a JSON body, or none. */
export function reply(response: TestResponse, status: number, body?: unknown): void {
  response.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
  if (body === undefined) response.end();
  else response.end(JSON.stringify(body));
}
