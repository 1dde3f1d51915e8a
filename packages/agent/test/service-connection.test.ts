/**
 * The agent's connection to the agent endpoint (ref/agent.md §1.2, §13): HTTP/1.1, where a request
 * never waits behind the long poll. Against a local mTLS server.
 */
import type { ServerResponse } from 'node:http';
import type { Device } from '@flightctl/api';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '@flightctl/testing';
import { ManagementClient } from '../src/client/management-client.js';
import { ServiceClient, createDispatcher } from '../src/client/service-client.js';
import { MtlsTestServer, reply, type RecordedRequest } from './mtls-test-server.js';

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
async function start() {
  const polls: ServerResponse[] = [];
  server = await MtlsTestServer.start((req: RecordedRequest, res) => {
    if (req.url.includes('/rendered')) return void polls.push(res);
    if (req.url.endsWith('/hold')) return;
    reply(res, 200, JSON.parse(req.body) as unknown);
  });
  const tls = { ca: server.caPem, ...server.client, minVersion: 'TLSv1.3' as const };
  const http = new ServiceClient(server.url, createDispatcher(tls));
  client = new ManagementClient(http, tls);
  const started = (url: string) =>
    waitFor(() => server!.started.find((r) => r.url === url), { what: `${url} at the server`, timeoutMs: 10_000 });
  const release = () => polls.splice(0).forEach((res) => reply(res, 204));
  return { server, client, http, started, release };
}

describe('the agent endpoint connection', () => {
  it('is HTTP/1.1; a status update does not wait for the long poll', async () => {
    const { server, client, started, release } = await start();
    const poll = client.getRenderedDevice(NAME, '1');
    await started(RENDERED);
    // The poll is answered only after the update: queued behind it on one connection, the update would never go.
    const update = client.updateDeviceStatus(NAME, device);
    await started(STATUS);
    await update;
    release();
    expect(await poll).toEqual({ changed: false });
    expect(server.started.map((r) => [r.method, r.httpVersion])).toEqual([
      ['GET', '1.1'],
      ['PUT', '1.1'],
    ]);
    expect(server.connectionCount).toBe(2);
  });
});
