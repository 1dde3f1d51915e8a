/**
 * Cross-cutting behaviour (api.md §1.2–1.6): TLS, health, version, security headers, request ids,
 * API version negotiation, unknown paths, organizations, the auth endpoints without auth configured,
 * and our OpenAPI document with every operation in it routed.
 */
import { describe, expect, it } from 'vitest';
import { OPERATIONS } from '@flightctl/api';
import {
  API_VERSION,
  ORG_ID,
  device,
  expectFailure,
  expectOk,
  expectUpstreamValid,
  fleet,
  q,
  type ApiResponse,
  type Json,
  type ServiceContext,
} from '../fixtures.js';

const SECURITY_HEADERS = {
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
};

function expectSecurityHeaders(res: ApiResponse) {
  for (const [header, value] of Object.entries(SECURITY_HEADERS)) {
    expect(res.headers.get(header), `${header} on ${res.method} ${res.path} (${res.status})`).toBe(value);
  }
}

function expectNegotiated(res: ApiResponse) {
  expect(res.headers.get('flightctl-api-version'), `${res.method} ${res.path}`).toBe('v1beta1');
  expect(res.headers.get('vary') ?? '', `${res.method} ${res.path}`).toMatch(/(^|,\s*)Flightctl-API-Version(\s*,|$)/i);
  expect(res.headers.get('deprecation')).toBeNull();
}

const NOT_SUPPORTED = 'Requested API version is not supported for this endpoint. Supported versions: v1beta1';

export function metaTests(ctx: ServiceContext): void {
  describe('service basics', () => {
    describe('TLS', () => {
      it('serves HTTPS with a certificate signed by the generated CA', async () => {
        expect(ctx.svc.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
        expect(ctx.svc.service.caCertPath).toBeTruthy();
        expectOk(await ctx.api.get('/version'));
        // Without the CA the certificate is not trusted.
        await expect(fetch(`${ctx.svc.url}/healthz`)).rejects.toThrow();
      });
    });

    describe('health and version', () => {
      it('answers /healthz and /readyz', async () => {
        for (const path of ['/healthz', '/readyz']) {
          const res = await ctx.api.raw('GET', path);
          expect(res.status, path).toBe(200);
          expectSecurityHeaders(res);
        }
      });

      it('reports the version at /api/v1/version and /api/version', async () => {
        const v1 = expectOk(await ctx.api.get('/version'));
        expect(Object.keys(v1)).toEqual(['version']);
        expect(typeof v1.version).toBe('string');
        expect(v1.version.length).toBeGreaterThan(0);
        const alias = await ctx.api.raw('GET', '/api/version');
        expect(alias.status).toBe(200);
        expect(alias.body).toEqual(v1);
      });
    });

    describe('headers', () => {
      it('sends the security headers on every response, errors included', async () => {
        const responses = [
          await ctx.api.get('/devices'),
          await ctx.api.post('/devices', device('meta-headers')),
          await ctx.api.get('/devices/meta-none'),
          await ctx.api.post('/devices', { kind: 'Device' }),
          await ctx.api.get('/devices', { 'Flightctl-API-Version': 'v9' }),
          await ctx.api.raw('GET', '/no/such/path'),
          await ctx.api.get('/openapi.json'),
          await ctx.api.raw('GET', '/api/version'),
          await ctx.api.delete('/devices/meta-headers'),
        ];
        expect(responses.map((r) => r.status)).toEqual([200, 201, 404, 400, 406, 404, 200, 200, 200]);
        for (const res of responses) expectSecurityHeaders(res);
      });

      it('sends Flightctl-API-Version and Vary on API responses', async () => {
        const responses = [
          await ctx.api.get('/devices'),
          await ctx.api.post('/fleets', fleet('meta-negotiated')),
          await ctx.api.get('/fleets/meta-negotiated'),
          await ctx.api.get('/events'),
          await ctx.api.get('/version'),
          await ctx.api.get('/devices', { 'Flightctl-API-Version': 'v1beta1' }),
        ];
        for (const res of responses) {
          expect(res.status).toBeLessThan(300);
          expectNegotiated(res);
        }
      });

      it('echoes X-Request-Id, or generates a fresh one', async () => {
        const mine = await ctx.api.get('/devices', { 'X-Request-Id': 'meta-request-1' });
        expect(mine.headers.get('x-request-id')).toBe('meta-request-1');
        const a = (await ctx.api.get('/devices')).headers.get('x-request-id');
        const b = (await ctx.api.get('/devices/meta-none')).headers.get('x-request-id');
        expect(a).toBeTruthy();
        expect(b).toBeTruthy();
        expect(a).not.toBe(b);
      });
    });

    describe('API version negotiation', () => {
      it('accepts no header or v1beta1', async () => {
        expectOk(await ctx.api.get('/fleets'));
        expectOk(await ctx.api.get('/fleets', { 'Flightctl-API-Version': 'v1beta1' }));
      });

      it('answers 406 for any other version, listing the supported ones', async () => {
        for (const version of ['v1alpha1', 'v2', 'flightctl.io/v1beta1']) {
          const res = await ctx.api.get('/devices', { 'Flightctl-API-Version': version });
          expect(res.status, version).toBe(406);
          expect(res.headers.get('flightctl-api-versions-supported')).toBe('v1beta1');
          // A partial Status: only code, reason and message are filled (api.md §1.4, §7).
          expect(res.body).toEqual({
            apiVersion: '',
            kind: '',
            status: '',
            code: 406,
            reason: 'Not Acceptable',
            message: NOT_SUPPORTED,
          });
        }
        const write = await ctx.api.post('/devices', device('meta-406'), { 'Flightctl-API-Version': 'v1alpha1' });
        expect(write.status).toBe(406);
        expect((await ctx.api.get('/devices/meta-406')).status).toBe(404);
      });

      it('applies to unknown paths too', async () => {
        const res = await ctx.api.get('/nothing-here', { 'Flightctl-API-Version': 'v2' });
        expect(res.status).toBe(406);
        expect(res.headers.get('flightctl-api-versions-supported')).toBe('v1beta1');
      });
    });

    describe('unknown paths', () => {
      it('answers 404 with a Status body', async () => {
        for (const path of ['/api/v1/nothing-here', '/api/v1/devices/a/b/c', '/nothing-here', '/api/v2/devices']) {
          const res = await ctx.api.raw('GET', path);
          expect(res.status, path).toBe(404);
          expect(res.body, path).toMatchObject({ kind: 'Status', code: 404, status: 'Failure', reason: 'Not Found' });
        }
      });
    });

    describe('organizations', () => {
      it('accepts the default organization id, rejects malformed (400) and unknown (403) ones', async () => {
        expectOk(await ctx.api.post(`/devices${q({ org_id: ORG_ID })}`, device('meta-org')), 201);
        const listed = expectOk(
          await ctx.api.get(`/devices${q({ org_id: ORG_ID, fieldSelector: 'metadata.name=meta-org' })}`),
        );
        expect(listed.items.map((d: Json) => d.metadata.name)).toEqual(['meta-org']);
        expectOk(await ctx.api.get(`/devices/meta-org${q({ org_id: ORG_ID })}`));

        expectFailure(
          await ctx.api.get(`/devices${q({ org_id: 'not-a-uuid' })}`),
          400,
          'invalid organization ID format',
        );
        const unknown = 'a1b2c3d4-0000-4000-8000-000000000001';
        const denied = 'access denied to organization';
        expectFailure(await ctx.api.get(`/devices${q({ org_id: unknown })}`), 403, denied);
        expectFailure(await ctx.api.post(`/devices${q({ org_id: unknown })}`, device('meta-org-other')), 403, denied);
        expect((await ctx.api.get('/devices/meta-org-other')).status).toBe(404);
      });
    });

    describe('auth endpoints without authentication configured', () => {
      it('serves the auth config, validate and permissions', async () => {
        const config = expectOk(await ctx.api.get('/auth/config'));
        expect(config).toEqual({ apiVersion: API_VERSION, providers: [], organizationsEnabled: false });

        expect(expectOk(await ctx.api.get('/auth/validate'))).toMatchObject({
          kind: 'Status',
          code: 200,
          status: 'Success',
        });

        const permissions = expectOk(await ctx.api.get('/auth/permissions'));
        expect(permissions.permissions).toEqual(
          expect.arrayContaining([expect.objectContaining({ resource: '*', operations: ['*'] })]),
        );
      });

      it('answers userinfo with 418 Auth not configured', async () => {
        const userinfo = await ctx.api.get('/auth/userinfo');
        expect(userinfo.status).toBe(418);
        // Upstream's StatusAuthNotConfigured sets reason "Auth not configured", not "I'm a teapot" (api.md §1.5).
        expect(userinfo.body).toMatchObject({
          apiVersion: API_VERSION,
          kind: 'Status',
          code: 418,
          status: 'Failure',
          reason: 'Auth not configured',
        });
        expectUpstreamValid(userinfo);
      });
    });

    describe('OpenAPI document', () => {
      it('is served as OpenAPI 3.1 with exactly the operations we implement', async () => {
        const res = await ctx.api.get('/openapi.json');
        expect(res.status).toBe(200);
        const doc = res.body;
        expect(doc.openapi).toMatch(/^3\.1\./);
        const served = Object.entries(doc.paths as Record<string, Record<string, Json>>)
          .flatMap(([path, ops]) =>
            Object.keys(ops)
              .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
              .map((m) => `${m.toUpperCase()} ${path}`),
          )
          .sort();
        expect(served).toEqual(OPERATIONS.map((o) => `${o.method.toUpperCase()} ${o.path}`).sort());
      });

      it('routes every operation it lists', async () => {
        const doc = (await ctx.api.get('/openapi.json')).body;
        const unrouted: string[] = [];
        for (const [template, ops] of Object.entries(doc.paths as Record<string, Record<string, Json>>)) {
          const path = template
            .replace('{name}', 'route-probe')
            .replace('{fleet}', 'route-probe')
            .replace('{appname}', 'route-app');
          for (const method of Object.keys(ops).filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))) {
            const body = ops[method].requestBody ? (method === 'patch' ? [] : {}) : undefined;
            const contentType = method === 'patch' ? 'application/json-patch+json' : undefined;
            const res = await ctx.api.request(method.toUpperCase(), path, { body, contentType });
            // A routed operation answers, at worst, that the object it is about does not exist.
            const missingObject = res.status === 404 && /^\w+ of name "[^"]+" not found$/.test(res.body?.message ?? '');
            if ((res.status === 404 && !missingObject) || res.status === 405 || res.status >= 500) {
              unrouted.push(`${method.toUpperCase()} ${template} → ${res.status} ${res.text.slice(0, 200)}`);
            }
          }
        }
        expect(unrouted).toEqual([]);
      });
    });
  });
}
