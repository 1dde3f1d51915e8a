/**
 * Keys and PKCS#10 certificate requests as the agent makes them (§9.2): ECDSA P-256 keys kept on disk
 * as SEC1 `EC PRIVATE KEY` PEM, requests whose subject is only `CN=<common name>`, signed with SHA-256.
 */
import { X509Certificate, createPrivateKey, createPublicKey, generateKeyPair, webcrypto } from 'node:crypto';
import { promisify } from 'node:util';
import { x509 } from '../crypto/x509.js';

const EC_P256: webcrypto.EcKeyImportParams = { name: 'ECDSA', namedCurve: 'P-256' };

/** A new P-256 private key as SEC1 PEM. */
export async function generateKeyPem(): Promise<string> {
  const { privateKey } = await promisify(generateKeyPair)('ec', { namedCurve: 'P-256' });
  return privateKey.export({ type: 'sec1', format: 'pem' }) as string;
}

/** A PEM certificate request for `commonName`, signed with the private key in `keyPem` (SEC1 or PKCS#8). */
export async function createCertificateRequestPem(keyPem: string, commonName: string): Promise<string> {
  const privateKey = createPrivateKey(keyPem);
  const keys = {
    privateKey: await webcrypto.subtle.importKey(
      'pkcs8',
      privateKey.export({ type: 'pkcs8', format: 'der' }),
      EC_P256,
      false,
      ['sign'],
    ),
    publicKey: await webcrypto.subtle.importKey(
      'spki',
      createPublicKey(privateKey).export({ type: 'spki', format: 'der' }),
      EC_P256,
      true,
      ['verify'],
    ),
  };
  const request = await x509.Pkcs10CertificateRequestGenerator.create({
    // The JSON form keeps any character of the name literal, where the string form would parse it.
    name: [{ CN: [commonName] }],
    keys,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
  });
  return request.toString('pem');
}

/** True when the certificate was issued for the private key in `keyPem`. */
export function certificateMatchesKey(certPem: string, keyPem: string): boolean {
  return new X509Certificate(certPem).checkPrivateKey(createPrivateKey(keyPem));
}
