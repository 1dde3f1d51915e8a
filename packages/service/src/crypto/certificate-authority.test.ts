import { X509Certificate as NodeX509Certificate, createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CA_CERT_FILE, CA_KEY_FILE, CertificateAuthority } from './certificate-authority.js';
import { generateKeyPair } from './keys.js';
import { x509 } from './x509.js';

let dir: string;
beforeEach(async () => {
  dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'flightctl-ca-')), 'certs');
});
afterEach(async () => {
  await rm(path.dirname(dir), { recursive: true, force: true });
});

async function issueClientCert(ca: CertificateAuthority): Promise<NodeX509Certificate> {
  const keys = await generateKeyPair();
  const cert = await ca.issue({ subject: 'CN=client', publicKey: keys.publicKey, validityDays: 1, extensions: [] });
  return new NodeX509Certificate(cert.toString('pem'));
}

describe('CertificateAuthority.loadOrCreate', () => {
  it('creates a self-signed P-256 CA with private file modes', async () => {
    const ca = await CertificateAuthority.loadOrCreate(dir);

    expect(ca.certPath).toBe(path.join(dir, CA_CERT_FILE));
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect((await stat(path.join(dir, CA_KEY_FILE))).mode & 0o777).toBe(0o600);
    const cert = new NodeX509Certificate(await readFile(ca.certPath, 'utf8'));
    expect(cert.ca).toBe(true);
    expect(cert.subject).toBe('CN=flightctl-ca');
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    const yearsValid = (Date.parse(cert.validTo) - Date.now()) / (365 * 24 * 3600 * 1000);
    expect(yearsValid).toBeGreaterThan(9.9);
  });

  it('reloads the same CA, which still signs certificates the original verifies', async () => {
    const first = await CertificateAuthority.loadOrCreate(dir);
    const keyBefore = await readFile(path.join(dir, CA_KEY_FILE));
    const second = await CertificateAuthority.loadOrCreate(dir);

    expect(second.certPem).toBe(first.certPem);
    expect(await readFile(path.join(dir, CA_KEY_FILE))).toEqual(keyBefore);
    expect(first.issued(await issueClientCert(second))).toBe(true);
  });

  it('accepts a SEC1 "EC PRIVATE KEY" as written by other tools', async () => {
    const ca = await CertificateAuthority.loadOrCreate(dir);
    const keyPath = path.join(dir, CA_KEY_FILE);
    const sec1 = createPrivateKey(await readFile(keyPath, 'utf8')).export({ type: 'sec1', format: 'pem' });
    await writeFile(keyPath, sec1);

    expect(ca.issued(await issueClientCert(await CertificateAuthority.loadOrCreate(dir)))).toBe(true);
  });

  it('refuses a certificate whose key is missing or does not match', async () => {
    await CertificateAuthority.loadOrCreate(dir);
    const keyPath = path.join(dir, CA_KEY_FILE);
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    await writeFile(keyPath, other.export({ type: 'pkcs8', format: 'pem' }));
    await expect(CertificateAuthority.loadOrCreate(dir)).rejects.toThrow(/does not match/);

    await unlink(keyPath);
    await expect(CertificateAuthority.loadOrCreate(dir)).rejects.toThrow(/exists but its key/);
  });
});

describe('CertificateAuthority.issue', () => {
  it('signs with the CA, links key identifiers and keeps the requested extensions', async () => {
    const ca = await CertificateAuthority.loadOrCreate(dir);
    const keys = await generateKeyPair();
    const issued = await ca.issue({
      subject: 'CN=device:abc',
      publicKey: keys.publicKey,
      validityDays: 365,
      extensions: [new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth])],
    });

    expect(ca.issued(new NodeX509Certificate(issued.toString('pem')))).toBe(true);
    expect(issued.subject).toBe('CN=device:abc');
    expect(issued.getExtension(x509.ExtendedKeyUsageExtension)?.usages).toEqual([x509.ExtendedKeyUsage.clientAuth]);
    const caSki = new x509.X509Certificate(ca.certPem).getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
    expect(issued.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId).toBe(caSki);
    const days = (issued.notAfter.getTime() - Date.now()) / (24 * 3600 * 1000);
    expect(days).toBeCloseTo(365, 1);
  });

  it('is not trusted by a different CA', async () => {
    const ca = await CertificateAuthority.loadOrCreate(dir);
    const otherDir = `${dir}-other`;
    const other = await CertificateAuthority.loadOrCreate(otherDir);
    expect(other.issued(await issueClientCert(ca))).toBe(false);
  });
});
