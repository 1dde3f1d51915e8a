/**
 * The signers by name, and the rules every one of them follows (ref/service.md §6.2): the signer
 * must exist, the CSR must carry a valid signature, a certificate already issued is returned again,
 * a restricted CN prefix belongs to its signers only, the organization extension may not contradict
 * the caller's organization, and every certificate names the signer that issued it.
 */
import type { CertificateAuthority } from '../certificate-authority.js';
import { flightctlExtensions } from '../certificate-extensions.js';
import { SigningError, checkRequestSignature, parseCertificateRequest } from '../certificate-request.js';
import { x509 } from '../x509.js';
import { deviceManagementRenewalSigner } from './device-management-renewal-signer.js';
import { deviceManagementSigner } from './device-management-signer.js';
import { deviceSvcClientSigner } from './device-svc-client-signer.js';
import { enrollmentSigner } from './enrollment-signer.js';
import { serverSvcSigner } from './server-svc-signer.js';
import type { IssueParams, ParsedSignRequest, SignRequest, Signer, SignerSettings } from './signer.js';

// Issued certificates start a second in the past, as upstream's do (§6.1).
const BACKDATE_SECONDS = 1;

/** The request's subject with its CN replaced in place (or added last when it has none). */
function withCommonName(subject: x509.Name, commonName: string): x509.Name {
  const rdns = subject.toJSON();
  const replaced = rdns.map((rdn) => ('CN' in rdn ? { ...rdn, CN: [commonName] } : rdn));
  return new x509.Name(rdns.some((rdn) => 'CN' in rdn) ? replaced : [...rdns, { CN: [commonName] }]);
}

export class Signers {
  private readonly byName = new Map<string, Signer>();

  constructor(
    settings: SignerSettings,
    /** Signs every certificate the signers issue. */
    private readonly ca: CertificateAuthority,
  ) {
    for (const make of [
      enrollmentSigner,
      deviceManagementSigner,
      deviceManagementRenewalSigner,
      deviceSvcClientSigner,
      serverSvcSigner,
    ]) {
      const signer = make(settings);
      if (this.byName.has(signer.name)) throw new Error(`two signers are named "${signer.name}" in the ca config`);
      this.byName.set(signer.name, signer);
    }
  }

  /** Throws SigningError when `request` may not be signed as asked (the API answers 400). */
  async verify(request: SignRequest): Promise<void> {
    const signer = this.signer(request.signerName);
    const parsed = await this.parse(signer, request);
    if (signer.organizationExtension) this.organization(parsed);
    signer.verify(parsed);
  }

  /** The certificate (PEM) for `request`; throws SigningError when it cannot be issued. */
  async sign(request: SignRequest): Promise<string> {
    const signer = this.signer(request.signerName);
    if (request.issuedCertificate) return request.issuedCertificate;
    const parsed = await this.parse(signer, request);
    const certificate = await signer.sign(parsed, (req, params) => this.issue(signer, req, params));
    return certificate.toString('pem');
  }

  private signer(name: string): Signer {
    const signer = this.byName.get(name);
    if (!signer) throw new SigningError(`signer "${name}" not found`);
    return signer;
  }

  private async parse(signer: Signer, request: SignRequest): Promise<ParsedSignRequest> {
    const { request: text, ...rest } = request;
    const csr = parseCertificateRequest(text);
    await checkRequestSignature(csr);
    for (const other of this.byName.values()) {
      const prefix = other.restrictedPrefix;
      if (prefix && csr.commonName.startsWith(prefix) && other.restrictedPrefix !== signer.restrictedPrefix)
        throw new SigningError(
          `common name prefix "${prefix}" is restricted to signer "${other.name}", but requested by signer "${signer.name}"`,
        );
    }
    return { ...rest, csr };
  }

  /** The organization a certificate is issued for: the request's own, which must be the caller's. */
  private organization(request: ParsedSignRequest): string {
    const asked = request.csr.orgId;
    if (asked !== undefined && asked !== request.orgId.toLowerCase())
      throw new SigningError(`invalid CSR: organization ID mismatch: ${asked} != ${request.orgId}`);
    return asked ?? request.orgId;
  }

  private issue(signer: Signer, request: ParsedSignRequest, params: IssueParams): Promise<x509.X509Certificate> {
    const { pkcs10, altNames } = request.csr;
    const orgId = signer.organizationExtension ? this.organization(request) : undefined;
    const usages = [x509.ExtendedKeyUsage.clientAuth];
    if (params.usage === 'server') usages.push(x509.ExtendedKeyUsage.serverAuth);
    return this.ca.issue({
      subject: withCommonName(pkcs10.subjectName, params.commonName),
      publicKey: pkcs10.publicKey,
      validitySeconds: params.validitySeconds,
      backdateSeconds: BACKDATE_SECONDS,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
        new x509.ExtendedKeyUsageExtension(usages),
        ...(altNames.length > 0 ? [new x509.SubjectAlternativeNameExtension(altNames)] : []),
        ...flightctlExtensions({ signerName: signer.name, orgId, ...params.fields }),
      ],
    });
  }
}
