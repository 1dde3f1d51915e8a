import { statusBody, type Device } from '@flightctl/api';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { MtlsTestServer, reply, type RecordedRequest, type TestResponse } from '../../test/mtls-test-server.js';
import { ManagementClient } from '../client/management-client.js';
import { Connection } from '../client/connection.js';
import { ServiceClient } from '../client/service-client.js';
import type { Clock } from '../timing/clock.js';
import { DeviceWatcher } from './device-watcher.js';
import { renderedVersion, versionedDevice } from './rendered-device.js';
import { SpecPublisher } from './spec-publisher.js';

const NAME = 'n95qjsoah4hm8fknigkbrhr5bk7m2popouimbr8p14323eke72cg';
type Answer = (res: TestResponse) => void;

const rendered =
  (version: string): Answer =>
  (res) =>
    reply(res, 200, versionedDevice(version));
const status =
  (code: number): Answer =>
  (res) =>
    reply(res, code, code === 204 ? undefined : statusBody(code, 'x'));
const deviceNotFound: Answer = (res) => reply(res, 404, statusBody(404, `Device of name "${NAME}" not found`));
const dropConnection: Answer = (res) => res.socket?.destroy();

/**
 * A publisher against a real mTLS server that gives `answers` in order, with a clock that does not
 * wait: every sleep is recorded and moves virtual time forward. The run ends after the last answer.
 */
async function publish(answers: Answer[], options: { random?: number; baseMs?: number; maxMs?: number } = {}) {
  let served = 0;
  const controller = new AbortController();
  const server = await MtlsTestServer.start((_req: RecordedRequest, res) => {
    const answer = answers[served++];
    if (served >= answers.length) setImmediate(() => controller.abort());
    (answer ?? status(204))(res);
  });
  const tls = { ca: server.caPem, ...server.client, minVersion: 'TLSv1.3' as const };
  const client = new ManagementClient(new ServiceClient(server.url, new Connection(tls)), tls);
  let now = 1_000_000;
  const sleeps: number[] = [];
  const clock: Clock = {
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(Math.round(ms));
      now += ms;
    },
    random: () => options.random ?? 0.5,
  };
  const watcher = new DeviceWatcher();
  const received: string[] = [];
  watcher.onPush(() => received.push(renderedVersion(watcher.tryPop() as Device)));
  let notFound = false;
  const publisher = new SpecPublisher({
    deviceName: NAME,
    source: client,
    lastKnownVersion: '0',
    errorBaseDelayMs: options.baseMs ?? 5000,
    errorMaxDelayMs: options.maxMs ?? 300_000,
    log: pino({ level: 'silent' }),
    clock,
    onDeviceNotFound: () => {
      notFound = true;
    },
  });
  publisher.watch(watcher);
  await publisher.run(controller.signal);
  await client.close();
  await server.close();
  const known = server.requests.map((r) => new URL(r.url, server.url).searchParams.get('knownRenderedVersion'));
  return { sleeps, received, known, notFound, requests: server.requests };
}

describe('spec publisher', () => {
  it('starts polls 5 s apart while they succeed or find nothing new, and sends the last known version', async () => {
    const run = await publish([rendered('1'), status(204), status(409), rendered('3'), rendered('2'), status(204)]);
    expect(run.sleeps.slice(0, 5)).toEqual([5000, 5000, 5000, 5000, 5000]);
    expect(run.received).toEqual(['1', '3', '2']);
    // A version not newer than the known one is delivered but does not move the known version back.
    expect(run.known).toEqual(['0', '1', '1', '1', '3', '3']);
  });

  it('backs off base × 2^(n-1) after failures, capped, and resets after a success', async () => {
    const run = await publish(
      [status(500), dropConnection, status(503), status(500), rendered('1'), status(500), status(204)],
      { baseMs: 2000, maxMs: 6000 },
    );
    expect(run.sleeps.slice(0, 6)).toEqual([2000, 4000, 6000, 6000, 5000, 2000]);
  });

  it('spreads the error backoff by ±20 %', async () => {
    expect((await publish([status(500), status(204)], { random: 0 })).sleeps[0]).toBe(4000);
    expect((await publish([status(500), status(204)], { random: 0.999_999 })).sleeps[0]).toBe(6000);
  });

  it('stops and reports a device deleted on the service; any other 404 is a failure', async () => {
    const other = await publish([(res) => reply(res, 404, statusBody(404, 'page not found')), status(204)]);
    expect(other.notFound).toBe(false);
    expect(other.sleeps[0]).toBe(5000);

    const run = await publish([status(204), deviceNotFound, status(204)]);
    expect(run.notFound).toBe(true);
    expect(run.requests).toHaveLength(2);
  });

  it('sends the API version and a request id with every poll', async () => {
    const run = await publish([status(204)]);
    expect(run.requests[0]!.headers).toMatchObject({ 'flightctl-api-version': 'v1beta1' });
    expect(run.requests[0]!.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
