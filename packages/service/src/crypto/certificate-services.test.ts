/**
 * The CA layout on disk and the listeners' TLS material (ref/service.md §6.1): generated on first
 * start and reused after, operator files used as they are, and an agent endpoint that an agent
 * trusting the CA bundle can talk to with the certificate it was issued (a real mTLS handshake).
 */
import { X509Certificate as NodeX509Certificate, createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config.js';
import { deviceCsr, testCsr } from '../../test/certificate-request-fixture.js';
import { CertificateAuthority } from './certificate-authority.js';
import { readFlightctlFields } from './certificate-extensions.js';
import { CertificateServices } from './certificate-services.js';

const ORG = '00000000-0000-0000-0000-000000000000';
const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'flightctl-certs-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function configWith(overrides: Record<string, unknown> = {}) {
  return loadConfig({ path: null, env: {}, overrides: { dataDir: dir, ...overrides } }).config;
}

const certsIn = (pem: string) => (pem.match(PEM_CERT) ?? []).map((b) => new NodeX509Certificate(b));
const certStore = () => join(dir, 'certs');

describe('CA layout', () => {
  it('creates the root, the client-signer under it and the bundle of both, then reuses them', async () => {
    const first = await CertificateServices.load(configWith());
    const root = new NodeX509Certificate(readFileSync(join(certStore(), 'ca.crt')));
    const signer = new NodeX509Certificate(readFileSync(join(certStore(), 'client-signer.crt')));
    expect(root.subject).toBe('CN=flightctl-ca');
    expect(signer.subject).toBe('CN=client-signer');
    expect(signer.ca).toBe(true);
    expect(signer.checkIssued(root) && signer.verify(root.publicKey)).toBe(true);
    expect(new Date(signer.validTo).getTime()).toBeLessThanOrEqual(new Date(root.validTo).getTime());
    expect(statSync(join(certStore(), 'client-signer.key')).mode & 0o777).toBe(0o600);

    expect(first.caBundlePath).toBe(join(certStore(), 'ca-bundle.crt'));
    expect(readFileSync(first.caBundlePath, 'utf8')).toBe(first.caBundlePem);
    expect(certsIn(first.caBundlePem).map((c) => c.subject)).toEqual(['CN=flightctl-ca', 'CN=client-signer']);
    // Random 128-bit serials, not sequential ones.
    expect(signer.serialNumber).toMatch(/^[0-9A-F]{30,32}$/);
    // Clients of the user API trust the root that signed its certificate.
    expect(first.userCaCertPath).toBe(join(certStore(), 'ca.crt'));

    const second = await CertificateServices.load(configWith());
    expect(second.caBundlePem).toBe(first.caBundlePem);
    expect(second.agentServerTls()).toEqual(first.agentServerTls());
  });

  it('uses the files an operator put in ca.internalConfig, and refuses a bundle that lacks them', async () => {
    const store = join(dir, 'operator');
    const operatorCa = await CertificateAuthority.loadOrCreateFiles(
      { certPath: join(store, 'signer.pem'), keyPath: join(store, 'signer-key.pem') },
      { commonName: 'operator-signer', validityDays: 30 },
    );
    const config = configWith({
      'ca.internalConfig': {
        certStore: store,
        certFile: 'signer.pem',
        keyFile: 'signer-key.pem',
        caBundleFile: 'trust.pem',
      },
    });
    const certs = await CertificateServices.load(config);
    expect(certsIn(certs.caBundlePem).map((c) => c.subject)).toEqual(['CN=flightctl-ca', 'CN=operator-signer']);
    expect(certs.caBundlePath).toBe(join(store, 'trust.pem'));

    const csr = await testCsr('client-enrollment');
    const issued = new NodeX509Certificate(
      await certs.sign({
        signerName: 'flightctl.io/enrollment',
        request: csr.base64,
        resourceName: 'client-enrollment',
        orgId: ORG,
      }),
    );
    expect(operatorCa.issued(issued)).toBe(true);

    writeFileSync(join(store, 'trust.pem'), readFileSync(join(certStore(), 'ca.crt')));
    await expect(CertificateServices.load(config)).rejects.toThrow(
      `CA bundle ${join(store, 'trust.pem')} does not contain ${join(store, 'signer.pem')}: add it, or remove the bundle to have it generated`,
    );
  });

  it('counts serial numbers in ca.internalConfig.serialFile when one is set', async () => {
    const certs = await CertificateServices.load(configWith({ 'ca.internalConfig.serialFile': 'serial' }));
    const serial = () => readFileSync(join(certStore(), 'serial'), 'utf8').trim();
    const before = BigInt(`0x${serial()}`);
    const csr = await testCsr('client-enrollment');
    const pem = await certs.sign({
      signerName: 'flightctl.io/enrollment',
      request: csr.base64,
      resourceName: 'client-enrollment',
      orgId: ORG,
    });
    expect(BigInt(`0x${new NodeX509Certificate(pem).serialNumber}`)).toBe(before + 1n);
    expect(BigInt(`0x${serial()}`)).toBe(before + 1n);
  });

  it('serves the user API with a generated, a configured, or no certificate', async () => {
    const generated = await CertificateServices.load(configWith({ 'service.baseUrl': 'https://api.example.com:3443' }));
    expect(generated.userCaCertPath).toBe(join(certStore(), 'ca.crt'));
    const userCert = new NodeX509Certificate(generated.userServerTls()!.cert);
    expect(userCert.checkHost('api.example.com')).toBe('api.example.com');
    expect(createPrivateKey(generated.userServerTls()!.key)).toBeDefined();

    const agentCert = new NodeX509Certificate(generated.agentServerTls().cert);
    expect(agentCert.checkHost('localhost')).toBe('localhost');
    expect(agentCert.raw.equals(userCert.raw)).toBe(false);

    const configured = await CertificateServices.load(
      configWith({
        'service.srvCertificateFile': join(certStore(), 'server.crt'),
        'service.srvKeyFile': join(certStore(), 'server.key'),
      }),
    );
    expect(configured.userServerTls()).toEqual(generated.userServerTls());
    expect(configured.userCaCertPath).toBeUndefined();

    const plain = await CertificateServices.load(configWith({ 'service.disableTLS': true }));
    expect(plain.userServerTls()).toBeUndefined();
    expect(plain.agentServerTls().cert).toBe(generated.agentServerTls().cert);
  });

  it('loads the ca section of an upstream config.yaml', () => {
    const file = join(dir, 'config.yaml');
    writeFileSync(
      file,
      [
        'ca:',
        '  type: 1',
        '  adminCommonName: flightctl-admin',
        '  clientBootstrapCertName: client-enrollment',
        '  clientBootstrapCommonName: client-enrollment',
        '  clientBootstrapCommonNamePrefix: client-enrollment-',
        '  deviceEnrollmentSignerName: flightctl.io/enrollment',
        '  deviceManagementSignerName: flightctl.io/device-enrollment',
        '  deviceSvcClientSignerName: flightctl.io/device-svc-client',
        '  serverSvcSignerName: flightctl.io/server-svc',
        '  clientBootStrapValidityDays: 30',
        '  deviceCommonNamePrefix: "device:"',
        '  serverCertValidityDays: 365',
        '  extraAllowedPrefixes: []',
        '  internalConfig:',
        '    certFile: client-signer.crt',
        '    keyFile: client-signer.key',
        '    caBundleFile: ca-bundle.crt',
        '    signerCertName: client-signer',
        '    certValidityDays: 3650',
        '    certStore: /etc/flightctl/pki',
        '',
      ].join('\n'),
    );
    const { config } = loadConfig({ path: file, env: {} });
    expect(config.ca).toMatchObject({
      clientBootStrapValidityDays: 30,
      clientBootstrapValidityDays: 365,
      deviceManagementRenewalSignerName: 'flightctl.io/device-management-renewal',
      internalConfig: { certStore: '/etc/flightctl/pki', serialFile: '' },
    });
  });
});

describe('agent endpoint TLS', () => {
  it('is trusted by an agent holding the bundle and verifies its client certificate', async () => {
    const certs = await CertificateServices.load(configWith());
    const device = await deviceCsr();
    const clientCert = await certs.sign({
      signerName: 'flightctl.io/device-enrollment',
      request: device.pem,
      resourceName: device.name,
      orgId: ORG,
    });
    const server = tls.createServer(
      { ...certs.agentServerTls(), ca: certs.caBundlePem, requestCert: true, rejectUnauthorized: true },
      (socket) => {
        const peer = socket.getPeerX509Certificate();
        socket.end((peer && readFlightctlFields(Buffer.from(peer.raw)).fingerprint) ?? 'none');
      },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const connect = (options: tls.ConnectionOptions) =>
      new Promise<string>((resolve, reject) => {
        const socket = tls.connect({ host: '127.0.0.1', port, servername: 'localhost', ...options }, () => {
          let data = '';
          socket.on('data', (d) => (data += d));
          socket.on('end', () => resolve(data));
        });
        socket.on('error', reject);
      });
    try {
      expect(await connect({ ca: certs.caBundlePem, cert: clientCert, key: device.keyPem })).toBe(device.name);
      // Without the bundle the agent does not trust the endpoint.
      await expect(connect({ cert: clientCert, key: device.keyPem })).rejects.toThrow(
        /self.signed|unable to (get|verify)/,
      );
      // A certificate from another CA is refused by the endpoint: with TLS 1.3 the client may see the
      // handshake complete before the refusal arrives, but never an answer.
      const strangerCa = await CertificateAuthority.loadOrCreate(join(dir, 'stranger'));
      const stranger = await deviceCsr();
      const strangerCert = await strangerCa.issue({
        subject: `CN=device:${stranger.name}`,
        publicKey: stranger.keys.publicKey,
        validityDays: 1,
        extensions: [],
      });
      const refused = connect({ ca: certs.caBundlePem, cert: strangerCert.toString('pem'), key: stranger.keyPem });
      expect(await refused.catch(() => '')).toBe('');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
