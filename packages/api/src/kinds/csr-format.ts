/**
 * Recognises what upstream accepts as a certificate signing request, without crypto:
 * a PEM "CERTIFICATE REQUEST" block whose body is DER (starts with an ASN.1 SEQUENCE), the
 * same PEM base64-encoded, or a TCG CSR-IDEVID blob from a TPM (raw or base64), which starts
 * with the bytes 01 00 01 00. Signature and subject checks need crypto and belong to the service.
 */
import { decodeBase64 } from './base64.js';

const TCG_CSR_MAGIC = [0x01, 0x00, 0x01, 0x00] as const;
const ASN1_SEQUENCE = 0x30;
const PEM_BLOCK = /-----BEGIN ([^-\r\n]+)-----\r?\n?([\s\S]*?)-----END \1-----/;
const CSR_PEM_TYPE = 'CERTIFICATE REQUEST';

export function isTcgCsr(bytes: Uint8Array | undefined): boolean {
  return bytes !== undefined && TCG_CSR_MAGIC.every((b, i) => bytes[i] === b);
}

function pemCsrProblem(text: string): string | undefined {
  const block = PEM_BLOCK.exec(text);
  if (!block) return 'must be a PEM-encoded certificate request';
  const [, type, body = ''] = block;
  if (type !== CSR_PEM_TYPE) return `PEM block type must be ${CSR_PEM_TYPE}, got ${type}`;
  const der = decodeBase64(body.replace(/\s/g, ''));
  if (!der || der.length === 0) return 'PEM body must be valid base64';
  if (der[0] !== ASN1_SEQUENCE) return 'PEM body is not a DER-encoded certificate request';
  return undefined;
}

/** Why `bytes` is not an acceptable CSR, or undefined when it is. */
export function csrProblem(bytes: Uint8Array): string | undefined {
  if (isTcgCsr(bytes)) return undefined;
  const text = new TextDecoder().decode(bytes).trim();
  if (text.length === 0) return 'must not be empty';
  if (text.startsWith('-----BEGIN')) return pemCsrProblem(text);
  const decoded = decodeBase64(text);
  if (isTcgCsr(decoded)) return undefined;
  if (decoded) return pemCsrProblem(new TextDecoder().decode(decoded));
  return 'must be a PEM-encoded certificate request';
}
