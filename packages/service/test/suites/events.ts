/**
 * Events of API writes (api.md §4.9, §9; service.md §8): what each write records, with the request id
 * and the actor, and how the event list filters, orders and pages.
 */
import { describe, expect, it } from 'vitest';
import {
  API_VERSION,
  OS_IMAGE,
  device,
  enrollmentRequest,
  eventsFor,
  expectDeleted,
  expectFailure,
  expectOk,
  fleet,
  gitRepository,
  nextMillisecond,
  q,
  resourceSync,
  type Json,
  type ServiceContext,
} from '../fixtures.js';

const REQUEST_ID = 'event-controller/requestID';

export function eventTests(ctx: ServiceContext): void {
  describe('events', () => {
    const withId = (id: string) => ({ 'X-Request-Id': id });

    it('records created, updated and deleted with the request id and actor', async () => {
      const id = `${ctx.svc.kind}-ev-crud`;
      const created = await ctx.api.post('/devices', device('ev-crud', { labels: { a: '1' } }), withId(`${id}-create`));
      expectOk(created, 201);
      expect(created.headers.get('x-request-id')).toBe(`${id}-create`);
      await nextMillisecond();

      const relabel = await ctx.api.put(
        '/devices/ev-crud',
        device('ev-crud', { labels: { a: '2' } }),
        withId(`${id}-labels`),
      );
      expectOk(relabel);
      await nextMillisecond();
      const respec = device('ev-crud', { labels: { a: '2' }, spec: { os: { image: 'quay.io/x/y:2' } } });
      expectOk(await ctx.api.put('/devices/ev-crud', respec, withId(`${id}-spec`)));
      await nextMillisecond();
      const patch = [{ op: 'add', path: '/metadata/labels/b', value: 'x' }];
      expectOk(await ctx.api.patch('/devices/ev-crud', patch, withId(`${id}-patch`)));
      await nextMillisecond();
      expectDeleted(await ctx.api.delete('/devices/ev-crud', withId(`${id}-delete`)));

      const events = await eventsFor(ctx.api, 'ev-crud', 'Device');
      expect(events.map((e) => [e.reason, e.metadata.annotations?.[REQUEST_ID]])).toEqual([
        ['ResourceCreated', `${id}-create`],
        ['ResourceUpdated', `${id}-labels`],
        ['ResourceUpdated', `${id}-spec`],
        ['ResourceUpdated', `${id}-patch`],
        ['ResourceDeleted', `${id}-delete`],
      ]);
      for (const e of events) {
        expect(e).toMatchObject({
          apiVersion: API_VERSION,
          kind: 'Event',
          involvedObject: { kind: 'Device', name: 'ev-crud' },
          type: 'Normal',
          source: { component: 'flightctl-api' },
          actor: 'user:anonymous',
        });
        expect(typeof e.message).toBe('string');
        expect(e.metadata.name).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
        expect(Date.parse(e.metadata.creationTimestamp)).not.toBeNaN();
      }
      expect(events[1].details).toEqual({ detailType: 'ResourceUpdated', updatedFields: ['labels'] });
      expect(events[2].details.detailType).toBe('ResourceUpdated');
      expect(events[2].details.updatedFields).toContain('spec');
      expect(events[2].details.updatedFields).not.toContain('labels');
      expect(events[3].details).toEqual({ detailType: 'ResourceUpdated', updatedFields: ['labels'] });
    });

    it('records the writes of every kind, each with its request id', async () => {
      const cases: [string, string, Json, (b: Json) => void][] = [
        ['fleets', 'Fleet', fleet('ev-kind'), (b) => (b.metadata.labels = { a: 'b' })],
        ['repositories', 'Repository', gitRepository('ev-kind'), (b) => (b.spec.url = 'https://x.example/z.git')],
        ['resourcesyncs', 'ResourceSync', resourceSync('ev-kind', 'r'), (b) => (b.spec.path = '/elsewhere')],
        [
          'enrollmentrequests',
          'EnrollmentRequest',
          enrollmentRequest('ev-kind'),
          (b) => (b.metadata.labels = { a: 'b' }),
        ],
      ];
      for (const [plural, kind, body, change] of cases) {
        expectOk(await ctx.api.post(`/${plural}`, body, withId(`ev-kind-${plural}-1`)), 201);
        await nextMillisecond();
        change(body);
        expectOk(await ctx.api.put(`/${plural}/ev-kind`, body, withId(`ev-kind-${plural}-2`)));
        await nextMillisecond();
        expectDeleted(await ctx.api.delete(`/${plural}/ev-kind`, withId(`ev-kind-${plural}-3`)));
        const events = await eventsFor(ctx.api, 'ev-kind', kind);
        expect(
          events.map((e) => [e.reason, e.involvedObject.kind, e.metadata.annotations?.[REQUEST_ID]]),
          kind,
        ).toEqual([
          ['ResourceCreated', kind, `ev-kind-${plural}-1`],
          ['ResourceUpdated', kind, `ev-kind-${plural}-2`],
          ['ResourceDeleted', kind, `ev-kind-${plural}-3`],
        ]);
        for (const e of events) expect(e).toMatchObject({ type: 'Normal', actor: 'user:anonymous' });
      }
    });

    it('records no update when nothing changed', async () => {
      const body = device('ev-noop', { labels: { a: '1' } });
      expectOk(await ctx.api.post('/devices', body), 201);
      const same = expectOk(await ctx.api.put('/devices/ev-noop', body));
      expectOk(await ctx.api.patch('/devices/ev-noop', [{ op: 'add', path: '/metadata/labels/a', value: '1' }]));
      expect((await eventsFor(ctx.api, 'ev-noop')).map((e) => e.reason)).toEqual(['ResourceCreated']);
      expect(same.metadata.generation).toBe(1);
    });

    it('names the fleet fields that changed', async () => {
      const body = fleet('ev-fleet', { selector: { role: 'a' } });
      expectOk(await ctx.api.post('/fleets', body), 201);
      body.spec.selector = { matchLabels: { role: 'b' } };
      expectOk(await ctx.api.put('/fleets/ev-fleet', body));
      body.spec.template.spec.os.image = 'quay.io/x/y:3';
      expectOk(await ctx.api.put('/fleets/ev-fleet', body));
      const updates = (await eventsFor(ctx.api, 'ev-fleet', 'Fleet')).filter((e) => e.reason === 'ResourceUpdated');
      expect(updates).toHaveLength(2);
      expect(updates[0].details.updatedFields).toContain('spec.selector');
      expect(updates[0].details.updatedFields).not.toContain('spec.template');
      expect(updates[1].details.updatedFields).toContain('spec.template');
      expect(updates[1].details.updatedFields).not.toContain('spec.selector');
    });

    it('generates a request id when none is sent, and records it', async () => {
      const res = await ctx.api.post('/repositories', gitRepository('ev-generated-id'));
      expectOk(res, 201);
      const id = res.headers.get('x-request-id');
      expect(id).toBeTruthy();
      const [event] = await eventsFor(ctx.api, 'ev-generated-id', 'Repository');
      expect(event).toMatchObject({ reason: 'ResourceCreated', metadata: { annotations: { [REQUEST_ID]: id } } });
    });

    it('records no event for a failed write', async () => {
      const bad = device('ev-failed', { spec: { os: { image: OS_IMAGE }, foo: 1 } });
      expect((await ctx.api.post('/devices', bad)).status).toBe(400);
      expect(await eventsFor(ctx.api, 'ev-failed')).toEqual([]);
    });

    describe('listing', () => {
      it('filters by involved object, reason and type', async () => {
        expectOk(await ctx.api.post('/devices', device('ev-filter-a')), 201);
        await nextMillisecond();
        expectOk(await ctx.api.post('/devices', device('ev-filter-b')), 201);
        await nextMillisecond();
        expectDeleted(await ctx.api.delete('/devices/ev-filter-b'));

        const sel = async (fieldSelector: string) =>
          expectOk(await ctx.api.get(`/events${q({ fieldSelector, order: 'asc' })}`)).items.map(
            (e: Json) => `${e.involvedObject.name}:${e.reason}`,
          );
        expect(await sel('involvedObject.name in (ev-filter-a,ev-filter-b)')).toEqual([
          'ev-filter-a:ResourceCreated',
          'ev-filter-b:ResourceCreated',
          'ev-filter-b:ResourceDeleted',
        ]);
        expect(await sel('involvedObject.name in (ev-filter-a,ev-filter-b),reason=ResourceDeleted')).toEqual([
          'ev-filter-b:ResourceDeleted',
        ]);
        expect(await sel('involvedObject.name=ev-filter-a,type=Normal')).toEqual(['ev-filter-a:ResourceCreated']);
        expect(await sel('involvedObject.name=ev-filter-a,type=Warning')).toEqual([]);
        expect(await sel('involvedObject.name=ev-filter-a,involvedObject.kind=Fleet')).toEqual([]);
        expect(await sel('involvedObject.name=ev-filter-a,actor=user:anonymous')).toEqual([
          'ev-filter-a:ResourceCreated',
        ]);
      });

      it('orders newest first by default, oldest first with order=asc, and pages', async () => {
        for (const name of ['ev-order-1', 'ev-order-2', 'ev-order-3']) {
          expectOk(await ctx.api.post('/devices', device(name, { labels: { ev: 'order' } })), 201);
          await nextMillisecond();
        }
        const selector = 'involvedObject.name in (ev-order-1,ev-order-2,ev-order-3)';
        const objects = (list: Json) => list.items.map((e: Json) => e.involvedObject.name);

        const desc = expectOk(await ctx.api.get(`/events${q({ fieldSelector: selector })}`));
        expect(desc.kind).toBe('EventList');
        expect(objects(desc)).toEqual(['ev-order-3', 'ev-order-2', 'ev-order-1']);
        const explicitDesc = expectOk(await ctx.api.get(`/events${q({ fieldSelector: selector, order: 'desc' })}`));
        expect(objects(explicitDesc)).toEqual(['ev-order-3', 'ev-order-2', 'ev-order-1']);
        const asc = expectOk(await ctx.api.get(`/events${q({ fieldSelector: selector, order: 'asc' })}`));
        expect(objects(asc)).toEqual(['ev-order-1', 'ev-order-2', 'ev-order-3']);

        const p1 = expectOk(await ctx.api.get(`/events${q({ fieldSelector: selector, limit: 2 })}`));
        expect(objects(p1)).toEqual(['ev-order-3', 'ev-order-2']);
        expect(p1.metadata.remainingItemCount).toBe(1);
        const p2 = expectOk(
          await ctx.api.get(`/events${q({ fieldSelector: selector, limit: 2, continue: p1.metadata.continue })}`),
        );
        expect(objects(p2)).toEqual(['ev-order-1']);
        expect(p2.metadata).toEqual({});

        const a1 = expectOk(await ctx.api.get(`/events${q({ fieldSelector: selector, order: 'asc', limit: 2 })}`));
        expect(objects(a1)).toEqual(['ev-order-1', 'ev-order-2']);
        const a2 = expectOk(
          await ctx.api.get(
            `/events${q({ fieldSelector: selector, order: 'asc', limit: 2, continue: a1.metadata.continue })}`,
          ),
        );
        expect(objects(a2)).toEqual(['ev-order-3']);
      });

      it('rejects an unknown order or field', async () => {
        expectFailure(await ctx.api.get('/events?order=sideways'), 400);
        expectFailure(await ctx.api.get(`/events${q({ fieldSelector: 'message=x' })}`), 400);
      });
    });
  });
}
