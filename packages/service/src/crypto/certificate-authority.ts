/**
 * The service's certificate authority: a self-signed ECDSA P-256 root kept in the certificate
 * directory. It is created once and then only ever loaded, because replacing it would invalidate
 * every certificate it has issued (server certificates, device enrollment and management certificates).
 */
import { X509Certificate as NodeX509Certificate, createPrivateKey, type webcrypto } from 'node:crypto';
import path from 'node:path';
import {
  CERTIFICATE_MODE,
  PRIVATE_KEY_MODE,
  ensureCertificateDirectory,
  readOptionalFile,
  writeFileAtomically,
} from './cert-files.js';
import { generateKeyPair, importSigningKey, privateKeyToPem } from './keys.js';
import { x509 } from './x509.js';

export const CA_CERT_FILE = 'ca.crt';
export const CA_KEY_FILE = 'ca.key';
export const CA_COMMON_NAME = 'flightctl-ca';
export const CA_VALIDITY_DAYS = 3650;

const DAY_MS = 24 * 60 * 60 * 1000;
// Certificates start slightly in the past so that a peer whose clock lags a little still accepts them.
const BACKDATE_MS = 5 * 60 * 1000;

export interface IssueCertificateParams {
  subject: x509.X509CertificateCreateParamsName;
  publicKey: webcrypto.CryptoKey | x509.PublicKey;
  validityDays: number;
  /** Extensions specific to the certificate's purpose; key identifiers are added here. */
  extensions: x509.Extension[];
}

export class CertificateAuthority {
  private readonly certificate: x509.X509Certificate;
  private readonly nodeCertificate: NodeX509Certificate;

  private constructor(
    readonly certPath: string,
    readonly certPem: string,
    private readonly signingKey: webcrypto.CryptoKey,
  ) {
    this.certificate = new x509.X509Certificate(certPem);
    this.nodeCertificate = new NodeX509Certificate(certPem);
  }

  /**
   * Loads `ca.crt` and `ca.key` from `dir`, creating both when the certificate does not exist yet.
   * A certificate without its key, a key that does not match, or an expired CA is an error:
   * those need an operator, not a silent new CA.
   */
  static async loadOrCreate(dir: string): Promise<CertificateAuthority> {
    const certPath = path.join(dir, CA_CERT_FILE);
    const keyPath = path.join(dir, CA_KEY_FILE);
    await ensureCertificateDirectory(dir);
    const certPem = await readOptionalFile(certPath);
    // The key is written before the certificate, so a key alone is a creation that was interrupted.
    if (certPem === undefined) return CertificateAuthority.create(certPath, keyPath);

    const keyPem = await readOptionalFile(keyPath);
    if (keyPem === undefined) throw new Error(`CA certificate ${certPath} exists but its key ${keyPath} does not`);
    const nodeCert = new NodeX509Certificate(certPem);
    if (!nodeCert.checkPrivateKey(createPrivateKey(keyPem))) {
      throw new Error(`CA key ${keyPath} does not match certificate ${certPath}`);
    }
    if (new Date(nodeCert.validTo).getTime() <= Date.now()) {
      throw new Error(`CA certificate ${certPath} expired on ${nodeCert.validTo}`);
    }
    return new CertificateAuthority(certPath, certPem, await importSigningKey(keyPem));
  }

  private static async create(certPath: string, keyPath: string): Promise<CertificateAuthority> {
    const keys = await generateKeyPair();
    const now = Date.now();
    const certificate = await x509.X509CertificateGenerator.createSelfSigned({
      name: `CN=${CA_COMMON_NAME}`,
      keys,
      notBefore: new Date(now - BACKDATE_MS),
      notAfter: new Date(now + CA_VALIDITY_DAYS * DAY_MS),
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(
          x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature,
          true,
        ),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      ],
    });
    const certPem = certificate.toString('pem');
    await writeFileAtomically(keyPath, privateKeyToPem(keys.privateKey), PRIVATE_KEY_MODE);
    await writeFileAtomically(certPath, certPem, CERTIFICATE_MODE);
    return new CertificateAuthority(certPath, certPem, keys.privateKey);
  }

  /** Signs a certificate for `publicKey`, valid from now for `validityDays`. */
  async issue(params: IssueCertificateParams): Promise<x509.X509Certificate> {
    if (!(params.validityDays > 0)) throw new RangeError(`validityDays must be positive, got ${params.validityDays}`);
    const now = Date.now();
    return x509.X509CertificateGenerator.create({
      subject: params.subject,
      issuer: this.certificate.subjectName,
      publicKey: params.publicKey,
      signingKey: this.signingKey,
      notBefore: new Date(now - BACKDATE_MS),
      notAfter: new Date(now + params.validityDays * DAY_MS),
      extensions: [
        ...params.extensions,
        await x509.SubjectKeyIdentifierExtension.create(params.publicKey),
        await this.authorityKeyIdentifier(),
      ],
    });
  }

  /** True when `cert` carries this CA's signature. */
  issued(cert: NodeX509Certificate): boolean {
    return cert.checkIssued(this.nodeCertificate) && cert.verify(this.nodeCertificate.publicKey);
  }

  // The AKI must repeat the CA's own SKI, which an operator-provided CA may have computed differently.
  private async authorityKeyIdentifier(): Promise<x509.AuthorityKeyIdentifierExtension> {
    const ski = this.certificate.getExtension(x509.SubjectKeyIdentifierExtension);
    return ski
      ? new x509.AuthorityKeyIdentifierExtension(ski.keyId)
      : x509.AuthorityKeyIdentifierExtension.create(this.certificate.publicKey);
  }
}
