/**
 * A PKCS#10 certificate request (RFC 2986) for an ECDSA P-256 key, as upstream's
 * `certificate request` creates it: subject CN = the request name, and the organization as the
 * Flight Control org-ID extension (ref/service.md §9) so the certificate is issued for it.
 */
import { sign, type KeyObject } from 'node:crypto';
import {
  bitString,
  contextTag,
  integer,
  objectIdentifier,
  octetString,
  printableString,
  sequence,
  set,
  utf8String,
} from './der.js';

const OID_COMMON_NAME = '2.5.4.3';
const OID_EXTENSION_REQUEST = '1.2.840.113549.1.9.14';
const OID_ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
export const OID_FLIGHTCTL_ORG_ID = '1.3.6.1.4.1.99999.1.2';

function subject(commonName: string): Buffer {
  return sequence(set(sequence(objectIdentifier(OID_COMMON_NAME), utf8String(commonName))));
}

/** The requested extensions: only the organization, when there is one. */
function attributes(organization: string | undefined): Buffer {
  if (!organization) return contextTag(0);
  const orgExtension = sequence(objectIdentifier(OID_FLIGHTCTL_ORG_ID), octetString(printableString(organization)));
  return contextTag(0, sequence(objectIdentifier(OID_EXTENSION_REQUEST), set(sequence(orgExtension))));
}

export function createCsrPem(
  privateKey: KeyObject,
  publicKey: KeyObject,
  commonName: string,
  organization?: string,
): string {
  const info = sequence(
    integer(0),
    subject(commonName),
    publicKey.export({ type: 'spki', format: 'der' }),
    attributes(organization),
  );
  const signature = sign('sha256', info, privateKey);
  const der = sequence(info, sequence(objectIdentifier(OID_ECDSA_WITH_SHA256)), bitString(signature));
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE REQUEST-----\n${lines.join('\n')}\n-----END CERTIFICATE REQUEST-----\n`;
}
