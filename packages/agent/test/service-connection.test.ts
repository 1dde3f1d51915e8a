/**
 * The agent's connection to the agent endpoint (ref/agent.md §1.2, §13): HTTP/2 when the server
 * offers it, so the long poll and the status reports share one connection and neither waits for the
 * other; HTTP/1.1 otherwise, where a request never waits behind the long poll either. Against a
 * local mTLS server.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Device } from '@flightctl/api';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '@flightctl/testing';
import { Connection } from '../src/client/connection.js';
import { ManagementClient } from '../src/client/management-client.js';
import { RequestTimeoutError, ServiceClient } from '../src/client/service-client.js';
import { MtlsTestServer, reply, type RecordedRequest, type TestResponse } from './mtls-test-server.js';

const NAME = 'n95qjsoah4hm8fknigkbrhr5bk7m2popouimbr8p14323eke72cg';
const RENDERED = `/api/v1/devices/${NAME}/rendered?knownRenderedVersion=1`;
const STATUS = `/api/v1/devices/${NAME}/status`;

const device: Device = {
  apiVersion: 'v1beta1',
  kind: 'Device',
  metadata: { name: NAME },
  status: { summary: { status: 'Online', info: 'ünïcode counts in bytes' } } as Device['status'],
};

let server: MtlsTestServer | undefined;
let client: ManagementClient | undefined;
afterEach(async () => {
  // The server first: closing the client waits for requests still held by the server.
  await server?.close();
  await client?.close();
  client = server = undefined;
});

/**
 * A server that holds every long poll until `release`, never answers `/hold` and answers anything
 * else at once with the body it got; and the agent's management client for it.
 */
async function start(options: { http1Only?: boolean } = {}) {
  const polls: TestResponse[] = [];
  server = await MtlsTestServer.start((req: RecordedRequest, res) => {
    if (req.url.includes('/rendered')) return void polls.push(res);
    if (req.url.endsWith('/hold')) return;
    reply(res, 200, JSON.parse(req.body) as unknown);
  }, options);
  const tls = { ca: server.caPem, ...server.client, minVersion: 'TLSv1.3' as const };
  const http = new ServiceClient(server.url, new Connection(tls));
  client = new ManagementClient(http, tls);
  const started = (url: string) =>
    waitFor(() => server!.started.find((r) => r.url === url), { what: `${url} at the server`, timeoutMs: 10_000 });
  const release = () => polls.splice(0).forEach((res) => reply(res, 204));
  return { server, client, http, started, release };
}

/** The poll is answered only after the update: queued behind it, the update would never go. */
async function statusBesidePoll({ client, started, release }: Awaited<ReturnType<typeof start>>) {
  const poll = client.getRenderedDevice(NAME, '1');
  await started(RENDERED);
  const update = client.updateDeviceStatus(NAME, device);
  await started(STATUS);
  await update;
  release();
  expect(await poll).toEqual({ changed: false });
}

describe('the agent endpoint connection', () => {
  it('speaks HTTP/2 on one connection; a status update does not wait for the long poll', async () => {
    const started = await start();
    await statusBesidePoll(started);
    await statusBesidePoll(started);
    // Content-Length counts bytes: the body arrives whole, non-ASCII text included.
    expect(JSON.parse(started.server.requests.find((r) => r.method === 'PUT')!.body)).toEqual(device);
    expect(started.server.started.map((r) => [r.method, r.httpVersion, r.connection])).toEqual([
      ['GET', '2.0', 1],
      ['PUT', '2.0', 1],
      ['GET', '2.0', 1],
      ['PUT', '2.0', 1],
    ]);
    // The server is asked to keep no HPACK dynamic table for its responses on a connection held for hours.
    expect(started.server.started.map((r) => r.headerTableSize)).toEqual([0, 0, 0, 0]);
  });

  it('falls back to HTTP/1.1 where the server has no HTTP/2, with a connection per running request', async () => {
    const started = await start({ http1Only: true });
    await statusBesidePoll(started);
    expect(started.server.started.map((r) => [r.method, r.httpVersion])).toEqual([
      ['GET', '1.1'],
      ['PUT', '1.1'],
    ]);
    expect(started.server.connectionCount).toBe(2);
  });

  it('opens a new HTTP/2 connection once the server has closed the last one', async () => {
    const started = await start();
    await started.client.updateDeviceStatus(NAME, device);
    started.server.dropConnections();
    await waitFor(() => started.server.openConnections === 0, { what: 'the connection closed' });
    await started.client.updateDeviceStatus(NAME, device);
    expect(started.server.started.map((r) => r.connection)).toEqual([1, 2]);
  });

  it('times a request out with the operation named, and the connection goes on serving', async () => {
    const { http, client } = await start();
    const held = http.request('hold', 'PUT', '/hold', { body: {}, timeoutMs: 200, expect: [200] });
    await expect(held).rejects.toThrow(RequestTimeoutError);
    await expect(held).rejects.toThrow('hold: no answer within 0.2s');
    await expect(client.updateDeviceStatus(NAME, device)).resolves.toBeUndefined();
  });

  it('speaks plain HTTP/1.1 to an http: URL, keeping the connection alive', async () => {
    const sockets = new Set<object>();
    const plain = createServer((req, res) => {
      sockets.add(req.socket);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ path: req.url }));
    });
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    const http = new ServiceClient(`http://127.0.0.1:${(plain.address() as AddressInfo).port}`, new Connection({}));
    try {
      for (const path of ['/a', '/b'])
        expect((await http.request('plain', 'GET', path, { timeoutMs: 10_000, expect: [200] })).body).toEqual({
          path: `/api/v1${path}`,
        });
      expect(sockets.size).toBe(1);
    } finally {
      await http.close();
      plain.closeAllConnections();
      await new Promise((resolve) => plain.close(resolve));
    }
  });

  it('fails a request at once when the server refuses the connection', async () => {
    const { server, http } = await start();
    await server.close();
    await expect(http.request('gone', 'GET', '/x', { timeoutMs: 10_000, expect: [200] })).rejects.toThrow(
      /ECONNREFUSED/,
    );
  });
});
