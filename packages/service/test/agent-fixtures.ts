/**
 * Agent API test pieces: client certificates issued the way the service's signers issue them
 * (ref/service.md §6.1–6.2) — by a CA the agent endpoint trusts, with the signer and organization
 * extensions, and CN `device:<name>` for devices — and a client that speaks as one of them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
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
}

export async function issueIdentity(ca: CertificateAuthority, options: IdentityOptions): Promise<ClientIdentity> {
  const keys = await generateKeyPair();
  const cert = await ca.issue({
    subject: `CN=${options.commonName ?? 'client'}`,
    publicKey: keys.publicKey,
    validityDays: 1,
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
