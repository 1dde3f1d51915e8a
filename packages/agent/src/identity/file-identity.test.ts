import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { x509 } from '../../test/x509.js';
import { RootDir } from '../os/root-dir.js';
import { FileIdentity } from './file-identity.js';

let dir: string;
let root: RootDir;
const DATA = '/var/lib/flightctl';
const onDisk = (p: string) => join(dir, p);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'agent-identity-'));
  root = new RootDir(dir);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('file identity', () => {
  it('creates a SEC1 P-256 key readable only by its owner and keeps it across restarts', async () => {
    const first = new FileIdentity(root, DATA);
    await first.initialize();
    const keyFile = onDisk(`${DATA}/certs/agent.key`);
    expect(readFileSync(keyFile, 'utf8')).toMatch(/^-----BEGIN EC PRIVATE KEY-----\n/);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(statSync(onDisk(`${DATA}/certs`)).mode & 0o777).toBe(0o755);

    const again = new FileIdentity(root, DATA);
    await again.initialize();
    expect(again.name).toBe(first.name);
    expect(again.name).toMatch(/^[0-9a-v]{52}$/);
  });

  it('persists an enrollment CSR for the device name, signed by the device key', async () => {
    const identity = new FileIdentity(root, DATA);
    await identity.initialize();
    const pem = await identity.enrollmentCertificateRequest();
    const csr = new x509.Pkcs10CertificateRequest(pem);
    expect(csr.subject).toBe(`CN=${identity.name}`);
    expect(await csr.verify()).toBe(true);
    expect(csr.signatureAlgorithm).toMatchObject({ name: 'ECDSA', hash: { name: 'SHA-256' } });
    expect(statSync(onDisk(`${DATA}/certs/agent.csr`)).mode & 0o777).toBe(0o600);
    // Reused while its CN matches.
    expect(await identity.enrollmentCertificateRequest()).toBe(pem);
  });

  it('regenerates a persisted CSR whose CN is another device', async () => {
    const otherDir = mkdtempSync(join(tmpdir(), 'agent-other-'));
    const other = new FileIdentity(new RootDir(otherDir), DATA);
    await other.initialize();
    const foreign = await other.enrollmentCertificateRequest();
    rmSync(otherDir, { recursive: true, force: true });
    const identity = new FileIdentity(root, DATA);
    await identity.initialize();
    writeFileSync(onDisk(`${DATA}/certs/agent.csr`), foreign);
    const pem = await identity.enrollmentCertificateRequest();
    expect(pem).not.toBe(foreign);
    expect(new x509.Pkcs10CertificateRequest(pem).subject).toBe(`CN=${identity.name}`);
  });

  it('wipes the certificate but keeps the key, so re-enrollment keeps the name', async () => {
    const identity = new FileIdentity(root, DATA);
    await identity.initialize();
    await identity.storeCertificate('-----BEGIN CERTIFICATE-----\nabc\n-----END CERTIFICATE-----\n');
    expect(await identity.hasCertificate()).toBe(true);
    expect(statSync(onDisk(`${DATA}/certs/agent.crt`)).mode & 0o777).toBe(0o600);
    await identity.wipeCertificate();
    expect(await identity.hasCertificate()).toBe(false);
    expect(await root.exists(`${DATA}/certs/agent.key`)).toBe(true);
  });
});
