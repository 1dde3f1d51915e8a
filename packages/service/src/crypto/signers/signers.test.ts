/**
 * The five signers and the rules every one follows (ref/service.md §6.1–6.2), through
 * CertificateServices as the service uses them, with real keys and a real CA on disk.
 */
import { X509Certificate as NodeX509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load-config.js';
import { testCsr, type TestCsr } from '../../../test/certificate-request-fixture.js';
import { readFlightctlFields } from '../certificate-extensions.js';
import { CertificateServices, MGMT_CERT_EXPIRY_ENV, type SignRequest } from '../certificate-services.js';
import { x509 } from '../x509.js';

const ORG = '00000000-0000-0000-0000-000000000000';
const OTHER_ORG = '11111111-2222-3333-4444-555555555555';
const FP = 'cgur1q02dh9da4d55099kfsp6hiooujg55v8oie4ag72las2e7o0';
const DAY = 24 * 60 * 60;
const SIGNER = {
  enrollment: 'flightctl.io/enrollment',
  management: 'flightctl.io/device-enrollment',
  renewal: 'flightctl.io/device-management-renewal',
  svcClient: 'flightctl.io/device-svc-client',
  serverSvc: 'flightctl.io/server-svc',
};
const managementPeer = { signerName: SIGNER.management, commonName: `device:${FP}` };

let dir: string;
let certs: CertificateServices;

async function load(overrides: Record<string, unknown> = {}, env: NodeJS.ProcessEnv = {}) {
  const { config } = loadConfig({ path: null, env: {}, overrides: { dataDir: dir, ...overrides } });
  return CertificateServices.load(config, { env });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'flightctl-signers-'));
  certs = await load();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function request(signerName: string, csr: TestCsr, rest: Partial<SignRequest> = {}): SignRequest {
  return { signerName, request: csr.base64, resourceName: 'client-enrollment', orgId: ORG, ...rest };
}

async function sign(req: SignRequest) {
  await certs.verify(req);
  const pem = await certs.sign(req);
  return { pem, cert: new x509.X509Certificate(pem), node: new NodeX509Certificate(pem) };
}

const lifetimeSeconds = (cert: x509.X509Certificate) =>
  Math.round((cert.notAfter.getTime() - cert.notBefore.getTime()) / 1000);

const extendedUsages = (cert: x509.X509Certificate) =>
  cert.getExtension(x509.ExtendedKeyUsageExtension)?.usages.map(String);

describe('rules of every signer', () => {
  it('refuses an unknown signer, a forged request and a TPM request', async () => {
    const csr = await testCsr('client-enrollment');
    await expect(certs.verify(request('example.com/nope', csr))).rejects.toThrow('signer "example.com/nope" not found');
    await expect(certs.sign(request('example.com/nope', csr))).rejects.toThrow('not found');

    const forged = await testCsr('client-enrollment', { signWith: (await testCsr('other')).keys });
    await expect(certs.verify(request(SIGNER.enrollment, forged))).rejects.toThrow(/invalid CSR signature/);
    await expect(certs.sign(request(SIGNER.enrollment, forged))).rejects.toThrow(/invalid CSR signature/);

    const tcg = Buffer.from([1, 0, 1, 0, 0, 0, 0, 16, 7, 7]).toString('base64');
    await expect(certs.verify({ ...request(SIGNER.enrollment, csr), request: tcg })).rejects.toThrow(
      'TPM attestation is not supported',
    );
    await expect(certs.verify({ ...request(SIGNER.enrollment, csr), request: 'bm90IGEgY3Ny' })).rejects.toThrow(
      /invalid CSR/,
    );
  });

  it('returns the certificate already issued instead of signing again', async () => {
    const csr = await testCsr('client-enrollment');
    const first = await certs.sign(request(SIGNER.enrollment, csr));
    expect(await certs.sign(request(SIGNER.enrollment, csr, { issuedCertificate: first }))).toBe(first);
  });

  it('keeps the device: prefix for the management and renewal signers', async () => {
    for (const [signer, extra] of [
      [SIGNER.enrollment, {}],
      [SIGNER.svcClient, { peer: managementPeer }],
      [SIGNER.serverSvc, {}],
    ] as const) {
      const csr = await testCsr(`device:${FP}`);
      await expect(certs.verify(request(signer, csr, { resourceName: `device:${FP}`, ...extra }))).rejects.toThrow(
        /common name prefix "device:" is restricted to signer "flightctl.io\/device-(enrollment|management-renewal)", but requested by signer/,
      );
    }
    const device = await testCsr(`device:${FP}`);
    await certs.verify(request(SIGNER.management, device, { resourceName: FP }));
    await certs.verify(request(SIGNER.renewal, device, { peer: managementPeer }));
  });

  it('names the issuing signer in every certificate, signed by the client-signer in the CA bundle', async () => {
    const issued = await Promise.all([
      sign(request(SIGNER.enrollment, await testCsr('client-enrollment'))),
      sign(request(SIGNER.management, await testCsr(`device:${FP}`), { resourceName: FP })),
      sign(request(SIGNER.renewal, await testCsr(`device:${FP}`), { peer: managementPeer })),
      sign(request(SIGNER.svcClient, await testCsr(`metrics-${FP}`), { peer: managementPeer })),
      sign(request(SIGNER.serverSvc, await testCsr('svc-telemetry'))),
    ]);
    const signers = issued.map(({ cert }) => readFlightctlFields(cert).signerName);
    expect(signers).toEqual(Object.values(SIGNER));
    const clientSigner = new NodeX509Certificate(
      certs.caBundlePem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g)![1]!,
    );
    expect(clientSigner.subject).toBe('CN=client-signer');
    for (const { node, cert } of issued) {
      expect(node.checkIssued(clientSigner) && node.verify(clientSigner.publicKey)).toBe(true);
      expect(node.ca).toBe(false);
      const keyUsage = cert.getExtension(x509.KeyUsagesExtension)!;
      expect(keyUsage.usages).toBe(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment);
      // Issued certificates start one second in the past (§6.1).
      expect(Date.now() - cert.notBefore.getTime()).toBeLessThan(60_000);
      const aki = cert.getExtension(x509.AuthorityKeyIdentifierExtension)!.keyId;
      const ski = new x509.X509Certificate(clientSigner.raw).getExtension(x509.SubjectKeyIdentifierExtension)!.keyId;
      expect(aki).toBe(ski);
    }
    expect(new Set(issued.map(({ node }) => node.serialNumber)).size).toBe(issued.length);
  });

  it('issues for the caller organization, or the one the request names when they agree', async () => {
    const plain = await sign(request(SIGNER.enrollment, await testCsr('client-enrollment')));
    expect(readFlightctlFields(plain.cert).orgId).toBe(ORG);
    const named = await sign(
      request(SIGNER.enrollment, await testCsr('client-enrollment', { orgId: OTHER_ORG }), { orgId: OTHER_ORG }),
    );
    expect(readFlightctlFields(named.cert).orgId).toBe(OTHER_ORG);

    const mismatch = request(SIGNER.management, await testCsr(`device:${FP}`, { orgId: OTHER_ORG }), {
      resourceName: FP,
    });
    await expect(certs.verify(mismatch)).rejects.toThrow(`organization ID mismatch: ${OTHER_ORG} != ${ORG}`);
    await expect(certs.sign(mismatch)).rejects.toThrow('organization ID mismatch');
    const notUuid = request(SIGNER.enrollment, await testCsr('client-enrollment', { orgId: 'acme' }));
    await expect(certs.verify(notUuid)).rejects.toThrow('organization ID extension "acme" is not a UUID');
  });
});

describe('enrollment signer', () => {
  it('is for users only: a client certificate of this service may not ask', async () => {
    const req = request(SIGNER.enrollment, await testCsr('client-enrollment'), { peer: managementPeer });
    await expect(certs.verify(req)).rejects.toThrow(
      'enrollment certificates cannot be requested using client certificates issued by the system',
    );
  });

  it('keeps allowed names, prefixes others, and must match the request name', async () => {
    const cn = async (commonName: string, resourceName: string) =>
      (await sign(request(SIGNER.enrollment, await testCsr(commonName), { resourceName }))).cert.subjectName.getField(
        'CN',
      )[0];
    expect(await cn('client-enrollment', 'client-enrollment')).toBe('client-enrollment');
    expect(await cn('client-enrollment-site1', 'client-enrollment-site1')).toBe('client-enrollment-site1');
    expect(await cn('site2', 'site2')).toBe('client-enrollment-site2');
    expect(await cn('site3', 'client-enrollment-site3')).toBe('client-enrollment-site3');
    await expect(
      certs.sign(request(SIGNER.enrollment, await testCsr('site4'), { resourceName: 'other' })),
    ).rejects.toThrow('common name "site4" does not match the request name "other"');

    const withExtra = await load({ 'ca.extraAllowedPrefixes': ['lab-'], 'service.certStore': join(dir, 'extra') });
    const lab = await withExtra.sign(request(SIGNER.enrollment, await testCsr('lab-7'), { resourceName: 'lab-7' }));
    expect(new x509.X509Certificate(lab).subjectName.getField('CN')).toEqual(['lab-7']);
  });

  it('lasts as long as asked, 365 days by default, for client authentication', async () => {
    const asked = await sign(
      request(SIGNER.enrollment, await testCsr('client-enrollment'), { expirationSeconds: 3600 }),
    );
    expect(lifetimeSeconds(asked.cert)).toBe(3601);
    const long = 2 * 365 * DAY;
    const longer = await sign(
      request(SIGNER.enrollment, await testCsr('client-enrollment'), { expirationSeconds: long }),
    );
    expect(lifetimeSeconds(longer.cert)).toBe(long + 1);
    const byDefault = await sign(request(SIGNER.enrollment, await testCsr('client-enrollment')));
    expect(lifetimeSeconds(byDefault.cert)).toBe(365 * DAY + 1);
    expect(extendedUsages(byDefault.cert)).toEqual([x509.ExtendedKeyUsage.clientAuth]);
  });
});

describe('device management signer', () => {
  it('signs a CN naming the device, with its fingerprint and organization', async () => {
    for (const commonName of [`device:${FP}`, FP]) {
      const { cert } = await sign(request(SIGNER.management, await testCsr(commonName), { resourceName: FP }));
      expect(cert.subjectName.getField('CN')).toEqual([`device:${FP}`]);
      expect(readFlightctlFields(cert)).toEqual({ signerName: SIGNER.management, orgId: ORG, fingerprint: FP });
      expect(lifetimeSeconds(cert)).toBe(365 * DAY + 1);
    }
  });

  it('refuses a CN of another device, and too short a fingerprint', async () => {
    const other = await testCsr(`device:${'z'.repeat(20)}`);
    await expect(certs.sign(request(SIGNER.management, other, { resourceName: FP }))).rejects.toThrow(
      `attempt to supply a fake CN, possible identity theft, csr: device:${'z'.repeat(20)}, metadata device:${FP}`,
    );
    const short = await testCsr('device:abc');
    await expect(certs.sign(request(SIGNER.management, short, { resourceName: 'abc' }))).rejects.toThrow(
      'device fingerprint must have 16 characters at least',
    );
  });

  it('takes an agent only with an enrollment certificate, and checks its CN when it asks', async () => {
    const csr = await testCsr(`device:${FP}`);
    const enrollmentPeer = { signerName: SIGNER.enrollment, commonName: 'client-enrollment' };
    await certs.verify(request(SIGNER.management, csr, { resourceName: FP, peer: enrollmentPeer }));
    await expect(
      certs.verify(request(SIGNER.management, csr, { resourceName: FP, peer: managementPeer })),
    ).rejects.toThrow(
      `unexpected client certificate signer: expected "${SIGNER.enrollment}", got "${SIGNER.management}"`,
    );
    await expect(
      certs.verify(request(SIGNER.management, csr, { resourceName: 'x'.repeat(20), peer: enrollmentPeer })),
    ).rejects.toThrow('possible identity theft');
    // A user's request is told at signing, as upstream.
    await certs.verify(request(SIGNER.management, csr, { resourceName: 'x'.repeat(20) }));
  });

  it('issues for the shorter of the request and the default, which the test variable can shorten', async () => {
    const csr = await testCsr(`device:${FP}`);
    const asked = await sign(request(SIGNER.management, csr, { resourceName: FP, expirationSeconds: 600 }));
    expect(lifetimeSeconds(asked.cert)).toBe(601);
    const capped = await sign(request(SIGNER.management, csr, { resourceName: FP, expirationSeconds: 900 * DAY }));
    expect(lifetimeSeconds(capped.cert)).toBe(365 * DAY + 1);

    const shortLived = await load({ 'service.certStore': join(dir, 'short') }, { [MGMT_CERT_EXPIRY_ENV]: '120' });
    for (const signer of [SIGNER.management, SIGNER.renewal]) {
      const pem = await shortLived.sign(request(signer, csr, { resourceName: FP, peer: undefined }));
      expect(lifetimeSeconds(new x509.X509Certificate(pem))).toBe(121);
    }
    const ignored = await load({ 'service.certStore': join(dir, 'bad-env') }, { [MGMT_CERT_EXPIRY_ENV]: 'soon' });
    const pem = await ignored.sign(request(SIGNER.management, csr, { resourceName: FP }));
    expect(lifetimeSeconds(new x509.X509Certificate(pem))).toBe(365 * DAY + 1);
  });
});

describe('device management renewal signer', () => {
  it('renews the certificate of the asking device only', async () => {
    const csr = await testCsr(`device:${FP}`);
    const renewalPeer = { signerName: SIGNER.renewal, commonName: `device:${FP}` };
    for (const peer of [managementPeer, renewalPeer]) {
      const { cert } = await sign(request(SIGNER.renewal, csr, { peer }));
      expect(readFlightctlFields(cert)).toEqual({ signerName: SIGNER.renewal, orgId: ORG, fingerprint: FP });
    }
    await expect(certs.verify(request(SIGNER.renewal, csr))).rejects.toThrow(
      'this signer needs the client certificate of a device',
    );
    const enrollmentPeer = { signerName: SIGNER.enrollment, commonName: 'client-enrollment' };
    await expect(certs.verify(request(SIGNER.renewal, csr, { peer: enrollmentPeer }))).rejects.toThrow(
      /unexpected client certificate signer/,
    );
    const otherDevice = { ...managementPeer, commonName: `device:${'y'.repeat(20)}` };
    await expect(certs.verify(request(SIGNER.renewal, csr, { peer: otherDevice }))).rejects.toThrow(
      `csr CN mismatch: csr="device:${FP}" peer="device:${'y'.repeat(20)}"`,
    );
  });
});

describe('device service client signer', () => {
  it('signs CNs ending with the asking device fingerprint, without an organization', async () => {
    const { cert } = await sign(
      request(SIGNER.svcClient, await testCsr(`otel-${FP}`), { peer: managementPeer, expirationSeconds: 3600 }),
    );
    expect(cert.subjectName.getField('CN')).toEqual([`otel-${FP}`]);
    expect(readFlightctlFields(cert)).toEqual({ signerName: SIGNER.svcClient, fingerprint: FP, orgId: undefined });
    expect(lifetimeSeconds(cert)).toBe(3601);
    expect(extendedUsages(cert)).toEqual([x509.ExtendedKeyUsage.clientAuth]);

    await expect(
      certs.verify(request(SIGNER.svcClient, await testCsr('otel-someone-else'), { peer: managementPeer })),
    ).rejects.toThrow(`CSR CommonName "otel-someone-else" does not end with device fingerprint suffix -${FP}`);
    await expect(certs.verify(request(SIGNER.svcClient, await testCsr(`otel-${FP}`)))).rejects.toThrow(
      'this signer needs the client certificate of a device',
    );
  });
});

describe('server service signer', () => {
  it('signs svc-<name> server certificates for users, with the names asked for', async () => {
    const { cert } = await sign(
      request(SIGNER.serverSvc, await testCsr('svc-telemetry', { dnsNames: ['telemetry.example.com'] }), {
        expirationSeconds: 900 * DAY,
      }),
    );
    expect(extendedUsages(cert)).toEqual([x509.ExtendedKeyUsage.clientAuth, x509.ExtendedKeyUsage.serverAuth]);
    expect(cert.getExtension(x509.SubjectAlternativeNameExtension)!.names.toJSON()).toEqual([
      { type: 'dns', value: 'telemetry.example.com' },
    ]);
    expect(readFlightctlFields(cert)).toEqual({
      signerName: SIGNER.serverSvc,
      orgId: undefined,
      fingerprint: undefined,
    });
    expect(lifetimeSeconds(cert)).toBe(365 * DAY + 1);

    await expect(certs.verify(request(SIGNER.serverSvc, await testCsr('web')))).rejects.toThrow(
      'CSR CommonName "web" must start with prefix "svc-"',
    );
    await expect(certs.verify(request(SIGNER.serverSvc, await testCsr('svc-')))).rejects.toThrow(
      'must include a service name after prefix "svc-"',
    );
    await expect(
      certs.verify(request(SIGNER.serverSvc, await testCsr('svc-web'), { peer: managementPeer })),
    ).rejects.toThrow('server csr is not allowed with peer certificate');
  });
});
