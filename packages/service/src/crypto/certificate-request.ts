/**
 * Reading a PKCS#10 certificate request as the API carries it: PEM in an EnrollmentRequest, base64
 * of the PEM in a CertificateSigningRequest. TPM (TCG CSR-IDEVID) requests are recognised and
 * refused: TPM attestation is not part of this service.
 */
import { OID_ORGANIZATION_ID, readUtf8StringExtension } from './certificate-extensions.js';
import { x509 } from './x509.js';

/** Why a request cannot be signed; the API answers it as 400 with this message. */
export class SigningError extends Error {
  override name = 'SigningError';
}

export const MSG_TPM_NOT_SUPPORTED = 'TPM attestation is not supported';

// A TCG CSR-IDEVID blob starts with its structure version, 1.0 as two big-endian 16-bit numbers.
const TCG_CSR_MAGIC = Buffer.from([0x01, 0x00, 0x01, 0x00]);
const BASE64 = /^[A-Za-z0-9+/\r\n]+={0,2}$/;

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface CertificateRequest {
  pkcs10: x509.Pkcs10CertificateRequest;
  commonName: string;
  /** The organization the request asks to be issued for (its org ID extension), lowercase. */
  orgId?: string;
  /** DNS names and IP addresses the request asks for; other name types are not issued. */
  altNames: x509.JsonGeneralName[];
}

function pemText(text: string): string {
  const trimmed = text.trim();
  if (trimmed.startsWith('-----BEGIN')) return trimmed;
  const bytes = BASE64.test(trimmed) ? Buffer.from(trimmed, 'base64') : Buffer.from(text, 'latin1');
  if (bytes.subarray(0, TCG_CSR_MAGIC.length).equals(TCG_CSR_MAGIC)) throw new SigningError(MSG_TPM_NOT_SUPPORTED);
  const decoded = bytes.toString('utf8').trim();
  if (!decoded.startsWith('-----BEGIN')) throw new SigningError('invalid CSR: not PEM or base64-encoded PEM');
  return decoded;
}

function commonNameOf(pkcs10: x509.Pkcs10CertificateRequest): string {
  return pkcs10.subjectName.getField('CN')[0] ?? '';
}

function orgIdOf(pkcs10: x509.Pkcs10CertificateRequest): string | undefined {
  const ext = pkcs10.getExtension(OID_ORGANIZATION_ID);
  if (!ext) return undefined;
  const value = readUtf8StringExtension(ext);
  if (!UUID_RE.test(value)) throw new SigningError(`invalid CSR: organization ID extension "${value}" is not a UUID`);
  return value.toLowerCase();
}

function altNamesOf(pkcs10: x509.Pkcs10CertificateRequest): x509.JsonGeneralName[] {
  const ext = pkcs10.extensions.find((e) => e instanceof x509.SubjectAlternativeNameExtension);
  return (ext?.names.toJSON() ?? []).filter((n) => n.type === x509.DNS || n.type === x509.IP);
}

/** Parses `text` (PEM, or base64 of PEM or of a TCG CSR); throws SigningError when it is not a CSR. */
export function parseCertificateRequest(text: string): CertificateRequest {
  const pem = pemText(text);
  let pkcs10: x509.Pkcs10CertificateRequest;
  try {
    pkcs10 = new x509.Pkcs10CertificateRequest(pem);
  } catch (err) {
    throw new SigningError(`invalid CSR: ${(err as Error).message}`);
  }
  return { pkcs10, commonName: commonNameOf(pkcs10), orgId: orgIdOf(pkcs10), altNames: altNamesOf(pkcs10) };
}

/** Throws unless the request is signed by the key it asks a certificate for. */
export async function checkRequestSignature(request: CertificateRequest): Promise<void> {
  let valid: boolean;
  try {
    valid = await request.pkcs10.verify();
  } catch (err) {
    throw new SigningError(`invalid CSR signature: ${(err as Error).message}`);
  }
  if (!valid) throw new SigningError('invalid CSR signature: the request is not signed by its key');
}
