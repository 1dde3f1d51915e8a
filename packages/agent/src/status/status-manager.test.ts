import type { Device } from '@flightctl/api';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MtlsTestServer, reply } from '../../test/mtls-test-server.js';
import { ManagementClient } from '../client/management-client.js';
import { Connection } from '../client/connection.js';
import { ServiceClient } from '../client/service-client.js';
import { StatusManager } from './status-manager.js';

const NAME = 'n95qjsoah4hm8fknigkbrhr5bk7m2popouimbr8p14323eke72cg';

let server: MtlsTestServer;
let client: ManagementClient;
let failing: boolean;
let now: Date;
let hostname: string;
let manager: StatusManager;

const pushes = () => server.requests.filter((r) => r.method === 'PUT').map((r) => JSON.parse(r.body) as Device);

beforeEach(async () => {
  failing = false;
  server = await MtlsTestServer.start((req, res) => {
    if (failing) return reply(res, 503, { kind: 'Status', message: 'unavailable' });
    reply(res, 200, JSON.parse(req.body));
  });
  const tls = { ca: server.caPem, ...server.client };
  client = new ManagementClient(new ServiceClient(server.url, new Connection(tls)), tls);
  now = new Date('2026-11-21T10:00:00Z');
  hostname = 'edge-1';
  manager = new StatusManager(NAME, pino({ level: 'silent' }), () => now);
  manager.registerExporter((status) => {
    status.systemInfo = { architecture: 'amd64', operatingSystem: 'linux', bootID: 'b', agentVersion: 'v1', hostname };
  });
  manager.setSink(client);
});
afterEach(async () => {
  await client.close();
  await server.close();
});

describe('status manager', () => {
  it('PUTs the whole device to /devices/{name}/status, and only when the status changed', async () => {
    await manager.sync();
    await manager.sync();
    expect(pushes()).toHaveLength(1);
    expect(server.requests[0]!.url).toBe(`/api/v1/devices/${NAME}/status`);
    expect(pushes()[0]).toMatchObject({
      apiVersion: 'v1beta1',
      kind: 'Device',
      metadata: { name: NAME },
      status: {
        systemInfo: { hostname: 'edge-1' },
        summary: { status: 'Unknown' },
        conditions: [{ type: 'Updating', status: 'Unknown' }],
      },
    });

    hostname = 'edge-2';
    await manager.sync();
    expect(pushes()).toHaveLength(2);
    expect(pushes()[1]!.status!.systemInfo.hostname).toBe('edge-2');
  });

  it('retries a push that failed at the next update, and resends everything when asked to', async () => {
    failing = true;
    expect(await manager.push()).toBe(false);
    failing = false;
    await manager.sync();
    await manager.sync();
    expect(server.requests).toHaveLength(2);
    manager.forgetPushed();
    await manager.sync();
    expect(server.requests).toHaveLength(3);
  });

  it('pushes a condition only when it changes; its transition time moves only with its status', async () => {
    await manager.sync();
    await manager.updateCondition({ type: 'Updating', status: 'True', reason: 'Preparing', message: 'one' });
    await manager.updateCondition({ type: 'Updating', status: 'True', reason: 'Preparing', message: 'one' });
    expect(pushes()).toHaveLength(2);
    const first = pushes()[1]!.status!.conditions[0]!;
    expect(first).toMatchObject({ reason: 'Preparing', lastTransitionTime: '2026-11-21T10:00:00.000Z' });

    now = new Date('2026-11-21T10:05:00Z');
    await manager.updateCondition({ type: 'Updating', status: 'True', reason: 'ApplyingUpdate', message: 'two' });
    expect(pushes()[2]!.status!.conditions[0]).toMatchObject({
      reason: 'ApplyingUpdate',
      lastTransitionTime: '2026-11-21T10:00:00.000Z',
    });
    await manager.updateCondition({ type: 'Updating', status: 'False', reason: 'Updated', message: 'three' });
    expect(pushes()[3]!.status!.conditions[0]).toMatchObject({
      status: 'False',
      lastTransitionTime: '2026-11-21T10:05:00.000Z',
    });
  });

  it('cuts condition messages to 250 characters', async () => {
    await manager.updateCondition({ type: 'Updating', status: 'False', reason: 'Error', message: 'x'.repeat(400) });
    expect(pushes()[0]!.status!.conditions[0]!.message).toHaveLength(250);
  });
});
