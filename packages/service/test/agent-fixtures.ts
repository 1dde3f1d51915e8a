/**
 * Agent API test pieces: client certificates issued the way the service's signers issue them
 * (ref/service.md §6.1–6.2) — by a CA the agent endpoint trusts, with the signer and organization
 * extensions, and CN `device:<name>` for devices — and a client that speaks as one of them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type ClientHttp2Session } from 'node:http2';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ClientIdentity, RequestOptions, TestService } from '@flightctl/testing';
import { CertificateAuthority } from '../src/crypto/certificate-authority.js';
import { flightctlExtensions } from '../src/crypto/certificate-extensions.js';
import { generateKeyPair, privateKeyToPem } from '../src/crypto/keys.js';
import { x509 } from '../src/crypto/x509.js';
import { API, type ApiResponse, type Json } from './fixtures.js';

export const SIGNERS = {
  enrollment: 'flightctl.io/enrollment',
  management: 'flightctl.io/device-enrollment',
  renewal: 'flightctl.io/device-management-renewal',
  svcClient: 'flightctl.io/device-svc-client',
} as const;

export interface IdentityOptions {
  signerName?: string;
  orgId?: string;
  commonName?: string;
  /** Lifetime in seconds (default a day). */
  validitySeconds?: number;
}

export async function issueIdentity(ca: CertificateAuthority, options: IdentityOptions): Promise<ClientIdentity> {
  const keys = await generateKeyPair();
  const cert = await ca.issue({
    subject: `CN=${options.commonName ?? 'client'}`,
    publicKey: keys.publicKey,
    validitySeconds: options.validitySeconds ?? 24 * 60 * 60,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
      ...flightctlExtensions({ signerName: options.signerName, orgId: options.orgId }),
    ],
  });
  return { cert: cert.toString('pem'), key: privateKeyToPem(keys.privateKey) };
}

/** Issues identities from the CA the service trusts (its root, which is in the CA bundle). */
export class AgentIdentities {
  private constructor(private readonly ca: CertificateAuthority) {}

  static async of(svc: TestService): Promise<AgentIdentities> {
    return new AgentIdentities(await CertificateAuthority.loadOrCreate(dirname(svc.service.certificates.caBundlePath)));
  }

  /** A management certificate of device `name` (as issued at enrollment approval). */
  device(name: string, options: IdentityOptions = {}): Promise<ClientIdentity> {
    return issueIdentity(this.ca, { signerName: SIGNERS.management, commonName: `device:${name}`, ...options });
  }

  /** An enrollment certificate, as `flightctl certificate request` obtains. */
  enrollment(options: IdentityOptions = {}): Promise<ClientIdentity> {
    return issueIdentity(this.ca, { signerName: SIGNERS.enrollment, commonName: 'client-enrollment', ...options });
  }
}

/** A CA the service has never heard of. */
export async function foreignCa(): Promise<{ ca: CertificateAuthority; dispose(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'flightctl-foreign-ca-'));
  return {
    ca: await CertificateAuthority.loadOrCreate(dir),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Requests to the agent API as one agent; paths are relative to /api/v1. */
export class AgentClient {
  constructor(
    readonly svc: TestService,
    readonly identity: ClientIdentity,
  ) {}

  async request<T = Json>(
    method: string,
    path: string,
    options: RequestOptions & { signal?: AbortSignal } = {},
  ): Promise<ApiResponse<T>> {
    const full = `${API}${path}`;
    const res = await this.svc.agentRequest<T>(this.identity, method, full, options);
    return Object.assign(res, { method, path: full });
  }

  rendered(name: string, knownRenderedVersion?: string, signal?: AbortSignal) {
    const query = knownRenderedVersion === undefined ? '' : `?knownRenderedVersion=${knownRenderedVersion}`;
    return this.request('GET', `/devices/${name}/rendered${query}`, { signal });
  }

  putStatus(name: string, device: Json) {
    return this.request('PUT', `/devices/${name}/status`, { body: device });
  }

  patchStatus(name: string, ops: Json) {
    return this.request('PATCH', `/devices/${name}/status`, { body: ops, contentType: 'application/json-patch+json' });
  }
}

/** One HTTP/2 connection to the agent API as one agent (the way agents connect); paths relative to /api/v1. */
export class AgentHttp2Session {
  readonly session: ClientHttp2Session;

  constructor(svc: TestService, identity: ClientIdentity) {
    const { cert, key } = identity;
    this.session = connect(svc.agentUrl, { ca: svc.service.certificates.caBundlePem, cert, key });
  }

  /** Resolves with the status, the HTTP version the server answered in, and the parsed body (if any). */
  request(
    method: string,
    path: string,
    body?: Json,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: Json | undefined }> {
    const stream = this.session.request({
      ':method': method,
      ':path': `${API}${path}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    });
    return new Promise((resolve, reject) => {
      let status = 0;
      let text = '';
      stream.setEncoding('utf8');
      stream.on('response', (headers) => (status = Number(headers[':status'])));
      stream.on('data', (chunk: string) => (text += chunk));
      stream.on('end', () => resolve({ status, body: text ? (JSON.parse(text) as Json) : undefined }));
      stream.on('error', reject);
      stream.end(body === undefined ? undefined : JSON.stringify(body));
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.session.close(() => resolve()));
  }
}
