/**
 * Certificate requests as the CLI and agents make them, for tests: a fresh ECDSA P-256 key and a
 * PKCS#10 request signed with it, optionally asking for an organization and DNS names.
 */
import { createHash, webcrypto } from 'node:crypto';
import { OID_ORGANIZATION_ID, utf8StringExtension } from '../src/crypto/certificate-extensions.js';
import { generateKeyPair, privateKeyToPem } from '../src/crypto/keys.js';
import { x509 } from '../src/crypto/x509.js';

export interface TestCsr {
  pem: string;
  /** Base64 of the PEM, as CertificateSigningRequest `spec.request` carries it. */
  base64: string;
  keyPem: string;
  keys: webcrypto.CryptoKeyPair;
}

export interface TestCsrOptions {
  orgId?: string;
  dnsNames?: string[];
  /** Sign with another key than the one requested for (a forged request). */
  signWith?: webcrypto.CryptoKeyPair;
}

export async function testCsr(commonName: string, options: TestCsrOptions = {}): Promise<TestCsr> {
  const keys = await generateKeyPair();
  const extensions: x509.Extension[] = [];
  if (options.orgId) extensions.push(utf8StringExtension(OID_ORGANIZATION_ID, options.orgId));
  if (options.dnsNames)
    extensions.push(
      new x509.SubjectAlternativeNameExtension(options.dnsNames.map((value) => ({ type: x509.DNS, value }))),
    );
  const signer = options.signWith ?? keys;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: `CN=${commonName}`,
    keys: { publicKey: keys.publicKey, privateKey: signer.privateKey },
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    extensions,
  });
  const pem = csr.toString('pem');
  return { pem, base64: Buffer.from(pem).toString('base64'), keyPem: privateKeyToPem(keys.privateKey), keys };
}

const BASE32HEX = '0123456789abcdefghijklmnopqrstuv';

/** A device name as the agent derives it: unpadded lowercase base32hex of sha256(X‖Y) of its key. */
export async function deviceFingerprint(keys: webcrypto.CryptoKeyPair): Promise<string> {
  const jwk = await webcrypto.subtle.exportKey('jwk', keys.publicKey);
  const digest = createHash('sha256')
    .update(Buffer.concat([Buffer.from(jwk.x!, 'base64url'), Buffer.from(jwk.y!, 'base64url')]))
    .digest();
  let bits = '';
  for (const byte of digest) bits += byte.toString(2).padStart(8, '0');
  let out = '';
  for (let i = 0; i < bits.length; i += 5) out += BASE32HEX[parseInt(bits.slice(i, i + 5).padEnd(5, '0'), 2)];
  return out;
}

/** A device's key and its enrollment CSR (CN `device:<fingerprint>`). */
export async function deviceCsr(): Promise<TestCsr & { name: string }> {
  const keys = await generateKeyPair();
  const name = await deviceFingerprint(keys);
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: `CN=device:${name}`,
    keys,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
  });
  const pem = csr.toString('pem');
  return { name, pem, base64: Buffer.from(pem).toString('base64'), keyPem: privateKeyToPem(keys.privateKey), keys };
}
