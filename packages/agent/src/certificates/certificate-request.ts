/**
 * Keys and PKCS#10 certificate requests as the agent makes them (§9.2): ECDSA P-256 keys kept on disk
 * as SEC1 `EC PRIVATE KEY` PEM, requests whose subject is only `CN=<common name>`, signed with SHA-256.
 * The request is encoded here (RFC 2986) with Node's crypto, as upstream's Go agent does with its
 * standard library.
 */
import { X509Certificate, createPrivateKey, createPublicKey, generateKeyPair, sign } from 'node:crypto';
import { promisify } from 'node:util';
import { TAG, derDecode, derEncode, fromPem, toPem } from '../crypto/der.js';

const CSR_LABEL = 'CERTIFICATE REQUEST';
/** 2.5.4.3 */
const OID_COMMON_NAME = Buffer.from([0x55, 0x04, 0x03]);
/** 1.2.840.10045.4.3.2 */
const OID_ECDSA_WITH_SHA256 = Buffer.from([0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02]);
/** The characters of an ASN.1 PrintableString; a name with any other is a UTF8String (as Go encodes it). */
const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;

/** A new P-256 private key as SEC1 PEM. */
export async function generateKeyPem(): Promise<string> {
  const { privateKey } = await promisify(generateKeyPair)('ec', { namedCurve: 'P-256' });
  return privateKey.export({ type: 'sec1', format: 'pem' }) as string;
}

/** A PEM certificate request for `commonName`, signed with the P-256 private key in `keyPem` (SEC1 or PKCS#8). */
export async function createCertificateRequestPem(keyPem: string, commonName: string): Promise<string> {
  const privateKey = createPrivateKey(keyPem);
  if (privateKey.asymmetricKeyType !== 'ec' || privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1')
    throw new Error('a certificate request needs an ECDSA P-256 key');
  const name = derEncode(
    TAG.SEQUENCE,
    derEncode(
      TAG.SET,
      derEncode(
        TAG.SEQUENCE,
        derEncode(TAG.OBJECT_IDENTIFIER, OID_COMMON_NAME),
        derEncode(PRINTABLE.test(commonName) ? TAG.PRINTABLE_STRING : TAG.UTF8_STRING, Buffer.from(commonName)),
      ),
    ),
  );
  const info = derEncode(
    TAG.SEQUENCE,
    derEncode(TAG.INTEGER, Buffer.from([0])),
    name,
    createPublicKey(privateKey).export({ type: 'spki', format: 'der' }),
    derEncode(TAG.CONTEXT_0),
  );
  // Node signs ECDSA as the DER Ecdsa-Sig-Value that X.509 expects.
  const signature = sign('sha256', info, privateKey);
  const request = derEncode(
    TAG.SEQUENCE,
    info,
    derEncode(TAG.SEQUENCE, derEncode(TAG.OBJECT_IDENTIFIER, OID_ECDSA_WITH_SHA256)),
    derEncode(TAG.BIT_STRING, Buffer.from([0]), signature),
  );
  return toPem(CSR_LABEL, request);
}

/** The subject CN of a PEM certificate request, or undefined when the text is not one or names none. */
export function certificateRequestCommonName(pem: string): string | undefined {
  try {
    const [request] = derDecode(fromPem(CSR_LABEL, pem));
    const [info] = derDecode(request!.content);
    const subject = derDecode(info!.content)[1]!;
    for (const set of derDecode(subject.content))
      for (const attribute of derDecode(set.content)) {
        const [type, value] = derDecode(attribute.content);
        if (type?.content.equals(OID_COMMON_NAME) && value) return value.content.toString('utf8');
      }
  } catch {
    // Not a certificate request: nothing to reuse.
  }
  return undefined;
}

/** True when the certificate was issued for the private key in `keyPem`. */
export function certificateMatchesKey(certPem: string, keyPem: string): boolean {
  return new X509Certificate(certPem).checkPrivateKey(createPrivateKey(keyPem));
}
