/**
 * Keys and PKCS#10 certificate requests as the agent makes them (§9.2): ECDSA P-256 keys kept on disk
 * as SEC1 `EC PRIVATE KEY` PEM, requests whose subject is only `CN=<common name>`, signed with SHA-256.
 * The request is encoded by @flightctl/api with Node's crypto signing it, as upstream's Go agent does
 * with its standard library.
 */
import { X509Certificate, createPrivateKey, createPublicKey, generateKeyPair, sign } from 'node:crypto';
import { promisify } from 'node:util';
import { certificateRequestPem } from '@flightctl/api/agent';

export { certificateRequestCommonName } from '@flightctl/api/agent';

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
  return certificateRequestPem({
    commonName,
    publicKey: createPublicKey(privateKey).export({ type: 'spki', format: 'der' }),
    sign: (data) => sign('sha256', data, privateKey),
  });
}

/** True when the certificate was issued for the private key in `keyPem`. */
export function certificateMatchesKey(certPem: string, keyPem: string): boolean {
  return new X509Certificate(certPem).checkPrivateKey(createPrivateKey(keyPem));
}
