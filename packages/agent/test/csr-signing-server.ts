/**
 * A stand-in for the agent API's certificate endpoints, for certificate manager tests: an HTTPS server
 * that requires a client certificate from its own throwaway CA (like the agent endpoint's mTLS), takes
 * `POST /api/v1/certificatesigningrequests` and `GET /api/v1/certificatesigningrequests/{name}`, applies
 * the service's common-name rules (service.md §6.2) and signs, denies or holds requests as told.
 * The real service's signer is tested end to end elsewhere; this one lets a test control time and answers.
 */
import { randomBytes, webcrypto, KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import {
  SIGNER_DEVICE_MANAGEMENT_RENEWAL,
  SIGNER_DEVICE_SVC_CLIENT,
  type CertificateSigningRequest,
} from '@flightctl/api';
import { Agent, fetch } from 'undici';
import { x509 } from './x509.js';
import type { CsrClient } from '../src/certificates/certificate-manager.js';

const EC_P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;
const DEVICE_PREFIX = 'device:';

export type SigningMode = 'sign' | 'deny' | 'hold';

export interface ReceivedRequest {
  csr: CertificateSigningRequest;
  /** Subject CN and serial of the client certificate the request came with. */
  peerCommonName: string;
  peerSerial: string;
}

function keyPem(key: webcrypto.CryptoKey): string {
  return KeyObject.from(key).export({ type: 'pkcs8', format: 'pem' }) as string;
}

function toPem(cert: x509.X509Certificate): string {
  return cert.toString('pem');
}

const fingerprintOf = (commonName: string) =>
  commonName.startsWith(DEVICE_PREFIX) ? commonName.slice(DEVICE_PREFIX.length) : commonName;

export class CsrSigningServer {
  mode: SigningMode = 'sign';
  /** Validity of the certificates it signs. */
  lifetimeMs = 60 * 60 * 1000;
  readonly received: ReceivedRequest[] = [];
  readonly gets: string[] = [];
  private readonly stored = new Map<string, { csr: CertificateSigningRequest; fingerprint: string }>();

  private constructor(
    readonly caPem: string,
    private readonly ca: x509.X509Certificate,
    private readonly caKey: webcrypto.CryptoKey,
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<CsrSigningServer> {
    const caKeys = await webcrypto.subtle.generateKey(EC_P256, true, ['sign', 'verify']);
    const now = Date.now();
    const ca = await x509.X509CertificateGenerator.createSelfSigned({
      name: 'CN=throwaway-test-ca',
      keys: caKeys,
      serialNumber: randomBytes(8).toString('hex'),
      notBefore: new Date(now - 24 * 3600_000),
      notAfter: new Date(now + 24 * 3600_000),
      signingAlgorithm: SIGNING,
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.digitalSignature, true),
      ],
    });
    const serverKeys = await webcrypto.subtle.generateKey(EC_P256, true, ['sign', 'verify']);
    const serverCert = await x509.X509CertificateGenerator.create({
      subject: 'CN=localhost',
      issuer: ca.subject,
      publicKey: serverKeys.publicKey,
      signingKey: caKeys.privateKey,
      serialNumber: randomBytes(8).toString('hex'),
      notBefore: new Date(now - 24 * 3600_000),
      notAfter: new Date(now + 24 * 3600_000),
      signingAlgorithm: SIGNING,
      extensions: [
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
        new x509.SubjectAlternativeNameExtension([{ type: 'ip', value: '127.0.0.1' }]),
      ],
    });
    const https = createServer({
      key: keyPem(serverKeys.privateKey),
      cert: toPem(serverCert),
      ca: toPem(ca),
      requestCert: true,
      rejectUnauthorized: true,
      minVersion: 'TLSv1.3',
    });
    await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', resolve));
    const { port } = https.address() as AddressInfo;
    const server = new CsrSigningServer(toPem(ca), ca, caKeys.privateKey, https, `https://127.0.0.1:${port}`);
    https.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        server
          .handle(req.method ?? '', req.url ?? '', Buffer.concat(chunks).toString('utf8'), req.socket as TLSSocket)
          .then(({ status, body }) => {
            res.writeHead(status, { 'content-type': 'application/json' });
            res.end(JSON.stringify(body));
          })
          .catch((err: Error) => {
            res.writeHead(500, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ message: err.message }));
          });
      });
    });
    return server;
  }

  /** A client certificate from this CA, valid from `notBefore` for `lifetimeMs`. */
  async issue(
    commonName: string,
    publicKey: webcrypto.CryptoKey | x509.PublicKey,
    notBefore: Date,
    lifetimeMs: number,
  ): Promise<string> {
    const cert = await x509.X509CertificateGenerator.create({
      subject: [{ CN: [commonName] }],
      issuer: this.ca.subject,
      publicKey,
      signingKey: this.caKey,
      serialNumber: randomBytes(8).toString('hex'),
      notBefore,
      notAfter: new Date(notBefore.getTime() + lifetimeMs),
      signingAlgorithm: SIGNING,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      ],
    });
    return toPem(cert);
  }

  /** Signs every request that is waiting for approval. */
  async approveHeld(): Promise<void> {
    for (const { csr, fingerprint } of this.stored.values()) {
      if (!csr.status?.conditions.length) await this.sign(csr, fingerprint);
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(
    method: string,
    url: string,
    body: string,
    socket: TLSSocket,
  ): Promise<{ status: number; body: unknown }> {
    const collection = '/api/v1/certificatesigningrequests';
    if (method === 'GET' && url.startsWith(`${collection}/`)) {
      const name = decodeURIComponent(url.slice(collection.length + 1));
      this.gets.push(name);
      const csr = this.stored.get(name)?.csr;
      return csr ? { status: 200, body: csr } : { status: 404, body: { code: 404, reason: 'NotFound' } };
    }
    if (method !== 'POST' || url !== collection) return { status: 404, body: { code: 404 } };

    const csr = JSON.parse(body) as CertificateSigningRequest;
    const peer = socket.getPeerCertificate();
    this.received.push({ csr, peerCommonName: String(peer.subject.CN), peerSerial: peer.serialNumber });
    const request = new x509.Pkcs10CertificateRequest(Buffer.from(csr.spec.request, 'base64').toString('utf8'));
    if (!(await request.verify())) return { status: 400, body: { message: 'spec.request: bad signature' } };
    const fingerprint = fingerprintOf(String(peer.subject.CN));
    const requested = request.subject.replace(/^CN=/, '');
    const cnOk =
      csr.spec.signerName === SIGNER_DEVICE_MANAGEMENT_RENEWAL
        ? fingerprintOf(requested) === fingerprint
        : csr.spec.signerName === SIGNER_DEVICE_SVC_CLIENT && requested.endsWith(`-${fingerprint}`);
    if (!cnOk) return { status: 400, body: { message: `common name ${requested} not allowed for ${fingerprint}` } };

    csr.status = { conditions: [] };
    this.stored.set(csr.metadata.name!, { csr, fingerprint });
    if (this.mode === 'deny') {
      csr.status.conditions.push(condition('Denied', 'Denied', 'denied by the test'));
    } else if (this.mode === 'sign') {
      await this.sign(csr, fingerprint);
    }
    return { status: 201, body: csr };
  }

  private async sign(csr: CertificateSigningRequest, fingerprint: string): Promise<void> {
    const request = new x509.Pkcs10CertificateRequest(Buffer.from(csr.spec.request, 'base64').toString('utf8'));
    const requested = request.subject.replace(/^CN=/, '');
    // The renewal signer writes the CN in its canonical `device:<fingerprint>` form.
    const commonName =
      csr.spec.signerName === SIGNER_DEVICE_MANAGEMENT_RENEWAL ? `${DEVICE_PREFIX}${fingerprint}` : requested;
    const lifetimeMs = Math.min(this.lifetimeMs, (csr.spec.expirationSeconds ?? Infinity) * 1000);
    const pem = await this.issue(
      commonName,
      request.publicKey,
      new Date(Math.floor(Date.now() / 1000) * 1000),
      lifetimeMs,
    );
    csr.status = {
      certificate: Buffer.from(pem).toString('base64'),
      conditions: [condition('Approved', 'Approved', 'auto-approved by the test signer')],
    };
  }
}

function condition(type: string, reason: string, message: string) {
  return { type, status: 'True' as const, reason, message, lastTransitionTime: new Date().toISOString() };
}

/** The agent side: the two CSR calls over mTLS with the device's current certificate. */
export class TestCsrClient implements CsrClient {
  private dispatcher: Agent;

  constructor(
    private readonly server: CsrSigningServer,
    certPem: string,
    keyPem: string,
  ) {
    this.dispatcher = this.agent(certPem, keyPem);
  }

  /** Switches to a new client certificate, as the agent rebuilds its management client after renewal. */
  useCertificate(certPem: string, keyPem: string): void {
    const previous = this.dispatcher;
    this.dispatcher = this.agent(certPem, keyPem);
    void previous.close();
  }

  async createCertificateSigningRequest(csr: CertificateSigningRequest): Promise<CertificateSigningRequest> {
    const response = await fetch(`${this.server.url}/api/v1/certificatesigningrequests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(csr),
      dispatcher: this.dispatcher,
    });
    if (!response.ok) throw new Error(`create CSR: ${response.status} ${await response.text()}`);
    return (await response.json()) as CertificateSigningRequest;
  }

  async getCertificateSigningRequest(name: string): Promise<CertificateSigningRequest | undefined> {
    const response = await fetch(`${this.server.url}/api/v1/certificatesigningrequests/${encodeURIComponent(name)}`, {
      dispatcher: this.dispatcher,
    });
    if (response.status === 404) return undefined;
    if (!response.ok) throw new Error(`get CSR: ${response.status} ${await response.text()}`);
    return (await response.json()) as CertificateSigningRequest;
  }

  close(): Promise<void> {
    return this.dispatcher.close();
  }

  private agent(certPem: string, keyPem: string): Agent {
    return new Agent({ connect: { ca: this.server.caPem, cert: certPem, key: keyPem } });
  }
}
