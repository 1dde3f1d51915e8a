/**
 * Child process of the benchmark: the bare-server baseline, a `node:http` server (or a `node:http2`
 * secure server with HTTP/1.1 fallback, the agent API's certificate, CA bundle and client-certificate
 * check, as the agent endpoint has them) that answers every request with a small JSON body and
 * nothing else. Sends its port over IPC and exits when told to.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const BODY = JSON.stringify({ apiVersion: 'v1beta1', kind: 'Status', status: 'Success', code: 200 });

function handler(
  req: http.IncomingMessage | http2.Http2ServerRequest,
  res: http.ServerResponse | http2.Http2ServerResponse,
): void {
  req.resume();
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(BODY));
}

/** argv: [certsDir] for mTLS like the agent API; none for plain HTTP. */
const certsDir = process.argv[2];
const server = certsDir
  ? http2.createSecureServer(
      {
        cert: readFileSync(path.join(certsDir, 'server-agent.crt')),
        key: readFileSync(path.join(certsDir, 'server-agent.key')),
        ca: readFileSync(path.join(certsDir, 'ca-bundle.crt')),
        requestCert: true,
        rejectUnauthorized: true,
        minVersion: 'TLSv1.2',
        allowHTTP1: true,
      },
      handler,
    )
  : http.createServer(handler);
if (server instanceof http.Server) server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as AddressInfo).port }));
process.on('message', () => server.close(() => process.exit(0)));
