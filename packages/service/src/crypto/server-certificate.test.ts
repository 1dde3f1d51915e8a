import { X509Certificate as NodeX509Certificate } from 'node:crypto';
import { copyFile, mkdtemp, readFile, rm, stat, unlink } from 'node:fs/promises';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CA_CERT_FILE, CA_KEY_FILE } from './certificate-authority.js';
import { SERVER_CERT_FILE, SERVER_KEY_FILE, ensureServerCertificates } from './server-certificate.js';

const DAY_MS = 24 * 3600 * 1000;
const FILES = [CA_CERT_FILE, CA_KEY_FILE, SERVER_CERT_FILE, SERVER_KEY_FILE];

let dir: string;
beforeEach(async () => {
  dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'flightctl-tls-')), 'certs');
});
afterEach(async () => {
  vi.useRealTimers();
  await rm(path.dirname(dir), { recursive: true, force: true });
});

const readAll = () => Promise.all(FILES.map((f) => readFile(path.join(dir, f))));

describe('ensureServerCertificates', () => {
  it('creates a CA and a server certificate it signed, covering the default names', async () => {
    const tls = await ensureServerCertificates(dir);

    expect(tls.caCertPath).toBe(path.join(dir, CA_CERT_FILE));
    expect(tls.caCertPem).toBe(await readFile(tls.caCertPath, 'utf8'));
    expect(tls.certPem).toBe(await readFile(path.join(dir, SERVER_CERT_FILE), 'utf8'));
    expect(tls.keyPem).toBe(await readFile(path.join(dir, SERVER_KEY_FILE), 'utf8'));
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    for (const key of [CA_KEY_FILE, SERVER_KEY_FILE]) {
      expect((await stat(path.join(dir, key))).mode & 0o777).toBe(0o600);
    }

    const ca = new NodeX509Certificate(tls.caCertPem);
    const cert = new NodeX509Certificate(tls.certPem);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.checkIssued(ca)).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']); // serverAuth
    expect(cert.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    for (const host of ['localhost', os.hostname()]) expect(cert.checkHost(host, { subject: 'never' })).toBe(host);
    for (const ip of ['127.0.0.1', '::1']) expect(cert.checkIP(ip)).toBe(ip);
    expect(cert.checkHost('example.com')).toBeUndefined();
    expect((Date.parse(cert.validTo) - Date.now()) / DAY_MS).toBeCloseTo(730, 1);
  });

  it('puts exactly the configured names and validity into the certificate', async () => {
    const tls = await ensureServerCertificates(dir, {
      hostnames: ['API.example.com'],
      ips: ['10.1.2.3', 'fd00::1'],
      validityDays: 10,
    });

    const cert = new NodeX509Certificate(tls.certPem);
    expect(cert.subjectAltName).toBe('DNS:api.example.com, IP Address:10.1.2.3, IP Address:FD00:0:0:0:0:0:0:1');
    expect(cert.subject).toBe('CN=api.example.com');
    expect((Date.parse(cert.validTo) - Date.now()) / DAY_MS).toBeCloseTo(10, 1);
  });

  it('rejects names in the wrong list', async () => {
    await expect(ensureServerCertificates(dir, { ips: ['localhost'] })).rejects.toThrow(/not an IP/);
    await expect(ensureServerCertificates(dir, { hostnames: ['10.0.0.1'] })).rejects.toThrow(/not a DNS name/);
  });

  it('reuses every file on a later start', async () => {
    await ensureServerCertificates(dir);
    const before = await readAll();
    await ensureServerCertificates(dir);
    expect(await readAll()).toEqual(before);
  });

  it('re-issues only the server certificate when the configured names change', async () => {
    await ensureServerCertificates(dir, { hostnames: ['a.example.com'] });
    const [caCert, caKey, serverCert] = await readAll();

    const tls = await ensureServerCertificates(dir, { hostnames: ['a.example.com', 'b.example.com'] });
    const after = await readAll();
    expect(after.slice(0, 2)).toEqual([caCert, caKey]);
    expect(after[2]).not.toEqual(serverCert);
    expect(new NodeX509Certificate(tls.certPem).checkHost('b.example.com')).toBe('b.example.com');

    // Fewer names are still covered by the existing certificate.
    await ensureServerCertificates(dir, { hostnames: ['b.example.com'] });
    expect(await readAll()).toEqual(after);
  });

  it('re-issues the server certificate when it is missing or expired', async () => {
    await ensureServerCertificates(dir, { validityDays: 30 });
    const [, , first] = await readAll();

    await unlink(path.join(dir, SERVER_CERT_FILE));
    await ensureServerCertificates(dir, { validityDays: 30 });
    const [, , second] = await readAll();
    expect(second).not.toEqual(first);

    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 31 * DAY_MS);
    const tls = await ensureServerCertificates(dir, { validityDays: 30 });
    expect(await readFile(path.join(dir, SERVER_CERT_FILE))).not.toEqual(second);
    expect(Date.parse(new NodeX509Certificate(tls.certPem).validTo)).toBeGreaterThan(Date.now());
  });

  it('re-issues a server certificate that another CA signed', async () => {
    const otherDir = `${dir}-other`;
    await ensureServerCertificates(otherDir);
    await ensureServerCertificates(dir);
    for (const f of [SERVER_CERT_FILE, SERVER_KEY_FILE]) await copyFile(path.join(otherDir, f), path.join(dir, f));

    const tls = await ensureServerCertificates(dir);
    expect(new NodeX509Certificate(tls.certPem).verify(new NodeX509Certificate(tls.caCertPem).publicKey)).toBe(true);
  });
});

describe('an HTTPS server using the generated files', () => {
  async function withServer(fn: (port: number) => Promise<void>): Promise<void> {
    const tls = await ensureServerCertificates(dir);
    const server = https.createServer({ cert: tls.certPem, key: tls.keyPem }, (_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      await fn((server.address() as AddressInfo).port);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  }

  function get(port: number, options: https.RequestOptions): Promise<string> {
    return new Promise((resolve, reject) => {
      https
        .get({ host: '127.0.0.1', port, path: '/', agent: false, ...options }, (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve(body));
        })
        .on('error', reject);
    });
  }

  it('is trusted by a client that trusts only ca.crt, by name and by IP', async () => {
    await withServer(async (port) => {
      const ca = await readFile(path.join(dir, CA_CERT_FILE));
      expect(await get(port, { ca, servername: 'localhost' })).toBe('ok');
      expect(await get(port, { ca })).toBe('ok');
    });
  });

  it('is refused by a client that does not trust the CA', async () => {
    await withServer(async (port) => {
      await expect(get(port, { servername: 'localhost' })).rejects.toThrow(
        /self-signed|unable to verify|local issuer/i,
      );
    });
  });
});
