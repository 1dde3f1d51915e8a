/**
 * Fleet-only endpoints: devices summary (api.md §4.3, §5.1), status subresource (§6.3, §6.5),
 * application actions (§6.7), template versions (§4.4, §5.2, §6.6).
 */
import { describe, expect, it } from 'vitest';
import {
  MSG,
  ORG_ID,
  OS_IMAGE,
  device,
  deviceSpecWithApp,
  eventsFor,
  expectDeleted,
  expectFailure,
  expectOk,
  fleet,
  nextMillisecond,
  notFoundMessage,
  q,
  setOwner,
  templateVersion,
  type Json,
  type ServiceContext,
} from '../fixtures.js';

const FLEET_LIFECYCLE = 'fleet-controller/applicationLifecycle';

async function createTemplateVersions(ctx: ServiceContext, fleetName: string, names: string[]) {
  for (const name of names) {
    await ctx.svc.service.store.templateVersions.create(ORG_ID, fleetName, templateVersion(fleetName, name));
    await nextMillisecond();
  }
}

export function fleetTests(ctx: ServiceContext): void {
  describe('fleets', () => {
    it("keeps only name and labels of the template's metadata on create and replace", async () => {
      const body = fleet('fl-template-meta');
      body.spec.template.metadata = {
        labels: { role: 'edge' },
        annotations: { 'fleet-controller/templateVersion': 'v9' },
        owner: 'Fleet/other',
        generation: 7,
      };
      const created = expectOk(await ctx.api.post('/fleets', body), 201);
      expect(created.spec.template.metadata).toEqual({ labels: { role: 'edge' } });
      body.spec.template.metadata.labels = { role: 'core' };
      const replaced = expectOk(await ctx.api.put('/fleets/fl-template-meta', body));
      expect(replaced.spec.template.metadata).toEqual({ labels: { role: 'core' } });
    });

    describe('devices summary', () => {
      it('is added to get and list only when asked for', async () => {
        expectOk(await ctx.api.post('/fleets', fleet('fl-summary', { labels: { summary: 'yes' } })), 201);
        for (const name of ['fl-summary-d1', 'fl-summary-d2']) {
          expectOk(await ctx.api.post('/devices', device(name, { labels: { fleet: 'fl-summary' } })), 201);
          await setOwner(ctx.svc, 'devices', name, 'Fleet/fl-summary');
        }
        expectOk(await ctx.api.post('/devices', device('fl-summary-stranger', { labels: { fleet: 'other' } })), 201);

        const plain = expectOk(await ctx.api.get('/fleets/fl-summary'));
        expect(plain.status?.devicesSummary).toBeUndefined();
        const withSummary = expectOk(await ctx.api.get('/fleets/fl-summary?addDevicesSummary=true'));
        expect(withSummary.status.devicesSummary).toMatchObject({
          total: 2,
          summaryStatus: { Unknown: 2 },
          updateStatus: { Unknown: 2 },
          applicationStatus: { Unknown: 2 },
        });

        const list = expectOk(
          await ctx.api.get(`/fleets${q({ labelSelector: 'summary=yes', addDevicesSummary: true })}`),
        );
        expect(list.items).toHaveLength(1);
        expect(list.items[0].status.devicesSummary.total).toBe(2);
        const plainList = expectOk(await ctx.api.get(`/fleets${q({ labelSelector: 'summary=yes' })}`));
        expect(plainList.items[0].status?.devicesSummary).toBeUndefined();
      });
    });

    describe('status subresource', () => {
      it('GET returns the fleet, PUT replaces only its status, PATCH is not implemented', async () => {
        const created = expectOk(await ctx.api.post('/fleets', fleet('fl-status', { labels: { a: 'b' } })), 201);
        expect(expectOk(await ctx.api.get('/fleets/fl-status/status'))).toEqual(
          expectOk(await ctx.api.get('/fleets/fl-status')),
        );

        const body = fleet('fl-status', {
          labels: { changed: 'yes' },
          templateSpec: { os: { image: 'quay.io/x/y:2' } },
        });
        body.status = {
          conditions: [
            {
              type: 'Valid',
              status: 'True',
              reason: 'Valid',
              message: 'Valid',
              lastTransitionTime: '2025-01-02T03:04:05Z',
            },
          ],
        };
        const res = expectOk(await ctx.api.put('/fleets/fl-status/status', body));
        expect(res.status.conditions).toEqual(body.status.conditions);
        expect(res.spec).toEqual(created.spec);
        expect(res.metadata).toMatchObject({ labels: { a: 'b' }, generation: 1 });
        expect(expectOk(await ctx.api.get('/fleets/fl-status')).status.conditions).toEqual(body.status.conditions);

        const ops = [{ op: 'replace', path: '/status/conditions', value: [] }];
        expectFailure(await ctx.api.patch('/fleets/fl-status/status', ops), 501, MSG.notImplemented, {
          upstream: false,
        });
      });
    });

    describe('application actions', () => {
      it('stop and start set the fleet-wide default and emit events', async () => {
        expectOk(await ctx.api.post('/fleets', fleet('fl-app', { templateSpec: deviceSpecWithApp('web') })), 201);
        const lifecycle = (f: Json) => JSON.parse(f.metadata.annotations[FLEET_LIFECYCLE]);

        const stopped = expectOk(await ctx.api.post('/fleets/fl-app/applications/web/actions/stop'));
        await nextMillisecond();
        expect(stopped.kind).toBe('Fleet');
        expect(lifecycle(stopped).web.desiredState).toBe('stopped');
        expect(stopped.spec.template.spec).toEqual(deviceSpecWithApp('web'));
        expect(stopped.metadata.generation).toBe(1);
        const started = expectOk(await ctx.api.post('/fleets/fl-app/applications/web/actions/start'));
        expect(lifecycle(started).web.desiredState).toBe('running');
        expect(lifecycle(expectOk(await ctx.api.get('/fleets/fl-app')))).toEqual(lifecycle(started));

        const events = (await eventsFor(ctx.api, 'fl-app', 'Fleet')).filter(
          (e) => e.reason === 'ApplicationLifecycleChanged',
        );
        expect(events.map((e) => e.details)).toEqual([
          { detailType: 'ApplicationLifecycleChanged', appName: 'web', action: 'stop' },
          { detailType: 'ApplicationLifecycleChanged', appName: 'web', action: 'start' },
        ]);
      });

      it('answers 404 for an unknown application or fleet', async () => {
        expectOk(await ctx.api.post('/fleets', fleet('fl-app-404', { templateSpec: deviceSpecWithApp('web') })), 201);
        expectFailure(
          await ctx.api.post('/fleets/fl-app-404/applications/nope/actions/stop'),
          404,
          notFoundMessage('Application', 'nope'),
        );
        expectFailure(
          await ctx.api.post('/fleets/fl-app-none/applications/web/actions/start'),
          404,
          notFoundMessage('Fleet', 'fl-app-none'),
        );
      });
    });

    describe('template versions', () => {
      it('lists newest first, pages, reads and deletes', async () => {
        expectOk(await ctx.api.post('/fleets', fleet('fl-tv')), 201);
        await createTemplateVersions(ctx, 'fl-tv', ['fl-tv-1', 'fl-tv-2', 'fl-tv-3']);

        const list = expectOk(await ctx.api.get('/fleets/fl-tv/templateversions'));
        expect(list.kind).toBe('TemplateVersionList');
        expect(list.items.map((tv: Json) => tv.metadata.name)).toEqual(['fl-tv-3', 'fl-tv-2', 'fl-tv-1']);
        expect(list.metadata).toEqual({});

        const first = expectOk(await ctx.api.get('/fleets/fl-tv/templateversions?limit=2'));
        expect(first.items.map((tv: Json) => tv.metadata.name)).toEqual(['fl-tv-3', 'fl-tv-2']);
        expect(first.metadata.remainingItemCount).toBe(1);
        const second = expectOk(
          await ctx.api.get(`/fleets/fl-tv/templateversions${q({ limit: 2, continue: first.metadata.continue })}`),
        );
        expect(second.items.map((tv: Json) => tv.metadata.name)).toEqual(['fl-tv-1']);
        expect(second.metadata).toEqual({});

        const tv = expectOk(await ctx.api.get('/fleets/fl-tv/templateversions/fl-tv-2'));
        expect(tv).toMatchObject({
          kind: 'TemplateVersion',
          metadata: { name: 'fl-tv-2', owner: 'Fleet/fl-tv' },
          spec: { fleet: 'fl-tv' },
          status: { os: { image: OS_IMAGE } },
        });

        expectDeleted(await ctx.api.delete('/fleets/fl-tv/templateversions/fl-tv-2'));
        expectFailure(
          await ctx.api.get('/fleets/fl-tv/templateversions/fl-tv-2'),
          404,
          notFoundMessage('TemplateVersion', 'fl-tv-2'),
        );
        const after = expectOk(await ctx.api.get('/fleets/fl-tv/templateversions'));
        expect(after.items.map((tv: Json) => tv.metadata.name)).toEqual(['fl-tv-3', 'fl-tv-1']);
      });

      it('are scoped to their fleet and deleted with it', async () => {
        expectOk(await ctx.api.post('/fleets', fleet('fl-tv-a')), 201);
        expectOk(await ctx.api.post('/fleets', fleet('fl-tv-b')), 201);
        await createTemplateVersions(ctx, 'fl-tv-a', ['v1']);
        await createTemplateVersions(ctx, 'fl-tv-b', ['v1', 'v2']);

        expect(expectOk(await ctx.api.get('/fleets/fl-tv-a/templateversions')).items).toHaveLength(1);
        expect(expectOk(await ctx.api.get('/fleets/fl-tv-b/templateversions')).items).toHaveLength(2);
        expectFailure(
          await ctx.api.get('/fleets/fl-tv-a/templateversions/v2'),
          404,
          notFoundMessage('TemplateVersion', 'v2'),
        );
        expect(expectOk(await ctx.api.get('/fleets/fl-tv-b/templateversions/v1')).spec.fleet).toBe('fl-tv-b');

        expectDeleted(await ctx.api.delete('/fleets/fl-tv-a'));
        expectOk(await ctx.api.post('/fleets', fleet('fl-tv-a')), 201);
        expect(expectOk(await ctx.api.get('/fleets/fl-tv-a/templateversions')).items).toEqual([]);
        expect(expectOk(await ctx.api.get('/fleets/fl-tv-b/templateversions')).items).toHaveLength(2);
      });

      it('accept field selectors', async () => {
        expectOk(await ctx.api.post('/fleets', fleet('fl-tv-sel')), 201);
        await createTemplateVersions(ctx, 'fl-tv-sel', ['s1', 's2']);
        const res = await ctx.api.get(`/fleets/fl-tv-sel/templateversions${q({ fieldSelector: 'metadata.name=s1' })}`);
        expect(expectOk(res).items.map((tv: Json) => tv.metadata.name)).toEqual(['s1']);
      });
    });
  });
}
