/**
 * CertificateSigningRequests through the user API (ref/service.md §6.3, api.md §4.8): enrollment
 * requests approved and signed in the POST, other signers waiting for a decision on
 * `…/approval`, and the rules of that endpoint.
 */
import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { databaseKinds } from '@flightctl/testing';
import { readFlightctlFields } from '../src/crypto/certificate-extensions.js';
import { testCsr } from './certificate-request-fixture.js';
import { API_VERSION, ORG_ID, expectFailure, expectOk, useService, type Json } from './fixtures.js';

const ZERO_TIME = '0001-01-01T00:00:00Z';

function csrBody(name: string, request: string, signerName: string, extra: Json = {}): Json {
  return {
    apiVersion: API_VERSION,
    kind: 'CertificateSigningRequest',
    metadata: { name },
    spec: { request, signerName, usages: ['clientAuth', 'CA:false'], ...extra },
  };
}

const issued = (csr: Json) => new X509Certificate(Buffer.from(csr.status.certificate, 'base64'));

const condition = (type: string, status = 'True', lastTransitionTime = ZERO_TIME) => ({
  type,
  status,
  reason: type,
  message: type,
  lastTransitionTime,
});

/** The approval body upstream's CLI sends: the CSR as read, with the decision in its conditions. */
const decision = (csr: Json, conditions: Json[]) => ({ ...csr, status: { ...csr.status, conditions } });

describe.each(databaseKinds())('certificate signing requests on %s', (kind) => {
  const ctx = useService(kind);

  describe('enrollment signer', () => {
    it('approves and signs in the POST, for the caller organization', async () => {
      const csr = await testCsr('client-enrollment');
      const created = expectOk(
        await ctx.api.post(
          '/certificatesigningrequests',
          csrBody('client-enrollment', csr.base64, 'enrollment', { expirationSeconds: 3600 }),
        ),
        201,
      );
      expect(created.spec.signerName).toBe('flightctl.io/enrollment');
      expect(created.status.conditions).toEqual([
        {
          type: 'Approved',
          status: 'True',
          reason: 'Approved',
          message: 'Auto-approved by enrollment signer',
          lastTransitionTime: expect.any(String),
        },
      ]);
      const cert = issued(created);
      expect(cert.subject).toBe('CN=client-enrollment');
      expect(readFlightctlFields(cert.raw)).toEqual({
        signerName: 'flightctl.io/enrollment',
        orgId: ORG_ID,
        fingerprint: undefined,
      });
      expect((Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / 1000).toBe(3601);
      expect(expectOk(await ctx.api.get('/certificatesigningrequests/client-enrollment'))).toEqual(created);

      const events = expectOk(
        await ctx.api.get('/events?fieldSelector=involvedObject.name=client-enrollment'),
      ).items.map((e: Json) => [e.reason, e.involvedObject.kind, e.actor]);
      expect(events).toContainEqual(['ResourceCreated', 'CertificateSigningRequest', 'user:anonymous']);
    });

    it('signs on PUT too, and marks a request whose CN does not fit its name Failed', async () => {
      const csr = await testCsr('site-a');
      const put = expectOk(
        await ctx.api.put(
          '/certificatesigningrequests/site-a',
          csrBody('site-a', csr.base64, 'flightctl.io/enrollment'),
        ),
        201,
      );
      expect(issued(put).subject).toBe('CN=client-enrollment-site-a');

      const mismatch = await testCsr('site-b');
      const failed = expectOk(
        await ctx.api.post('/certificatesigningrequests', csrBody('site-c', mismatch.base64, 'enrollment')),
        201,
      );
      expect(failed.status.certificate).toBeUndefined();
      expect(failed.status.conditions).toEqual([
        expect.objectContaining({ type: 'Approved', status: 'True' }),
        expect.objectContaining({
          type: 'Failed',
          status: 'True',
          reason: 'SigningFailed',
          message: 'Failed to sign certificate: common name "site-b" does not match the request name "site-c"',
        }),
      ]);
    });
  });

  describe('writes the signers refuse', () => {
    it('answers 400 for management, device-only, forged and TPM requests', async () => {
      const device = await testCsr('device:0123456789abcdef0123');
      expectFailure(
        await ctx.api.post(
          '/certificatesigningrequests',
          csrBody('mgmt', device.base64, 'flightctl.io/device-enrollment'),
        ),
        400,
        'signer name "flightctl.io/device-enrollment" is not allowed in CertificateSigningRequest service; use the EnrollmentRequest API instead',
      );
      expectFailure(
        await ctx.api.post(
          '/certificatesigningrequests',
          csrBody('renew', device.base64, 'flightctl.io/device-management-renewal'),
        ),
        400,
        'this signer needs the client certificate of a device',
      );
      const forged = await testCsr('client-enrollment', { signWith: device.keys });
      expectFailure(
        await ctx.api.post('/certificatesigningrequests', csrBody('forged', forged.base64, 'enrollment')),
        400,
        /^invalid CSR signature/,
      );
      const tcg = Buffer.from([1, 0, 1, 0, 0, 0, 0, 8, 1, 2, 3, 4]).toString('base64');
      expectFailure(
        await ctx.api.post('/certificatesigningrequests', csrBody('tpm', tcg, 'enrollment')),
        400,
        'TPM attestation is not supported',
      );
      for (const name of ['mgmt', 'renew', 'forged', 'tpm'])
        expectFailure(await ctx.api.get(`/certificatesigningrequests/${name}`), 404);
    });

    it('answers 400 naming spec.signerName for a signer the service does not have', async () => {
      const csr = await testCsr('client-enrollment');
      const body = expectFailure(
        await ctx.api.post('/certificatesigningrequests', csrBody('unknown', csr.base64, 'example.com/other')),
        400,
        /^API Error: spec\.signerName: unknown signer "example\.com\/other"; must be one of .*flightctl\.io\/enrollment/,
      );
      expect(body.message).toContain('flightctl.io/server-svc');
      expectFailure(
        await ctx.api.post('/certificatesigningrequests', csrBody('retired', csr.base64, 'ca')),
        400,
        /spec\.signerName: the signer name 'ca' is no longer supported/,
      );
      for (const name of ['unknown', 'retired'])
        expectFailure(await ctx.api.get(`/certificatesigningrequests/${name}`), 404);
    });

    it('checks a patched request with its signer', async () => {
      const csr = await testCsr('svc-patched');
      expectOk(
        await ctx.api.post(
          '/certificatesigningrequests',
          csrBody('svc-patched', csr.base64, 'flightctl.io/server-svc'),
        ),
        201,
      );
      const toManagement = [{ op: 'replace', path: '/spec/signerName', value: 'flightctl.io/device-enrollment' }];
      expectFailure(
        await ctx.api.patch('/certificatesigningrequests/svc-patched', toManagement),
        400,
        /is not allowed/,
      );
      const toEnrollment = [{ op: 'replace', path: '/spec/signerName', value: 'enrollment' }];
      const patched = expectOk(await ctx.api.patch('/certificatesigningrequests/svc-patched', toEnrollment));
      expect(patched.spec.signerName).toBe('flightctl.io/enrollment');
      expect(issued(patched).subject).toBe('CN=client-enrollment-svc-patched');
    });
  });

  describe('approval', () => {
    async function pendingServerCsr(name: string): Promise<Json> {
      const csr = await testCsr(`svc-${name}`, { dnsNames: [`${name}.example.com`] });
      const created = expectOk(
        await ctx.api.post('/certificatesigningrequests', csrBody(name, csr.base64, 'flightctl.io/server-svc')),
        201,
      );
      expect(created.status).toEqual({ conditions: [] });
      return created;
    }

    it('issues the certificate on approval, once', async () => {
      const csr = await pendingServerCsr('approve-me');
      const before = Date.now();
      const approved = expectOk(
        await ctx.api.put('/certificatesigningrequests/approve-me/approval', decision(csr, [condition('Approved')])),
      );
      const [cond] = approved.status.conditions;
      expect(cond).toMatchObject({ type: 'Approved', status: 'True', reason: 'Approved' });
      expect(Date.parse(cond.lastTransitionTime)).toBeGreaterThanOrEqual(before - 1000);
      const cert = issued(approved);
      expect(cert.subject).toBe('CN=svc-approve-me');
      expect(cert.checkHost('approve-me.example.com')).toBe('approve-me.example.com');
      expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2', '1.3.6.1.5.5.7.3.1']);

      expectFailure(
        await ctx.api.put(
          '/certificatesigningrequests/approve-me/approval',
          decision(approved, [condition('Approved')]),
        ),
        409,
        'The request has already been approved and the certificate issued',
      );
    });

    it('keeps a denial final', async () => {
      const csr = await pendingServerCsr('deny-me');
      const denied = expectOk(
        await ctx.api.put('/certificatesigningrequests/deny-me/approval', decision(csr, [condition('Denied')])),
      );
      expect(denied.status.certificate).toBeUndefined();
      expect(denied.status.conditions).toEqual([expect.objectContaining({ type: 'Denied', status: 'True' })]);
      expectFailure(
        await ctx.api.put('/certificatesigningrequests/deny-me/approval', decision(denied, [condition('Approved')])),
        409,
        'The request has already been denied',
      );
    });

    it('keeps the transition time of a condition whose status stays', async () => {
      const csr = await pendingServerCsr('times');
      const tpm = expectOk(
        await ctx.api.put(
          '/certificatesigningrequests/times/approval',
          decision(csr, [condition('TPMVerified', 'False')]),
        ),
      );
      const first = tpm.status.conditions[0].lastTransitionTime;
      expect(first).not.toBe(ZERO_TIME);
      const explicit = '2026-01-02T03:04:05Z';
      const next = expectOk(
        await ctx.api.put(
          '/certificatesigningrequests/times/approval',
          decision(tpm, [condition('TPMVerified', 'False'), condition('Failed', 'True', explicit)]),
        ),
      );
      expect(next.status.conditions.map((c: Json) => c.lastTransitionTime)).toEqual([first, explicit]);
    });

    it('refuses conditions other than the decision ones, both decisions, and malformed bodies', async () => {
      const csr = await pendingServerCsr('rules');
      const path = '/certificatesigningrequests/rules/approval';
      const cases: [Json, string | RegExp, number?][] = [
        [decision(csr, [condition('Ready')]), 'not allowed condition type "Ready"'],
        [decision(csr, [condition('Approved', 'False')]), `condition "Approved" may only be set to 'true'`],
        [decision(csr, [condition('Approved'), condition('Denied')]), 'only one of [Approved Denied] may be set'],
        [decision(csr, [condition('Failed'), condition('Failed')]), 'duplicate condition type "Failed"'],
        [{ ...csr, status: undefined }, 'status is required'],
        [{ ...csr, metadata: { name: 'other' } }, 'resource name specified in metadata does not match name in path'],
        [
          decision({ ...csr, spec: { ...csr.spec, signerName: 'flightctl.io/device-enrollment' } }, []),
          /use the EnrollmentRequest API instead/,
        ],
        [{ kind: 'CertificateSigningRequest' }, /metadata/],
      ];
      for (const [body, message] of cases) expectFailure(await ctx.api.put(path, body), 400, message);
      expectFailure(
        await ctx.api.put(
          '/certificatesigningrequests/absent/approval',
          decision({ ...csr, metadata: { name: 'absent' } }, []),
        ),
        404,
        'CertificateSigningRequest of name "absent" not found',
      );
      expect(expectOk(await ctx.api.get('/certificatesigningrequests/rules')).status).toEqual({ conditions: [] });
    });
  });
});

describe.each(databaseKinds())('certificate signing requests with renamed signers on %s', (kind) => {
  const ENROLLMENT = 'example.com/bootstrap';
  const SERVER_SVC = 'example.com/servers';
  const ctx = useService(kind, {
    config: { 'ca.deviceEnrollmentSignerName': ENROLLMENT, 'ca.serverSvcSignerName': SERVER_SVC },
  });

  it('auto-approves and signs with the renamed enrollment signer, also through the shorthand', async () => {
    for (const [name, signerName] of [
      ['renamed', ENROLLMENT],
      ['shorthand', 'enrollment'],
    ]) {
      const csr = await testCsr(name!);
      const created = expectOk(
        await ctx.api.post('/certificatesigningrequests', csrBody(name!, csr.base64, signerName!)),
        201,
      );
      expect(created.spec.signerName).toBe(ENROLLMENT);
      expect(created.status.conditions).toEqual([
        expect.objectContaining({ type: 'Approved', status: 'True', message: 'Auto-approved by enrollment signer' }),
      ]);
      const cert = issued(created);
      expect(cert.subject).toBe(`CN=client-enrollment-${name}`);
      expect(readFlightctlFields(cert.raw).signerName).toBe(ENROLLMENT);
    }
  });

  it('refuses the default names the configuration replaced, naming the field', async () => {
    const csr = await testCsr('client-enrollment');
    for (const [name, signerName] of [
      ['old-enrollment', 'flightctl.io/enrollment'],
      ['old-server', 'flightctl.io/server-svc'],
    ]) {
      const body = expectFailure(
        await ctx.api.post('/certificatesigningrequests', csrBody(name!, csr.base64, signerName!)),
        400,
        `API Error: spec.signerName: unknown signer "${signerName}"; must be one of ${ENROLLMENT}, flightctl.io/device-enrollment, flightctl.io/device-management-renewal, flightctl.io/device-svc-client, ${SERVER_SVC}, enrollment`,
      );
      expect(body.message).not.toContain(`one of ${signerName}`);
      expectFailure(await ctx.api.get(`/certificatesigningrequests/${name}`), 404);
    }
  });

  it('issues a renamed server-svc request on approval, and refuses an approval body naming the old signer', async () => {
    const csr = await testCsr('svc-web', { dnsNames: ['web.example.com'] });
    const created = expectOk(
      await ctx.api.post('/certificatesigningrequests', csrBody('web', csr.base64, SERVER_SVC)),
      201,
    );
    expect(created.status).toEqual({ conditions: [] });
    const old = { ...created, spec: { ...created.spec, signerName: 'flightctl.io/server-svc' } };
    expectFailure(
      await ctx.api.put('/certificatesigningrequests/web/approval', decision(old, [condition('Approved')])),
      400,
      /^API Error: spec\.signerName: unknown signer "flightctl\.io\/server-svc"/,
    );
    const approved = expectOk(
      await ctx.api.put('/certificatesigningrequests/web/approval', decision(created, [condition('Approved')])),
    );
    const cert = issued(approved);
    expect(cert.subject).toBe('CN=svc-web');
    expect(readFlightctlFields(cert.raw).signerName).toBe(SERVER_SVC);
  });
});
