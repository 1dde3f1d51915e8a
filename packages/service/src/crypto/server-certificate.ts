/**
 * The API server's TLS certificate, issued by the service CA into the certificate directory.
 * It is reused across restarts and re-issued only when it is missing, expired, no longer signed by
 * the CA, or does not cover every configured name (for example after the machine was renamed).
 */
import { X509Certificate as NodeX509Certificate, createPrivateKey } from 'node:crypto';
import { isIP } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { CERTIFICATE_MODE, PRIVATE_KEY_MODE, readOptionalFile, writeFileAtomically } from './cert-files.js';
import { CertificateAuthority } from './certificate-authority.js';
import { generateKeyPair, privateKeyToPem } from './keys.js';
import { x509 } from './x509.js';

export const SERVER_CERT_FILE = 'server.crt';
export const SERVER_KEY_FILE = 'server.key';
/** Upstream `service.serverCertValidityDays`. */
export const DEFAULT_SERVER_CERT_VALIDITY_DAYS = 730;

export interface ServerCertificateOptions {
  /** DNS names the certificate must cover; default `localhost` and this machine's hostname. */
  hostnames?: string[];
  /** IP addresses the certificate must cover; default `127.0.0.1` and `::1`. */
  ips?: string[];
  validityDays?: number;
  /** The files are <baseName>.crt and <baseName>.key; default `server`. */
  baseName?: string;
}

export interface ServerCertificate {
  certPath: string;
  certPem: string;
  keyPath: string;
  keyPem: string;
}

export interface ServerTlsMaterial extends ServerCertificate {
  caCertPath: string;
  caCertPem: string;
}

interface ServerNames {
  hostnames: string[];
  ips: string[];
}

function serverNames(options: ServerCertificateOptions): ServerNames {
  const hostnames = (options.hostnames ?? ['localhost', os.hostname()]).map((h) => h.toLowerCase());
  const ips = options.ips ?? ['127.0.0.1', '::1'];
  for (const ip of ips) if (isIP(ip) === 0) throw new Error(`not an IP address: ${ip}`);
  for (const h of hostnames) if (h === '' || isIP(h) !== 0) throw new Error(`not a DNS name: "${h}" (put IPs in ips)`);
  if (hostnames.length + ips.length === 0) throw new Error('a server certificate needs at least one hostname or IP');
  return { hostnames: [...new Set(hostnames)], ips: [...new Set(ips)] };
}

function isReusable(ca: CertificateAuthority, certPem: string, keyPem: string, names: ServerNames): boolean {
  let cert: NodeX509Certificate;
  try {
    cert = new NodeX509Certificate(certPem);
    if (!cert.checkPrivateKey(createPrivateKey(keyPem))) return false;
  } catch {
    // Unreadable files hold nothing worth keeping: the certificate is derived and can be issued again.
    return false;
  }
  return (
    ca.issued(cert) &&
    new Date(cert.validTo).getTime() > Date.now() &&
    names.hostnames.every((h) => cert.checkHost(h, { subject: 'never' }) !== undefined) &&
    names.ips.every((ip) => cert.checkIP(ip) !== undefined)
  );
}

async function issueServerCertificate(
  ca: CertificateAuthority,
  names: ServerNames,
  validityDays: number,
): Promise<{ certPem: string; keyPem: string }> {
  const keys = await generateKeyPair();
  const cert = await ca.issue({
    subject: `CN=${names.hostnames[0] ?? names.ips[0]}`,
    publicKey: keys.publicKey,
    validityDays,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        ...names.hostnames.map((value) => ({ type: x509.DNS, value })),
        ...names.ips.map((value) => ({ type: x509.IP, value })),
      ]),
    ],
  });
  return { certPem: cert.toString('pem'), keyPem: privateKeyToPem(keys.privateKey) };
}

/** Returns the server certificate in `dir`, issuing a new one from `ca` when the existing one will not do. */
export async function ensureServerCertificate(
  ca: CertificateAuthority,
  dir: string,
  options: ServerCertificateOptions = {},
): Promise<ServerCertificate> {
  const names = serverNames(options);
  const certPath = path.join(dir, options.baseName ? `${options.baseName}.crt` : SERVER_CERT_FILE);
  const keyPath = path.join(dir, options.baseName ? `${options.baseName}.key` : SERVER_KEY_FILE);
  const [existingCert, existingKey] = await Promise.all([readOptionalFile(certPath), readOptionalFile(keyPath)]);
  if (existingCert !== undefined && existingKey !== undefined && isReusable(ca, existingCert, existingKey, names)) {
    return { certPath, certPem: existingCert, keyPath, keyPem: existingKey };
  }
  const { certPem, keyPem } = await issueServerCertificate(
    ca,
    names,
    options.validityDays ?? DEFAULT_SERVER_CERT_VALIDITY_DAYS,
  );
  await writeFileAtomically(keyPath, keyPem, PRIVATE_KEY_MODE);
  await writeFileAtomically(certPath, certPem, CERTIFICATE_MODE);
  return { certPath, certPem, keyPath, keyPem };
}

/** First start: creates the CA and server certificate in `dir`; later starts reuse what is there. */
export async function ensureServerCertificates(
  dir: string,
  options: ServerCertificateOptions = {},
): Promise<ServerTlsMaterial> {
  const ca = await CertificateAuthority.loadOrCreate(dir);
  const server = await ensureServerCertificate(ca, dir, options);
  return { caCertPath: ca.certPath, caCertPem: ca.certPem, ...server };
}
