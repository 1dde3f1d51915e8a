/**
 * A certificate authority kept as a certificate and key file pair: the service's self-signed root
 * (`ca.crt`) and the client-signer intermediate under it (ref/service.md §6.1). Each is created
 * once and then only ever loaded, because replacing it would invalidate every certificate it has
 * issued (server certificates, device enrollment and management certificates).
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
import { randomSerialNumbers, type SerialNumbers } from './serial-numbers.js';
import { x509 } from './x509.js';

export const CA_CERT_FILE = 'ca.crt';
export const CA_KEY_FILE = 'ca.key';
export const CA_COMMON_NAME = 'flightctl-ca';
export const CA_VALIDITY_DAYS = 3650;

const DAY_SECONDS = 24 * 60 * 60;
// Certificates start slightly in the past so that a peer whose clock lags a little still accepts them.
const DEFAULT_BACKDATE_SECONDS = 5 * 60;

export interface IssueCertificateParams {
  subject: x509.X509CertificateCreateParamsName;
  publicKey: webcrypto.CryptoKey | x509.PublicKey;
  /** Lifetime in days; certificates issued for a request say it in seconds instead. */
  validityDays?: number;
  validitySeconds?: number;
  /** How far before now the certificate starts; default 5 minutes. */
  backdateSeconds?: number;
  /** Extensions specific to the certificate's purpose; key identifiers are added here. */
  extensions: x509.Extension[];
}

export interface CaFiles {
  certPath: string;
  keyPath: string;
}

/** What a CA created on first start looks like. */
export interface NewCaParams {
  commonName: string;
  validityDays: number;
  /** The CA that signs the new one; a self-signed root when absent. */
  issuer?: CertificateAuthority;
}

const CA_KEY_USAGES = x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature;

function lifetimeSeconds(params: IssueCertificateParams): number {
  const seconds = params.validitySeconds ?? (params.validityDays ?? 0) * DAY_SECONDS;
  if (!(seconds > 0)) throw new RangeError(`certificate lifetime must be positive, got ${seconds}s`);
  return seconds;
}

export class CertificateAuthority {
  readonly certificate: x509.X509Certificate;
  private readonly nodeCertificate: NodeX509Certificate;

  private constructor(
    readonly certPath: string,
    readonly certPem: string,
    private readonly signingKey: webcrypto.CryptoKey,
    private readonly serials: SerialNumbers,
  ) {
    this.certificate = new x509.X509Certificate(certPem);
    this.nodeCertificate = new NodeX509Certificate(certPem);
  }

  /** The service's root, `ca.crt` and `ca.key` in `dir`, created when the certificate does not exist yet. */
  static loadOrCreate(dir: string, serials: SerialNumbers = randomSerialNumbers): Promise<CertificateAuthority> {
    return CertificateAuthority.loadOrCreateFiles(
      { certPath: path.join(dir, CA_CERT_FILE), keyPath: path.join(dir, CA_KEY_FILE) },
      { commonName: CA_COMMON_NAME, validityDays: CA_VALIDITY_DAYS },
      serials,
    );
  }

  /**
   * Loads the CA in `files`, creating it as `create` says when the certificate does not exist.
   * A certificate without its key, a key that does not match, a certificate that is no CA, or an
   * expired one is an error: those need an operator, not a silent new CA.
   */
  static async loadOrCreateFiles(
    files: CaFiles,
    create: NewCaParams,
    serials: SerialNumbers = randomSerialNumbers,
  ): Promise<CertificateAuthority> {
    const { certPath, keyPath } = files;
    await ensureCertificateDirectory(path.dirname(certPath));
    await ensureCertificateDirectory(path.dirname(keyPath));
    const certPem = await readOptionalFile(certPath);
    // The key is written before the certificate, so a key alone is a creation that was interrupted.
    if (certPem === undefined) return CertificateAuthority.create(files, create, serials);

    const keyPem = await readOptionalFile(keyPath);
    if (keyPem === undefined) throw new Error(`CA certificate ${certPath} exists but its key ${keyPath} does not`);
    const nodeCert = new NodeX509Certificate(certPem);
    if (!nodeCert.checkPrivateKey(createPrivateKey(keyPem))) {
      throw new Error(`CA key ${keyPath} does not match certificate ${certPath}`);
    }
    if (!nodeCert.ca) throw new Error(`certificate ${certPath} is not a CA certificate`);
    if (new Date(nodeCert.validTo).getTime() <= Date.now()) {
      throw new Error(`CA certificate ${certPath} expired on ${nodeCert.validTo}`);
    }
    return new CertificateAuthority(certPath, certPem, await importSigningKey(keyPem), serials);
  }

  private static async create(
    files: CaFiles,
    params: NewCaParams,
    serials: SerialNumbers,
  ): Promise<CertificateAuthority> {
    const keys = await generateKeyPair();
    const certificate = params.issuer
      ? await params.issuer.issueIntermediate(params.commonName, keys.publicKey, params.validityDays)
      : await x509.X509CertificateGenerator.createSelfSigned({
          serialNumber: await serials.next(),
          name: `CN=${params.commonName}`,
          keys,
          notBefore: new Date(Date.now() - DEFAULT_BACKDATE_SECONDS * 1000),
          notAfter: new Date(Date.now() + params.validityDays * DAY_SECONDS * 1000),
          extensions: [
            new x509.BasicConstraintsExtension(true, undefined, true),
            new x509.KeyUsagesExtension(CA_KEY_USAGES, true),
            await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
          ],
        });
    const certPem = certificate.toString('pem');
    await writeFileAtomically(files.keyPath, privateKeyToPem(keys.privateKey), PRIVATE_KEY_MODE);
    await writeFileAtomically(files.certPath, certPem, CERTIFICATE_MODE);
    return new CertificateAuthority(files.certPath, certPem, keys.privateKey, serials);
  }

  /** Signs a certificate for `publicKey`, valid from (about) now for the lifetime asked. */
  async issue(params: IssueCertificateParams): Promise<x509.X509Certificate> {
    const now = Date.now();
    const backdate = params.backdateSeconds ?? DEFAULT_BACKDATE_SECONDS;
    return x509.X509CertificateGenerator.create({
      serialNumber: await this.serials.next(),
      subject: params.subject,
      issuer: this.certificate.subjectName,
      publicKey: params.publicKey,
      signingKey: this.signingKey,
      notBefore: new Date(now - backdate * 1000),
      notAfter: new Date(now + lifetimeSeconds(params) * 1000),
      extensions: [
        ...params.extensions,
        await x509.SubjectKeyIdentifierExtension.create(params.publicKey),
        await this.authorityKeyIdentifier(),
      ],
    });
  }

  /** A CA under this one that may only sign end-entity certificates, never outliving this CA. */
  private issueIntermediate(
    commonName: string,
    publicKey: webcrypto.CryptoKey,
    validityDays: number,
  ): Promise<x509.X509Certificate> {
    const remainingSeconds = Math.floor((this.certificate.notAfter.getTime() - Date.now()) / 1000);
    return this.issue({
      subject: `CN=${commonName}`,
      publicKey,
      validitySeconds: Math.min(validityDays * DAY_SECONDS, remainingSeconds),
      extensions: [new x509.BasicConstraintsExtension(true, 0, true), new x509.KeyUsagesExtension(CA_KEY_USAGES, true)],
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
