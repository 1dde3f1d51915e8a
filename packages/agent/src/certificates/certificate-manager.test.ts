import { createPublicKey, webcrypto } from 'node:crypto';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SIGNER_DEVICE_MANAGEMENT_RENEWAL, SIGNER_DEVICE_SVC_CLIENT } from '@flightctl/api';
import { waitFor } from '@flightctl/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CsrSigningServer, TestCsrClient } from '../../test/csr-signing-server.js';
import { recordingLogger } from '../../test/fixture-device.js';
import { x509 } from '../../test/x509.js';
import { RootDir } from '../os/root-dir.js';
import { certificateInfo } from './certificate-info.js';
import { CertificateManager } from './certificate-manager.js';
import { certificateMatchesKey, generateKeyPem } from './certificate-request.js';

const DEVICE_NAME = '0123456789abcdefghijklmnopqrstuv0123456789abcdefghij';
const CERT_PATH = '/var/lib/flightctl/certs/agent.crt';
const KEY_PATH = '/var/lib/flightctl/certs/agent.key';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let tmp: string;
let root: RootDir;
let server: CsrSigningServer;
let client: TestCsrClient;
let keyPem: string;
let clock: Date;
let renewed: { certPem: string; keyPem: string }[];
let log: ReturnType<typeof recordingLogger>;
let manager: CertificateManager | undefined;

/** Now, to the second (X.509 times have no fractions). */
const wholeSecondNow = () => Math.floor(Date.now() / 1000) * 1000;

async function publicKeyOf(pem: string): Promise<webcrypto.CryptoKey> {
  const spki = createPublicKey(pem).export({ type: 'spki', format: 'der' });
  return webcrypto.subtle.importKey('spki', spki, { name: 'ECDSA', namedCurve: 'P-256' }, true, ['verify']);
}

/** Installs a management certificate valid from `notBefore` for `lifetimeMs`, as enrollment leaves one. */
async function enroll(notBefore: number, lifetimeMs: number): Promise<string> {
  const certPem = await server.issue(
    `device:${DEVICE_NAME}`,
    await publicKeyOf(keyPem),
    new Date(notBefore),
    lifetimeMs,
  );
  await root.writeFileAtomic(CERT_PATH, certPem, 0o600);
  client = new TestCsrClient(server, certPem, keyPem);
  return certPem;
}

function startManager(): CertificateManager {
  manager = new CertificateManager({
    client,
    root,
    certPath: CERT_PATH,
    keyPath: KEY_PATH,
    deviceName: DEVICE_NAME,
    onRenewed: (certPem, key) => {
      renewed.push({ certPem, keyPem: key });
      client.useCertificate(certPem, key);
    },
    logger: log.logger,
    now: () => clock,
  });
  return manager;
}

beforeEach(async () => {
  for (const name of Object.keys(process.env).filter((n) => n.startsWith('FLIGHTCTL_TEST_'))) delete process.env[name];
  tmp = await mkdtemp(path.join(os.tmpdir(), 'flightctl-certs-'));
  root = new RootDir(tmp);
  server = await CsrSigningServer.start();
  keyPem = await generateKeyPem();
  await root.writeFileAtomic(KEY_PATH, keyPem, 0o600);
  renewed = [];
  log = recordingLogger();
  manager = undefined;
});
afterEach(async () => {
  await manager?.stop();
  await client?.close();
  await server.close();
  await rm(tmp, { recursive: true, force: true });
});

describe('management certificate renewal', () => {
  it('renews once only 75 % of the lifetime is left, with the same key, replacing the file atomically', async () => {
    // A one-hour certificate issued 20 minutes ago: it is due at 15 minutes, i.e. five minutes ago.
    const notBefore = wholeSecondNow() - 20 * MINUTE;
    const original = await enroll(notBefore, HOUR);
    const renewAt = notBefore + 0.25 * HOUR;
    const inodeBefore = (await stat(root.path(CERT_PATH))).ino;
    const certs = startManager();

    clock = new Date(renewAt - 1000);
    await certs.syncNow();
    expect(server.received).toHaveLength(0);
    expect(await root.readFile(CERT_PATH)).toBe(original);

    clock = new Date(renewAt + 1000);
    await certs.syncNow();

    expect(server.received).toHaveLength(1);
    const [{ csr, peerCommonName }] = server.received as [(typeof server.received)[0]];
    expect(peerCommonName).toBe(`device:${DEVICE_NAME}`);
    expect(csr.apiVersion).toBe('v1beta1');
    expect(csr.kind).toBe('CertificateSigningRequest');
    expect(csr.metadata.name).toMatch(new RegExp(`^${DEVICE_NAME}-[0-9a-f]{8}$`));
    expect(csr.spec.signerName).toBe(SIGNER_DEVICE_MANAGEMENT_RENEWAL);
    expect(csr.spec.usages).toEqual(['clientAuth', 'CA:false']);
    const request = new x509.Pkcs10CertificateRequest(Buffer.from(csr.spec.request, 'base64').toString('utf8'));
    expect(request.subject).toBe(`CN=${DEVICE_NAME}`);

    // The same identity key: the device keeps its name, only the certificate changes.
    expect(renewed).toHaveLength(1);
    const [{ certPem }] = renewed as [(typeof renewed)[0]];
    expect(renewed[0]!.keyPem).toBe(keyPem);
    expect(await root.readFile(KEY_PATH)).toBe(keyPem);
    expect(certificateMatchesKey(certPem, keyPem)).toBe(true);
    expect(certificateInfo(certPem).commonName).toBe(`device:${DEVICE_NAME}`);

    // Replaced by a rename: a new inode, private mode, and no temporary file left behind.
    expect(await root.readFile(CERT_PATH)).toBe(certPem);
    const after = await stat(root.path(CERT_PATH));
    expect(after.ino).not.toBe(inodeBefore);
    expect(after.mode & 0o777).toBe(0o600);
    expect(await readdir(root.path('/var/lib/flightctl/certs'))).toEqual(['agent.crt', 'agent.key']);

    // The fresh certificate is not due, so a second sync asks for nothing.
    await certs.syncNow();
    expect(server.received).toHaveLength(1);

    // The next renewal is made with the renewed certificate, which the client switched to.
    clock = new Date(certificateInfo(certPem).notBefore.getTime() + 0.25 * HOUR + 1000);
    await certs.syncNow();
    expect(server.received).toHaveLength(2);
    expect(server.received[1]!.peerSerial).toBe(certificateInfo(certPem).serial);
    expect(renewed).toHaveLength(2);
  });

  it('renews at start when the renewal time has already passed', async () => {
    await enroll(wholeSecondNow() - 50 * MINUTE, HOUR);
    clock = new Date();
    startManager().start();

    await waitFor(() => renewed.length === 1, { what: 'the renewal at start' });
    expect(await root.readFile(CERT_PATH)).toBe(renewed[0]!.certPem);
  });

  it('backs off 10 then 20 minutes (±10 %) while requests are denied, keeping the current certificate', async () => {
    const original = await enroll(wholeSecondNow() - 20 * MINUTE, HOUR);
    server.mode = 'deny';
    const certs = startManager();
    const start = Date.now() - MINUTE;
    const at = async (minutes: number) => {
      clock = new Date(start + minutes * MINUTE);
      await certs.syncNow();
      return server.received.length;
    };

    expect(await at(0)).toBe(1);
    expect(await at(5)).toBe(1);
    expect(await at(8.9)).toBe(1);
    expect(await at(11.1)).toBe(2);
    expect(await at(11.1 + 17.9)).toBe(2);
    expect(await at(11.1 + 22.1)).toBe(3);
    expect(renewed).toHaveLength(0);
    expect(await root.readFile(CERT_PATH)).toBe(original);
    expect(log.records).toContainEqual(
      expect.objectContaining({ msg: 'certificate request refused', reason: 'denied: denied by the test' }),
    );

    // Once the service signs again, the next attempt (within the 30-minute cap) succeeds.
    server.mode = 'sign';
    expect(await at(11.1 + 22.1 + 26.9)).toBe(3);
    expect(await at(11.1 + 22.1 + 33.1)).toBe(4);
    expect(renewed).toHaveLength(1);
  });

  it('follows a pending request until it is signed', async () => {
    await enroll(wholeSecondNow() - 20 * MINUTE, HOUR);
    server.mode = 'hold';
    const certs = startManager();
    const start = Date.now() - MINUTE;

    clock = new Date(start);
    await certs.syncNow();
    expect(server.received).toHaveLength(1);
    expect(renewed).toHaveLength(0);

    await server.approveHeld();
    clock = new Date(start + 5 * MINUTE);
    await certs.syncNow();
    expect(server.gets).toEqual([]);

    clock = new Date(start + 11.1 * MINUTE);
    await certs.syncNow();
    expect(server.gets).toEqual([server.received[0]!.csr.metadata.name]);
    expect(server.received).toHaveLength(1);
    expect(renewed).toHaveLength(1);
  });

  it('backs off when the service cannot be reached', async () => {
    await enroll(wholeSecondNow() - 20 * MINUTE, HOUR);
    const certs = startManager();
    await server.close();
    clock = new Date();

    await certs.syncNow();

    expect(renewed).toHaveLength(0);
    expect(log.records).toContainEqual(expect.objectContaining({ msg: 'certificate request failed; will retry' }));
  });

  it("honours upstream's test override of the renewal time", async () => {
    process.env.FLIGHTCTL_TEST_MGMT_CERT_RENEW_BEFORE_SECONDS = String(HOUR / 1000 - 60);
    const notBefore = wholeSecondNow() - 2 * MINUTE;
    await enroll(notBefore, HOUR);
    const certs = startManager();

    clock = new Date(notBefore + 59 * 1000);
    await certs.syncNow();
    expect(renewed).toHaveLength(0);
    clock = new Date(notBefore + 61 * 1000);
    await certs.syncNow();
    expect(renewed).toHaveLength(1);
  });

  it('does nothing before the device is enrolled', async () => {
    client = new TestCsrClient(
      server,
      await server.issue('bootstrap', await publicKeyOf(keyPem), new Date(), HOUR),
      keyPem,
    );
    clock = new Date();
    await startManager().syncNow();
    expect(server.received).toHaveLength(0);
    expect(await root.exists(CERT_PATH)).toBe(false);
  });
});

describe('extra certificates from certs.yaml', () => {
  const CERTS_YAML = `
- name: otel
  provisioner:
    type: csr
    config:
      signer: ${SIGNER_DEVICE_SVC_CLIENT}
      common-name: "otel-{{ .DEVICE_ID }}"
      usages: [serverAuth]
      expiration-seconds: 1800
  storage:
    type: filesystem
    config:
      cert-path: /etc/otel/certs/otel.crt
      key-path: /etc/otel/private/otel.key
- name: self
  provisioner:
    type: self-signed
  storage:
    type: filesystem
    config: { cert-path: /etc/self.crt, key-path: /etc/self.key }
`;
  // A drop-in replaces the entry of the same name: here it moves the certificate.
  const DROP_IN = `
name: otel
provisioner:
  type: csr
  config:
    signer: ${SIGNER_DEVICE_SVC_CLIENT}
    common-name: "otel-{{.DEVICE_ID}}"
    usages: [serverAuth]
    expiration-seconds: 1800
storage:
  type: filesystem
  config:
    cert-path: /etc/otel/certs/client.crt
    key-path: /etc/otel/private/otel.key
`;

  it('issues each entry with a fresh key, stores it privately, and renews it at 2/3 of its lifetime', async () => {
    // Long-lived, so that the management certificate stays out of the way.
    await enroll(wholeSecondNow(), 10 * HOUR);
    await root.writeFileAtomic('/etc/flightctl/certs.yaml', CERTS_YAML);
    await root.writeFileAtomic('/etc/flightctl/certs.d/10-otel.yaml', DROP_IN);
    clock = new Date();
    const certs = startManager();

    await certs.syncNow();

    expect(server.received).toHaveLength(1);
    const { csr } = server.received[0]!;
    expect(csr.spec.signerName).toBe(SIGNER_DEVICE_SVC_CLIENT);
    expect(csr.spec.usages).toEqual(['clientAuth', 'CA:false', 'serverAuth']);
    expect(csr.spec.expirationSeconds).toBe(1800);
    expect(csr.metadata.name).toMatch(new RegExp(`^otel-${DEVICE_NAME}-[0-9a-f]{8}$`));

    const certPem = (await root.readFile('/etc/otel/certs/client.crt'))!;
    const otelKey = (await root.readFile('/etc/otel/private/otel.key'))!;
    expect(otelKey).toMatch(/^-----BEGIN EC PRIVATE KEY-----/);
    expect(otelKey).not.toBe(keyPem);
    expect(certificateMatchesKey(certPem, otelKey)).toBe(true);
    const cert = certificateInfo(certPem);
    expect(cert.commonName).toBe(`otel-${DEVICE_NAME}`);
    expect(cert.notAfter.getTime() - cert.notBefore.getTime()).toBe(1800 * 1000);
    expect((await stat(root.path('/etc/otel/certs/client.crt'))).mode & 0o777).toBe(0o644);
    expect((await stat(root.path('/etc/otel/private/otel.key'))).mode & 0o777).toBe(0o600);
    expect((await stat(root.path('/etc/otel/private'))).mode & 0o777).toBe(0o700);
    expect(await root.exists('/etc/otel/certs/otel.crt')).toBe(false);
    expect(await root.exists('/etc/self.crt')).toBe(false);
    expect(log.records).toContainEqual(
      expect.objectContaining({ msg: 'certificate entry skipped', problem: 'provisioner.type must be "csr"' }),
    );
    // Management certificate untouched: it is not due.
    expect(renewed).toHaveLength(0);

    clock = new Date(cert.notBefore.getTime() + (2 / 3) * 1800 * 1000 - 1000);
    await certs.syncNow();
    expect(server.received).toHaveLength(1);

    clock = new Date(cert.notBefore.getTime() + (2 / 3) * 1800 * 1000 + 1000);
    await certs.syncNow();
    expect(server.received).toHaveLength(2);
    const renewedKey = (await root.readFile('/etc/otel/private/otel.key'))!;
    expect(renewedKey).not.toBe(otelKey);
    expect(certificateMatchesKey((await root.readFile('/etc/otel/certs/client.crt'))!, renewedKey)).toBe(true);
  });

  it('replaces a certificate whose key is not the one beside it', async () => {
    await enroll(wholeSecondNow(), HOUR);
    await root.writeFileAtomic('/etc/flightctl/certs.d/otel.yml', DROP_IN);
    clock = new Date();
    const certs = startManager();
    await certs.syncNow();
    await root.writeFileAtomic('/etc/otel/private/otel.key', await generateKeyPem(), 0o600);

    await certs.syncNow();

    expect(server.received).toHaveLength(2);
    const key = (await root.readFile('/etc/otel/private/otel.key'))!;
    expect(certificateMatchesKey((await root.readFile('/etc/otel/certs/client.crt'))!, key)).toBe(true);
  });
});
