/**
 * `flightctl approve` and `deny` end to end against the service's approval endpoints
 * (ref/clients.md §1.6.6, ref/service.md §6.3–6.4): an approved enrollment request becomes a device
 * with the labels given, an approved CSR gets its certificate, a denied one stays denied.
 */
import { X509Certificate, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Condition } from '@flightctl/api';
import { createCsrPem } from '../src/crypto/csr.js';
import { API_VERSION, ORG, resource, useCliFixture } from './cli-fixture.js';

const fx = useCliFixture();

function csrPem(commonName: string): string {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return createCsrPem(privateKey, publicKey, commonName);
}

/** An enrollment request as an agent sends it: the CSR names the device. */
async function enrollmentRequest(name: string, labels: Record<string, string>) {
  const res = await fx.api('POST', '/enrollmentrequests', {
    apiVersion: API_VERSION,
    kind: 'EnrollmentRequest',
    metadata: { name },
    spec: { csr: csrPem(`device:${name}`), labels },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

/** A server certificate request, which waits for a user's decision. */
async function serverCsr(name: string) {
  const spec = {
    request: Buffer.from(csrPem(`svc-${name}`)).toString('base64'),
    signerName: 'flightctl.io/server-svc',
    usages: ['clientAuth', 'CA:false'],
  };
  const res = await fx.api('POST', '/certificatesigningrequests', resource('CertificateSigningRequest', name, spec));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

const condition = (type: string, status: Condition['status']): Condition => ({
  type,
  status,
  reason: type,
  message: type,
  lastTransitionTime: '2026-01-01T00:00:00Z',
});

describe('approve', () => {
  it('approves an enrollment request: the device is created with the labels given', async () => {
    const name = 'cli-approve-device-0123456789';
    await enrollmentRequest(name, { from: 'agent', site: 'agent' });
    const approved = await fx.cli([
      'approve',
      `enrollmentrequest/${name}`,
      '-l',
      'site=lab,rack=7',
      '--label',
      'tier=a',
    ]);
    expect(approved).toMatchObject({ code: 0, stdout: `Approved enrollmentrequest/${name}\n`, stderr: '' });
    const device = (await fx.api('GET', `/devices/${name}`)).body;
    expect(device.metadata.labels).toEqual({ from: 'agent', site: 'lab', rack: '7', tier: 'a' });
    expect(device.status.lifecycle.status).toBe('Enrolled');
    const er = (await fx.api('GET', `/enrollmentrequests/${name}`)).body;
    expect(new X509Certificate(er.status.certificate).subject).toBe(`CN=device:${name}`);

    const again = await fx.cli(['approve', 'er', name]);
    expect(again).toMatchObject({
      code: 1,
      stderr: `Error: approving enrollmentrequest/${name}: Enrollment request is already approved\n`,
    });
  });

  it('replaces the agent labels with --replace-labels', async () => {
    const name = 'cli-replace-device-0123456789';
    await enrollmentRequest(name, { from: 'agent' });
    expect((await fx.cli(['approve', `er/${name}`, '-l', 'only=me', '--replace-labels'])).code).toBe(0);
    expect((await fx.api('GET', `/devices/${name}`)).body.metadata.labels).toEqual({ only: 'me' });
  });

  it('approves a CSR: the certificate is issued, earlier failures dropped, other conditions kept', async () => {
    await serverCsr('cli-approve-csr');
    await fx.svc.service.store.certificateSigningRequests.update(ORG, 'cli-approve-csr', (csr) => ({
      ...csr,
      status: { conditions: [condition('Failed', 'True'), condition('TPMVerified', 'False')] },
    }));
    const approved = await fx.cli(['approve', 'csr/cli-approve-csr']);
    expect(approved).toMatchObject({ code: 0, stdout: 'Approved certificatesigningrequest/cli-approve-csr\n' });
    const csr = (await fx.api('GET', '/certificatesigningrequests/cli-approve-csr')).body;
    expect(csr.status.conditions.map((c: Condition) => [c.type, c.status])).toEqual([
      ['TPMVerified', 'False'],
      ['Approved', 'True'],
    ]);
    const cert = new X509Certificate(Buffer.from(csr.status.certificate, 'base64'));
    expect(cert.subject).toBe('CN=svc-cli-approve-csr');

    const again = await fx.cli(['approve', 'csr/cli-approve-csr']);
    expect(again.stderr).toBe(
      'Error: approving certificatesigningrequest/cli-approve-csr: The request has already been approved and the certificate issued\n',
    );
  });

  it('denies a CSR for good', async () => {
    await serverCsr('cli-deny-csr');
    const denied = await fx.cli(['deny', 'certificatesigningrequest', 'cli-deny-csr']);
    expect(denied).toMatchObject({ code: 0, stdout: 'Denied certificatesigningrequest/cli-deny-csr\n' });
    const csr = (await fx.api('GET', '/certificatesigningrequests/cli-deny-csr')).body;
    expect(csr.status.certificate).toBeUndefined();
    expect(csr.status.conditions).toEqual([
      expect.objectContaining({ type: 'Denied', status: 'True', reason: 'Denied' }),
    ]);
    const approve = await fx.cli(['approve', 'csr/cli-deny-csr']);
    expect(approve).toMatchObject({
      code: 1,
      stderr: 'Error: approving certificatesigningrequest/cli-deny-csr: The request has already been denied\n',
    });
  });

  it('rejects what it cannot approve or deny before sending anything', async () => {
    const cases: [string[], string][] = [
      [
        ['approve', 'csr/absent'],
        'Error: approving certificatesigningrequest/absent: CertificateSigningRequest of name "absent" not found',
      ],
      [
        ['approve', 'er/absent-device'],
        'Error: approving enrollmentrequest/absent-device: EnrollmentRequest of name "absent-device" not found',
      ],
      [['approve', 'csr/some-csr', '-l', 'a=b'], 'labels only apply to enrollmentrequest approval'],
      [['approve', 'device/d1'], 'kind must be enrollmentrequest or certificatesigningrequest, not device'],
      [['approve', 'er'], 'specify the enrollmentrequest to approve: enrollmentrequest/NAME'],
      [['approve', 'er/x', '-l', '=v'], 'invalid label "=v": expected key=value'],
      [
        ['deny', 'er/some-er'],
        'enrollment requests cannot be denied; to reject one, delete it: flightctl delete er/some-er',
      ],
    ];
    const results = await Promise.all(cases.map(([args]) => fx.cli(args)));
    results.forEach((result, i) => {
      expect(result).toMatchObject({ code: 1, stdout: '' });
      expect(result.stderr).toBe(`${cases[i]![1]}\n`);
    });
  });
});
