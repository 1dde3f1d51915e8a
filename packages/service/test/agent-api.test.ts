/**
 * The agent API end to end (ref/api.md §2.4, §4.2.5; ref/service.md §3.6, §5.2–5.5, §6.7): a real
 * service on each database, real mTLS with certificates from the service's CA, and agents played by
 * HTTP clients. Expectations come from the specification.
 */
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, startTestService, waitFor, type TestService } from '@flightctl/testing';
import {
  AgentClient,
  AgentHttp2Session,
  AgentIdentities,
  SIGNERS,
  foreignCa,
  issueIdentity,
} from './agent-fixtures.js';
import {
  API_VERSION,
  Client,
  deviceStatus,
  eventsFor,
  expectFailure,
  expectOk,
  notFoundMessage,
  ORG_ID,
  OS_IMAGE,
  type Json,
} from './fixtures.js';

const RENDERED_VERSION = 'device-controller/renderedVersion';
const AWAITING_RECONNECT = 'device-controller/awaitingReconnect';
const CONFLICT_PAUSED = 'device-controller/conflictPaused';

const deviceBody = (name: string, spec?: Json): Json => ({
  apiVersion: API_VERSION,
  kind: 'Device',
  metadata: { name },
  ...(spec ? { spec } : {}),
});

/** The whole device as an agent PUTs it: its status as reported, the rest as the agent last saw it. */
const report = (name: string, status: Json = {}): Json => ({
  ...deviceBody(name),
  status: deviceStatus(status),
});

describe.each(databaseKinds())('agent API on %s', (kind) => {
  let svc: TestService;
  let api: Client;
  let ids: AgentIdentities;

  beforeAll(async () => {
    svc = await startTestService(kind, {
      config: { 'service.renderedWaitTimeout': '2s', 'service.lastSeenFlushInterval': '100ms' },
    });
    api = new Client(svc);
    ids = await AgentIdentities.of(svc);
  });
  afterAll(() => svc?.close());

  const agentFor = async (name: string) => new AgentClient(svc, await ids.device(name));
  const createDevice = async (name: string, spec: Json = { os: { image: OS_IMAGE } }) =>
    expectOk(await api.post('/devices', deviceBody(name, spec)), 201);
  /** A new device's poll at version 1, once the service holds it waiting (wrapped: not awaited here). */
  const waitingPoll = async (name: string) => {
    await createDevice(name);
    const agent = await agentFor(name);
    const waiting = svc.service.notifier.waiting;
    const poll = agent.rendered(name, '1');
    await waitFor(() => svc.service.notifier.waiting > waiting, { what: 'the poll to wait' });
    return { poll };
  };

  describe('identities', () => {
    it("serves a device its own paths and refuses another device's (401)", async () => {
      await createDevice('ident-a');
      await createDevice('ident-b');
      const a = await agentFor('ident-a');
      expectOk(await a.rendered('ident-a'));
      expectFailure(await a.rendered('ident-b'), 401);
      expectFailure(await a.putStatus('ident-b', report('ident-b')), 401);
      expectFailure(await a.patchStatus('ident-b', []), 401);
    });

    it('keeps enrollment certificates to enrollment requests, and device certificates away from them', async () => {
      await createDevice('ident-enrolling');
      const enrollment = new AgentClient(svc, await ids.enrollment());
      expectFailure(await enrollment.rendered('ident-enrolling'), 401);
      expectFailure(await enrollment.putStatus('ident-enrolling', report('ident-enrolling')), 401);
      const device = await agentFor('ident-enrolling');
      expectFailure(await device.request('GET', '/enrollmentrequests/ident-enrolling'), 401, undefined, {
        upstream: false,
      });
    });

    it('refuses certificates of other signers, and device certificates that name no device', async () => {
      await createDevice('ident-other');
      const svcClient = new AgentClient(
        svc,
        await ids.device('ident-other', { signerName: SIGNERS.svcClient, commonName: 'svc-ident-other' }),
      );
      expectFailure(await svcClient.rendered('ident-other'), 401);
      const noPrefix = new AgentClient(svc, await ids.device('ident-other', { commonName: 'ident-other' }));
      expectFailure(await noPrefix.rendered('ident-other'), 401);
      const renewed = new AgentClient(svc, await ids.device('ident-other', { signerName: SIGNERS.renewal }));
      expectOk(await renewed.rendered('ident-other'));
    });

    it('acts in the organization of the certificate', async () => {
      await createDevice('ident-org');
      const elsewhere = new AgentClient(
        svc,
        await ids.device('ident-org', { orgId: '11111111-1111-1111-1111-111111111111' }),
      );
      expectFailure(await elsewhere.rendered('ident-org'), 404, notFoundMessage('Device', 'ident-org'));
    });

    it('refuses at the TLS handshake a certificate from another CA, and a client without one', async () => {
      const other = await foreignCa();
      try {
        const stranger = await issueIdentity(other.ca, { signerName: SIGNERS.management, commonName: 'device:x' });
        await expect(svc.agentRequest(stranger, 'GET', '/api/v1/devices/x/rendered')).rejects.toThrow();
      } finally {
        other.dispose();
      }
      // Trusting the server, but presenting no certificate of its own.
      const anonymous = new Agent({ connect: { ca: svc.service.certificates.caBundlePem } });
      try {
        const request = fetch(`${svc.agentUrl}/api/v1/devices/x/rendered`, {
          dispatcher: anonymous,
        } as unknown as RequestInit);
        await expect(request).rejects.toThrow();
      } finally {
        await anonymous.close();
      }
    });

    it('answers with the request id, API version and security headers, also on 401', async () => {
      await createDevice('ident-headers');
      const agent = await agentFor('ident-headers');
      for (const path of ['/devices/ident-headers/rendered', '/devices/someone-else/rendered']) {
        const res = await agent.request('GET', path, { headers: { 'X-Request-Id': 'req-42' } });
        expect(res.headers.get('x-request-id')).toBe('req-42');
        expect(res.headers.get('strict-transport-security')).toContain('max-age=31536000');
        if (res.status === 200) expect(res.headers.get('flightctl-api-version')).toBe('v1beta1');
      }
      const unsupported = await agent.request('GET', '/devices/ident-headers/rendered', {
        headers: { 'Flightctl-API-Version': 'v9' },
      });
      expect(unsupported.status).toBe(406);
    });
  });

  describe('HTTP/2', () => {
    it('carries a waiting poll and status reports on one connection, with the same identity checks', async () => {
      await createDevice('h2-dev');
      await createDevice('h2-other');
      const h2 = new AgentHttp2Session(svc, await ids.device('h2-dev'));
      try {
        const poll = h2.request('GET', '/devices/h2-dev/rendered?knownRenderedVersion=1');
        await waitFor(() => svc.service.notifier.waiting >= 1, { what: 'the poll to wait' });
        // While the poll waits, the same connection reports status and is refused another device's.
        const put = await h2.request('PUT', '/devices/h2-dev/status', report('h2-dev'));
        expect(put.status).toBe(200);
        expect((await h2.request('GET', '/devices/h2-other/rendered')).status).toBe(401);
        expectOk(await api.put('/devices/h2-dev', deviceBody('h2-dev', { os: { image: `${OS_IMAGE}-2` } })));
        const woken = await poll;
        expect(woken.status).toBe(200);
        expect((woken.body as Json).metadata.annotations[RENDERED_VERSION]).toBe('2');
        expect(h2.session.alpnProtocol).toBe('h2');
        // The client is asked to keep no HPACK dynamic table for its requests.
        expect(h2.session.remoteSettings.headerTableSize).toBe(0);
      } finally {
        await h2.close();
      }
    });

    it('refuses a kept connection once its certificate has expired (401)', async () => {
      await createDevice('h2-expiring');
      // Valid for 3 seconds: the handshake and first request pass, later requests on the connection do not.
      const identity = await ids.device('h2-expiring', { validitySeconds: 3 });
      const h2 = new AgentHttp2Session(svc, identity);
      try {
        const path = '/devices/h2-expiring/rendered';
        expect((await h2.request('GET', path)).status).toBe(200);
        const expired = await waitFor(
          async () => {
            const res = await h2.request('GET', path);
            return res.status === 401 ? res : undefined;
          },
          { what: 'the certificate to expire', timeoutMs: 15_000, intervalMs: 250 },
        );
        expect((expired.body as Json).message).toBe('the client certificate has expired');
      } finally {
        await h2.close();
      }
    });

    it('refuses request headers larger than service.httpMaxHeaderBytes with 431', async () => {
      await createDevice('h2-headers');
      const h2 = new AgentHttp2Session(svc, await ids.device('h2-headers'));
      try {
        const path = '/devices/h2-headers/rendered';
        const big = await h2.request('GET', path, undefined, { 'x-padding': 'a'.repeat(33 * 1024) });
        expect(big.status).toBe(431);
        expect((big.body as Json).message).toBe('request headers are larger than 32768 bytes');
        expect((await h2.request('GET', path, undefined, { 'x-padding': 'a'.repeat(1024) })).status).toBe(200);
      } finally {
        await h2.close();
      }
    });
  });

  describe('rendered device', () => {
    it('answers at once without knownRenderedVersion: the spec as stored, with consoles', async () => {
      const spec = {
        os: { image: OS_IMAGE },
        config: [{ name: 'motd', inline: [{ path: '/etc/motd', content: 'hi' }] }],
      };
      const created = await createDevice('rendered-now', spec);
      expect(created.metadata.annotations[RENDERED_VERSION]).toBe('1');
      const agent = await agentFor('rendered-now');
      const rendered = expectOk(await agent.rendered('rendered-now'));
      expect(rendered.metadata.name).toBe('rendered-now');
      expect(rendered.metadata.annotations[RENDERED_VERSION]).toBe('1');
      expect(rendered.spec).toEqual({ ...spec, consoles: [] });
    });

    it('409 for a device without a rendered spec, 404 for a device that does not exist', async () => {
      // Every device the API creates is rendered at once; only a row written without the service's
      // create rules (e.g. by an older version) lacks a rendered version.
      await svc.service.store.devices.create(ORG_ID, deviceBody('rendered-none'));
      const agent = await agentFor('rendered-none');
      expectFailure(await agent.rendered('rendered-none'), 409, 'no rendered version for device');
      expectFailure(await agent.rendered('rendered-none', '0'), 409, 'no rendered version for device');
      const ghost = await agentFor('rendered-ghost');
      expectFailure(await ghost.rendered('rendered-ghost', '1'), 404, notFoundMessage('Device', 'rendered-ghost'));
    });

    it('answers at once when the agent is behind, and 204 after the wait timeout when it is not', async () => {
      await createDevice('rendered-poll');
      const agent = await agentFor('rendered-poll');
      expect(expectOk(await agent.rendered('rendered-poll', '0')).metadata.annotations[RENDERED_VERSION]).toBe('1');
      const started = Date.now();
      const waited = await agent.rendered('rendered-poll', '1');
      expect(waited.status).toBe(204);
      expect(waited.text).toBe('');
      expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    });

    it('wakes a waiting poll within a second of a spec change, with the next version', async () => {
      const { poll } = await waitingPoll('rendered-wake');
      const changedAt = Date.now();
      const spec = { os: { image: 'quay.io/example/os:2' } };
      expectOk(await api.put('/devices/rendered-wake', deviceBody('rendered-wake', spec)));
      const woken = expectOk(await poll);
      expect(Date.now() - changedAt).toBeLessThan(1000);
      expect(woken.metadata.annotations[RENDERED_VERSION]).toBe('2');
      expect(woken.spec.os).toEqual(spec.os);
    });

    it('answers a waiting poll with 404 as soon as its device is deleted', async () => {
      const { poll } = await waitingPoll('rendered-deleted');
      const deletedAt = Date.now();
      expectOk(await api.delete('/devices/rendered-deleted'));
      expectFailure(await poll, 404, notFoundMessage('Device', 'rendered-deleted'));
      // Well before the 2 s wait timeout: the deletion ended the poll.
      expect(Date.now() - deletedAt).toBeLessThan(1000);
    });

    it('moves the version on every spec change only, decommissioning included', async () => {
      await createDevice('rendered-versions');
      const version = async () =>
        expectOk(await api.get('/devices/rendered-versions')).metadata.annotations[RENDERED_VERSION];
      expectOk(await api.put('/devices/rendered-versions', deviceBody('rendered-versions', { os: { image: 'x:2' } })));
      expect(await version()).toBe('2');
      const labelsOnly = deviceBody('rendered-versions', { os: { image: 'x:2' } });
      labelsOnly.metadata.labels = { site: 'a' };
      expectOk(await api.put('/devices/rendered-versions', labelsOnly));
      expect(await version()).toBe('2');
      expectOk(
        await api.patch('/devices/rendered-versions', [{ op: 'replace', path: '/spec/os/image', value: 'x:3' }]),
      );
      expect(await version()).toBe('3');
      const agent = await agentFor('rendered-versions');
      const poll = agent.rendered('rendered-versions', '3');
      expectOk(await api.put('/devices/rendered-versions/decommission', { target: 'Unenroll' }));
      const decommissioning = expectOk(await poll);
      expect(decommissioning.metadata.annotations[RENDERED_VERSION]).toBe('4');
      expect(decommissioning.spec.decommissioning).toEqual({ target: 'Unenroll' });
    });

    it('goes past the version the agent reports running', async () => {
      await createDevice('rendered-ahead');
      const agent = await agentFor('rendered-ahead');
      expectOk(await agent.putStatus('rendered-ahead', report('rendered-ahead', { config: { renderedVersion: '7' } })));
      expectOk(await api.put('/devices/rendered-ahead', deviceBody('rendered-ahead', { os: { image: 'x:2' } })));
      expect(expectOk(await agent.rendered('rendered-ahead')).metadata.annotations[RENDERED_VERSION]).toBe('8');
    });

    it('reconciles a restored device on its first poll: Online when in step, ConflictPaused when ahead', async () => {
      for (const name of ['restored-same', 'restored-ahead']) {
        await createDevice(name);
        // What a restore leaves (ref/service.md §5.7, §12): the annotation, and no cached versions.
        await svc.service.store.devices.update(ORG_ID, name, (d) => ({
          ...d,
          metadata: { ...d.metadata, annotations: { ...d.metadata.annotations, [AWAITING_RECONNECT]: 'true' } },
        }));
        await svc.service.notifier.forget(ORG_ID, name);
      }
      const same = expectOk(await (await agentFor('restored-same')).rendered('restored-same', '1'));
      expect(same.metadata.annotations[AWAITING_RECONNECT]).toBeUndefined();
      expect(same.status.summary.status).toBe('Online');
      expect(same.status.updated.status).toBe('UpToDate');

      const ahead = expectOk(await (await agentFor('restored-ahead')).rendered('restored-ahead', '5'));
      expect(ahead.metadata.annotations).toMatchObject({ [CONFLICT_PAUSED]: 'true', [RENDERED_VERSION]: '1' });
      expect(ahead.metadata.annotations[AWAITING_RECONNECT]).toBeUndefined();
      expect(ahead.status.summary.status).toBe('ConflictPaused');
      expect(ahead.status.summary.info).toContain('(device reported version 5 > device version known to service 1)');
      expect(ahead.status.config.renderedVersion).toBe('5');
      const paused = (await eventsFor(api, 'restored-ahead')).filter((e: Json) => e.reason === 'DeviceConflictPaused');
      expect(paused).toHaveLength(1);
    });

    it('counts every poll as a heartbeat, written in batches without touching the device', async () => {
      const created = await createDevice('rendered-heartbeat');
      expect((await api.get('/devices/rendered-heartbeat/lastseen')).status).toBe(204);
      const agent = await agentFor('rendered-heartbeat');
      const before = Date.now();
      expectOk(await agent.rendered('rendered-heartbeat', '0'));
      const seen = await waitFor(
        async () => {
          const res = await api.get('/devices/rendered-heartbeat/lastseen');
          return res.status === 200 && res.body;
        },
        { what: 'the heartbeat to be written' },
      );
      expect(Date.parse(seen.lastSeen)).toBeGreaterThanOrEqual(before - 1000);
      const device = expectOk(await api.get('/devices/rendered-heartbeat'));
      expect(device.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
    });
  });

  describe('status reports', () => {
    it('computes the summaries the service owns and records each transition as an event', async () => {
      await createDevice('status-compute');
      const agent = await agentFor('status-compute');
      const first = expectOk(
        await agent.putStatus('status-compute', report('status-compute', { config: { renderedVersion: '1' } })),
      );
      expect(first.status.summary).toEqual({ status: 'Online', info: "Device's system resources are healthy." });
      expect(first.status.updated).toEqual({
        status: 'UpToDate',
        info: 'Device was updated to the latest device spec.',
      });
      expect(first.status.applicationsSummary).toEqual({
        status: 'NoApplications',
        info: 'Device has not reported any application workloads yet.',
      });
      expect(first.status.lastSeen).toBeUndefined();
      // Events of one write may share a timestamp, which leaves their order open.
      const reasons = async () => (await eventsFor(api, 'status-compute', 'Device')).map((e: Json) => e.reason).sort();
      expect(await reasons()).toEqual(
        ['ResourceCreated', 'DeviceOSImageChanged', 'DeviceConnected', 'DeviceApplicationHealthy'].sort(),
      );

      const critical = expectOk(
        await agent.putStatus(
          'status-compute',
          report('status-compute', {
            config: { renderedVersion: '1' },
            resources: { cpu: 'Critical', memory: 'Healthy', disk: 'Warning' },
          }),
        ),
      );
      expect(critical.status.summary).toEqual({
        status: 'Error',
        info: 'CPU utilization has reached a critical level.',
      });
      const events = (await eventsFor(api, 'status-compute', 'Device')).slice(4);
      expect(events.map((e: Json) => [e.reason, e.type]).sort()).toEqual([
        ['DeviceCPUCritical', 'Warning'],
        ['DeviceDiskWarning', 'Warning'],
      ]);
      expect(events[0]).toMatchObject({ involvedObject: { kind: 'Device', name: 'status-compute' } });
    });

    it('tracks the update: OutOfDate until the agent runs the rendered version, Updating meanwhile', async () => {
      await createDevice('status-update');
      const agent = await agentFor('status-update');
      expectOk(await agent.putStatus('status-update', report('status-update', { config: { renderedVersion: '1' } })));
      expectOk(await api.put('/devices/status-update', deviceBody('status-update', { os: { image: 'x:2' } })));
      const stale = expectOk(
        await agent.putStatus('status-update', report('status-update', { config: { renderedVersion: '1' } })),
      );
      expect(stale.status.updated.status).toBe('OutOfDate');
      const updating = report('status-update', { config: { renderedVersion: '1' } });
      updating.status.conditions[0] = {
        ...updating.status.conditions[0],
        status: 'True',
        reason: 'ApplyingUpdate',
        message: 'Applying renderedVersion: 2',
      };
      const applying = expectOk(await agent.putStatus('status-update', updating));
      expect(applying.status.updated).toEqual({ status: 'Updating', info: 'Applying renderedVersion: 2' });
      const done = expectOk(
        await agent.putStatus(
          'status-update',
          report('status-update', { config: { renderedVersion: '2' }, os: { image: 'x:2', imageDigest: 'sha256:2' } }),
        ),
      );
      expect(done.status.updated.status).toBe('UpToDate');
      const reasons = (await eventsFor(api, 'status-update', 'Device')).map((e) => e.reason);
      expect(reasons).toEqual(
        expect.arrayContaining([
          'DeviceContentOutOfDate',
          'DeviceContentUpdating',
          'DeviceContentUpToDate',
          'DeviceOSImageChanged',
        ]),
      );
    });

    it('writes nothing when a report changes nothing', async () => {
      await createDevice('status-same');
      const agent = await agentFor('status-same');
      const body = report('status-same', { config: { renderedVersion: '1' } });
      const first = expectOk(await agent.putStatus('status-same', body));
      const eventCount = (await eventsFor(api, 'status-same')).length;
      const again = expectOk(await agent.putStatus('status-same', body));
      expect(again.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
      expect(again.status).toEqual(first.status);
      expect(await eventsFor(api, 'status-same')).toHaveLength(eventCount);
    });

    it('applies a JSON patch to the status, and refuses patches beyond it', async () => {
      await createDevice('status-patch');
      const agent = await agentFor('status-patch');
      expectOk(await agent.putStatus('status-patch', report('status-patch', { config: { renderedVersion: '1' } })));
      const patched = expectOk(
        await agent.patchStatus('status-patch', [
          { op: 'replace', path: '/status/resources/memory', value: 'Warning' },
        ]),
      );
      expect(patched.status.summary).toEqual({
        status: 'Degraded',
        info: 'Memory utilization has reached a warning level.',
      });
      const spec = await agent.patchStatus('status-patch', [{ op: 'replace', path: '/spec/os/image', value: 'x:9' }]);
      expect(expectFailure(spec, 400).message).toContain('spec is immutable');
    });

    it('validates the report: name, status, and an existing device', async () => {
      await createDevice('status-bad');
      const agent = await agentFor('status-bad');
      const other = report('status-bad');
      other.metadata.name = 'someone-else';
      expectFailure(await agent.putStatus('status-bad', other), 400);
      expectFailure(await agent.putStatus('status-bad', deviceBody('status-bad')), 400);
      const ghost = await agentFor('status-ghost');
      expectFailure(await ghost.putStatus('status-ghost', report('status-ghost')), 404);
    });
  });
});

describe.each(databaseKinds())('device connectivity on %s', (kind) => {
  let svc: TestService;
  let api: Client;

  beforeAll(async () => {
    svc = await startTestService(kind, {
      config: {
        'service.deviceDisconnectedTimeout': '1s',
        'service.deviceConnectionInterval': '200ms',
        'service.lastSeenFlushInterval': '50ms',
      },
    });
    api = new Client(svc);
  });
  afterAll(() => svc?.close());

  const summary = async (name: string) => expectOk(await api.get(`/devices/${name}`)).status.summary.status;

  it('turns a silent device Unknown, and Online again when it polls', async () => {
    expectOk(await api.post('/devices', deviceBody('conn-dev', { os: { image: OS_IMAGE } })), 201);
    const agent = new AgentClient(svc, await (await AgentIdentities.of(svc)).device('conn-dev'));
    expectOk(await agent.putStatus('conn-dev', report('conn-dev', { config: { renderedVersion: '1' } })));
    expectOk(await agent.rendered('conn-dev'));
    expect(await summary('conn-dev')).toBe('Online');

    await waitFor(async () => (await summary('conn-dev')) === 'Unknown', { what: 'the device to be disconnected' });
    const disconnected = expectOk(await api.get('/devices/conn-dev'));
    expect(disconnected.status.summary.info).toBe('Device is disconnected (last seen more than 1 second ago).');
    expect(disconnected.status.updated.status).toBe('Unknown');
    expect(disconnected.status.applicationsSummary.status).toBe('Unknown');
    const lost = (await eventsFor(api, 'conn-dev')).filter((e) => e.reason === 'DeviceDisconnected');
    expect(lost).toHaveLength(1);
    expect(lost[0]).toMatchObject({ type: 'Warning', actor: 'device-connection' });

    expectOk(await agent.rendered('conn-dev'));
    await waitFor(async () => (await summary('conn-dev')) === 'Online', { what: 'the device to be back' });
    const reasons = (await eventsFor(api, 'conn-dev')).map((e) => e.reason);
    expect(reasons.slice(reasons.indexOf('DeviceDisconnected'))).toContain('DeviceConnected');
  });
});

describe('closing the agent API', () => {
  it('ends waiting polls at once with 204, over HTTP/1.1 and HTTP/2', async () => {
    const svc = await startTestService('pglite', { config: { 'service.renderedWaitTimeout': '1m' } });
    try {
      const api = new Client(svc);
      expectOk(await api.post('/devices', deviceBody('closing-dev', { os: { image: OS_IMAGE } })), 201);
      const agent = new AgentClient(svc, await (await AgentIdentities.of(svc)).device('closing-dev'));
      const h2 = new AgentHttp2Session(svc, agent.identity);
      const answered = [
        agent.rendered('closing-dev', '1'),
        h2.request('GET', '/devices/closing-dev/rendered?knownRenderedVersion=1'),
      ].map((res) => res.then(({ status }) => ({ status, at: Date.now() })));
      await waitFor(() => svc.service.notifier.waiting === 2, { what: 'both polls to wait' });
      const closedAt = Date.now();
      await svc.service.close();
      for (const { status, at } of await Promise.all(answered)) {
        expect(status).toBe(204);
        expect(at - closedAt).toBeLessThan(2000);
      }
      expect(h2.session.closed || h2.session.destroyed).toBe(true);
    } finally {
      await svc.close();
    }
  });
});
