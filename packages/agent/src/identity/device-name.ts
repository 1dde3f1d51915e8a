/**
 * The device name (ref/agent.md §9.1): lowercase, unpadded base32hex of SHA-256 over the public key's
 * integers, as upstream computes it. For an EC key the bytes are X ‖ Y, each as a minimal big-endian
 * integer (Go's big.Int.Bytes(): leading zero bytes dropped, so a coordinate may be shorter than 32
 * bytes); for RSA the modulus. The CSR's CN, the enrollment request and the device all carry this name.
 */
import { createHash, type KeyObject } from 'node:crypto';

const BASE32HEX = '0123456789abcdefghijklmnopqrstuv';

/** RFC 4648 §7 base32hex, lowercase, without `=` padding. */
export function base32HexNoPad(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32HEX[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32HEX[(buffer << (5 - bits)) & 31];
  return out;
}

function minimalBigEndian(base64url: string): Buffer {
  const bytes = Buffer.from(base64url, 'base64url');
  let start = 0;
  while (start < bytes.length && bytes[start] === 0) start++;
  return bytes.subarray(start);
}

export function deviceNameFromPublicKey(publicKey: KeyObject): string {
  const jwk = publicKey.export({ format: 'jwk' });
  let keyBytes: Buffer;
  if (jwk.kty === 'EC' && jwk.x && jwk.y) keyBytes = Buffer.concat([minimalBigEndian(jwk.x), minimalBigEndian(jwk.y)]);
  else if (jwk.kty === 'RSA' && jwk.n) keyBytes = minimalBigEndian(jwk.n);
  else throw new Error(`unsupported public key type ${jwk.kty ?? publicKey.asymmetricKeyType}`);
  return base32HexNoPad(createHash('sha256').update(keyBytes).digest());
}
