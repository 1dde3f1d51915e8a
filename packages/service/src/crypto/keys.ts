/**
 * ECDSA P-256 keys, the only key type Flight Control issues (upstream uses P-256/SHA-256 throughout).
 * Keys live in WebCrypto form for @peculiar/x509 and are stored on disk as PKCS#8 PEM.
 */
import { KeyObject, createPrivateKey, webcrypto } from 'node:crypto';

const EC_P256: webcrypto.EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };

export function generateKeyPair(): Promise<webcrypto.CryptoKeyPair> {
  return webcrypto.subtle.generateKey(EC_P256, true, ['sign', 'verify']);
}

export function privateKeyToPem(key: webcrypto.CryptoKey): string {
  return KeyObject.from(key).export({ type: 'pkcs8', format: 'pem' }) as string;
}

/** Imports a PEM private key (PKCS#8, or SEC1 "EC PRIVATE KEY" as other tools write) for signing only. */
export function importSigningKey(pem: string): Promise<webcrypto.CryptoKey> {
  const pkcs8 = createPrivateKey(pem).export({ type: 'pkcs8', format: 'der' });
  return webcrypto.subtle.importKey('pkcs8', pkcs8, EC_P256, false, ['sign']);
}
