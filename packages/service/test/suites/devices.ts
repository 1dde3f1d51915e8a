/**
 * Device-only endpoints: the status subresource (api.md §6.5), decommissioning, application actions and
 * resume (§6.7, §4.2.7), last seen (§4.2.6), and the list summary (§4.2.4).
 */
import { describe, expect, it } from 'vitest';
import {
  MSG,
  ORG_ID,
  OS_IMAGE,
  device,
  deviceSpecWithApp,
  deviceStatus,
  eventsFor,
  expectFailure,
  expectOk,
  nextMillisecond,
  notFoundMessage,
  q,
  setOwner,
  type Json,
  type ServiceContext,
} from '../fixtures.js';

const LIFECYCLE = 'device-controller/applicationLifecycle';
const CONFLICT_PAUSED = 'device-controller/conflictPaused';

/** Writes part of a device's stored status directly, as the service's status computation would. */
async function setStatus(ctx: ServiceContext, name: string, patch: Json): Promise<void> {
  await ctx.svc.service.store.devices.update(ORG_ID, name, (d) => ({
    ...d,
    status: { ...(d.status as Json), ...patch },
  }));
}

async function setAnnotations(ctx: ServiceContext, name: string, annotations: Record<string, string>) {
  await ctx.svc.service.store.devices.update(ORG_ID, name, (d) => ({
    ...d,
    metadata: { ...d.metadata, annotations: { ...d.metadata.annotations, ...annotations } },
  }));
}

export function deviceTests(ctx: ServiceContext): void {
  describe('devices', () => {
    describe('status subresource', () => {
      it('GET returns the whole device', async () => {
        const created = expectOk(await ctx.api.post('/devices', device('dev-status-get', { labels: { a: 'b' } })), 201);
        const got = expectOk(await ctx.api.get('/devices/dev-status-get/status'));
        expect(got).toEqual(expectOk(await ctx.api.get('/devices/dev-status-get')));
        expect(got.metadata.labels).toEqual({ a: 'b' });
        expect(got.spec).toEqual(created.spec);
        expect(got.status).toMatchObject({
          summary: { status: 'Unknown' },
          updated: { status: 'Unknown' },
          applicationsSummary: { status: 'Unknown' },
          lifecycle: { status: 'Unknown' },
          integrity: { status: 'Unknown' },
          resources: { cpu: 'Unknown', memory: 'Unknown', disk: 'Unknown' },
        });
        expect(got.status.lastSeen).toBeUndefined();
      });

      it('accepts status.lastSeen on a status write but never returns it', async () => {
        const created = expectOk(await ctx.api.post('/devices', device('dev-status-lastseen')), 201);
        const status = { ...created.status, lastSeen: new Date().toISOString() };
        const put = expectOk(await ctx.api.put('/devices/dev-status-lastseen/status', { ...created, status }));
        expect(put.status.lastSeen).toBeUndefined();
        const patched = expectOk(
          await ctx.api.patch('/devices/dev-status-lastseen/status', [
            { op: 'add', path: '/status/lastSeen', value: new Date().toISOString() },
          ]),
        );
        expect(patched.status.lastSeen).toBeUndefined();
        expect(expectOk(await ctx.api.get('/devices/dev-status-lastseen')).status.lastSeen).toBeUndefined();
      });

      it('PUT replaces only the status', async () => {
        expectOk(await ctx.api.post('/devices', device('dev-status-put', { labels: { a: 'b' } })), 201);
        const body = device('dev-status-put', { labels: { changed: 'yes' }, spec: { os: { image: 'quay.io/x/y:9' } } });
        body.status = deviceStatus({
          systemInfo: { architecture: 'arm64', bootID: 'b-2', operatingSystem: 'linux', agentVersion: 'v9' },
          resources: { cpu: 'Healthy', memory: 'Warning', disk: 'Healthy' },
        });
        const res = expectOk(await ctx.api.put('/devices/dev-status-put/status', body));
        expect(res.metadata).toMatchObject({ labels: { a: 'b' }, generation: 1, resourceVersion: '2' });
        expect(res.spec).toEqual({ os: { image: OS_IMAGE } });
        expect(res.status.systemInfo).toEqual({
          architecture: 'arm64',
          bootID: 'b-2',
          operatingSystem: 'linux',
          agentVersion: 'v9',
        });
        expect(res.status.resources).toEqual({ cpu: 'Healthy', memory: 'Warning', disk: 'Healthy' });
        const got = expectOk(await ctx.api.get('/devices/dev-status-put'));
        expect(got.status.systemInfo.agentVersion).toBe('v9');
        expect(got.metadata.labels).toEqual({ a: 'b' });
      });

      it('PUT keeps stored values where the report says Unknown, then computes the summaries', async () => {
        expectOk(await ctx.api.post('/devices', device('dev-status-keep')), 201);
        await setStatus(ctx, 'dev-status-keep', { lifecycle: { status: 'Enrolled' } });
        const body = device('dev-status-keep');
        body.status = deviceStatus({ summary: { status: 'Online' }, lifecycle: { status: 'Unknown' } });
        // A user's status write is no sign of the device: never seen, it stays Unknown (§6.5, service §5.3).
        const unseen = expectOk(await ctx.api.put('/devices/dev-status-keep/status', body));
        expect(unseen.status.summary.status).toBe('Unknown');
        expect(unseen.status.lifecycle.status).toBe('Enrolled');
        await ctx.svc.service.store.deviceLastSeen.recordLastSeen(ORG_ID, ['dev-status-keep'], new Date());
        body.status = deviceStatus({
          summary: { status: 'Unknown' },
          resources: { cpu: 'Warning', memory: 'Healthy', disk: 'Healthy' },
        });
        const seen = expectOk(await ctx.api.put('/devices/dev-status-keep/status', body));
        expect(seen.status.summary).toEqual({
          status: 'Degraded',
          info: 'CPU utilization has reached a warning level.',
        });
        expect(seen.status.lifecycle.status).toBe('Enrolled');
      });

      it('PUT keeps a ConflictPaused or AwaitingReconnect summary', async () => {
        const annotations = {
          ConflictPaused: 'device-controller/conflictPaused',
          AwaitingReconnect: 'device-controller/awaitingReconnect',
        };
        for (const [kept, annotation] of Object.entries(annotations)) {
          const name = `dev-status-${kept.toLowerCase()}`;
          expectOk(await ctx.api.post('/devices', device(name)), 201);
          await setAnnotations(ctx, name, { [annotation]: 'true' });
          await setStatus(ctx, name, { summary: { status: kept, info: 'stored' } });
          await ctx.svc.service.store.deviceLastSeen.recordLastSeen(ORG_ID, [name], new Date());
          const body = device(name);
          body.status = deviceStatus({ summary: { status: 'Online' } });
          const res = expectOk(await ctx.api.put(`/devices/${name}/status`, body));
          expect(res.status.summary.status, kept).toBe(kept);
        }
      });

      it('PUT validates the name, the body and the device', async () => {
        expectOk(await ctx.api.post('/devices', device('dev-status-bad')), 201);
        const other = device('dev-status-other');
        other.status = deviceStatus();
        expectFailure(await ctx.api.put('/devices/dev-status-bad/status', other), 400, MSG.nameMismatch);
        const partial = device('dev-status-bad');
        partial.status = { summary: { status: 'Online' } };
        expectFailure(await ctx.api.put('/devices/dev-status-bad/status', partial), 400);
        const missing = device('dev-status-missing');
        missing.status = deviceStatus();
        expectFailure(
          await ctx.api.put('/devices/dev-status-missing/status', missing),
          404,
          notFoundMessage('Device', 'dev-status-missing'),
        );
      });

      it('PATCH may change the status only', async () => {
        expectOk(await ctx.api.post('/devices', device('dev-status-patch', { labels: { a: 'b' } })), 201);
        await setStatus(ctx, 'dev-status-patch', deviceStatus());
        const ok = await ctx.api.patch('/devices/dev-status-patch/status', [
          { op: 'replace', path: '/status/systemInfo/agentVersion', value: 'v2' },
        ]);
        const patched = expectOk(ok);
        expect(patched.status.systemInfo.agentVersion).toBe('v2');
        expect(patched.metadata).toMatchObject({ labels: { a: 'b' }, generation: 1 });

        const spec = await ctx.api.patch('/devices/dev-status-patch/status', [
          { op: 'replace', path: '/spec/os/image', value: 'quay.io/x/y:2' },
        ]);
        expect(expectFailure(spec, 400).message).toContain('spec is immutable');
        const meta = await ctx.api.patch('/devices/dev-status-patch/status', [
          { op: 'add', path: '/metadata/labels/c', value: 'd' },
        ]);
        expect(expectFailure(meta, 400).message).toContain('metadata is immutable');
        const got = expectOk(await ctx.api.get('/devices/dev-status-patch'));
        expect(got.spec).toEqual({ os: { image: OS_IMAGE } });
        expect(got.metadata.labels).toEqual({ a: 'b' });
      });
    });

    describe('decommission', () => {
      it('marks the device decommissioning once, clearing labels and owner, keeping generation', async () => {
        const created = expectOk(
          await ctx.api.post('/devices', device('dev-decom', { labels: { fleet: 'f', site: 'a' } })),
          201,
        );
        await setOwner(ctx.svc, 'devices', 'dev-decom', 'Fleet/f');
        const res = expectOk(await ctx.api.put('/devices/dev-decom/decommission', { target: 'Unenroll' }));
        expect(res.spec.decommissioning).toEqual({ target: 'Unenroll' });
        expect(res.spec.os).toEqual(created.spec.os);
        expect(res.metadata.labels ?? {}).toEqual({});
        expect(res.metadata.owner ?? '').toBe('');
        expect(res.metadata.generation).toBe(1);
        expect(res.status.lifecycle.status).toBe('Decommissioning');
        expect(expectOk(await ctx.api.get('/devices/dev-decom'))).toEqual(res);

        expectFailure(await ctx.api.put('/devices/dev-decom/decommission', { target: 'FactoryReset' }), 409);
        expect(expectOk(await ctx.api.get('/devices/dev-decom')).spec.decommissioning).toEqual({ target: 'Unenroll' });
      });

      it('freezes the device afterwards, except for agent status reports', async () => {
        expectOk(await ctx.api.post('/devices', device('dev-decom-frozen', { spec: deviceSpecWithApp('web') })), 201);
        expectOk(await ctx.api.put('/devices/dev-decom-frozen/decommission', { target: 'FactoryReset' }));

        const put = await ctx.api.put('/devices/dev-decom-frozen', device('dev-decom-frozen', { labels: { a: 'b' } }));
        expectFailure(put, 409, MSG.decommissioned);
        const patch = await ctx.api.patch('/devices/dev-decom-frozen', [
          { op: 'add', path: '/metadata/labels/a', value: 'b' },
        ]);
        expectFailure(patch, 409, MSG.decommissioned);
        expectFailure(
          await ctx.api.post('/devices/dev-decom-frozen/applications/web/actions/stop'),
          400,
          MSG.decommissioned,
        );

        const report = device('dev-decom-frozen');
        report.status = deviceStatus({
          conditions: [
            {
              type: 'DeviceDecommissioning',
              status: 'True',
              reason: 'Started',
              message: '',
              lastTransitionTime: '2025-01-02T03:04:05Z',
            },
          ],
        });
        const reported = expectOk(await ctx.api.put('/devices/dev-decom-frozen/status', report));
        expect(reported.spec.decommissioning).toEqual({ target: 'FactoryReset' });
      });

      it('refuses a status patch once decommissioning (409)', async () => {
        expectOk(await ctx.api.post('/devices', device('dev-decom-status-patch')), 201);
        expectOk(await ctx.api.put('/devices/dev-decom-status-patch/decommission', { target: 'Unenroll' }));
        const statusPatch = await ctx.api.patch('/devices/dev-decom-status-patch/status', [
          { op: 'replace', path: '/status/summary/status', value: 'Online' },
        ]);
        // Upstream's document declares no 409 for patchDeviceStatus, though its server answers one (api.md §6.7).
        expectFailure(statusPatch, 409, MSG.decommissioned, { upstream: false });
        expect(expectOk(await ctx.api.get('/devices/dev-decom-status-patch')).status.summary.status).toBe('Unknown');
      });

      it('validates the target and the device', async () => {
        expectOk(await ctx.api.post('/devices', device('dev-decom-bad')), 201);
        expectFailure(await ctx.api.put('/devices/dev-decom-bad/decommission', { target: 'Explode' }), 400);
        expectFailure(await ctx.api.put('/devices/dev-decom-bad/decommission', {}), 400);
        const extra = await ctx.api.put('/devices/dev-decom-bad/decommission', { target: 'Unenroll', now: true });
        expect(expectFailure(extra, 400).message).toContain('now: unknown field');
        expectFailure(
          await ctx.api.put('/devices/dev-decom-none/decommission', { target: 'Unenroll' }),
          404,
          notFoundMessage('Device', 'dev-decom-none'),
        );
        expect(expectOk(await ctx.api.get('/devices/dev-decom-bad')).spec.decommissioning).toBeUndefined();
      });
    });

    describe('application actions', () => {
      it('stop, start and restart record overrides in device-controller/applicationLifecycle', async () => {
        expectOk(await ctx.api.post('/devices', device('dev-app', { spec: deviceSpecWithApp('web') })), 201);
        const base = '/devices/dev-app/applications/web/actions';
        const lifecycle = (d: Json) => JSON.parse(d.metadata.annotations[LIFECYCLE]);

        const stopped = expectOk(await ctx.api.post(`${base}/stop`));
        await nextMillisecond();
        expect(stopped.kind).toBe('Device');
        expect(stopped.metadata.name).toBe('dev-app');
        expect(lifecycle(stopped).web.desiredState).toBe('stopped');
        expect(stopped.spec).toEqual(deviceSpecWithApp('web'));
        expect(stopped.metadata.generation).toBe(1);

        const started = expectOk(await ctx.api.post(`${base}/start`));
        await nextMillisecond();
        expect(lifecycle(started).web.desiredState).toBe('running');

        const restarted = expectOk(await ctx.api.post(`${base}/restart`));
        await nextMillisecond();
        const first = lifecycle(restarted).web.restartGeneration;
        expect(first).toBeGreaterThanOrEqual(1);
        const again = expectOk(await ctx.api.post(`${base}/restart`));
        await nextMillisecond();
        expect(lifecycle(again).web.restartGeneration).toBe(first + 1);
        expect(lifecycle(expectOk(await ctx.api.get('/devices/dev-app')))).toEqual(lifecycle(again));

        const events = (await eventsFor(ctx.api, 'dev-app', 'Device')).filter(
          (e) => e.reason === 'ApplicationLifecycleChanged',
        );
        expect(events.map((e) => e.details)).toEqual([
          { detailType: 'ApplicationLifecycleChanged', appName: 'web', action: 'stop' },
          { detailType: 'ApplicationLifecycleChanged', appName: 'web', action: 'start' },
          { detailType: 'ApplicationLifecycleChanged', appName: 'web', action: 'restart' },
          { detailType: 'ApplicationLifecycleChanged', appName: 'web', action: 'restart' },
        ]);
        for (const e of events)
          expect(e).toMatchObject({ type: 'Normal', involvedObject: { kind: 'Device', name: 'dev-app' } });
      });

      it('answers 404 for an unknown application or device', async () => {
        expectOk(await ctx.api.post('/devices', device('dev-app-404', { spec: deviceSpecWithApp('web') })), 201);
        for (const action of ['stop', 'start', 'restart']) {
          expectFailure(
            await ctx.api.post(`/devices/dev-app-404/applications/nope/actions/${action}`),
            404,
            notFoundMessage('Application', 'nope'),
          );
          expectFailure(
            await ctx.api.post(`/devices/dev-app-none/applications/web/actions/${action}`),
            404,
            notFoundMessage('Device', 'dev-app-none'),
          );
        }
        const got = expectOk(await ctx.api.get('/devices/dev-app-404'));
        expect(got.metadata.annotations?.[LIFECYCLE]).toBeUndefined();
      });
    });

    describe('resume', () => {
      it('requires a label or field selector', async () => {
        expectFailure(await ctx.api.post('/deviceactions/resume', {}), 400);
        expectFailure(await ctx.api.post('/deviceactions/resume', { labelSelector: 'a in (' }), 400);
        const extra = await ctx.api.post('/deviceactions/resume', { labelSelector: 'a=b', force: true });
        expect(expectFailure(extra, 400).message).toContain('force: unknown field');
      });

      it('clears conflictPaused on the matching devices and counts them', async () => {
        for (const name of ['dev-resume-1', 'dev-resume-2', 'dev-resume-3']) {
          expectOk(await ctx.api.post('/devices', device(name, { labels: { resume: 'group' } })), 201);
        }
        expectOk(await ctx.api.post('/devices', device('dev-resume-other', { labels: { resume: 'other' } })), 201);
        for (const name of ['dev-resume-1', 'dev-resume-2', 'dev-resume-other']) {
          await setAnnotations(ctx, name, { [CONFLICT_PAUSED]: 'true' });
        }

        const res = expectOk(await ctx.api.post('/deviceactions/resume', { labelSelector: 'resume=group' }));
        expect(res).toEqual({ resumedDevices: 2 });
        for (const name of ['dev-resume-1', 'dev-resume-2']) {
          const got = expectOk(await ctx.api.get(`/devices/${name}`));
          expect(got.metadata.annotations?.[CONFLICT_PAUSED]).toBeUndefined();
          const resolved = (await eventsFor(ctx.api, name, 'Device')).filter(
            (e) => e.reason === 'DeviceConflictResolved',
          );
          expect(resolved).toHaveLength(1);
          expect(resolved[0].type).toBe('Normal');
        }
        const other = expectOk(await ctx.api.get('/devices/dev-resume-other'));
        expect(other.metadata.annotations[CONFLICT_PAUSED]).toBe('true');
        expect(
          (await eventsFor(ctx.api, 'dev-resume-3', 'Device')).filter((e) => e.reason === 'DeviceConflictResolved'),
        ).toEqual([]);

        expect(expectOk(await ctx.api.post('/deviceactions/resume', { labelSelector: 'resume=group' }))).toEqual({
          resumedDevices: 0,
        });
        const byField = await ctx.api.post('/deviceactions/resume', {
          fieldSelector: 'metadata.name=dev-resume-other',
        });
        expect(expectOk(byField)).toEqual({ resumedDevices: 1 });
      });
    });

    describe('last seen', () => {
      it('answers 204 until the device is seen, then its time', async () => {
        expectOk(await ctx.api.post('/devices', device('dev-seen')), 201);
        const never = expectOk(await ctx.api.get('/devices/dev-seen/lastseen'), 204);
        expect(never).toBeUndefined();

        const at = new Date('2025-06-07T08:09:10.123Z');
        await ctx.svc.service.store.deviceLastSeen.recordLastSeen(ORG_ID, ['dev-seen'], at);
        const seen = expectOk(await ctx.api.get('/devices/dev-seen/lastseen'));
        expect(Object.keys(seen)).toEqual(['lastSeen']);
        expect(Date.parse(seen.lastSeen)).toBe(at.getTime());

        // Never part of the device itself.
        expect(expectOk(await ctx.api.get('/devices/dev-seen')).status.lastSeen).toBeUndefined();
        expectFailure(
          await ctx.api.get('/devices/dev-seen-none/lastseen'),
          404,
          notFoundMessage('Device', 'dev-seen-none'),
        );
      });
    });

    describe('rendered device', () => {
      it('serves users what the agent is served, at once; 204 when they know the version', async () => {
        const spec = { os: { image: 'quay.io/os:rendered' } };
        expectOk(await ctx.api.post('/devices', device('dev-rendered', { spec })), 201);
        const rendered = expectOk(await ctx.api.get('/devices/dev-rendered/rendered'));
        expect(rendered.metadata.annotations['device-controller/renderedVersion']).toBe('1');
        expect(rendered.spec).toEqual({ ...spec, consoles: [] });
        expect(expectOk(await ctx.api.get('/devices/dev-rendered/rendered?knownRenderedVersion=0'))).toEqual(rendered);
        expect(
          expectOk(await ctx.api.get('/devices/dev-rendered/rendered?knownRenderedVersion=1'), 204),
        ).toBeUndefined();
        expectFailure(
          await ctx.api.get('/devices/dev-rendered/rendered?knownRenderedVersion=1&knownRenderedVersion=2'),
          400,
          'knownRenderedVersion: must be given at most once',
        );
        expectFailure(
          await ctx.api.get('/devices/dev-rendered-none/rendered'),
          404,
          notFoundMessage('Device', 'dev-rendered-none'),
        );
      });
    });

    describe('list summary', () => {
      it('summarises the returned page, or with summaryOnly every matching device', async () => {
        const statuses = ['Online', 'Online', 'Error', 'Degraded', 'Online'];
        for (const [i, summary] of statuses.entries()) {
          const name = `dev-summary-${i}`;
          expectOk(await ctx.api.post('/devices', device(name, { labels: { summary: 'set' } })), 201);
          await setStatus(ctx, name, {
            summary: { status: summary },
            updated: { status: i === 2 ? 'OutOfDate' : 'UpToDate' },
            applicationsSummary: { status: 'Healthy' },
          });
        }

        const page = expectOk(await ctx.api.get(`/devices${q({ labelSelector: 'summary=set', limit: 2 })}`));
        expect(page.items.map((d: Json) => d.metadata.name)).toEqual(['dev-summary-0', 'dev-summary-1']);
        expect(page.summary.total).toBe(2);
        expect(page.summary.summaryStatus).toEqual({ Online: 2 });
        expect(page.summary.updateStatus).toEqual({ UpToDate: 2 });
        expect(page.summary.applicationStatus).toEqual({ Healthy: 2 });

        const all = expectOk(await ctx.api.get(`/devices${q({ labelSelector: 'summary=set', summaryOnly: true })}`));
        expect(all.items).toEqual([]);
        expect(all.summary.total).toBe(5);
        expect(all.summary.summaryStatus).toEqual({ Online: 3, Error: 1, Degraded: 1 });
        expect(all.summary.updateStatus).toEqual({ UpToDate: 4, OutOfDate: 1 });
        expect(all.summary.applicationStatus).toEqual({ Healthy: 5 });

        const filtered = await ctx.api.get(
          `/devices${q({ labelSelector: 'summary=set', fieldSelector: 'status.summary.status=Online', summaryOnly: true })}`,
        );
        expect(expectOk(filtered).summary).toMatchObject({ total: 3, summaryStatus: { Online: 3 } });
      });
    });
  });
}
