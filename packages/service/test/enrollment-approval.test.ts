/**
 * Approving EnrollmentRequests through the user API (ref/service.md §6.4 step 4, §5.3, §5.7,
 * api.md §4.7) and the enrollment config handed to agents (§6.3).
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { databaseKinds } from '@flightctl/testing';
import { readFlightctlFields } from '../src/crypto/certificate-extensions.js';
import { deviceCsr, testCsr } from './certificate-request-fixture.js';
import {
  API_VERSION,
  ORG_ID,
  device,
  deviceStatus,
  expectFailure,
  expectOk,
  useService,
  type Json,
} from './fixtures.js';

const SYSTEM_INFO = { architecture: 'arm64', bootID: 'boot-7', operatingSystem: 'linux', agentVersion: 'v1.0.0' };

async function enrollmentRequest(spec: Json = {}): Promise<{ name: string; body: Json; keyPem: string }> {
  const csr = await deviceCsr();
  return {
    name: csr.name,
    keyPem: csr.keyPem,
    body: {
      apiVersion: API_VERSION,
      kind: 'EnrollmentRequest',
      metadata: { name: csr.name },
      spec: { csr: csr.pem, ...spec },
    },
  };
}

describe.each(databaseKinds())('enrollment approval on %s', (kind) => {
  const ctx = useService(kind, { config: { 'service.baseAgentEndpointUrl': 'https://agents.example.com:7443' } });

  const events = async (name: string) =>
    expectOk(await ctx.api.get(`/events?fieldSelector=involvedObject.name=${name}`)).items.map((e: Json) => [
      e.involvedObject.kind,
      e.reason,
      e.type,
      e.actor,
      e.message,
    ]);

  it('signs the management certificate and creates the device with the merged labels', async () => {
    const er = await enrollmentRequest({
      labels: { site: 'agent', rack: '7' },
      osMode: 'package',
      deviceStatus: deviceStatus({ systemInfo: SYSTEM_INFO }),
    });
    expectOk(await ctx.api.post('/enrollmentrequests', er.body), 201);
    const before = Date.now();
    const approval = expectOk(
      await ctx.api.put(`/enrollmentrequests/${er.name}/approval`, { approved: true, labels: { site: 'user' } }),
    );
    expect(approval).toEqual({
      approved: true,
      labels: { site: 'user', rack: '7' },
      replaceLabels: false,
      approvedBy: 'anonymous',
      approvedAt: expect.any(String),
    });
    expect(Date.parse(approval.approvedAt)).toBeGreaterThanOrEqual(before - 1000);

    const stored = expectOk(await ctx.api.get(`/enrollmentrequests/${er.name}`));
    expect(stored.status.approval).toEqual(approval);
    expect(stored.status.conditions).toEqual([
      {
        type: 'Approved',
        status: 'True',
        reason: 'ManuallyApproved',
        message: 'Approved by anonymous',
        lastTransitionTime: expect.any(String),
      },
    ]);
    const cert = new X509Certificate(stored.status.certificate);
    expect(cert.subject).toBe(`CN=device:${er.name}`);
    expect(cert.checkPrivateKey(createPrivateKey(er.keyPem))).toBe(true);
    expect(readFlightctlFields(cert.raw)).toEqual({
      signerName: 'flightctl.io/device-enrollment',
      orgId: ORG_ID,
      fingerprint: er.name,
    });

    const created = expectOk(await ctx.api.get(`/devices/${er.name}`));
    expect(created.metadata.labels).toEqual({ site: 'user', rack: '7' });
    expect(created.status.lifecycle).toEqual({ status: 'Enrolled' });
    expect(created.status.systemInfo).toEqual(SYSTEM_INFO);
    expect(created.status.capabilities).toEqual({ osMode: 'package' });
    expect(created.status.integrity).toEqual({
      status: 'Unsupported',
      info: 'TPM not present or not enabled on this device',
      deviceIdentity: { status: 'Unsupported' },
      tpm: { status: 'Unsupported' },
    });
    expect(created.status.summary.status).toBe('Unknown');

    expect(await events(er.name)).toEqual(
      expect.arrayContaining([
        ['Device', 'ResourceCreated', 'Normal', 'user:anonymous', 'Device was created successfully.'],
        [
          'EnrollmentRequest',
          'EnrollmentRequestApproved',
          'Normal',
          'user:anonymous',
          'EnrollmentRequest was approved successfully.',
        ],
      ]),
    );

    expectFailure(
      await ctx.api.put(`/enrollmentrequests/${er.name}/approval`, { approved: true }),
      400,
      'Enrollment request is already approved',
    );
    // The device exists now, so the request stays.
    expectFailure(await ctx.api.delete(`/enrollmentrequests/${er.name}`), 409);
  });

  it('gives the device only the approval labels with replaceLabels', async () => {
    const er = await enrollmentRequest({ labels: { from: 'agent' } });
    expectOk(await ctx.api.post('/enrollmentrequests', er.body), 201);
    const approval = expectOk(
      await ctx.api.put(`/enrollmentrequests/${er.name}/approval`, {
        approved: true,
        labels: { only: 'me' },
        replaceLabels: true,
      }),
    );
    expect(approval.labels).toEqual({ only: 'me' });
    expect(expectOk(await ctx.api.get(`/devices/${er.name}`)).metadata.labels).toEqual({ only: 'me' });
  });

  it('changes nothing when not approved', async () => {
    const er = await enrollmentRequest();
    expectOk(await ctx.api.post('/enrollmentrequests', er.body), 201);
    const res = await ctx.api.put(`/enrollmentrequests/${er.name}/approval`, { approved: false, labels: { a: 'b' } });
    expect(res.status).toBe(200);
    expect(res.body).toBeNull();
    expect(expectOk(await ctx.api.get(`/enrollmentrequests/${er.name}`)).status).toEqual({ conditions: [] });
    expectFailure(await ctx.api.get(`/devices/${er.name}`), 404);
    expect((await events(er.name)).map((e: Json[]) => e[1])).toEqual(['ResourceCreated']);
  });

  it('lets a device that knew a rendered version start awaiting reconnection', async () => {
    const er = await enrollmentRequest({ knownRenderedVersion: '5' });
    const created = expectOk(await ctx.api.post('/enrollmentrequests', er.body), 201);
    expect(created.metadata.annotations).toEqual({ 'device-controller/awaitingReconnect': 'true' });
    expectOk(await ctx.api.put(`/enrollmentrequests/${er.name}/approval`, { approved: true }));
    const enrolled = expectOk(await ctx.api.get(`/devices/${er.name}`));
    expect(enrolled.metadata.annotations).toMatchObject({ 'device-controller/awaitingReconnect': 'true' });
    expect(enrolled.status.summary).toEqual({
      status: 'AwaitingReconnect',
      info: 'Device has not reconnected since restore to confirm its current state.',
    });
  });

  it('fails without a trace when the CSR names another device or the device exists', async () => {
    const er = await enrollmentRequest();
    const stranger = await deviceCsr();
    // A user may store a request for a name its CSR does not carry; approving it is refused.
    const mismatched = { ...er.body, spec: { csr: stranger.pem } };
    expectOk(await ctx.api.post('/enrollmentrequests', mismatched), 201);
    expectFailure(
      await ctx.api.put(`/enrollmentrequests/${er.name}/approval`, { approved: true }),
      400,
      `Error approving and signing enrollment request: attempt to supply a fake CN, possible identity theft, csr: device:${stranger.name}, metadata device:${er.name}`,
    );

    const taken = await enrollmentRequest();
    expectOk(await ctx.api.post('/enrollmentrequests', taken.body), 201);
    expectOk(await ctx.api.post('/devices', device(taken.name)), 201);
    expectFailure(
      await ctx.api.put(`/enrollmentrequests/${taken.name}/approval`, { approved: true }),
      500,
      /^error creating device from enrollment request: /,
      { upstream: false },
    );
    const untouched = expectOk(await ctx.api.get(`/enrollmentrequests/${taken.name}`));
    expect(untouched.status).toEqual({ conditions: [] });
    expect((await events(taken.name)).filter((e: Json[]) => e[1] === 'EnrollmentRequestApprovalFailed')).toEqual([
      [
        'EnrollmentRequest',
        'EnrollmentRequestApprovalFailed',
        'Warning',
        'user:anonymous',
        expect.stringMatching(
          /^EnrollmentRequest approval failed: error creating device from enrollment request: .*\.$/,
        ),
      ],
    ]);
  });

  it('refuses bad approval bodies, missing requests and TPM requests', async () => {
    const er = await enrollmentRequest();
    expectOk(await ctx.api.post('/enrollmentrequests', er.body), 201);
    const path = `/enrollmentrequests/${er.name}/approval`;
    expectFailure(await ctx.api.put(path, { labels: {} }), 400, /approved/);
    expectFailure(await ctx.api.put(path, { approved: true, labels: { 'bad key!': 'x' } }), 400, /labels/);
    expectFailure(
      await ctx.api.put('/enrollmentrequests/nobody-0123456789/approval', { approved: true }),
      404,
      'EnrollmentRequest of name "nobody-0123456789" not found',
    );
    const tcg = Buffer.from([1, 0, 1, 0, 0, 0, 0, 8, 1, 2, 3, 4]).toString('base64');
    expectFailure(
      await ctx.api.post('/enrollmentrequests', {
        ...er.body,
        metadata: { name: 'tpm-device-0123456789' },
        spec: { csr: tcg },
      }),
      400,
      'TPM attestation is not supported',
    );
  });

  it('serves the status subresource: read, replaced, not patched', async () => {
    const er = await enrollmentRequest();
    expectOk(await ctx.api.post('/enrollmentrequests', er.body), 201);
    expect(expectOk(await ctx.api.get(`/enrollmentrequests/${er.name}/status`)).metadata.name).toBe(er.name);
    const status = {
      conditions: [
        {
          type: 'Approved',
          status: 'False',
          reason: 'Pending',
          message: 'wait',
          lastTransitionTime: '2026-01-01T00:00:00Z',
        },
      ],
    };
    const replaced = expectOk(await ctx.api.put(`/enrollmentrequests/${er.name}/status`, { ...er.body, status }));
    expect(replaced.status).toEqual(status);
    expectFailure(await ctx.api.patch(`/enrollmentrequests/${er.name}/status`, []), 501, 'not yet implemented', {
      upstream: false,
    });
  });

  it('enrolls an agent end to end over the mTLS agent endpoint', async () => {
    // An operator's enrollment certificate…
    const bootstrap = await testCsr('client-enrollment-e2e');
    const issued = expectOk(
      await ctx.api.post('/certificatesigningrequests', {
        apiVersion: API_VERSION,
        kind: 'CertificateSigningRequest',
        metadata: { name: 'client-enrollment-e2e' },
        spec: { request: bootstrap.base64, signerName: 'enrollment', usages: ['clientAuth', 'CA:false'] },
      }),
      201,
    );
    const enrollmentIdentity = {
      cert: Buffer.from(issued.status.certificate, 'base64').toString(),
      key: bootstrap.keyPem,
    };
    // …lets the agent ask to enroll and poll its request…
    const er = await enrollmentRequest({ labels: { from: 'agent' } });
    const agent = (identity: { cert: string; key: string }, method: string, path: string, body?: Json) =>
      ctx.svc.agentRequest(identity, method, `/api/v1${path}`, { body });
    expect((await agent(enrollmentIdentity, 'POST', '/enrollmentrequests', er.body)).status).toBe(201);
    const pending = await agent(enrollmentIdentity, 'GET', `/enrollmentrequests/${er.name}`);
    expect(pending.status).toBe(200);
    expect(pending.body.status.certificate).toBeUndefined();
    // …until a user approves it; then the management certificate identifies the device.
    expectOk(await ctx.api.put(`/enrollmentrequests/${er.name}/approval`, { approved: true }));
    const approved = await agent(enrollmentIdentity, 'GET', `/enrollmentrequests/${er.name}`);
    const device = { cert: approved.body.status.certificate, key: er.keyPem };

    const renewal = await testCsr(`device:${er.name}`);
    const renewed = await agent(device, 'POST', '/certificatesigningrequests', {
      apiVersion: API_VERSION,
      kind: 'CertificateSigningRequest',
      metadata: { name: `renewal-${er.name.slice(0, 20)}` },
      spec: {
        request: renewal.base64,
        signerName: 'flightctl.io/device-management-renewal',
        usages: ['clientAuth', 'CA:false'],
      },
    });
    expect(renewed.status).toBe(201);
    const renewedIdentity = {
      cert: Buffer.from(renewed.body.status.certificate, 'base64').toString(),
      key: renewal.keyPem,
    };
    const read = await agent(renewedIdentity, 'GET', `/certificatesigningrequests/renewal-${er.name.slice(0, 20)}`);
    expect(read.status).toBe(200);
    expect(read.body.metadata.owner).toBe(`Device/${er.name}`);
    // The enrollment certificate is not a device's.
    expect(
      (await agent(enrollmentIdentity, 'GET', `/certificatesigningrequests/renewal-${er.name.slice(0, 20)}`)).status,
    ).toBe(401);
  });

  describe('enrollment config', () => {
    it('hands out the certificate of a CSR, the CA bundle and the agent endpoint', async () => {
      const csr = await testCsr('client-enrollment-config');
      const created = expectOk(
        await ctx.api.post('/certificatesigningrequests', {
          apiVersion: API_VERSION,
          kind: 'CertificateSigningRequest',
          metadata: { name: 'client-enrollment-config' },
          spec: { request: csr.base64, signerName: 'enrollment', usages: ['clientAuth', 'CA:false'] },
        }),
        201,
      );
      const config = expectOk(await ctx.api.get('/enrollmentconfig?csr=client-enrollment-config'));
      const bundle = ctx.svc.service.certificates.caBundlePem;
      expect(config).toEqual({
        'enrollment-service': {
          authentication: { 'client-certificate-data': created.status.certificate, 'client-key-data': '' },
          service: {
            'certificate-authority-data': Buffer.from(bundle).toString('base64'),
            server: 'https://agents.example.com:7443',
          },
          'enrollment-ui-endpoint': '',
        },
      });
      // The certificate chains to the bundle an agent gets with it.
      const cert = new X509Certificate(Buffer.from(created.status.certificate, 'base64'));
      const signer = new X509Certificate(
        bundle.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g)![1]!,
      );
      expect(cert.verify(signer.publicKey)).toBe(true);

      const plain = expectOk(await ctx.api.get('/enrollmentconfig'));
      expect(plain['enrollment-service'].authentication['client-certificate-data']).toBe('');
      expectFailure(await ctx.api.get('/enrollmentconfig?csr=absent'), 404);
      expectFailure(await ctx.api.get('/enrollmentconfig?csr=Not_A_Name'), 400, /^csr: /, { upstream: false });
    });
  });
});
