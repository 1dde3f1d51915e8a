/**
 * PKCS#10 certificate requests (RFC 2986) as the agent and `flightctl certificate request` make them,
 * and as upstream's Go standard library encodes them: the subject is only `CN=<common name>`, the key
 * ECDSA P-256 signed with SHA-256, and the organization, when given, is requested as Flight Control's
 * org-ID extension (ref/service.md §6.1) so the certificate is issued for it. The caller signs, so this
 * module needs no crypto and stays loadable anywhere the API package is.
 */
import {
  DER_TAG,
  decodeObjectIdentifier,
  derBitString,
  derContext,
  derDecode,
  derEncode,
  derInteger,
  derObjectIdentifier,
  derString,
  fromPem,
  toPem,
} from './der.js';

const CSR_LABEL = 'CERTIFICATE REQUEST';
const OID_COMMON_NAME = '2.5.4.3';
const OID_EXTENSION_REQUEST = '1.2.840.113549.1.9.14';
const OID_ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
const OID_FLIGHTCTL_ORG_ID = '1.3.6.1.4.1.99999.1.2';

export interface CertificateRequestInput {
  commonName: string;
  /** The public key as DER SubjectPublicKeyInfo. */
  publicKey: Uint8Array;
  organization?: string;
  /**
   * ECDSA with SHA-256 over `data`, as the DER Ecdsa-Sig-Value X.509 expects: what Node's
   * `crypto.sign('sha256', data, ecKey)` returns.
   */
  sign: (data: Buffer) => Uint8Array;
}

function subject(commonName: string): Buffer {
  return derEncode(
    DER_TAG.SEQUENCE,
    derEncode(DER_TAG.SET, derEncode(DER_TAG.SEQUENCE, derObjectIdentifier(OID_COMMON_NAME), derString(commonName))),
  );
}

/** The attributes: an extension request for the organization when there is one, else none. */
function attributes(organization: string | undefined): Buffer {
  if (!organization) return derContext(0);
  const orgExtension = derEncode(
    DER_TAG.SEQUENCE,
    derObjectIdentifier(OID_FLIGHTCTL_ORG_ID),
    derEncode(DER_TAG.OCTET_STRING, derString(organization)),
  );
  return derContext(
    0,
    derEncode(
      DER_TAG.SEQUENCE,
      derObjectIdentifier(OID_EXTENSION_REQUEST),
      derEncode(DER_TAG.SET, derEncode(DER_TAG.SEQUENCE, orgExtension)),
    ),
  );
}

/** The PEM certificate request for `input.publicKey`, signed by `input.sign`. */
export function certificateRequestPem(input: CertificateRequestInput): string {
  const info = derEncode(
    DER_TAG.SEQUENCE,
    derInteger(0),
    subject(input.commonName),
    input.publicKey,
    attributes(input.organization),
  );
  const request = derEncode(
    DER_TAG.SEQUENCE,
    info,
    derEncode(DER_TAG.SEQUENCE, derObjectIdentifier(OID_ECDSA_WITH_SHA256)),
    derBitString(input.sign(info)),
  );
  return toPem(CSR_LABEL, request);
}

/** The subject CN of a PEM certificate request, or undefined when the text is not one or names none. */
export function certificateRequestCommonName(pem: string): string | undefined {
  try {
    const [request] = derDecode(fromPem(CSR_LABEL, pem));
    const [info] = derDecode(request!.content);
    const name = derDecode(info!.content)[1]!;
    for (const set of derDecode(name.content))
      for (const attribute of derDecode(set.content)) {
        const [type, value] = derDecode(attribute.content);
        if (
          type?.tag === DER_TAG.OBJECT_IDENTIFIER &&
          value &&
          decodeObjectIdentifier(type.content) === OID_COMMON_NAME
        )
          return value.content.toString('utf8');
      }
  } catch {
    // Not a certificate request: no name in it.
  }
  return undefined;
}
