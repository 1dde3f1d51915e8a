import { mkdtemp, rm } from 'node:fs/promises';
import { createSecureServer, type Http2SecureServer } from 'node:http2';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type TLSSocket, connect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureServerCertificates } from '../crypto/server-certificate.js';
import { unpooledAlpnCopies } from './unpooled-alpn.js';

let dir: string;
let tls: { certPem: string; keyPem: string; caCertPem: string };

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'flightctl-alpn-'));
  tls = await ensureServerCertificates(dir);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Connects offering `protocols`; resolves with what was agreed and the server's side of the connection. */
async function handshake(
  server: Http2SecureServer,
  protocols: string[],
): Promise<{ agreed: string | false | null; accepted: TLSSocket }> {
  const accepted = new Promise<TLSSocket>((resolve) => server.once('secureConnection', resolve));
  const { port } = server.address() as AddressInfo;
  const client = connect({
    host: '127.0.0.1',
    port,
    ca: tls.caCertPem,
    servername: 'localhost',
    ALPNProtocols: protocols,
  });
  await new Promise<void>((resolve, reject) => client.once('secureConnect', resolve).once('error', reject));
  // Under TLS 1.3 the client is done before the server: wait for the server's side too.
  const socket = await accepted;
  client.destroy();
  return { agreed: client.alpnProtocol, accepted: socket };
}

async function withServer(unpooled: boolean, fn: (server: Http2SecureServer) => Promise<void>): Promise<void> {
  const server = createSecureServer({ cert: tls.certPem, key: tls.keyPem, allowHTTP1: true });
  if (unpooled) unpooledAlpnCopies(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await fn(server);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

/** The ArrayBuffer behind the accepted connection's copy of the ALPN list (Node keeps it in `_tlsOptions`). */
const alpnBacking = (socket: TLSSocket) =>
  (socket as unknown as { _tlsOptions: { ALPNProtocols: Uint8Array } })._tlsOptions.ALPNProtocols.buffer;

describe('unpooledAlpnCopies', () => {
  it('still agrees on h2 or http/1.1, and gives each connection an ALPN copy of its own', async () => {
    await withServer(true, async (server) => {
      const h2 = await handshake(server, ['h2']);
      expect(h2.agreed).toBe('h2');
      expect(alpnBacking(h2.accepted).byteLength).toBe('\x02h2\x08http/1.1'.length);
      expect((await handshake(server, ['http/1.1'])).agreed).toBe('http/1.1');
    });
  });

  it('is needed: without it, the copy is a slice of the 8 KiB buffer pool', async () => {
    await withServer(false, async (server) => {
      const { accepted } = await handshake(server, ['h2']);
      expect(alpnBacking(accepted).byteLength).toBe(8192);
    });
  });
});
