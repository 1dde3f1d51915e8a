/**
 * Write semantics (api.md §6.1–6.4, §6.6; service.md §2.3–2.4): create, create-or-replace, patch,
 * generation and resourceVersion, server-managed metadata, owners, deletes, repository secrets.
 */
import { describe, expect, it } from 'vitest';
import {
  API_VERSION,
  MSG,
  ORG_ID,
  OS_IMAGE,
  device,
  deviceStatus,
  enrollmentRequest,
  expectDeleted,
  expectFailure,
  eventsFor,
  expectOk,
  fleet,
  gitRepository,
  notFoundMessage,
  resourceSync,
  setOwner,
  type Json,
  type ServiceContext,
} from '../fixtures.js';

const MASK = '*****';
const OTHER_IMAGE = 'quay.io/example/os:2';

export function writeTests(ctx: ServiceContext): void {
  describe('writes', () => {
    describe('create-or-replace (PUT)', () => {
      it('creates (201) when missing, then replaces (200)', async () => {
        const first = expectOk(await ctx.api.put('/devices/crud-put', device('crud-put', { labels: { a: '1' } })), 201);
        expect(first.metadata).toMatchObject({ name: 'crud-put', generation: 1, resourceVersion: '1' });
        expect(first.apiVersion).toBe(API_VERSION);

        const second = expectOk(
          await ctx.api.put(
            '/devices/crud-put',
            device('crud-put', { labels: { a: '2' }, spec: { os: { image: OTHER_IMAGE } } }),
          ),
        );
        expect(second.metadata).toMatchObject({ labels: { a: '2' }, generation: 2, resourceVersion: '2' });
        expect(second.metadata.creationTimestamp).toBe(first.metadata.creationTimestamp);
        expect(second.spec).toEqual({ os: { image: OTHER_IMAGE } });
        expect(expectOk(await ctx.api.get('/devices/crud-put'))).toMatchObject({
          metadata: { labels: { a: '2' }, generation: 2, resourceVersion: '2' },
          spec: { os: { image: OTHER_IMAGE } },
        });
      });

      it('works the same for every kind', async () => {
        const cases: [string, Json, (b: Json) => void][] = [
          ['/fleets/crud-put-kinds', fleet('crud-put-kinds'), (b) => (b.spec.template.spec.os.image = OTHER_IMAGE)],
          [
            '/repositories/crud-put-kinds',
            gitRepository('crud-put-kinds'),
            (b) => (b.spec.url = 'https://x.example/y.git'),
          ],
          ['/resourcesyncs/crud-put-kinds', resourceSync('crud-put-kinds', 'r'), (b) => (b.spec.path = '/other')],
        ];
        for (const [path, body, change] of cases) {
          expect(expectOk(await ctx.api.put(path, body), 201).metadata.generation).toBe(1);
          change(body);
          const replaced = expectOk(await ctx.api.put(path, body));
          expect(replaced.metadata, path).toMatchObject({ generation: 2, resourceVersion: '2' });
          expect(replaced.spec).toEqual(body.spec);
        }
      });

      it('bumps generation only when the spec changes, and resourceVersion on every write', async () => {
        const path = '/fleets/crud-generation';
        const body = fleet('crud-generation', { labels: { a: '1' } });
        expectOk(await ctx.api.post('/fleets', body), 201);

        body.metadata.labels = { a: '2' };
        expect(expectOk(await ctx.api.put(path, body)).metadata).toMatchObject({ generation: 1, resourceVersion: '2' });

        body.spec.template.spec.os.image = OTHER_IMAGE;
        expect(expectOk(await ctx.api.put(path, body)).metadata).toMatchObject({ generation: 2, resourceVersion: '3' });

        const patched = expectOk(await ctx.api.patch(path, [{ op: 'add', path: '/metadata/labels/b', value: 'x' }]));
        expect(patched.metadata).toMatchObject({ generation: 2, resourceVersion: '4', labels: { a: '2', b: 'x' } });

        const specPatch = [{ op: 'replace', path: '/spec/template/spec/os/image', value: OS_IMAGE }];
        expect(expectOk(await ctx.api.patch(path, specPatch)).metadata).toMatchObject({
          generation: 3,
          resourceVersion: '5',
        });
      });

      it('keeps the labels when the body omits them, and replaces them when given', async () => {
        expectOk(await ctx.api.post('/devices', device('crud-labels', { labels: { keep: 'me', other: 'x' } })), 201);
        const omitted = expectOk(
          await ctx.api.put('/devices/crud-labels', device('crud-labels', { spec: { os: { image: OTHER_IMAGE } } })),
        );
        expect(omitted.metadata.labels).toEqual({ keep: 'me', other: 'x' });
        const replaced = expectOk(
          await ctx.api.put('/devices/crud-labels', device('crud-labels', { labels: { only: 'this' } })),
        );
        expect(replaced.metadata.labels).toEqual({ only: 'this' });
      });

      it('ignores server-managed metadata and status in create and replace bodies', async () => {
        const body = device('crud-managed', { labels: { a: 'b' } });
        Object.assign(body.metadata, {
          owner: 'Fleet/not-mine',
          annotations: { 'device-controller/renderedVersion': '99', mine: 'x' },
          generation: 42,
          resourceVersion: '42',
          creationTimestamp: '2001-02-03T04:05:06Z',
        });
        body.status = deviceStatus({ summary: { status: 'Online' } });
        const created = expectOk(await ctx.api.post('/devices', body), 201);
        expect(created.metadata.owner ?? '').toBe('');
        // The only annotation is the service's own: the first rendered version of the spec.
        expect(created.metadata.annotations).toEqual({ 'device-controller/renderedVersion': '1' });
        expect(created.metadata).toMatchObject({ generation: 1, resourceVersion: '1', labels: { a: 'b' } });
        expect(created.metadata.creationTimestamp).not.toBe('2001-02-03T04:05:06Z');
        expect(Date.parse(created.metadata.creationTimestamp)).toBeGreaterThan(Date.parse('2020-01-01T00:00:00Z'));
        expect(created.status.summary.status).toBe('Unknown');

        // PUT: the owner and annotations set by the service stay; the body's are ignored.
        await setOwner(ctx.svc, 'devices', 'crud-managed', 'Fleet/real');
        const replace = device('crud-managed', { labels: { a: 'c' } });
        Object.assign(replace.metadata, { owner: 'Fleet/other', annotations: { x: 'y' }, generation: 7 });
        replace.status = deviceStatus({ summary: { status: 'Error' } });
        const replaced = expectOk(await ctx.api.put('/devices/crud-managed', replace));
        expect(replaced.metadata).toMatchObject({ owner: 'Fleet/real', labels: { a: 'c' }, generation: 1 });
        expect(replaced.metadata.annotations).toEqual({ 'device-controller/renderedVersion': '1' });
        expect(replaced.status.summary.status).toBe('Unknown');
        expect(replaced.metadata.creationTimestamp).toBe(created.metadata.creationTimestamp);
      });

      it('drops metadata changes other than labels in a patch', async () => {
        expectOk(await ctx.api.post('/devices', device('crud-patch-meta')), 201);
        const res = await ctx.api.patch('/devices/crud-patch-meta', [
          { op: 'add', path: '/metadata/owner', value: 'Fleet/sneaky' },
          { op: 'add', path: '/metadata/annotations', value: { sneaky: 'yes' } },
          { op: 'add', path: '/metadata/labels', value: { visible: 'yes' } },
        ]);
        const patched = expectOk(res);
        expect(patched.metadata.owner ?? '').toBe('');
        expect(patched.metadata.annotations).toEqual({ 'device-controller/renderedVersion': '1' });
        expect(patched.metadata.labels).toEqual({ visible: 'yes' });
      });
    });

    describe('owners', () => {
      it('refuses spec changes to a fleet-owned device (409) but allows label changes', async () => {
        const body = device('crud-owned-dev', { labels: { fleet: 'f' } });
        expectOk(await ctx.api.post('/devices', body), 201);
        await setOwner(ctx.svc, 'devices', 'crud-owned-dev', 'Fleet/f');

        const specChange = device('crud-owned-dev', { labels: { fleet: 'f' }, spec: { os: { image: OTHER_IMAGE } } });
        expectFailure(await ctx.api.put('/devices/crud-owned-dev', specChange), 409, MSG.ownedUpdate);
        const specPatch = [{ op: 'replace', path: '/spec/os/image', value: OTHER_IMAGE }];
        expectFailure(await ctx.api.patch('/devices/crud-owned-dev', specPatch), 409, MSG.ownedUpdate);

        const relabel = device('crud-owned-dev', { labels: { fleet: 'f', extra: 'yes' } });
        const relabelled = expectOk(await ctx.api.put('/devices/crud-owned-dev', relabel));
        expect(relabelled.metadata).toMatchObject({
          owner: 'Fleet/f',
          labels: { fleet: 'f', extra: 'yes' },
          generation: 1,
        });
        const patched = expectOk(
          await ctx.api.patch('/devices/crud-owned-dev', [{ op: 'add', path: '/metadata/labels/more', value: 'yes' }]),
        );
        expect(patched.metadata.labels).toEqual({ fleet: 'f', extra: 'yes', more: 'yes' });
        expect(patched.spec).toEqual({ os: { image: OS_IMAGE } });
      });

      it('refuses spec and label changes and deletion of an owned fleet (409)', async () => {
        expectOk(await ctx.api.post('/fleets', fleet('crud-owned-fleet', { labels: { a: '1' } })), 201);
        await setOwner(ctx.svc, 'fleets', 'crud-owned-fleet', 'ResourceSync/rs');

        const specChange = fleet('crud-owned-fleet', {
          labels: { a: '1' },
          templateSpec: { os: { image: OTHER_IMAGE } },
        });
        expectFailure(await ctx.api.put('/fleets/crud-owned-fleet', specChange), 409, MSG.ownedUpdate);
        const labelChange = fleet('crud-owned-fleet', { labels: { a: '2' } });
        expectFailure(await ctx.api.put('/fleets/crud-owned-fleet', labelChange), 409, MSG.ownedUpdate);
        const labelPatch = [{ op: 'add', path: '/metadata/labels/b', value: 'x' }];
        expectFailure(await ctx.api.patch('/fleets/crud-owned-fleet', labelPatch), 409, MSG.ownedUpdate);
        // Upstream's document declares no 409 for deleteFleet, though its server answers one (api.md §6.6).
        expectFailure(await ctx.api.delete('/fleets/crud-owned-fleet'), 409, MSG.ownedDelete, { upstream: false });

        const current = expectOk(await ctx.api.get('/fleets/crud-owned-fleet'));
        expect(current.metadata).toMatchObject({ owner: 'ResourceSync/rs', labels: { a: '1' }, generation: 1 });

        // A refused deletion is recorded (upstream records every failed deletion); refused updates are not.
        const reasons = (await eventsFor(ctx.api, 'crud-owned-fleet', 'Fleet')).map((e) => [e.reason, e.type]);
        expect(reasons).toContainEqual(['ResourceDeletionFailed', 'Warning']);
        expect(reasons).not.toContainEqual(['ResourceUpdateFailed', 'Warning']);
        const failed = (await eventsFor(ctx.api, 'crud-owned-fleet', 'Fleet')).find(
          (e) => e.reason === 'ResourceDeletionFailed',
        );
        expect(failed.message).toBe(`Fleet deletion failed: ${MSG.ownedDelete}.`);
      });
    });

    describe('deletes', () => {
      it('deletes every kind and answers 200 for objects that do not exist', async () => {
        const cases: [string, Json][] = [
          ['devices', device('crud-delete')],
          ['fleets', fleet('crud-delete')],
          ['repositories', gitRepository('crud-delete')],
          ['resourcesyncs', resourceSync('crud-delete', 'crud-delete')],
          ['enrollmentrequests', enrollmentRequest('crud-delete')],
        ];
        for (const [plural, body] of cases) {
          expectOk(await ctx.api.post(`/${plural}`, body), 201);
          expectDeleted(await ctx.api.delete(`/${plural}/crud-delete`));
          expectFailure(await ctx.api.get(`/${plural}/crud-delete`), 404, notFoundMessage(body.kind, 'crud-delete'));
          expectDeleted(await ctx.api.delete(`/${plural}/crud-delete`));
        }
        expectDeleted(await ctx.api.delete('/certificatesigningrequests/crud-never-existed'));
      });

      it('deletes the enrollment request of a deleted device', async () => {
        expectOk(await ctx.api.post('/enrollmentrequests', enrollmentRequest('crud-dev-er')), 201);
        expectOk(await ctx.api.post('/devices', device('crud-dev-er')), 201);
        expectDeleted(await ctx.api.delete('/devices/crud-dev-er'));
        expectFailure(await ctx.api.get('/enrollmentrequests/crud-dev-er'), 404);
      });

      it('refuses to delete an enrollment request while its device exists (409)', async () => {
        expectOk(await ctx.api.post('/enrollmentrequests', enrollmentRequest('crud-er-dev')), 201);
        expectOk(await ctx.api.post('/devices', device('crud-er-dev')), 201);
        expectFailure(
          await ctx.api.delete('/enrollmentrequests/crud-er-dev'),
          409,
          'cannot delete ER "crud-er-dev": device exists',
        );
        expectOk(await ctx.api.get('/enrollmentrequests/crud-er-dev'));
      });

      it('refuses to replace an enrollment request whose device exists (400)', async () => {
        expectOk(await ctx.api.post('/enrollmentrequests', enrollmentRequest('crud-er-put')), 201);
        expectOk(await ctx.api.post('/devices', device('crud-er-put')), 201);
        const body = enrollmentRequest('crud-er-put', { labels: { changed: 'yes' } });
        expectFailure(await ctx.api.put('/enrollmentrequests/crud-er-put', body), 400, MSG.exists);
        expect(expectOk(await ctx.api.get('/enrollmentrequests/crud-er-put')).metadata.labels ?? {}).toEqual({});
      });

      it('leaves the other objects alone', async () => {
        expectOk(await ctx.api.post('/devices', device('crud-delete-one')), 201);
        expectOk(await ctx.api.post('/devices', device('crud-delete-two')), 201);
        expectDeleted(await ctx.api.delete('/devices/crud-delete-one'));
        expectOk(await ctx.api.get('/devices/crud-delete-two'));
      });
    });

    describe('enrollment request status', () => {
      it('GET returns the whole request, PUT replaces only its status', async () => {
        const created = expectOk(
          await ctx.api.post('/enrollmentrequests', enrollmentRequest('crud-er-status', { labels: { a: 'b' } })),
          201,
        );
        expect(expectOk(await ctx.api.get('/enrollmentrequests/crud-er-status/status'))).toEqual(
          expectOk(await ctx.api.get('/enrollmentrequests/crud-er-status')),
        );
        const body = enrollmentRequest('crud-er-status', { labels: { c: 'd' }, deviceLabels: { e: 'f' } });
        body.status = {
          conditions: [
            {
              type: 'TPMVerified',
              status: 'False',
              reason: 'TPMChallengeRequired',
              message: 'challenge required',
              lastTransitionTime: '2025-01-02T03:04:05Z',
            },
          ],
        };
        const res = expectOk(await ctx.api.put('/enrollmentrequests/crud-er-status/status', body));
        expect(res.status.conditions).toEqual(body.status.conditions);
        expect(res.spec).toEqual(created.spec);
        expect(res.metadata).toMatchObject({ labels: { a: 'b' }, generation: 1 });
        const got = expectOk(await ctx.api.get('/enrollmentrequests/crud-er-status'));
        expect(got.status.conditions).toEqual(body.status.conditions);
      });
    });

    describe('repository secrets', () => {
      it('masks secrets in every response and keeps them when ***** is sent back', async () => {
        const body = gitRepository('crud-secret', {
          spec: {
            type: 'git',
            url: 'https://git.example.com/private.git',
            httpConfig: { username: 'deploy', password: 's3cret', token: 'tok3n' },
          },
        });
        const created = expectOk(await ctx.api.post('/repositories', body), 201);
        expect(created.spec.httpConfig).toEqual({ username: 'deploy', password: MASK, token: MASK });
        const got = expectOk(await ctx.api.get('/repositories/crud-secret'));
        expect(got.spec.httpConfig).toEqual({ username: 'deploy', password: MASK, token: MASK });
        const listed = expectOk(await ctx.api.get('/repositories?fieldSelector=metadata.name%3Dcrud-secret'));
        expect(listed.items[0].spec.httpConfig).toEqual({ username: 'deploy', password: MASK, token: MASK });

        // Send back what was read, with another URL: the secrets are kept.
        got.spec.url = 'https://git.example.com/moved.git';
        const replaced = expectOk(await ctx.api.put('/repositories/crud-secret', got));
        expect(replaced.spec).toEqual({
          type: 'git',
          url: 'https://git.example.com/moved.git',
          httpConfig: { username: 'deploy', password: MASK, token: MASK },
        });
        const stored = await ctx.svc.service.store.repositories.get(ORG_ID, 'crud-secret');
        expect((stored!.spec as Json).httpConfig).toEqual({ username: 'deploy', password: 's3cret', token: 'tok3n' });

        // A patch that leaves the mask in place keeps them too; a new value replaces one.
        expectOk(
          await ctx.api.patch('/repositories/crud-secret', [
            { op: 'replace', path: '/spec/httpConfig/password', value: 'n3w' },
          ]),
        );
        const afterPatch = await ctx.svc.service.store.repositories.get(ORG_ID, 'crud-secret');
        expect((afterPatch!.spec as Json).httpConfig).toEqual({ username: 'deploy', password: 'n3w', token: 'tok3n' });
      });

      it('masks OCI and SSH credentials', async () => {
        const oci = gitRepository('crud-secret-oci', {
          spec: {
            type: 'oci',
            registry: 'registry.example.com',
            ociAuth: { authType: 'docker', username: 'robot', password: 'pw' },
          },
        });
        expect(expectOk(await ctx.api.post('/repositories', oci), 201).spec.ociAuth).toEqual({
          authType: 'docker',
          username: 'robot',
          password: MASK,
        });
        const ssh = gitRepository('crud-secret-ssh', {
          spec: {
            type: 'git',
            url: 'ssh://git@git.example.com/x.git',
            sshConfig: { sshPrivateKey: Buffer.from('key').toString('base64'), privateKeyPassphrase: 'pass' },
          },
        });
        const created = expectOk(await ctx.api.post('/repositories', ssh), 201);
        expect(created.spec.sshConfig).toEqual({ sshPrivateKey: MASK, privateKeyPassphrase: MASK });
      });
    });
  });
}
