/**
 * Failures: the code, and the `Status` body users and clients parse (api.md §3.4, §5.1, §5.4, §6, §7).
 */
import { describe, expect, it } from 'vitest';
import {
  API_VERSION,
  MSG,
  OS_IMAGE,
  device,
  enrollmentRequest,
  expectFailure,
  expectOk,
  fleet,
  gitRepository,
  notFoundMessage,
  q,
  resourceSync,
  type ServiceContext,
} from '../fixtures.js';

const API_ERROR = /^API Error: /;

export function errorTests(ctx: ServiceContext): void {
  describe('API errors', () => {
    describe('request body validation', () => {
      it('rejects an unknown field in the spec, naming its path', async () => {
        const body = device('err-unknown-spec', { spec: { os: { image: OS_IMAGE }, foo: 1 } });
        const status = expectFailure(await ctx.api.post('/devices', body), 400, API_ERROR);
        expect(status.message).toContain('spec.foo: unknown field');
        expectFailure(await ctx.api.get('/devices/err-unknown-spec'), 404);
      });

      it('rejects unknown fields at the top level, in metadata and deep in the spec', async () => {
        const top = { ...device('err-unknown-top'), extra: true };
        expect(expectFailure(await ctx.api.post('/devices', top), 400, API_ERROR).message).toContain(
          'extra: unknown field',
        );

        const meta = device('err-unknown-meta');
        meta.metadata.nickname = 'x';
        expect(expectFailure(await ctx.api.post('/devices', meta), 400, API_ERROR).message).toContain(
          'metadata.nickname: unknown field',
        );

        const deep = device('err-unknown-deep', {
          spec: { applications: [{ name: 'web', appType: 'compose', image: 'quay.io/a/b:1', colour: 'red' }] },
        });
        const msg = expectFailure(await ctx.api.post('/devices', deep), 400, API_ERROR).message;
        expect(msg).toMatch(/spec\.applications(\[0\]|\.0)\.colour: unknown field/);

        const repo = gitRepository('err-unknown-repo', {
          spec: { type: 'git', url: 'https://x.example/r.git', branch: 'main' },
        });
        expect(expectFailure(await ctx.api.post('/repositories', repo), 400, API_ERROR).message).toContain(
          'spec.branch: unknown field',
        );
      });

      it('reports several problems in upstream form, the most relevant first', async () => {
        const body = device('err-two-problems', { spec: { os: { image: OS_IMAGE }, foo: 1, bar: 2 } });
        const { message } = expectFailure(await ctx.api.post('/devices', body), 400);
        expect(message).toMatch(/^API Error: 2 API errors found\. The most relevant is likely:\n/);
        expect(message).toContain('\nOther errors found were:\n');
        expect(message).toContain('spec.foo: unknown field');
        expect(message).toContain('spec.bar: unknown field');
      });

      it('rejects an unknown field in YAML bodies too', async () => {
        const yaml = [
          `apiVersion: ${API_VERSION}`,
          'kind: Device',
          'metadata:',
          '  name: err-unknown-yaml',
          'spec:',
          '  foo: 1',
          '',
        ].join('\n');
        const res = await ctx.api.request('POST', '/devices', { body: yaml, contentType: 'application/yaml' });
        expect(expectFailure(res, 400, API_ERROR).message).toContain('spec.foo: unknown field');
      });

      it('rejects an invalid name: uppercase, longer than 253 characters', async () => {
        const upper = expectFailure(await ctx.api.post('/devices', device('Bad-Name')), 400);
        expect(upper.message).toContain('metadata.name');
        const long = expectFailure(await ctx.api.post('/devices', device('a'.repeat(254))), 400);
        expect(long.message).toContain('metadata.name');
        expectOk(await ctx.api.post('/devices', device('a'.repeat(253))), 201);
      });

      it('rejects invalid label keys and values', async () => {
        const badKey = expectFailure(
          await ctx.api.post('/devices', device('err-label-key', { labels: { 'bad key!': 'x' } })),
          400,
        );
        expect(badKey.message).toContain('metadata.labels');
        const longValue = expectFailure(
          await ctx.api.post('/devices', device('err-label-value', { labels: { site: 'v'.repeat(64) } })),
          400,
        );
        expect(longValue.message).toContain('metadata.labels');
        const badValue = expectFailure(
          await ctx.api.post('/fleets', fleet('err-label-value', { labels: { site: 'no spaces' } })),
          400,
        );
        expect(badValue.message).toContain('metadata.labels');
      });

      it('rejects malformed JSON with a Status body', async () => {
        const res = await ctx.api.request('POST', '/devices', { body: '{"apiVersion": "flightctl.io/v1beta1",' });
        expectFailure(res, 400);
      });

      it('rejects a device created with spec.decommissioning', async () => {
        const body = device('err-decom-create', { spec: { decommissioning: { target: 'Unenroll' } } });
        expectFailure(await ctx.api.post('/devices', body), 400, MSG.decommissioned);
        expectFailure(await ctx.api.put('/devices/err-decom-create', body), 400, MSG.decommissioned);
        expectFailure(await ctx.api.get('/devices/err-decom-create'), 404);
      });
    });

    describe('names, duplicates and missing objects', () => {
      it('answers 404 with "<Kind> of name "<name>" not found" for every kind', async () => {
        const cases: [string, string][] = [
          ['/devices/nope-1', 'Device'],
          ['/devices/nope-1/status', 'Device'],
          ['/devices/nope-1/lastseen', 'Device'],
          ['/fleets/nope-2', 'Fleet'],
          ['/fleets/nope-2/status', 'Fleet'],
          ['/repositories/nope-3', 'Repository'],
          ['/resourcesyncs/nope-4', 'ResourceSync'],
          ['/enrollmentrequests/nope-5', 'EnrollmentRequest'],
          ['/enrollmentrequests/nope-5/status', 'EnrollmentRequest'],
          ['/certificatesigningrequests/nope-6', 'CertificateSigningRequest'],
        ];
        for (const [path, k] of cases) {
          const name = path.split('/')[2]!;
          expectFailure(await ctx.api.get(path), 404, notFoundMessage(k, name));
        }
        expectFailure(
          await ctx.api.patch('/devices/x', [{ op: 'add', path: '/metadata/labels/a', value: 'b' }]),
          404,
          notFoundMessage('Device', 'x'),
        );
      });

      it('rejects a PUT whose body names another object', async () => {
        expectFailure(await ctx.api.put('/devices/err-put-a', device('err-put-b')), 400, MSG.nameMismatch);
        expectFailure(await ctx.api.put('/fleets/err-put-a', fleet('err-put-b')), 400, MSG.nameMismatch);
        expectFailure(await ctx.api.get('/devices/err-put-a'), 404);
        expectFailure(await ctx.api.get('/devices/err-put-b'), 404);
      });

      it('rejects creating an object that exists (409) for every kind', async () => {
        const cases: [string, unknown][] = [
          ['/devices', device('err-dup')],
          ['/fleets', fleet('err-dup')],
          ['/repositories', gitRepository('err-dup')],
          ['/resourcesyncs', resourceSync('err-dup', 'err-dup')],
          ['/enrollmentrequests', enrollmentRequest('err-dup')],
        ];
        for (const [path, body] of cases) {
          expectOk(await ctx.api.post(path, body), 201);
          expectFailure(await ctx.api.post(path, body), 409, MSG.exists);
        }
      });
    });

    describe('optimistic concurrency', () => {
      it('rejects a PUT carrying a stale resourceVersion (409) and accepts the current one', async () => {
        const created = expectOk(await ctx.api.post('/devices', device('err-stale-put')), 201);
        expect(created.metadata.resourceVersion).toBe('1');
        const body = { ...device('err-stale-put', { labels: { a: '1' } }) };
        body.metadata.resourceVersion = '1';
        const updated = expectOk(await ctx.api.put('/devices/err-stale-put', body));
        expect(updated.metadata.resourceVersion).toBe('2');

        const stale = device('err-stale-put', { labels: { a: '2' } });
        stale.metadata.resourceVersion = '1';
        expectFailure(await ctx.api.put('/devices/err-stale-put', stale), 409, MSG.conflict);
        const current = expectOk(await ctx.api.get('/devices/err-stale-put'));
        expect(current.metadata.labels).toEqual({ a: '1' });
        expect(current.metadata.resourceVersion).toBe('2');
      });

      it('rejects a PATCH that sets a stale resourceVersion (409)', async () => {
        expectOk(await ctx.api.post('/fleets', fleet('err-stale-patch')), 201);
        expectOk(
          await ctx.api.patch('/fleets/err-stale-patch', [{ op: 'add', path: '/metadata/labels/a', value: '1' }]),
        );
        const res = await ctx.api.patch('/fleets/err-stale-patch', [
          { op: 'replace', path: '/metadata/resourceVersion', value: '1' },
          { op: 'add', path: '/metadata/labels/a', value: '2' },
        ]);
        expectFailure(res, 409, MSG.conflict);
        const current = expectOk(await ctx.api.get('/fleets/err-stale-patch'));
        expect(current.metadata.labels).toEqual({ a: '1' });
      });

      it('rejects a resourceVersion that is not a decimal integer (400)', async () => {
        expectOk(await ctx.api.post('/devices', device('err-rv-format')), 201);
        const body = device('err-rv-format', { labels: { a: 'b' } });
        body.metadata.resourceVersion = 'abc';
        const status = expectFailure(await ctx.api.put('/devices/err-rv-format', body), 400);
        expect(status.message).toMatch(/resource ?version/i);
        expect(expectOk(await ctx.api.get('/devices/err-rv-format')).metadata.labels ?? {}).toEqual({});
      });
    });

    describe('JSON Patch', () => {
      it('rejects the move and copy operations', async () => {
        expectOk(await ctx.api.post('/devices', device('err-patch-move', { labels: { a: 'b' } })), 201);
        for (const op of ['move', 'copy']) {
          const res = await ctx.api.patch('/devices/err-patch-move', [
            { op, from: '/metadata/labels/a', path: '/metadata/labels/c' },
          ]);
          expectFailure(res, 400, API_ERROR);
        }
        expect(expectOk(await ctx.api.get('/devices/err-patch-move')).metadata.labels).toEqual({ a: 'b' });
      });

      it('fails the whole patch when a test operation fails', async () => {
        expectOk(await ctx.api.post('/devices', device('err-patch-test', { labels: { a: 'b' } })), 201);
        const res = await ctx.api.patch('/devices/err-patch-test', [
          { op: 'test', path: '/metadata/labels/a', value: 'not-b' },
          { op: 'add', path: '/metadata/labels/c', value: 'd' },
        ]);
        expectFailure(res, 400);
        const current = expectOk(await ctx.api.get('/devices/err-patch-test'));
        expect(current.metadata.labels).toEqual({ a: 'b' });
        expect(current.metadata.resourceVersion).toBe('1');

        const passing = await ctx.api.patch('/devices/err-patch-test', [
          { op: 'test', path: '/metadata/labels/a', value: 'b' },
          { op: 'add', path: '/metadata/labels/c', value: 'd' },
        ]);
        expect(expectOk(passing).metadata.labels).toEqual({ a: 'b', c: 'd' });
      });

      it('refuses to change apiVersion, kind, status or metadata.name (400 "… is immutable")', async () => {
        expectOk(await ctx.api.post('/devices', device('err-patch-immutable')), 201);
        const cases: [string, unknown, string][] = [
          ['/apiVersion', 'v1beta1', 'apiVersion'],
          ['/kind', 'Fleet', 'kind'],
          ['/metadata/name', 'other-name', 'metadata.name'],
          ['/status/summary/status', 'Online', 'status'],
        ];
        for (const [path, value, field] of cases) {
          const res = await ctx.api.patch('/devices/err-patch-immutable', [{ op: 'replace', path, value }]);
          expect(expectFailure(res, 400).message).toContain(`${field} is immutable`);
        }
        const current = expectOk(await ctx.api.get('/devices/err-patch-immutable'));
        expect(current.metadata.resourceVersion).toBe('1');
        expect(current.status.summary.status).toBe('Unknown');
      });

      it('rejects a patch that adds an unknown field, naming it', async () => {
        expectOk(await ctx.api.post('/fleets', fleet('err-patch-unknown')), 201);
        const res = await ctx.api.patch('/fleets/err-patch-unknown', [{ op: 'add', path: '/spec/foo', value: 1 }]);
        expect(expectFailure(res, 400, API_ERROR).message).toContain('spec.foo: unknown field');
      });

      it('rejects a patch that makes the object invalid', async () => {
        expectOk(await ctx.api.post('/repositories', gitRepository('err-patch-invalid')), 201);
        const res = await ctx.api.patch('/repositories/err-patch-invalid', [{ op: 'remove', path: '/spec/url' }]);
        expectFailure(res, 400);
      });

      it('rejects a body that is not a JSON Patch array', async () => {
        expectOk(await ctx.api.post('/devices', device('err-patch-shape')), 201);
        expectFailure(await ctx.api.patch('/devices/err-patch-shape', { op: 'add' }), 400);
        expectFailure(await ctx.api.patch('/devices/err-patch-shape', [{ op: 'add', value: 1 }]), 400);
      });

      it('answers 501 "not yet implemented" for PATCH of fleet and enrollment request status', async () => {
        expectOk(await ctx.api.post('/fleets', fleet('err-501')), 201);
        expectOk(await ctx.api.post('/enrollmentrequests', enrollmentRequest('err-501')), 201);
        const ops = [{ op: 'add', path: '/metadata/labels/a', value: 'b' }];
        // Upstream's document declares no 501 for these operations, so there is no schema to check against.
        const noSchema = { upstream: false };
        expectFailure(await ctx.api.patch('/fleets/err-501/status', ops), 501, MSG.notImplemented, noSchema);
        expectFailure(
          await ctx.api.patch('/enrollmentrequests/err-501/status', ops),
          501,
          MSG.notImplemented,
          noSchema,
        );
      });
    });

    describe('list parameters', () => {
      it('treats limit=0 as the default and rejects limit above 1000, negative or not a number', async () => {
        expectOk(await ctx.api.get('/devices?limit=0'));
        expectOk(await ctx.api.get('/devices?limit=1000'));
        expectFailure(await ctx.api.get('/devices?limit=1001'), 400, MSG.limitTooLarge);
        expectFailure(await ctx.api.get('/fleets?limit=1001'), 400, MSG.limitTooLarge);
        expectFailure(await ctx.api.get('/devices?limit=-1'), 400);
        expectFailure(await ctx.api.get('/devices?limit=abc'), 400);
        expectFailure(await ctx.api.get('/events?limit=1001'), 400, MSG.limitTooLarge);
      });

      it('rejects a continue token it did not issue', async () => {
        const garbage = expectFailure(await ctx.api.get('/devices?continue=not-a-token'), 400);
        expect(garbage.message).toMatch(/^failed to parse continue parameter: /);
        const otherVersion = Buffer.from(JSON.stringify({ Version: 2, Names: ['a'], Count: 3 })).toString('base64');
        const v2 = expectFailure(await ctx.api.get(`/devices${q({ continue: otherVersion })}`), 400);
        expect(v2.message).toMatch(/^failed to parse continue parameter: /);
      });

      it('rejects a malformed label selector, naming the offending token', async () => {
        const res = await ctx.api.get(`/devices${q({ labelSelector: 'env in prod' })}`);
        const status = expectFailure(res, 400);
        expect(status.message).toMatch(/^failed to parse label selector: /);
        expect(status.message).toContain('prod');
        const badKey = expectFailure(await ctx.api.get(`/fleets${q({ labelSelector: 'bad key!=x' })}`), 400);
        expect(badKey.message).toMatch(/^failed to parse label selector: /);
      });

      it('rejects an unknown field selector with upstream exact message listing the supported ones', async () => {
        const res = await ctx.api.get(`/fleets${q({ fieldSelector: 'spec.nope=1' })}`);
        expectFailure(
          res,
          400,
          'unknown or unsupported selector: unable to resolve selector name "spec.nope". Supported selectors are: ' +
            '[metadata.creationTimestamp metadata.name metadata.owner spec.template.spec.os.image]',
        );
        const forDevices = expectFailure(await ctx.api.get(`/devices${q({ fieldSelector: 'text' })}`), 400);
        expect(forDevices.message).toMatch(
          /^unknown or unsupported selector: unable to resolve selector name "text"\. Supported selectors are: \[(.*)\]$/,
        );
        const listed = /\[(.*)\]$/.exec(forDevices.message)![1]!.split(' ');
        expect(listed).toEqual([...listed].sort());
        expect(listed).toEqual(
          expect.arrayContaining([
            'metadata.alias',
            'metadata.creationTimestamp',
            'metadata.name',
            'metadata.nameOrAlias',
            'metadata.owner',
            'status.applicationsSummary.status',
            'status.lifecycle.status',
            'status.summary.status',
            'status.updated.status',
          ]),
        );
        // Labels are selected with labelSelector only.
        expectFailure(await ctx.api.get(`/devices${q({ fieldSelector: 'metadata.labels=x' })}`), 400);
      });

      it('rejects an operator the field type does not support', async () => {
        const cases: [string, string, string][] = [
          ['/devices', 'metadata.creationTimestamp contains 2024', 'metadata.creationTimestamp'],
          ['/devices', 'status.summary.status contains Online', 'status.summary.status'],
          ['/devices', 'metadata.name>abc', 'metadata.name'],
          ['/enrollmentrequests', 'status.approval.approved>true', 'status.approval.approved'],
        ];
        for (const [path, selector, field] of cases) {
          const status = expectFailure(await ctx.api.get(`${path}${q({ fieldSelector: selector })}`), 400);
          expect(status.message, selector).toContain(field);
        }
      });

      it('rejects a value that does not parse as the field type', async () => {
        expectFailure(
          await ctx.api.get(`/devices${q({ fieldSelector: 'metadata.creationTimestamp>yesterday' })}`),
          400,
        );
        expectFailure(
          await ctx.api.get(`/enrollmentrequests${q({ fieldSelector: 'status.approval.approved=maybe' })}`),
          400,
        );
      });

      it('rejects summaryOnly together with limit or continue', async () => {
        const msg = "parameters such as 'limit', and 'continue' are not supported when 'summaryOnly' is true";
        expectFailure(await ctx.api.get('/devices?summaryOnly=true&limit=5'), 400, msg);
        expectFailure(await ctx.api.get('/devices?summaryOnly=true&continue=abc'), 400, msg);
      });
    });
  });
}
