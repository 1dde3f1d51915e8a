/**
 * Child process of the benchmark: the bare-server baseline, a `node:http` server (or a `node:http2`
 * secure server with HTTP/1.1 fallback, the agent API's certificate, CA bundle and client-certificate
 * check and TLS options, as the agent endpoint has them) that answers every request with a small JSON
 * body and nothing else, except requests for HOLD_PATH, which it keeps waiting (as long polls wait).
 * Sends its port over IPC, answers "memory" with its RSS and how many requests it holds, and exits when told "stop".
 */
import { constants } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const BODY = JSON.stringify({ apiVersion: 'v1beta1', kind: 'Status', status: 'Success', code: 200 });
/** Requests for this path are kept waiting (baselines.ts `heldSessions`). */
const HOLD_PATH = '/hold';
let holding = 0;

function handler(
  req: http.IncomingMessage | http2.Http2ServerRequest,
  res: http.ServerResponse | http2.Http2ServerResponse,
): void {
  req.resume();
  if (req.url === HOLD_PATH) {
    holding++;
    req.once('close', () => holding--);
    return;
  }
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
        secureOptions: constants.SSL_OP_NO_TICKET,
        allowHTTP1: true,
      },
      handler,
    )
  : http.createServer(handler);
if (server instanceof http.Server) server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as AddressInfo).port }));
process.on('message', (message) => {
  if (message === 'memory') process.send!({ rssBytes: process.memoryUsage().rss, holding });
  else server.close(() => process.exit(0));
});
