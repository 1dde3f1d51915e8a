/** What the agent needs to know about a PEM certificate: its subject, serial and validity. */
import { X509Certificate } from 'node:crypto';

export interface CertificateInfo {
  commonName: string;
  /** Hex, as X.509 libraries print it. */
  serial: string;
  notBefore: Date;
  notAfter: Date;
}

/** The first certificate of the PEM text; throws when it is not a certificate. */
export function certificateInfo(pem: string): CertificateInfo {
  const cert = new X509Certificate(pem);
  return {
    commonName: /^CN=(.*)$/m.exec(cert.subject)?.[1] ?? '',
    serial: cert.serialNumber,
    notBefore: new Date(cert.validFrom),
    notAfter: new Date(cert.validTo),
  };
}

/**
 * When a certificate should be renewed: `renewBeforeMs` before it expires and/or when only
 * `renewBeforePercent` of its lifetime is left, whichever comes first.
 */
export function renewalTime(
  cert: Pick<CertificateInfo, 'notBefore' | 'notAfter'>,
  policy: { renewBeforeMs?: number; renewBeforePercent?: number },
): Date {
  const notAfter = cert.notAfter.getTime();
  const lifetime = notAfter - cert.notBefore.getTime();
  const candidates: number[] = [];
  if (policy.renewBeforeMs !== undefined) candidates.push(notAfter - policy.renewBeforeMs);
  if (policy.renewBeforePercent !== undefined) candidates.push(notAfter - (lifetime * policy.renewBeforePercent) / 100);
  return new Date(Math.min(...candidates));
}
