/**
 * What the five signers of ref/service.md §6.2 share: the request they sign, the caller's
 * certificate when there is one, and the settings from the `ca` config section.
 */
import type { CertificateRequest } from '../certificate-request.js';
import type { FlightctlCertificateFields } from '../certificate-extensions.js';
import type { x509 } from '../x509.js';

/** The TLS client certificate a request came with (agent API); users have none. */
export interface PeerCertificate {
  /** Signer named in the certificate's signer extension. */
  signerName: string;
  commonName: string;
}

export interface SignRequest {
  /** Signer asked for, as configured (the `enrollment` shorthand already resolved). */
  signerName: string;
  /** PEM, or base64 of the PEM (as CertificateSigningRequest `spec.request` carries it). */
  request: string;
  /** Name of the resource that carries the request (the device fingerprint for enrollment). */
  resourceName: string;
  expirationSeconds?: number;
  /** The certificate already issued for this resource (PEM); signing again returns it. */
  issuedCertificate?: string;
  /** Organization of the caller: the request's context. */
  orgId: string;
  peer?: PeerCertificate;
}

/** A request whose CSR was parsed and whose signature checked. */
export interface ParsedSignRequest extends Omit<SignRequest, 'request'> {
  csr: CertificateRequest;
}

export interface SignerSettings {
  bootstrapCommonName: string;
  bootstrapCommonNamePrefix: string;
  deviceCommonNamePrefix: string;
  extraAllowedPrefixes: string[];
  names: SignerNames;
  enrollmentValiditySeconds: number;
  /** Management and renewal certificates; FLIGHTCTL_TEST_MGMT_CERT_EXPIRY_SECONDS can shorten it. */
  managementValiditySeconds: number;
  svcClientValiditySeconds: number;
  serverSvcValiditySeconds: number;
}

export interface SignerNames {
  enrollment: string;
  deviceManagement: string;
  deviceManagementRenewal: string;
  deviceSvcClient: string;
  serverSvc: string;
}

/** What a certificate issued for a request gets beyond what the request asks. */
export interface IssueParams {
  /** Replaces the request's CN (the signers normalise names). */
  commonName: string;
  validitySeconds: number;
  /** Client certificates say clientAuth; server certificates clientAuth and serverAuth. */
  usage: 'client' | 'server';
  fields: Omit<FlightctlCertificateFields, 'signerName' | 'orgId'>;
}

export type Issue = (request: ParsedSignRequest, params: IssueParams) => Promise<x509.X509Certificate>;

export interface Signer {
  name: string;
  /** CN prefix that only this signer (and its siblings sharing it) may issue. */
  restrictedPrefix?: string;
  /** Whether issued certificates carry the organization extension (checked against the request's). */
  organizationExtension: boolean;
  /** Throws SigningError when the caller may not have this request signed. */
  verify(request: ParsedSignRequest): void;
  sign(request: ParsedSignRequest, issue: Issue): Promise<x509.X509Certificate>;
}

/** The lifetime asked for, capped at the signer's default. */
export function cappedValidity(request: ParsedSignRequest, defaultSeconds: number): number {
  const asked = request.expirationSeconds;
  return asked !== undefined && asked > 0 && asked < defaultSeconds ? asked : defaultSeconds;
}
