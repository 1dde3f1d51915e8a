/**
 * The agent API's enrollment and certificate routes (ref/api.md §2.4, ref/service.md §6.3–6.4, §6.7),
 * mounted on a bare Fastify instance whose hook sets `request.agentIdentity` as the mTLS listener's
 * authentication does (from a test header here). Identities are read from certificates the service issued.
 */
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, openTestDatabase, type TestDatabase } from '@flightctl/testing';
import { loadConfig } from '../src/config/load-config.js';
import { readFlightctlFields } from '../src/crypto/certificate-extensions.js';
import { CertificateServices } from '../src/crypto/certificate-services.js';
import { EnrollmentApproval } from '../src/resources/enrollment-approval.js';
import type { AgentIdentity } from '../src/server/agent-identity.js';
import { errorHandling } from '../src/server/error-handler.js';
import { registerAgentEnrollmentRoutes } from '../src/server/routes/agent-enrollment-routes.js';
import { Store } from '../src/store/index.js';
import { organizations } from '../src/store/schema.js';
import { deviceCsr, testCsr } from './certificate-request-fixture.js';
import { API_VERSION, type Json } from './fixtures.js';

const ORG = '00000000-0000-0000-0000-000000000000';
const SITE_ORG = '7b0e4c4e-6f4a-4d8e-9a55-0c8c1f1e2d3a';
const IDENTITY_HEADER = 'x-test-agent-identity';
const enrollmentIdentity: AgentIdentity = { kind: 'enrollment', orgId: SITE_ORG, commonName: 'client-enrollment' };

describe.each(databaseKinds())('agent enrollment routes on %s', (kind) => {
  let db: TestDatabase;
  let store: Store;
  let certificates: CertificateServices;
  let app: FastifyInstance;
  const dataDir = mkdtempSync(join(tmpdir(), 'flightctl-agent-routes-'));

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    store = new Store(db.database.db);
    await store.db.insert(organizations).values({ id: SITE_ORG, displayName: 'site' });
    const { config } = loadConfig({ path: null, env: {}, overrides: { dataDir } });
    certificates = await CertificateServices.load(config);
    app = Fastify();
    errorHandling(app);
    app.addHook('onRequest', async (request) => {
      const header = request.headers[IDENTITY_HEADER];
      if (typeof header === 'string') request.agentIdentity = JSON.parse(header) as AgentIdentity;
    });
    registerAgentEnrollmentRoutes(app, { store, certificates });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await db?.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function call(method: 'GET' | 'POST', url: string, identity?: AgentIdentity, body?: unknown) {
    const res = await app.inject({
      method,
      url,
      headers: identity ? { [IDENTITY_HEADER]: JSON.stringify(identity) } : {},
      ...(body !== undefined ? { payload: body as object } : {}),
    });
    return { status: res.statusCode, body: res.json() as Json };
  }

  const erBody = (name: string, csr: string, extra: Json = {}) => ({
    apiVersion: API_VERSION,
    kind: 'EnrollmentRequest',
    metadata: { name, ...extra.metadata },
    spec: { csr, labels: { site: 'a' } },
    ...(extra.status ? { status: extra.status } : {}),
  });

  const csrBody = (name: string, request: string, signerName: string, extra: Json = {}) => ({
    apiVersion: API_VERSION,
    kind: 'CertificateSigningRequest',
    metadata: { name, ...extra.metadata },
    spec: { request, signerName, usages: ['clientAuth', 'CA:false'] },
    ...(extra.status ? { status: extra.status } : {}),
  });

  /** Enrolls a device through the routes and a user's approval; returns the identity of its certificate. */
  async function enrolledDevice(): Promise<AgentIdentity & { kind: 'device' }> {
    const csr = await deviceCsr();
    expect(
      (await call('POST', '/api/v1/enrollmentrequests', enrollmentIdentity, erBody(csr.name, csr.pem))).status,
    ).toBe(201);
    const user = { orgId: SITE_ORG, actor: 'user:admin', requestId: 'test' };
    await new EnrollmentApproval(store, certificates, 5 * 60_000).approve(user, csr.name, { approved: true });
    const { body: er } = await call('GET', `/api/v1/enrollmentrequests/${csr.name}`, enrollmentIdentity);
    const cert = new X509Certificate(er.status.certificate);
    const fields = readFlightctlFields(cert.raw);
    return {
      kind: 'device',
      orgId: fields.orgId!,
      fingerprint: fields.fingerprint!,
      signerName: fields.signerName!,
      commonName: cert.subject.replace(/^CN=/, ''),
    };
  }

  describe('enrollment requests', () => {
    it('creates the request in the organization of the enrollment certificate, without its managed fields', async () => {
      const csr = await deviceCsr();
      const body = erBody(csr.name, csr.pem, {
        metadata: { owner: 'Fleet/mine', annotations: { a: 'b' }, resourceVersion: '7' },
        status: { certificate: 'forged', conditions: [] },
      });
      const created = await call('POST', '/api/v1/enrollmentrequests', enrollmentIdentity, body);
      expect(created.status).toBe(201);
      expect(created.body.metadata).toMatchObject({ name: csr.name, labels: {}, resourceVersion: '1' });
      expect(created.body.metadata.owner).toBeUndefined();
      expect(created.body.metadata.annotations ?? {}).toEqual({});
      expect(created.body.status).toEqual({ conditions: [] });
      expect(await store.enrollmentRequests.get(SITE_ORG, csr.name)).toBeDefined();
      expect(await store.enrollmentRequests.get(ORG, csr.name)).toBeUndefined();

      expect((await call('POST', '/api/v1/enrollmentrequests', enrollmentIdentity, body)).status).toBe(409);
      const read = await call('GET', `/api/v1/enrollmentrequests/${csr.name}`, enrollmentIdentity);
      expect(read).toMatchObject({ status: 200, body: { metadata: { name: csr.name } } });
      const elsewhere = { ...enrollmentIdentity, orgId: ORG };
      expect((await call('GET', `/api/v1/enrollmentrequests/${csr.name}`, elsewhere)).status).toBe(404);
    });

    it('refuses a CSR whose CN is not the requested device name', async () => {
      const csr = await deviceCsr();
      const other = await deviceCsr();
      const res = await call('POST', '/api/v1/enrollmentrequests', enrollmentIdentity, erBody(other.name, csr.pem));
      expect(res.status).toBe(400);
      expect(res.body.message).toBe(
        `attempt to supply a fake CN, possible identity theft, csr: device:${csr.name}, metadata device:${other.name}`,
      );
    });

    it('answers 401 without an enrollment certificate', async () => {
      const csr = await deviceCsr();
      const device = await enrolledDevice();
      for (const identity of [undefined, device]) {
        const post = await call('POST', '/api/v1/enrollmentrequests', identity, erBody(csr.name, csr.pem));
        expect(post).toMatchObject({ status: 401, body: { kind: 'Status', code: 401, reason: 'Unauthorized' } });
        expect((await call('GET', `/api/v1/enrollmentrequests/${device.fingerprint}`, identity)).status).toBe(401);
      }
    });
  });

  describe('certificate signing requests', () => {
    it('signs renewal and device-service requests of the device at once, owned by it', async () => {
      const device = await enrolledDevice();
      const fp = device.fingerprint;
      const renewal = await testCsr(`device:${fp}`);
      const created = await call(
        'POST',
        '/api/v1/certificatesigningrequests',
        device,
        csrBody(`renew-${fp}`, renewal.base64, 'flightctl.io/device-management-renewal', {
          metadata: { owner: 'Device/someone-else' },
          status: {
            conditions: [
              { type: 'Denied', status: 'True', reason: 'x', message: 'x', lastTransitionTime: '2026-01-01T00:00:00Z' },
            ],
          },
        }),
      );
      expect(created.status).toBe(201);
      expect(created.body.metadata.owner).toBe(`Device/${fp}`);
      expect(created.body.status.conditions).toEqual([
        expect.objectContaining({ type: 'Approved', status: 'True', reason: 'Approved' }),
      ]);
      const cert = new X509Certificate(Buffer.from(created.body.status.certificate, 'base64'));
      expect(cert.subject).toBe(`CN=device:${fp}`);
      expect(readFlightctlFields(cert.raw)).toEqual({
        signerName: 'flightctl.io/device-management-renewal',
        orgId: SITE_ORG,
        fingerprint: fp,
      });

      const svc = await testCsr(`otel-collector-${fp}`);
      const svcCreated = await call(
        'POST',
        '/api/v1/certificatesigningrequests',
        device,
        csrBody(`otel-${fp}`, svc.base64, 'flightctl.io/device-svc-client'),
      );
      expect(svcCreated.status).toBe(201);
      expect(readFlightctlFields(Buffer.from(svcCreated.body.status.certificate, 'base64'))).toMatchObject({
        signerName: 'flightctl.io/device-svc-client',
        fingerprint: fp,
      });

      // With its renewed certificate the device reads its own requests.
      const renewed = { ...device, signerName: 'flightctl.io/device-management-renewal' };
      const read = await call('GET', `/api/v1/certificatesigningrequests/renew-${fp}`, renewed);
      expect(read).toMatchObject({ status: 200, body: { metadata: { name: `renew-${fp}` } } });
    });

    it('refuses signers a device may not use', async () => {
      const device = await enrolledDevice();
      const cases: [string, string, RegExp][] = [
        ['flightctl.io/enrollment', 'client-enrollment', /cannot be requested using client certificates/],
        ['flightctl.io/server-svc', 'svc-web', /not allowed with peer certificate/],
        ['flightctl.io/device-enrollment', `device:${device.fingerprint}`, /use the EnrollmentRequest API instead/],
        ['flightctl.io/device-svc-client', 'otel-someone', /does not end with device fingerprint suffix/],
      ];
      for (const [signer, cn, message] of cases) {
        const csr = await testCsr(cn);
        const res = await call(
          'POST',
          '/api/v1/certificatesigningrequests',
          device,
          csrBody(cn.replace(/[^a-z-]/g, ''), csr.base64, signer),
        );
        expect(res.status, signer).toBe(400);
        expect(res.body.message).toMatch(message);
      }
    });

    it('answers 401 to unknown, decommissioning and non-device callers, and for requests of others', async () => {
      const device = await enrolledDevice();
      const csr = await testCsr(`device:${device.fingerprint}`);
      const body = csrBody('renew-x', csr.base64, 'flightctl.io/device-management-renewal');
      const unknown = { ...device, fingerprint: 'u'.repeat(52), commonName: `device:${'u'.repeat(52)}` };
      for (const identity of [undefined, enrollmentIdentity, unknown])
        expect((await call('POST', '/api/v1/certificatesigningrequests', identity, body)).status).toBe(401);

      const userCsr = await testCsr('client-enrollment');
      await store.certificateSigningRequests.create(
        SITE_ORG,
        csrBody('users-own', userCsr.base64, 'flightctl.io/enrollment') as Json,
      );
      expect((await call('GET', '/api/v1/certificatesigningrequests/users-own', device)).status).toBe(401);
      expect((await call('GET', '/api/v1/certificatesigningrequests/absent', device)).status).toBe(404);
      expect((await call('GET', '/api/v1/certificatesigningrequests/users-own', enrollmentIdentity)).status).toBe(401);

      await store.devices.update(SITE_ORG, device.fingerprint, (d) => {
        d.status!.conditions.push({
          type: 'DeviceDecommissioning',
          status: 'True',
          reason: 'Started',
          message: '',
          lastTransitionTime: new Date().toISOString(),
        });
        return d;
      });
      const refused = await call('POST', '/api/v1/certificatesigningrequests', device, body);
      expect(refused).toMatchObject({
        status: 401,
        body: { message: `unauthorized: device "${device.fingerprint}" is decommissioning` },
      });
    });
  });
});
