/**
 * `flightctl certificate request` and `flightctl enrollmentconfig` (ref/clients.md §1.6.9–1.6.10)
 * against a real service: the enrollment certificate is issued at once and the printed agent
 * config enrolls with it; other signers are only submitted.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { EnrollmentConfig } from '@flightctl/api';
import { agentConfig } from '../src/certificate/agent-config.js';
import { ORG, useCliFixture } from './cli-fixture.js';

const fx = useCliFixture();
const cli = (...args: string[]) => fx.cli(args, { env: { FCPASS: 'secret' } });

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** The certificates of a PEM bundle. */
const bundle = (pem: string) => (pem.match(PEM_CERT) ?? []).map((block) => new X509Certificate(block));

/** True when `cert` was signed by one of the certificates of `caPem`. */
const chainsTo = (cert: X509Certificate, caPem: string) =>
  bundle(caPem).some((ca) => cert.checkIssued(ca) && cert.verify(ca.publicKey));

describe('flightctl certificate request', () => {
  it('gets an enrollment certificate and prints an agent config that embeds it', async () => {
    const out = join(fx.dir, 'embedded');
    mkdirSync(out);
    const r = await cli('certificate', 'request', '-d', out, '-x', '365d', '--org', ORG);
    expect(r.code, r.stderr).toBe(0);
    const csrName = /Submitting certificate signing request "(client-enrollment-[0-9a-f]{8})"\.\.\. success\./.exec(
      r.stderr,
    )?.[1];
    expect(csrName, r.stderr).toBeDefined();
    expect(r.stderr).toMatch(/Waiting for certificate to be approved and issued\.+ success\.\n$/);

    const keyPath = join(out, 'client-enrollment.key');
    expect(statSync(keyPath).mode & 0o777).toBe(0o600);
    const key = readFileSync(keyPath, 'utf8');
    const cert = new X509Certificate(readFileSync(join(out, 'client-enrollment.crt')));
    expect(cert.subject).toBe(`CN=${csrName}`);
    expect(cert.checkPrivateKey(createPrivateKey(key))).toBe(true);
    const ca = readFileSync(join(out, 'ca.crt'), 'utf8');
    expect(ca).toBe(fx.svc.service.certificates.caBundlePem);
    expect(chainsTo(cert, ca)).toBe(true);
    expect((Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / 1000).toBe(365 * 24 * 3600 + 1);

    const config = parse(r.stdout);
    const service = config['enrollment-service'];
    expect(Buffer.from(service.authentication['client-certificate-data'], 'base64').toString()).toBe(
      readFileSync(join(out, 'client-enrollment.crt'), 'utf8'),
    );
    expect(Buffer.from(service.authentication['client-key-data'], 'base64').toString()).toBe(key);
    expect(Buffer.from(service.service['certificate-authority-data'], 'base64').toString()).toBe(ca);
    expect(service.service.server).toBe('https://localhost:7443');

    // The request asked for the organization given, and the certificate is issued for it.
    const csr = (await fx.api('GET', `/certificatesigningrequests/${csrName}`)).body;
    expect(csr.spec).toMatchObject({ signerName: 'flightctl.io/enrollment', expirationSeconds: 365 * 24 * 3600 });
    // The organization extension holds the UUID as an ASN.1 string.
    expect(cert.raw.includes(Buffer.from(ORG))).toBe(true);
    expect(Buffer.from(csr.spec.request, 'base64').toString()).toContain('BEGIN CERTIFICATE REQUEST');
  });

  it('prints file references with -o reference', async () => {
    const out = join(fx.dir, 'reference');
    mkdirSync(out);
    const r = await cli('certificate', 'request', '-n', 'client-enrollment-site', '-o', 'reference', '-d', out, '-e');
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(out, 'client-enrollment-site.key'), 'utf8')).toMatch(
      /^-----BEGIN ENCRYPTED PRIVATE KEY-----\n/,
    );
    expect(parse(r.stdout)).toEqual({
      'enrollment-service': {
        authentication: {
          'client-certificate': 'certs/client-enrollment-site.crt',
          'client-key': 'certs/client-enrollment-site.key',
        },
        service: { server: 'https://localhost:7443', 'certificate-authority': 'certs/ca.crt' },
        'enrollment-ui-endpoint': '',
      },
    });
    expect(
      chainsTo(
        new X509Certificate(readFileSync(join(out, 'client-enrollment-site.crt'))),
        readFileSync(join(out, 'ca.crt'), 'utf8'),
      ),
    ).toBe(true);
  });

  it('only submits requests for other signers, which then wait for a decision', async () => {
    const out = join(fx.dir, 'server-svc');
    mkdirSync(out);
    const r = await cli('certificate', 'request', '-s', 'flightctl.io/server-svc', '-n', 'svc-web', '-d', out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('Waiting');
    expect(r.stdout).toBe('');
    const csrName = /"(svc-web-[0-9a-f]{8})"/.exec(r.stderr)![1]!;
    const csr = (await fx.api('GET', `/certificatesigningrequests/${csrName}`)).body;
    expect(csr.status).toEqual({ conditions: [] });

    const refused = await cli('certificate', 'request', '-s', 'flightctl.io/server-svc', '-n', 'web', '-d', out);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /submitting CSR failed with status 400: CSR CommonName "web-[0-9a-f]{8}" must start with prefix "svc-"\n$/,
    );
  });

  it('checks its flags before doing anything', async () => {
    const [badOutput, badExpiry, badSigner] = await Promise.all([
      cli('certificate', 'request', '-s', 'flightctl.io/server-svc', '-o', 'reference'),
      cli('certificate', 'request', '-x', '7'),
      cli('certificate', 'request', '-s', ' '),
    ]);
    expect(badOutput).toMatchObject({
      code: 1,
      stderr: "output format cannot be set for certificate types other than 'enrollment'\n",
    });
    expect(badExpiry).toMatchObject({
      code: 1,
      stderr: 'invalid expiration specified: 7: expiration must be in the form of days, example: 365d\n',
    });
    expect(badSigner).toMatchObject({ code: 1, stderr: 'invalid signer name: must not be empty\n' });
  });

  it('leaves signer names to the service, which may rename its signers, and keeps no key when it refuses', async () => {
    const out = join(fx.dir, 'unknown-signer');
    mkdirSync(out);
    const r = await cli('certificate', 'request', '-s', 'example.com/custom', '-n', 'custom', '-d', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('submitting CSR failed with status 400: ');
    expect(r.stderr).toContain('unknown signer "example.com/custom"; must be one of flightctl.io/enrollment, ');
    expect(readdirSync(out)).toEqual([]);
  });

  it('builds both config styles from the enrollment config', () => {
    const enrollment: EnrollmentConfig = {
      'enrollment-service': {
        authentication: { 'client-certificate-data': '', 'client-key-data': '' },
        service: { server: 'https://agent.example.com:7443', 'certificate-authority-data': 'Q0E=' },
        'enrollment-ui-endpoint': 'https://ui.example.com',
      },
    };
    const issued = { name: 'client-enrollment', certificate: 'Q0VSVA==', keyPem: 'KEY' };
    expect(agentConfig('embedded', enrollment, issued)).toEqual({
      'enrollment-service': {
        authentication: { 'client-certificate-data': 'Q0VSVA==', 'client-key-data': 'S0VZ' },
        service: { server: 'https://agent.example.com:7443', 'certificate-authority-data': 'Q0E=' },
        'enrollment-ui-endpoint': 'https://ui.example.com',
      },
    });
  });
});

describe('flightctl enrollmentconfig', () => {
  it('prints the enrollment config of a CSR, with the key embedded when given', async () => {
    const out = join(fx.dir, 'for-config');
    mkdirSync(out);
    const requested = await cli('certificate', 'request', '-d', out);
    expect(requested.code, requested.stderr).toBe(0);
    const csrName = /"(client-enrollment-[0-9a-f]{8})"/.exec(requested.stderr)![1]!;
    const fromApi = (await fx.api('GET', `/enrollmentconfig?csr=${csrName}`)).body;

    const plain = await cli('enrollmentconfig', csrName);
    expect(plain.code, plain.stderr).toBe(0);
    expect(parse(plain.stdout)).toEqual(fromApi);

    const keyPath = join(out, 'client-enrollment.key');
    const withKey = await cli('enrollmentconfig', csrName, '-p', keyPath);
    expect(withKey.code, withKey.stderr).toBe(0);
    const auth = parse(withKey.stdout)['enrollment-service'].authentication;
    expect(Buffer.from(auth['client-key-data'], 'base64').toString()).toBe(readFileSync(keyPath, 'utf8'));
    const cert = new X509Certificate(Buffer.from(auth['client-certificate-data'], 'base64'));
    expect(cert.checkPrivateKey(createPrivateKey(readFileSync(keyPath)))).toBe(true);

    const withoutCsr = await cli('enrollmentconfig');
    expect(parse(withoutCsr.stdout)['enrollment-service'].authentication['client-certificate-data']).toBe('');

    const missing = await cli('enrollmentconfig', 'no-such-csr');
    expect(missing).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'failed to get enrollment config: CertificateSigningRequest of name "no-such-csr" not found\n',
    });
  });
});
