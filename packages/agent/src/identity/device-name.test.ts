import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { base32HexNoPad, deviceNameFromPublicKey } from './device-name.js';

// Vectors computed outside this code base: `openssl ec -text` for X and Y, then Python's
// hashlib.sha256 and base64.b32hexencode (padding stripped, lowercased).
const KEY = `-----BEGIN EC PRIVATE KEY-----
MHcCAQEEIIxHpBDKjctNY1g4y6JF4N/NU9jPh1GSgYivUaq0Q1vpoAoGCCqGSM49
AwEHoUQDQgAEKqWT1nMGlOCkGr1d6Vliu5cRie/Do6OZ2kw/8iXcqnanbUr75P92
6hHWQEsfytZJvM0aX9xKPU66yeacNegA6Q==
-----END EC PRIVATE KEY-----
`;
const KEY_NAME = '518ruud8u83e654eioqqoht5tsdbahfvti5sblgal6s27b044hbg';

/** X = 00b93a…: Go's big.Int.Bytes() hashes it as 31 bytes. */
const KEY_WITH_SHORT_X = `-----BEGIN EC PRIVATE KEY-----
MHcCAQEEINVHkj2zOk4vMOaNNwAlyMm6UuqlGS3ZoRF48tQHqiH/oAoGCCqGSM49
AwEHoUQDQgAEALk6/NadZzQy/UvgHFPyinh0YUsnMTIm0pY2rYVobtLtE/hmL52E
MpeVUvI4AXdH0c3KeU5W1SJ9jBq1ki1QBw==
-----END EC PRIVATE KEY-----
`;
const KEY_WITH_SHORT_X_NAME = '04nd1gcgtdf0sups2vg18mr4oeccihc5q4o33qjknohcrchntlgg';

const publicKeyOf = (pem: string) => createPublicKey(createPrivateKey(pem));

/**
 * The same derivation written differently: the coordinates from the SPKI's uncompressed point
 * (04 ‖ X ‖ Y, 32 bytes each), and base32hex through one big integer, 5 bits at a time from the top.
 */
function independentName(publicKey: KeyObject): string {
  const point = publicKey.export({ type: 'spki', format: 'der' }).subarray(-65);
  const strip = (b: Buffer) => b.subarray(b.findIndex((x) => x !== 0));
  const digest = createHash('sha256')
    .update(Buffer.concat([strip(point.subarray(1, 33)), strip(point.subarray(33, 65))]))
    .digest();
  const bits = 256n;
  const padded = 260n; // 52 symbols of 5 bits
  let n = BigInt(`0x${digest.toString('hex')}`) << (padded - bits);
  let out = '';
  for (let i = 0; i < 52; i++) {
    out = '0123456789abcdefghijklmnopqrstuv'[Number(n & 31n)] + out;
    n >>= 5n;
  }
  return out;
}

describe('device name', () => {
  it('matches names computed with openssl and Python', () => {
    expect(deviceNameFromPublicKey(publicKeyOf(KEY))).toBe(KEY_NAME);
    expect(deviceNameFromPublicKey(publicKeyOf(KEY_WITH_SHORT_X))).toBe(KEY_WITH_SHORT_X_NAME);
  });

  it('matches an independent derivation for fresh keys: 52 characters of [0-9a-v]', () => {
    for (let i = 0; i < 20; i++) {
      const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const name = deviceNameFromPublicKey(publicKey);
      expect(name).toMatch(/^[0-9a-v]{52}$/);
      expect(name).toBe(independentName(publicKey));
    }
  });

  it('encodes base32hex without padding as RFC 4648 §10 lists', () => {
    const vectors: [string, string][] = [
      ['', ''],
      ['f', 'co'],
      ['fo', 'cpng'],
      ['foo', 'cpnmu'],
      ['foob', 'cpnmuog'],
      ['fooba', 'cpnmuoj1'],
      ['foobar', 'cpnmuoj1e8'],
    ];
    for (const [input, expected] of vectors) expect(base32HexNoPad(Buffer.from(input))).toBe(expected);
  });
});
